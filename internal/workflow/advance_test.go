package workflow

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
)

// randomID returns a version 4 id drawn from r.
func randomID(r *rand.Rand) loupe.ID {
	var id loupe.ID
	binary.BigEndian.PutUint64(id[:8], r.Uint64())
	binary.BigEndian.PutUint64(id[8:], r.Uint64())
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id
}

// sequentialID returns a version 7 id for millisecond ms, as loupe.NewID makes them: task ids
// created together share most of their bits.
func sequentialID(r *rand.Rand, ms uint64) loupe.ID {
	id := randomID(r)
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], ms)
	copy(id[:6], ts[2:])
	id[6] = id[6]&0x0f | 0x70
	return id
}

// taskRoutedTo returns a task id that the router sample of reviewed() sends along route.
func taskRoutedTo(t *testing.T, route Outcome) loupe.ID {
	t.Helper()
	g := reviewed()
	s, _ := g.Stage("sample")
	r := rand.New(rand.NewPCG(7, 7))
	for range 1000 {
		id := randomID(r)
		if o, err := decide(s, Facts{TaskID: id}); err == nil && o == route {
			return id
		}
	}
	t.Fatalf("no task found for route %s", route)
	return loupe.ID{}
}

func TestAdvance(t *testing.T) {
	t.Parallel()
	toExpert, toDone := taskRoutedTo(t, "expert"), taskRoutedTo(t, "done")
	tests := []struct {
		name    string
		from    string
		outcome Outcome
		task    loupe.ID
		want    string // stage id, or the error message
		wantErr bool
	}{
		{"Submitted", "annotate", Submitted, toDone, "review", false},
		{"Rejected", "review", Rejected, toDone, "annotate", false},
		{"ApprovedSampledForExpert", "review", Approved, toExpert, "expert", false},
		{"ApprovedNotSampled", "review", Approved, toDone, "complete", false},
		{"ExpertApproved", "expert", Approved, toExpert, "complete", false},
		{"UnknownStage", "reveiw", Approved, toDone, "no stage 'reveiw' in the workflow", true},
		{"FromStart", "start", Next, toDone, "'Start' holds no tasks to advance", true},
		{"FromRouter", "sample", "expert", toDone, "'Sample' holds no tasks to advance", true},
		{"OutcomeNotProduced", "annotate", Approved, toDone, "'Annotate' has no outcome 'approved'", true},
		{"FromComplete", "complete", Next, toDone, "'Complete' has no outcome 'next'", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Advance(reviewed(), tt.from, tt.outcome, Facts{TaskID: tt.task})
			if tt.wantErr {
				var le *loupe.Error
				if !errors.As(err, &le) || le.Code != loupe.Invalid || le.Message != tt.want {
					t.Fatalf("Advance = %v, %v; want error %q", got.ID, err, tt.want)
				}
				return
			}
			if err != nil || got.ID != tt.want {
				t.Fatalf("Advance = %q, %v; want %q", got.ID, err, tt.want)
			}
		})
	}
}

func TestEnter(t *testing.T) {
	t.Parallel()
	for _, tmpl := range Templates() {
		got, err := Enter(tmpl.Graph, Facts{TaskID: loupe.ID{9}})
		want := tmpl.Graph.Edges[0].To
		if err != nil || got.ID != want {
			t.Errorf("%s: Enter = %q, %v; want %q", tmpl.ID, got.ID, err, want)
		}
	}

	// A router right after start decides where a task waits first.
	g := reviewed()
	g.Stages = append(g.Stages, router("intake", "Intake", ByMetadata,
		Route{Name: "hard", Key: "difficulty", Values: []string{"hard", "extreme"}}, Route{Name: "otherwise"}))
	g.Edges[0].To = "intake"
	g.Edges = append(g.Edges, Edge{"intake", "hard", "expert"}, Edge{"intake", Otherwise, "annotate"})
	if err := Validate(g); err != nil {
		t.Fatal(err)
	}
	if got, err := Enter(g, Facts{Metadata: map[string]string{"difficulty": "extreme"}}); err != nil || got.ID != "expert" {
		t.Errorf("Enter hard = %q, %v", got.ID, err)
	}
	if got, err := Enter(g, Facts{}); err != nil || got.ID != "annotate" {
		t.Errorf("Enter = %q, %v", got.ID, err)
	}

	if _, err := Enter(Graph{}, Facts{}); !loupe.IsCode(err, loupe.Invalid) {
		t.Errorf("Enter without start = %v", err)
	}
}

