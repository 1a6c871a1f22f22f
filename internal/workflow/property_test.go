package workflow

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
)

// The property tests draw thousands of graphs from fixed seeds, so that a failure repeats.

var (
	poolUsers  = []loupe.ID{{0x10}, {0x11}, {0x12}, {0x13}, {0x14}, {0x15}}
	poolGroups = []loupe.ID{{0x20}, {0x21}, {0x22}, {0x23}}
	poolMeta   = map[string][]string{"camera": {"front", "rear", "side"}, "night": {"true", "false"}, "site": {"a", "b", "c"}}
	metaKeys   = []string{"camera", "night", "site"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func some[T any](r *rand.Rand, xs []T, atLeast int) []T {
	var out []T
	for _, i := range r.Perm(len(xs))[:atLeast+r.IntN(len(xs)-atLeast+1)] {
		out = append(out, xs[i])
	}
	return out
}

// rates splits 100 among n routes at random, zeros included.
func rates(r *rand.Rand, n int) []int {
	cuts := make([]int, n-1)
	for i := range cuts {
		cuts[i] = r.IntN(101)
	}
	slices.Sort(cuts)
	out, prev := make([]int, n), 0
	for i, c := range cuts {
		out[i], prev = c-prev, c
	}
	out[n-1] = 100 - prev
	return out
}

func randomRouter(r *rand.Rand) *Router {
	by := pick(r, []RouteBy{BySample, ByAnnotator, ByMetadata})
	n := 1 + r.IntN(4)
	routes := make([]Route, n)
	for k := range routes {
		routes[k].Name = fmt.Sprintf("route-%d", k)
	}
	switch by {
	case BySample:
		for k, rate := range rates(r, n) {
			routes[k].Rate = rate
		}
	case ByAnnotator, ByMetadata:
		routes[r.IntN(n)].Name = string(Otherwise)
		for k := range routes {
			if Outcome(routes[k].Name) == Otherwise {
				continue
			}
			if by == ByAnnotator {
				if r.IntN(2) == 0 {
					routes[k].Users = some(r, poolUsers, 1)
				} else {
					routes[k].Groups = some(r, poolGroups, 1)
				}
			} else {
				routes[k].Key = pick(r, metaKeys)
				routes[k].Values = some(r, poolMeta[routes[k].Key], 1)
			}
		}
	}
	return &Router{By: by, Routes: routes}
}

// validGraph builds a graph of 2..15 stages that is valid by construction: start, then the stages
// people work in and routers, then complete stages. Each stage's first outcome leads to the next
// stage in that order, so all are reachable and each has a way forward; routers only route
// forward, so no router decision can trap a task; people's other outcomes lead anywhere.
func validGraph(r *rand.Rand) Graph {
	n := 2 + r.IntN(14)
	ends := 1 + r.IntN(1+(n-2)/4)
	stages := make([]Stage, n)
	for i := range stages {
		s := &stages[i]
		s.Position = Position{X: float64(40 + 200*i), Y: 120}
		switch {
		case i == 0:
			s.Kind = Start
		case i >= n-ends:
			s.Kind = Complete
		default:
			s.Kind = pick(r, []Kind{Annotate, Review, KindConsensus, KindRouter, KindRouter})
		}
		if s.Kind.Human() && r.IntN(3) == 0 {
			s.Assignees = []Assignee{{Type: AssigneeUser, ID: pick(r, poolUsers)}, {Type: AssigneeGroup, ID: pick(r, poolGroups)}}
		}
		switch s.Kind {
		case KindConsensus:
			s.Consensus = &Consensus{Annotators: 2 + r.IntN(9), Threshold: float64(1+r.IntN(100)) / 100}
		case KindRouter:
			s.Router = randomRouter(r)
		}
	}
	var edges [][2]int // from, to, in the order of the outcomes
	var outcomes []Outcome
	for i, s := range stages {
		for k, o := range s.Outcomes() {
			to := i + 1
			switch {
			case k == 0:
			case s.Kind == KindRouter:
				to = i + 1 + r.IntN(n-1-i)
			default:
				to = 1 + r.IntN(n-1)
			}
			edges = append(edges, [2]int{i, to})
			outcomes = append(outcomes, o)
		}
	}
	// Complete stages past the first are reached only by chance; drop those that are not.
	entered := make([]bool, n)
	for _, e := range edges {
		entered[e[1]] = true
	}
	entered[0] = true

	// Name the stages in a random order and list stages and edges shuffled: nothing may depend on it.
	ids := r.Perm(n)
	g := Graph{}
	for i, s := range stages {
		if !entered[i] {
			continue
		}
		s.ID = fmt.Sprintf("s%d", ids[i])
		s.Name = fmt.Sprintf("Stage %d", ids[i])
		g.Stages = append(g.Stages, s)
	}
	for k, e := range edges {
		g.Edges = append(g.Edges, Edge{From: fmt.Sprintf("s%d", ids[e[0]]), Outcome: outcomes[k], To: fmt.Sprintf("s%d", ids[e[1]])})
	}
	r.Shuffle(len(g.Stages), func(i, j int) { g.Stages[i], g.Stages[j] = g.Stages[j], g.Stages[i] })
	r.Shuffle(len(g.Edges), func(i, j int) { g.Edges[i], g.Edges[j] = g.Edges[j], g.Edges[i] })
	return g
}

// clone copies g deeply enough for the mutations below.
func clone(g Graph) Graph {
	c := Graph{Stages: slices.Clone(g.Stages), Edges: slices.Clone(g.Edges)}
	for i, s := range c.Stages {
		if s.Router != nil {
			rt := *s.Router
			rt.Routes = slices.Clone(rt.Routes)
			c.Stages[i].Router = &rt
		}
	}
	return c
}

// reshape changes g in ways that may or may not keep it valid: an edge retargeted to any stage
// but start (backwards from a router too), or a sample router's rates drawn anew.
func reshape(r *rand.Rand, g Graph) Graph {
	g = clone(g)
	for range 1 + r.IntN(3) {
		if r.IntN(4) == 0 {
			for i, s := range g.Stages {
				if s.Router != nil && s.Router.By == BySample {
					for k, rate := range rates(r, len(s.Router.Routes)) {
						g.Stages[i].Router.Routes[k].Rate = rate
					}
					break
				}
			}
			continue
		}
		to := pick(r, g.Stages)
		for to.Kind == Start {
			to = pick(r, g.Stages)
		}
		g.Edges[r.IntN(len(g.Edges))].To = to.ID
	}
	return g
}

// randomFacts draws what routers look at from the pools the routes use, so that every route is taken.
func randomFacts(r *rand.Rand) Facts {
	f := Facts{TaskID: randomID(r), Annotators: some(r, poolUsers, 0), AnnotatorGroups: some(r, poolGroups, 0), Metadata: map[string]string{}}
	for _, k := range metaKeys {
		if r.IntN(4) > 0 {
			f.Metadata[k] = pick(r, poolMeta[k])
		}
	}
	return f
}

// walk moves one task from Enter to Complete, choosing people's outcomes at random. With fresh,
// routers see new facts at every step; otherwise the facts of one task throughout, as in life.
// It returns the steps taken, or an error.
func walk(r *rand.Rand, g Graph, fresh bool, limit int) (int, error) {
	f := randomFacts(r)
	facts := func() Facts {
		if fresh {
			return randomFacts(r)
		}
		return f
	}
	s, err := Enter(g, facts())
	for steps := 0; err == nil; steps++ {
		switch {
		case !s.Kind.Holds():
			return steps, fmt.Errorf("a task waits at %s, a %s stage", s.ID, s.Kind)
		case s.Kind == Complete:
			return steps, nil
		case steps == limit:
			return steps, fmt.Errorf("no Complete stage after %d steps", limit)
		}
		s, err = Advance(g, s.ID, pick(r, s.Outcomes()), facts())
	}
	return 0, err
}

// closed returns the stages reachable from roots by the edges of g; choose, when set, keeps only
// the route it names for each router.
func closed(g Graph, roots []string, choose map[string]Outcome, backwards bool) map[string]bool {
	seen := map[string]bool{}
	stack := slices.Clone(roots)
	for _, id := range roots {
		seen[id] = true
	}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, e := range g.Edges {
			from, to := e.From, e.To
			if backwards {
				from, to = to, from
			}
			if from != id || seen[to] {
				continue
			}
			if o, ok := choose[e.From]; ok && o != e.Outcome {
				continue
			}
			seen[to] = true
			stack = append(stack, to)
		}
	}
	return seen
}

// judge decides by brute force what Validate decides by reasoning, for graphs whose stages and
// edges are well formed: every stage is reachable from start; no loop is made of routers alone; a
// complete stage can be reached from every stage; and whatever route each router takes (one per
// router, as for one task; never a route with rate 0), from every stage the task can then reach.
// sure is false when there were too many router decisions to try them all: a refusal is then
// certain, an acceptance not.
func judge(r *rand.Rand, g Graph) (problem string, sure bool) {
	var routers []Stage
	var ends []string
	combos := 1
	for _, s := range g.Stages {
		switch s.Kind {
		case KindRouter:
			routers = append(routers, s)
			combos *= len(s.Router.Routes)
		case Complete:
			ends = append(ends, s.ID)
		}
	}
	reached := closed(g, []string{g.StartStage().ID}, nil, false)
	finishes := closed(g, ends, nil, true)
	for _, s := range g.Stages {
		if !reached[s.ID] {
			return s.ID + " cannot be reached", true
		}
		if !finishes[s.ID] {
			return "no path from " + s.ID + " reaches a complete stage", true
		}
		if s.Kind == KindRouter && routerCycle(g, s.ID, s.ID, map[string]bool{}) {
			return s.ID + " is on a loop of routers", true
		}
	}
	const most = 512
	for try := range min(combos, most) {
		choose := map[string]Outcome{}
		n := try
		for _, s := range routers {
			rt := pick(r, s.Router.Routes)
			if combos <= most {
				// Every combination once, numbered in mixed radix.
				rt = s.Router.Routes[n%len(s.Router.Routes)]
				n /= len(s.Router.Routes)
			}
			choose[s.ID] = Outcome(rt.Name)
			if s.Router.By == BySample && rt.Rate == 0 {
				choose = nil
				break
			}
		}
		if choose == nil {
			continue
		}
		for id := range closed(g, []string{g.StartStage().ID}, choose, false) {
			if !anyReached(closed(g, []string{id}, choose, false), ends) {
				return fmt.Sprintf("with routers deciding %v, a task at %s never reaches a complete stage", choose, id), true
			}
		}
	}
	return "", combos <= most
}

// routerCycle reports whether a path of routers leads from id back to target.
func routerCycle(g Graph, id, target string, seen map[string]bool) bool {
	seen[id] = true
	for _, e := range g.Edges {
		if e.From != id {
			continue
		}
		if e.To == target {
			return true
		}
		if s, _ := g.Stage(e.To); s.Kind == KindRouter && !seen[e.To] && routerCycle(g, e.To, target, seen) {
			return true
		}
	}
	return false
}

func anyReached(seen map[string]bool, ids []string) bool {
	for _, id := range ids {
		if seen[id] {
			return true
		}
	}
	return false
}

// TestValidate_RandomGraphs checks Validate against judge on thousands of graphs, and that every
// graph it accepts takes each task to Complete: random walks through it, choosing people's
// outcomes at random and letting Advance pass the routers, all get there.
func TestValidate_RandomGraphs(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2026, 11))
	const graphs = 4000
	accepted, judged, maxSteps := 0, 0, 0
	for n := range graphs {
		g := validGraph(r)
		if err := Validate(g); err != nil {
			t.Fatalf("graph %d, valid by construction, refused: %v\n%+v", n, err, g)
		}
		if n%4 != 0 {
			g = reshape(r, g)
		}
		err := Validate(g)
		problem, sure := judge(r, g)
		switch {
		case err == nil && problem != "":
			t.Fatalf("graph %d accepted, but %s\n%+v", n, problem, g)
		case err != nil && problem == "" && sure:
			t.Fatalf("graph %d refused, but nothing is wrong with it: %v\n%+v", n, err, g)
		case err != nil:
			continue
		}
		accepted++
		if sure {
			judged++
		}
		for w := range 6 {
			steps, err := walk(r, g, w%2 == 0, 10000)
			if err != nil {
				t.Fatalf("graph %d, walk %d: %v\n%+v", n, w, err, g)
			}
			maxSteps = max(maxSteps, steps)
		}
		// From every stage that holds tasks, every outcome leads to one.
		for _, s := range g.Stages {
			if !s.Kind.Holds() {
				continue
			}
			for _, o := range s.Outcomes() {
				if next, err := Advance(g, s.ID, o, randomFacts(r)); err != nil || !next.Kind.Holds() {
					t.Fatalf("graph %d: Advance(%s, %s) = %s (%s), %v", n, s.ID, o, next.ID, next.Kind, err)
				}
			}
		}
	}
	// Three in four graphs are reshaped at random; about half of those stay valid.
	share := float64(accepted) / graphs * 100
	t.Logf("%d of %d random graphs valid (%.0f%%, %d of them checked against every router decision); longest walk to Complete %d steps",
		accepted, graphs, share, judged, maxSteps)
	if share < 25 || share > 90 {
		t.Errorf("%.0f%% of random graphs are valid: the generator no longer tests both sides", share)
	}
}

