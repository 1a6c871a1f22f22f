package workflow

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
)

// reviewed is the workflow most tests start from:
//
//	start → annotate → review ─approved→ sample ─expert (10)→ expert ─approved→ complete
//	                     ↑  └─rejected─┘    └─done (90)→ complete        │
//	                     └────────────────────── rejected ───────────────┘
func reviewed() Graph {
	return Graph{
		Stages: []Stage{
			{ID: "start", Kind: Start, Name: "Start", Position: Position{40, 120}},
			{ID: "annotate", Kind: Annotate, Name: "Annotate", Position: Position{240, 120},
				Assignees: []Assignee{{Type: AssigneeGroup, ID: loupe.ID{1}}}},
			{ID: "review", Kind: Review, Name: "Review", Position: Position{440, 120}},
			{ID: "sample", Kind: KindRouter, Name: "Sample", Position: Position{640, 120},
				Router: &Router{By: BySample, Routes: []Route{{Name: "expert", Rate: 10}, {Name: "done", Rate: 90}}}},
			{ID: "expert", Kind: Review, Name: "Expert review", Position: Position{640, 300},
				Assignees: []Assignee{{Type: AssigneeUser, ID: loupe.ID{2}}}},
			{ID: "complete", Kind: Complete, Name: "Complete", Position: Position{840, 120}},
		},
		Edges: []Edge{
			{From: "start", Outcome: Next, To: "annotate"},
			{From: "annotate", Outcome: Submitted, To: "review"},
			{From: "review", Outcome: Approved, To: "sample"},
			{From: "review", Outcome: Rejected, To: "annotate"},
			{From: "sample", Outcome: "expert", To: "expert"},
			{From: "sample", Outcome: "done", To: "complete"},
			{From: "expert", Outcome: Approved, To: "complete"},
			{From: "expert", Outcome: Rejected, To: "annotate"},
		},
	}
}

// fieldErrors returns the field errors of a Validate error, failing unless it is Invalid.
func fieldErrors(t *testing.T, err error) []loupe.FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var le *loupe.Error
	if !errors.As(err, &le) || le.Code != loupe.Invalid {
		t.Fatalf("error %v is not an invalid *loupe.Error", err)
	}
	return le.Fields
}

func fe(field, message string) loupe.FieldError {
	return loupe.FieldError{Field: field, Message: message}
}