// annotatorRouted is start → annotate → by-annotator → (trainees → review | otherwise → complete).
func annotatorRouted(routes ...Route) Graph {
	g := Graph{
		Stages: []Stage{
			{ID: "start", Kind: Start, Name: "Start"},
			{ID: "annotate", Kind: Annotate, Name: "Annotate"},
			router("who", "Who annotated", ByAnnotator, routes...),
			{ID: "review", Kind: Review, Name: "Review"},
			{ID: "complete", Kind: Complete, Name: "Complete"},
		},
		Edges: []Edge{
			{"start", Next, "annotate"},
			{"annotate", Submitted, "who"},
			{"review", Approved, "complete"},
			{"review", Rejected, "annotate"},
		},
	}
	for _, r := range routes {
		to := "review"
		if Outcome(r.Name) == Otherwise {
			to = "complete"
		}
		g.Edges = append(g.Edges, Edge{"who", Outcome(r.Name), to})
	}
	return g
}

func TestAdvance_AnnotatorRouter(t *testing.T) {
	t.Parallel()
	alice, bob, carol := loupe.ID{0xa}, loupe.ID{0xb}, loupe.ID{0xc}
	trainees, seniors := loupe.ID{0x71}, loupe.ID{0x72}
	g := annotatorRouted(
		Route{Name: "trainees", Users: []loupe.ID{alice}, Groups: []loupe.ID{trainees}},
		Route{Name: "seniors", Groups: []loupe.ID{seniors}},
		Route{Name: "otherwise"},
	)
	g.Edges[len(g.Edges)-2].To = "complete" // seniors skip review
	if err := Validate(g); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		f    Facts
		want string
	}{
		{"ListedUser", Facts{Annotators: []loupe.ID{bob, alice}}, "review"},
		{"ListedGroup", Facts{Annotators: []loupe.ID{bob}, AnnotatorGroups: []loupe.ID{trainees}}, "review"},
		{"FirstRouteWins", Facts{Annotators: []loupe.ID{alice}, AnnotatorGroups: []loupe.ID{seniors}}, "review"},
		{"SecondRoute", Facts{Annotators: []loupe.ID{carol}, AnnotatorGroups: []loupe.ID{seniors}}, "complete"},
		{"Otherwise", Facts{Annotators: []loupe.ID{bob}}, "complete"},
		{"NoAnnotators", Facts{}, "complete"},
	} {
		got, err := Advance(g, "annotate", Submitted, tt.f)
		if err != nil || got.ID != tt.want {
			t.Errorf("%s: Advance = %q, %v; want %q", tt.name, got.ID, err, tt.want)
		}
	}
}

func TestAdvance_MetadataRouter(t *testing.T) {
	t.Parallel()
	g := reviewed()
	g.Stages[3] = router("sample", "By camera", ByMetadata,
		Route{Name: "expert", Key: "camera", Values: []string{"rear", "side"}},
		Route{Name: "night", Key: "night", Values: []string{"true"}},
		Route{Name: "otherwise"})
	g.Edges[5].Outcome = Otherwise
	g.Edges = append(g.Edges, Edge{"sample", "night", "expert"})
	if err := Validate(g); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		meta map[string]string
		want string
	}{
		{"ValueListed", map[string]string{"camera": "side"}, "expert"},
		{"SecondRoute", map[string]string{"camera": "front", "night": "true"}, "expert"},
		{"ValueNotListed", map[string]string{"camera": "front"}, "complete"},
		{"KeyMissing", map[string]string{"weather": "rear"}, "complete"},
		{"NoMetadata", nil, "complete"},
	} {
		got, err := Advance(g, "review", Approved, Facts{Metadata: tt.meta})
		if err != nil || got.ID != tt.want {
			t.Errorf("%s: Advance = %q, %v; want %q", tt.name, got.ID, err, tt.want)
		}
	}
}

