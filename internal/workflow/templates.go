package workflow

// Template is a built-in workflow a project can start from.
type Template struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Graph       Graph  `json:"graph"`
}

// Layout of the templates in the builder: stages left to right, a second row for detours.
const (
	column   = 200
	left     = 40
	row      = 120
	lowerRow = 300
)

func at(col int) Position { return Position{X: float64(left + col*column), Y: row} }

// Templates returns the built-in templates, freshly built so that callers may change them.
func Templates() []Template {
	start := Stage{ID: "start", Kind: Start, Name: "Start", Position: at(0)}
	return []Template{
		{
			ID:          "annotate",
			Name:        "Annotate",
			Description: "Each task is annotated once and is then complete.",
			Graph: Graph{
				Stages: []Stage{
					start,
					{ID: "annotate", Kind: Annotate, Name: "Annotate", Position: at(1)},
					{ID: "complete", Kind: Complete, Name: "Complete", Position: at(2)},
				},
				Edges: []Edge{
					{From: "start", Outcome: Next, To: "annotate"},
					{From: "annotate", Outcome: Submitted, To: "complete"},
				},
			},
		},
		{
			ID:          "annotate-review",
			Name:        "Annotate and review",
			Description: "A reviewer approves each annotation or rejects it back to the annotation queue.",
			Graph: Graph{
				Stages: []Stage{
					start,
					{ID: "annotate", Kind: Annotate, Name: "Annotate", Position: at(1)},
					{ID: "review", Kind: Review, Name: "Review", Position: at(2)},
					{ID: "complete", Kind: Complete, Name: "Complete", Position: at(3)},
				},
				Edges: []Edge{
					{From: "start", Outcome: Next, To: "annotate"},
					{From: "annotate", Outcome: Submitted, To: "review"},
					{From: "review", Outcome: Approved, To: "complete"},
					{From: "review", Outcome: Rejected, To: "annotate"},
				},
			},
		},
		{
			ID:          "annotate-review-rework",
			Name:        "Annotate, review and rework",
			Description: "A reviewer approves each annotation or rejects it to a rework stage of its own, from which it returns to review.",
			Graph: Graph{
				Stages: []Stage{
					start,
					{ID: "annotate", Kind: Annotate, Name: "Annotate", Position: at(1)},
					{ID: "review", Kind: Review, Name: "Review", Position: at(2)},
					{ID: "complete", Kind: Complete, Name: "Complete", Position: at(3)},
					{ID: "rework", Kind: Annotate, Name: "Rework", Position: Position{X: at(2).X, Y: lowerRow}},
				},
				Edges: []Edge{
					{From: "start", Outcome: Next, To: "annotate"},
					{From: "annotate", Outcome: Submitted, To: "review"},
					{From: "review", Outcome: Approved, To: "complete"},
					{From: "review", Outcome: Rejected, To: "rework"},
					{From: "rework", Outcome: Submitted, To: "review"},
				},
			},
		},
		{
			ID:          "consensus-review",
			Name:        "Consensus and review",
			Description: "Three annotators label each task independently; a reviewer, who sees any disagreement, approves the result or sends the task back to consensus.",
			Graph: Graph{
				Stages: []Stage{
					start,
					{ID: "consensus", Kind: KindConsensus, Name: "Consensus", Position: at(1),
						Consensus: &Consensus{Annotators: 3, Threshold: 0.8, Resolvers: []Assignee{}}},
					{ID: "review", Kind: Review, Name: "Review", Position: at(2)},
					{ID: "complete", Kind: Complete, Name: "Complete", Position: at(3)},
				},
				Edges: []Edge{
					{From: "start", Outcome: Next, To: "consensus"},
					{From: "consensus", Outcome: Agreed, To: "review"},
					{From: "consensus", Outcome: Disagreed, To: "review"},
					{From: "review", Outcome: Approved, To: "complete"},
					{From: "review", Outcome: Rejected, To: "consensus"},
				},
			},
		},
	}
}

// TemplateByID returns the built-in template with id.
func TemplateByID(id string) (Template, bool) {
	for _, t := range Templates() {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}