// garbageGraph draws a graph with no regard for the rules: unknown kinds and ids, missing and
// duplicate everything, numbers out of range.
func garbageGraph(r *rand.Rand) Graph {
	ids := []string{"", "a", "b", "c", "d", "start", "Bad id", "otherwise", strings.Repeat("y", 70)}
	outcomes := []Outcome{"", Next, Submitted, Approved, Rejected, Agreed, Disagreed, Otherwise, "a", "b", "route-0"}
	var g Graph
	for range r.IntN(20) {
		s := Stage{
			ID:   pick(r, ids),
			Kind: pick(r, append(slices.Clone(kinds), "", "qa")),
			Name: pick(r, []string{"", " ", "A", "a", "B", strings.Repeat("n", 101)}),
		}
		for range r.IntN(3) {
			s.Assignees = append(s.Assignees, Assignee{Type: pick(r, []AssigneeType{AssigneeUser, AssigneeGroup, "team", ""}), ID: pick(r, append(slices.Clone(poolUsers), loupe.ID{}))})
		}
		if r.IntN(2) == 0 {
			s.Consensus = &Consensus{Annotators: r.IntN(14) - 2, Threshold: pick(r, []float64{-1, 0, 0.5, 1, 2, math.NaN(), math.Inf(1)})}
		}
		if r.IntN(2) == 0 {
			s.Router = &Router{By: pick(r, []RouteBy{BySample, ByAnnotator, ByMetadata, "", "x"})}
			for range r.IntN(5) {
				s.Router.Routes = append(s.Router.Routes, Route{
					Name: string(pick(r, outcomes)), Rate: r.IntN(140) - 20,
					Users: some(r, append(slices.Clone(poolUsers), loupe.ID{}), 0), Groups: some(r, poolGroups, 0),
					Key: pick(r, append(slices.Clone(metaKeys), "")), Values: some(r, poolMeta["camera"], 0),
				})
			}
		}
		g.Stages = append(g.Stages, s)
	}
	for range r.IntN(30) {
		g.Edges = append(g.Edges, Edge{From: pick(r, ids), Outcome: pick(r, outcomes), To: pick(r, ids)})
	}
	return g
}