// TestAdvance_UnvalidatedGraph checks that a graph that was never validated yields errors, never a
// hang or a stage that holds no tasks.
func TestAdvance_UnvalidatedGraph(t *testing.T) {
	t.Parallel()
	loop := reviewed()
	loop.Stages[3].Router.Routes[0].Name = "again"
	loop.Stages[3].Router.Routes[0].Rate = 100
	loop.Stages[3].Router.Routes[1].Rate = 0
	loop.Edges[4] = Edge{"sample", "again", "sample"}

	short := reviewed()
	short.Stages[3].Router.Routes[1].Rate = 0

	noEdge := reviewed()
	noEdge.Edges = noEdge.Edges[:5]

	intoStart := reviewed()
	intoStart.Edges[2].To = "start"

	dangling := reviewed()
	dangling.Edges[2].To = "qa"

	noOtherwise := reviewed()
	noOtherwise.Stages[3].Router = &Router{By: ByAnnotator, Routes: []Route{{Name: "expert", Users: []loupe.ID{{1}}}}}

	for _, tt := range []struct {
		name string
		g    Graph
		want string
	}{
		{"RouterLoop", loop, "the routers after 'Sample' loop without reaching a stage that holds tasks"},
		{"RatesShort", short, "'Sample' has no route for this task"},
		{"NoEdge", noEdge, "the outcome 'done' of 'Sample' has no edge"},
		{"IntoStart", intoStart, "an edge of 'Review' leads to 'Start', which holds no tasks"},
		{"Dangling", dangling, "no stage 'qa' in the workflow"},
		{"NoOtherwise", noOtherwise, "'Sample' has no route for this task"},
	} {
		got, err := Advance(tt.g, "review", Approved, Facts{TaskID: taskRoutedTo(t, "done")})
		var le *loupe.Error
		if !errors.As(err, &le) || le.Code != loupe.Invalid || le.Message != tt.want {
			t.Errorf("%s: Advance = %q, %v; want %q", tt.name, got.ID, err, tt.want)
		}
	}
}

// TestAdvance_SampleSplit checks that a sample router splits tasks as its rates say, for random
// ids and for ids created in sequence, and that each task always takes the same route.
func TestAdvance_SampleSplit(t *testing.T) {
	t.Parallel()
	const n = 100000
	rates := map[Outcome]int{"a": 10, "b": 25, "c": 65}
	s := router("split", "Split", BySample, Route{Name: "a", Rate: 10}, Route{Name: "b", Rate: 25}, Route{Name: "c", Rate: 65})
	for _, ids := range []struct {
		name string
		next func(r *rand.Rand, i int) loupe.ID
	}{
		{"Random", func(r *rand.Rand, _ int) loupe.ID { return randomID(r) }},
		{"Sequential", func(r *rand.Rand, i int) loupe.ID { return sequentialID(r, 1_790_000_000_000+uint64(i/8)) }},
	} {
		r := rand.New(rand.NewPCG(42, uint64(len(ids.name))))
		counts := map[Outcome]int{}
		for i := range n {
			id := ids.next(r, i)
			o, err := decide(s, Facts{TaskID: id})
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := decide(s, Facts{TaskID: id}); again != o {
				t.Fatalf("task %s took %s, then %s", id, o, again)
			}
			counts[o]++
		}
		for o, rate := range rates {
			share := float64(counts[o]) / n * 100
			if share < float64(rate)-1 || share > float64(rate)+1 {
				t.Errorf("%s ids: route %s took %.2f%% of tasks, want %d%% ± 1", ids.name, o, share, rate)
			}
		}
		t.Logf("%s ids: %v of %d", ids.name, counts, n)
	}
}

// TestAdvance_SampleRoutersIndependent checks that two sample routers do not pick the same tasks:
// a task sampled by one is as likely as any to be sampled by the other.
func TestAdvance_SampleRoutersIndependent(t *testing.T) {
	t.Parallel()
	const n = 100000
	first := router("first", "First", BySample, Route{Name: "in", Rate: 50}, Route{Name: "out", Rate: 50})
	second := router("second", "Second", BySample, Route{Name: "in", Rate: 50}, Route{Name: "out", Rate: 50})
	r := rand.New(rand.NewPCG(3, 4))
	both := 0
	for range n {
		f := Facts{TaskID: randomID(r)}
		a, _ := decide(first, f)
		b, _ := decide(second, f)
		if a == "in" && b == "in" {
			both++
		}
	}
	if share := float64(both) / n * 100; share < 24 || share > 26 {
		t.Errorf("%.2f%% of tasks were sampled by both routers, want 25%% ± 1", share)
	}
}