func router(id, name string, by RouteBy, routes ...Route) Stage {
	return Stage{ID: id, Kind: KindRouter, Name: name, Router: &Router{By: by, Routes: routes}}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(g *Graph)
		want []loupe.FieldError
	}{
		{"Valid", func(g *Graph) {}, nil},

		// Stages.
		{"IDRequired", func(g *Graph) { g.Stages[2].ID = ""; g.Edges[1].To = "" }, []loupe.FieldError{
			fe("stages[2].id", "required"),
			fe("edges[1].to", "required"),
			fe("edges[2].from", "no stage 'review'"),
			fe("edges[3].from", "no stage 'review'"),
			fe("stages[2]", "the outcome 'approved' of 'Review' has no edge"),
			fe("stages[2]", "the outcome 'rejected' of 'Review' has no edge"),
		}},
		{"IDInvalid", func(g *Graph) {
			g.Stages[2].ID = "Review"
			for i := range g.Edges {
				g.Edges[i].From = strings.ReplaceAll(g.Edges[i].From, "review", "Review")
				g.Edges[i].To = strings.ReplaceAll(g.Edges[i].To, "review", "Review")
			}
		}, []loupe.FieldError{
			fe("stages[2].id", "'Review' is not a valid id: lower-case letters, digits, '_' and '-', at most 64"),
		}},
		{"IDTaken", func(g *Graph) {
			g.Stages = append(g.Stages, Stage{ID: "review", Kind: Review, Name: "Second review"})
		}, []loupe.FieldError{
			fe("stages[6].id", "'review' is already the id of 'Review'"),
		}},
		{"NameRequired", func(g *Graph) { g.Stages[2].Name = "  " }, []loupe.FieldError{
			fe("stages[2].name", "required"),
		}},
		{"NameTooLong", func(g *Graph) { g.Stages[2].Name = strings.Repeat("é", 101) }, []loupe.FieldError{
			fe("stages[2].name", "at most 100 characters"),
		}},
		{"NameTaken", func(g *Graph) { g.Stages[4].Name = "REVIEW" }, []loupe.FieldError{
			fe("stages[4].name", "'REVIEW' is already the name of another stage"),
		}},
		{"KindRequired", func(g *Graph) { g.Stages[2].Kind = "" }, []loupe.FieldError{
			fe("stages[2].kind", "required"),
		}},
		{"KindUnknown", func(g *Graph) { g.Stages[4].Kind = "qa" }, []loupe.FieldError{
			fe("stages[4].kind", "unknown kind 'qa'"),
		}},
		{"AssigneesOnRouter", func(g *Graph) {
			g.Stages[3].Assignees = []Assignee{{Type: AssigneeUser, ID: loupe.ID{3}}}
		}, []loupe.FieldError{
			fe("stages[3].assignees", "only annotate, review and consensus stages have assignees"),
		}},
		{"AssigneeInvalid", func(g *Graph) {
			g.Stages[2].Assignees = []Assignee{{Type: "team", ID: loupe.ID{3}}, {Type: AssigneeUser}, {Type: AssigneeUser, ID: loupe.ID{4}}, {Type: AssigneeUser, ID: loupe.ID{4}}}
		}, []loupe.FieldError{
			fe("stages[2].assignees[0].type", "'team' is not user or group"),
			fe("stages[2].assignees[1].id", "required"),
			fe("stages[2].assignees[3]", "listed twice"),
		}},
		{"ConsensusRequired", func(g *Graph) { g.Stages[4].Kind = KindConsensus }, []loupe.FieldError{
			fe("stages[4].consensus", "required"),
			fe("edges[6].outcome", "'Expert review' has no outcome 'approved'"),
			fe("edges[7].outcome", "'Expert review' has no outcome 'rejected'"),
			fe("stages[4]", "the outcome 'agreed' of 'Expert review' has no edge"),
			fe("stages[4]", "the outcome 'disagreed' of 'Expert review' has no edge"),
		}},
		{"ConsensusOutOfRange", func(g *Graph) {
			g.Stages[4].Kind = KindConsensus
			g.Stages[4].Consensus = &Consensus{Annotators: 11, Threshold: 0, Resolvers: []Assignee{{Type: AssigneeGroup}}}
			g.Edges[6].Outcome, g.Edges[7].Outcome = Agreed, Disagreed
		}, []loupe.FieldError{
			fe("stages[4].consensus.annotators", "must be between 2 and 10"),
			fe("stages[4].consensus.threshold", "must be greater than 0 and at most 1"),
			fe("stages[4].consensus.resolvers[0].id", "required"),
		}},
		{"ConsensusOnReview", func(g *Graph) { g.Stages[2].Consensus = &Consensus{Annotators: 3, Threshold: 0.5} }, []loupe.FieldError{
			fe("stages[2].consensus", "only consensus stages have consensus settings"),
		}},
		{"RouterOnAnnotate", func(g *Graph) { g.Stages[1].Router = &Router{By: BySample} }, []loupe.FieldError{
			fe("stages[1].router", "only router stages route"),
		}},
		{"RouterRequired", func(g *Graph) { g.Stages[3].Router = nil }, []loupe.FieldError{
			fe("stages[3].router", "required"),
		}},

		// Graph.
		{"NoStart", func(g *Graph) { g.Stages[0].Kind = Annotate; g.Edges[0].Outcome = Submitted }, []loupe.FieldError{
			fe("stages", "no start stage"),
		}},
		{"TwoStarts", func(g *Graph) {
			g.Stages = append(g.Stages, Stage{ID: "begin", Kind: Start, Name: "Begin"})
			g.Edges = append(g.Edges, Edge{From: "begin", Outcome: Next, To: "review"})
		}, []loupe.FieldError{
			fe("stages", "2 start stages ('Start', 'Begin'); a workflow has exactly one"),
		}},
		{"NoComplete", func(g *Graph) {
			g.Stages[5].Kind = Annotate
			g.Edges = append(g.Edges, Edge{From: "complete", Outcome: Submitted, To: "annotate"})
		}, []loupe.FieldError{
			fe("stages", "no complete stage"),
		}},
		{"TooManyStages", func(g *Graph) {
			for i := range MaxStages {
				g.Stages = append(g.Stages, Stage{ID: fmt.Sprintf("s%d", i)})
			}
		}, []loupe.FieldError{
			fe("stages", "at most 200 stages"),
		}},
		{"TooManyEdges", func(g *Graph) { g.Edges = make([]Edge, MaxEdges+1) }, []loupe.FieldError{
			fe("edges", "at most 1000 edges"),
		}},

		// Edges.
		{"EdgeFromUnknown", func(g *Graph) { g.Edges[3].From = "reveiw" }, []loupe.FieldError{
			fe("edges[3].from", "no stage 'reveiw'"),
			fe("stages[2]", "the outcome 'rejected' of 'Review' has no edge"),
		}},
		{"EdgeToUnknown", func(g *Graph) { g.Edges[7].To = "anotate" }, []loupe.FieldError{
			fe("edges[7].to", "no stage 'anotate'"),
		}},
		{"EdgeFieldsRequired", func(g *Graph) { g.Edges = append(g.Edges, Edge{}) }, []loupe.FieldError{
			fe("edges[8].from", "required"),
			fe("edges[8].to", "required"),
		}},
		{"EdgeIntoStart", func(g *Graph) { g.Edges[3].To = "start" }, []loupe.FieldError{
			fe("edges[3].to", "no edge may lead into 'Start'"),
		}},
		{"EdgeFromComplete", func(g *Graph) {
			g.Edges = append(g.Edges, Edge{From: "complete", Outcome: Next, To: "annotate"})
		}, []loupe.FieldError{
			fe("edges[8].from", "'Complete' ends the workflow; no edge leaves it"),
		}},
		{"OutcomeRequired", func(g *Graph) { g.Edges = append(g.Edges, Edge{From: "review", To: "complete"}) }, []loupe.FieldError{
			fe("edges[8].outcome", "required"),
		}},
		{"OutcomeNotProduced", func(g *Graph) {
			g.Edges = append(g.Edges, Edge{From: "review", Outcome: Submitted, To: "complete"})
		}, []loupe.FieldError{
			fe("edges[8].outcome", "'Review' has no outcome 'submitted'"),
		}},
		{"OutcomeTwice", func(g *Graph) {
			g.Edges = append(g.Edges, Edge{From: "review", Outcome: Approved, To: "complete"})
		}, []loupe.FieldError{
			fe("edges[8].outcome", "'Review' already has an edge for 'approved'"),
		}},
		{"OutcomeWithoutEdge", func(g *Graph) { g.Edges = slices.Delete(g.Edges, 3, 4) }, []loupe.FieldError{
			fe("stages[2]", "the outcome 'rejected' of 'Review' has no edge"),
		}},

		// Paths.
		{"Unreachable", func(g *Graph) {
			g.Stages = append(g.Stages, Stage{ID: "qa", Kind: Review, Name: "QA"})
			g.Edges = append(g.Edges, Edge{"qa", Approved, "complete"}, Edge{"qa", Rejected, "annotate"})
		}, []loupe.FieldError{
			fe("stages[6]", "'QA' cannot be reached from Start"),
		}},
		{"NoPathToComplete", func(g *Graph) {
			g.Stages = append(g.Stages, Stage{ID: "loop", Kind: Annotate, Name: "Loop"})
			g.Edges[3].To = "loop"
			g.Edges = append(g.Edges, Edge{"loop", Submitted, "loop"})
		}, []loupe.FieldError{
			fe("stages[6]", "no path from 'Loop' reaches a Complete stage"),
		}},
		{"RouterOnlyLoop", func(g *Graph) {
			g.Stages = append(g.Stages,
				router("route-a", "Route A", BySample, Route{Name: "again", Rate: 50}, Route{Name: "out", Rate: 50}),
				router("route-b", "Route B", BySample, Route{Name: "again", Rate: 50}, Route{Name: "out", Rate: 50}))
			g.Edges[6].To = "route-a"
			g.Edges = append(g.Edges,
				Edge{"route-a", "again", "route-b"}, Edge{"route-a", "out", "complete"},
				Edge{"route-b", "again", "route-a"}, Edge{"route-b", "out", "complete"})
		}, []loupe.FieldError{
			fe("stages[6]", "'Route A' and 'Route B' form a loop without a human stage"),
		}},
		{"RouterSelfLoop", func(g *Graph) {
			g.Stages[3].Router.Routes[0].Name = "again"
			g.Edges[4] = Edge{"sample", "again", "sample"}
		}, []loupe.FieldError{
			fe("stages[3]", "'Sample' routes back to itself without a human stage"),
			fe("stages[4]", "'Expert review' cannot be reached from Start"),
		}},
		{"RouterTrapsTasks", func(g *Graph) {
			// Tasks whose item is not from the front camera go back to Annotate after every
			// submission, forever: the router decides the same way each time.
			g.Stages = append(g.Stages, router("camera", "By camera", ByMetadata,
				Route{Name: "front", Key: "camera", Values: []string{"front"}}, Route{Name: "otherwise"}))
			g.Edges[1].To = "camera"
			g.Edges[3].To = "camera"
			g.Edges = append(g.Edges, Edge{"camera", "front", "review"}, Edge{"camera", Otherwise, "annotate"})
		}, []loupe.FieldError{
			fe("stages[6]", "tasks that 'By camera' sends along 'otherwise' may never reach a Complete stage"),
		}},
		{"SampledTaskReturnsToSameReview", func(g *Graph) { g.Edges[4].To = "review" }, []loupe.FieldError{
			fe("stages[4]", "'Expert review' cannot be reached from Start"),
			fe("stages[3]", "tasks that 'Sample' sends along 'expert' may never reach a Complete stage"),
		}},
		{"RouterExitNeverTaken", func(g *Graph) {
			// The only way out of the loop is a route with rate 0.
			g.Stages = append(g.Stages, router("sample-2", "Second sample", BySample,
				Route{Name: "again", Rate: 100}, Route{Name: "out", Rate: 0}))
			g.Edges[1].To = "sample-2"
			g.Edges = append(g.Edges, Edge{"sample-2", "again", "annotate"}, Edge{"sample-2", "out", "review"})
		}, []loupe.FieldError{
			fe("stages[6]", "tasks that 'Second sample' sends along 'again' may never reach a Complete stage"),
		}},

		// Routers.
		{"RatesSumWrong", func(g *Graph) { g.Stages[3].Router.Routes[1].Rate = 80 }, []loupe.FieldError{
			fe("stages[3].router.routes", "rates sum to 90, not 100"),
		}},
		{"RateOutOfRange", func(g *Graph) {
			g.Stages[3].Router.Routes[0].Rate = -10
			g.Stages[3].Router.Routes[1].Rate = 110
		}, []loupe.FieldError{
			fe("stages[3].router.routes[0].rate", "must be between 0 and 100"),
			fe("stages[3].router.routes[1].rate", "must be between 0 and 100"),
		}},
		{"RouterByUnknown", func(g *Graph) { g.Stages[3].Router.By = "random" }, []loupe.FieldError{
			fe("stages[3].router.by", "unknown router 'random'; use sample, annotator or metadata"),
			fe("stages[3].router.routes[0].rate", "only sample routes carry a rate"),
			fe("stages[3].router.routes[1].rate", "only sample routes carry a rate"),
		}},
		{"RouterByRequired", func(g *Graph) {
			g.Stages[3].Router.By = ""
			g.Stages[3].Router.Routes[0].Rate = 0
			g.Stages[3].Router.Routes[1].Rate = 0
		}, []loupe.FieldError{
			fe("stages[3].router.by", "required"),
		}},
		{"RouteNames", func(g *Graph) {
			g.Stages[3].Router.Routes = []Route{{Name: "", Rate: 10}, {Name: "Expert", Rate: 10}, {Name: "approved", Rate: 10}, {Name: "done", Rate: 35}, {Name: "done", Rate: 35}}
		}, []loupe.FieldError{
			fe("stages[3].router.routes[0].name", "required"),
			fe("stages[3].router.routes[1].name", "'Expert' is not a valid name: lower-case letters, digits, '_' and '-', at most 64"),
			fe("stages[3].router.routes[2].name", "'approved' is an outcome of other stages; choose another name"),
			fe("stages[3].router.routes[4].name", "'done' is already a route of 'Sample'"),
			fe("edges[4].outcome", "'Sample' has no outcome 'expert'"),
			fe("stages[3]", "the outcome 'Expert' of 'Sample' has no edge"),
			fe("stages[3]", "the outcome 'approved' of 'Sample' has no edge"),
			fe("stages[4]", "'Expert review' cannot be reached from Start"),
		}},
		{"AnnotatorRouter", func(g *Graph) {
			g.Stages[3].Router = &Router{By: ByAnnotator, Routes: []Route{
				{Name: "expert", Groups: []loupe.ID{{5}}},
				{Name: "done", Users: []loupe.ID{{}}, Key: "camera", Values: []string{"front"}, Rate: 5},
			}}
		}, []loupe.FieldError{
			fe("stages[3].router.routes[1].rate", "only sample routes carry a rate"),
			fe("stages[3].router.routes[1].users[0]", "required"),
			fe("stages[3].router.routes[1].key", "only metadata routes carry a key"),
			fe("stages[3].router.routes[1].values", "only metadata routes carry values"),
			fe("stages[3].router.routes", "an annotator router needs a route named 'otherwise'"),
		}},
		{"AnnotatorRouteNamesNobody", func(g *Graph) {
			g.Stages[3].Router = &Router{By: ByAnnotator, Routes: []Route{{Name: "expert"}, {Name: "otherwise", Users: []loupe.ID{{6}}}}}
			g.Edges[5].Outcome = Otherwise
		}, []loupe.FieldError{
			fe("stages[3].router.routes[0]", "route 'expert' names no users or groups"),
			fe("stages[3].router.routes[1]", "the route 'otherwise' takes every task no other route takes; it names no users or groups"),
		}},
		{"MetadataRouter", func(g *Graph) {
			g.Stages[3].Router = &Router{By: ByMetadata, Routes: []Route{{Name: "expert", Users: []loupe.ID{{7}}}, {Name: "done", Key: "camera", Values: []string{"front"}}}}
		}, []loupe.FieldError{
			fe("stages[3].router.routes[0].users", "only annotator routes name users"),
			fe("stages[3].router.routes[0].key", "required"),
			fe("stages[3].router.routes[0].values", "required"),
			fe("stages[3].router.routes", "a metadata router needs a route named 'otherwise'"),
		}},
		{"MetadataOtherwiseMatches", func(g *Graph) {
			g.Stages[3].Router = &Router{By: ByMetadata, Routes: []Route{{Name: "expert", Key: "camera", Values: []string{"rear"}}, {Name: "otherwise", Key: "camera", Groups: []loupe.ID{{8}}}}}
			g.Edges[5].Outcome = Otherwise
		}, []loupe.FieldError{
			fe("stages[3].router.routes[1].groups", "only annotator routes name groups"),
			fe("stages[3].router.routes[1]", "the route 'otherwise' takes every task no other route takes; it has no key or values"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := reviewed()
			tt.edit(&g)
			got := fieldErrors(t, Validate(g))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate:\n%s\nwant:\n%s", listFields(got), listFields(tt.want))
			}
		})
	}
}