// TestValidate_GarbageNeverPanics feeds the engine graphs that break every rule: it must refuse
// them with field errors, and Advance, Enter and PlanMigration must answer, not panic or hang.
func TestValidate_GarbageNeverPanics(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 20000 {
		g := garbageGraph(r)
		err := Validate(g)
		if err != nil {
			if fs := fieldErrors(t, err); len(fs) == 0 {
				t.Fatalf("graph %d: refused with no field: %v", n, err)
			}
		}
		_, _ = Enter(g, randomFacts(r))
		for _, s := range g.Stages {
			for _, o := range append(s.Outcomes(), Next) {
				if next, err := Advance(g, s.ID, o, randomFacts(r)); err == nil && !next.Kind.Holds() {
					t.Fatalf("graph %d: Advance returned %s, a %s stage", n, next.ID, next.Kind)
				}
			}
		}
		counts, mapping := map[string]int{}, map[string]string{}
		for _, s := range g.Stages {
			counts[s.ID] = r.IntN(5) - 1
			mapping[s.ID] = pick(r, []string{"", "a", "start", s.ID})
		}
		_, _ = PlanMigration(g, garbageGraph(r), counts, mapping)
	}
}

// TestValidate_BreakingMutations breaks valid graphs in the ways a builder can and checks that
// each is refused under the path of what broke.
func TestValidate_BreakingMutations(t *testing.T) {
	t.Parallel()
	indexOf := func(g Graph, id string) int {
		return slices.IndexFunc(g.Stages, func(s Stage) bool { return s.ID == id })
	}
	// Each mutation breaks edge j of g, leading from e.From to e.To, and returns the broken graph,
	// the field error it must cause and whether that must be the only one.
	type mutation func(r *rand.Rand, g Graph, j int, e Edge) (Graph, loupe.FieldError, bool)
	mutations := []struct {
		name   string
		mutate mutation
	}{
		{"RemoveEdge", func(r *rand.Rand, g Graph, j int, e Edge) (Graph, loupe.FieldError, bool) {
			g.Edges = slices.Delete(g.Edges, j, j+1)
			i := indexOf(g, e.From)
			return g, fe(fmt.Sprintf("stages[%d]", i), fmt.Sprintf("the outcome '%s' of '%s' has no edge", e.Outcome, g.Stages[i].Name)), false
		}},
		{"RetargetToUnknown", func(r *rand.Rand, g Graph, j int, e Edge) (Graph, loupe.FieldError, bool) {
			g.Edges[j].To = "nowhere"
			return g, fe(fmt.Sprintf("edges[%d].to", j), "no stage 'nowhere'"), true
		}},
		{"RouterOnlyLoop", func(r *rand.Rand, g Graph, j int, e Edge) (Graph, loupe.FieldError, bool) {
			n := len(g.Stages)
			g.Stages = append(g.Stages, loopRouter(r, "loop-a", "Loop A"), loopRouter(r, "loop-b", "Loop B"))
			g.Edges[j].To = "loop-a"
			g.Edges = append(g.Edges, loopEdges(g.Stages[n], "loop-b", e.To)...)
			g.Edges = append(g.Edges, loopEdges(g.Stages[n+1], "loop-a", e.To)...)
			return g, fe(fmt.Sprintf("stages[%d]", n), "'Loop A' and 'Loop B' form a loop without a human stage"), true
		}},
		{"RouterSelfLoop", func(r *rand.Rand, g Graph, j int, e Edge) (Graph, loupe.FieldError, bool) {
			n := len(g.Stages)
			g.Stages = append(g.Stages, loopRouter(r, "spin", "Spin"))
			g.Edges[j].To = "spin"
			g.Edges = append(g.Edges, loopEdges(g.Stages[n], "spin", e.To)...)
			return g, fe(fmt.Sprintf("stages[%d]", n), "'Spin' routes back to itself without a human stage"), true
		}},
		{"RatesOff", func(r *rand.Rand, g Graph, j int, e Edge) (Graph, loupe.FieldError, bool) {
			i := slices.IndexFunc(g.Stages, func(s Stage) bool { return s.Router != nil && s.Router.By == BySample })
			if i < 0 {
				// No sample router: put one on edge j.
				g.Stages = append(g.Stages, router("split", "Split", BySample, Route{Name: "all", Rate: 100}))
				g.Edges[j].To = "split"
				g.Edges = append(g.Edges, Edge{"split", "all", e.To})
				i = len(g.Stages) - 1
			}
			routes := g.Stages[i].Router.Routes
			k, d := r.IntN(len(routes)), 1+r.IntN(50)
			if routes[k].Rate >= d && r.IntN(2) == 0 {
				d = -d
			}
			routes[k].Rate += d
			return g, fe(fmt.Sprintf("stages[%d].router.routes", i), fmt.Sprintf("rates sum to %d, not 100", 100+d)), false
		}},
	}
	for seed, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(5, uint64(seed)))
			for n := range 2000 {
				g := validGraph(r)
				j := r.IntN(len(g.Edges))
				broken, want, only := m.mutate(r, clone(g), j, g.Edges[j])
				got := fieldErrors(t, Validate(broken))
				if !slices.Contains(got, want) || only && len(got) > 1 {
					t.Fatalf("graph %d: Validate:\n%swant (only: %v):\n\t%s: %s\n%+v", n, listFields(got), only, want.Field, want.Message, broken)
				}
			}
		})
	}
}

// loopRouter returns a router whose route "again" is to lead on around a loop of routers and
// whose other route is to leave it.
func loopRouter(r *rand.Rand, id, name string) Stage {
	if r.IntN(2) == 0 {
		return router(id, name, BySample, Route{Name: "again", Rate: 50}, Route{Name: "out", Rate: 50})
	}
	return router(id, name, ByMetadata, Route{Name: "again", Key: "camera", Values: []string{"front"}}, Route{Name: "otherwise"})
}

func loopEdges(s Stage, again, out string) []Edge {
	return []Edge{{s.ID, "again", again}, {s.ID, s.Outcomes()[1], out}}
}
