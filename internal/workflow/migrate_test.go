package workflow

import (
	"reflect"
	"slices"
	"testing"
)

// live is the workflow of a project in progress: reviewed() with a QA stage after expert review.
func live() Graph {
	g := reviewed()
	g.Stages = append(g.Stages, Stage{ID: "qa", Kind: Review, Name: "QA"})
	g.Edges[6].To = "qa"
	g.Edges = append(g.Edges, Edge{"qa", Approved, "complete"}, Edge{"qa", Rejected, "annotate"})
	return g
}

func TestPlanMigration(t *testing.T) {
	t.Parallel()
	simple, _ := TemplateByID("annotate-review")
	broken := simple.Graph
	broken.Edges = broken.Edges[:3]

	tests := []struct {
		name    string
		next    Graph
		counts  map[string]int
		mapping map[string]string
		want    []Move
		errs    []string // field: message
	}{
		{
			name:    "SameIDsStayMappedMove",
			next:    simple.Graph,
			counts:  map[string]int{"annotate": 5, "review": 3, "expert": 12, "qa": 1, "sample": 0, "complete": 7},
			mapping: map[string]string{"expert": "review", "qa": "annotate"},
			want: []Move{
				{From: "annotate", To: "annotate", Tasks: 5},
				{From: "complete", To: "complete", Tasks: 7},
				{From: "expert", To: "review", Tasks: 12},
				{From: "qa", To: "annotate", Tasks: 1},
				{From: "review", To: "review", Tasks: 3},
			},
		},
		{
			name:    "MappingOverridesSameID",
			next:    simple.Graph,
			counts:  map[string]int{"review": 3},
			mapping: map[string]string{"review": "annotate"},
			want:    []Move{{From: "review", To: "annotate", Tasks: 3}},
		},
		{
			name:   "NothingWaiting",
			next:   simple.Graph,
			counts: map[string]int{"expert": 0},
			want:   []Move{},
		},
		{
			name:   "UnmappedStageWithTasks",
			next:   simple.Graph,
			counts: map[string]int{"qa": 12, "expert": 1},
			errs: []string{
				"mapping.expert: 'Expert review' holds 1 task; choose the stage they move to",
				"mapping.qa: 'QA' holds 12 tasks; choose the stage they move to",
			},
		},
		{
			name:    "TargetHoldsNoTasks",
			next:    reviewed(),
			counts:  map[string]int{"review": 4},
			mapping: map[string]string{"review": "start", "qa": "sample"},
			errs: []string{
				"mapping.qa: 'Sample' cannot hold tasks",
				"mapping.review: 'Start' cannot hold tasks",
			},
		},
		{
			name:    "SameIDHoldsNoTasks",
			next:    reviewed(),
			counts:  map[string]int{"sample": 2},
			mapping: map[string]string{},
			errs:    []string{"mapping.sample: 'Sample' holds 2 tasks; choose the stage they move to"},
		},
		{
			name:    "UnknownStages",
			next:    simple.Graph,
			counts:  map[string]int{"ghost": 1, "annotate": -1},
			mapping: map[string]string{"expert": "exprt", "qa2": "review", "qa": ""},
			errs: []string{
				"mapping.expert: no stage 'exprt' in the new workflow",
				"mapping.qa: required",
				"mapping.qa2: no stage 'qa2' in the current workflow",
				"counts.annotate: cannot be negative",
				"counts.ghost: no stage 'ghost' in the current workflow",
			},
		},
		{
			name:   "NewWorkflowInvalid",
			next:   broken,
			counts: map[string]int{"annotate": 1},
			errs:   []string{"stages[2]: the outcome 'rejected' of 'Review' has no edge"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan, err := PlanMigration(live(), tt.next, tt.counts, tt.mapping)
			var got []string
			for _, f := range fieldErrors(t, err) {
				got = append(got, f.Field+": "+f.Message)
			}
			if !slices.Equal(got, tt.errs) {
				t.Fatalf("errors:\n%q\nwant\n%q", got, tt.errs)
			}
			if err == nil && !reflect.DeepEqual(plan.Moves, tt.want) {
				t.Errorf("moves = %+v, want %+v", plan.Moves, tt.want)
			}
		})
	}
}