func listFields(fs []loupe.FieldError) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\t%s: %s\n", f.Field, f.Message)
	}
	return b.String()
}

func TestValidate_MessageNamesFirstProblem(t *testing.T) {
	t.Parallel()
	g := reviewed()
	g.Edges[3].From = "reveiw"
	err := Validate(g)
	want := "invalid: edges[3].from: no stage 'reveiw' (and 1 more)"
	if err == nil || err.Error() != want {
		t.Fatalf("Validate = %v, want %s", err, want)
	}
}

func TestStage_Outcomes(t *testing.T) {
	t.Parallel()
	g := reviewed()
	for _, tt := range []struct {
		stage string
		want  []Outcome
	}{
		{"start", []Outcome{Next}},
		{"annotate", []Outcome{Submitted}},
		{"review", []Outcome{Approved, Rejected}},
		{"sample", []Outcome{"expert", "done"}},
		{"complete", nil},
	} {
		s, ok := g.Stage(tt.stage)
		if !ok {
			t.Fatalf("no stage %q", tt.stage)
		}
		if got := s.Outcomes(); !slices.Equal(got, tt.want) {
			t.Errorf("%s.Outcomes() = %v, want %v", tt.stage, got, tt.want)
		}
	}
	if got := (Stage{Kind: KindConsensus}).Outcomes(); !slices.Equal(got, []Outcome{Agreed, Disagreed}) {
		t.Errorf("consensus outcomes = %v", got)
	}
	if got := (Stage{Kind: KindRouter}).Outcomes(); got != nil {
		t.Errorf("router without routes has outcomes %v", got)
	}
	if s := g.StartStage(); s.ID != "start" {
		t.Errorf("StartStage = %q", s.ID)
	}
	if _, ok := g.Stage("nope"); ok {
		t.Error("Stage found an unknown id")
	}
}

func TestKind(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		k            Kind
		human, holds bool
	}{
		{Start, false, false},
		{Annotate, true, true},
		{Review, true, true},
		{KindConsensus, true, true},
		{KindRouter, false, false},
		{Complete, false, true},
		{"qa", false, false},
	} {
		if tt.k.Human() != tt.human || tt.k.Holds() != tt.holds {
			t.Errorf("%s: Human %v Holds %v, want %v %v", tt.k, tt.k.Human(), tt.k.Holds(), tt.human, tt.holds)
		}
	}
}
