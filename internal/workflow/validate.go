package workflow

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/loupe"
)

// Limits on a graph's size, which keep validation and the builder quick.
const (
	MaxStages = 200
	MaxEdges  = 1000
)

const (
	maxNameLength = 100
	minAnnotators = 2
	maxAnnotators = 10
)

// namePattern is the form of stage ids and route names, the same as ontology ids.
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Validate checks g against every rule of the workflow format and reports every problem at once,
// each under the path of the stage or edge at fault so that the builder can mark it.
func Validate(g Graph) error {
	var v loupe.Validation
	if len(g.Stages) > MaxStages || len(g.Edges) > MaxEdges {
		// Too big to check in full: say so and nothing else.
		if len(g.Stages) > MaxStages {
			v.Add("stages", "at most %d stages", MaxStages)
		}
		if len(g.Edges) > MaxEdges {
			v.Add("edges", "at most %d edges", MaxEdges)
		}
		return v.Err()
	}
	c := newChecker(g, &v)
	c.checkStages()
	c.checkEdges()
	c.checkOutcomes()
	c.checkPaths()
	return v.Err()
}

type outcomeKey struct {
	stage   int
	outcome Outcome
}

// checker holds what the rules share: the stages by id and the edges that resolve.
type checker struct {
	g Graph
	v *loupe.Validation
	// index maps a stage id to the first stage that has it; later ones are duplicates.
	index map[string]int
	dup   []bool
	// succ lists, per stage, the stages its well-formed edges lead to.
	succ [][]int
	// taken lists the successors a task can actually be sent to: succ without the routes of
	// sample routers whose rate is 0, which no task ever takes.
	taken [][]int
	// edgeFor marks the outcomes that have their edge; target says where it leads when it leads
	// to a known stage.
	edgeFor map[outcomeKey]bool
	target  map[outcomeKey]int
	// opaque marks stages whose way out is unknown because of a problem reported already: an
	// unknown kind, a router without routes, an outcome without an edge. The path rules take them
	// to finish, so that the stages around them are not blamed too.
	opaque []bool
	// unresolved is set when an edge names a stage that does not exist: the graph's shape is then
	// unknown and the path rules are left until the edge is fixed.
	unresolved bool
	starts     []int
	ends       []int
}

func newChecker(g Graph, v *loupe.Validation) *checker {
	n := len(g.Stages)
	c := &checker{
		g: g, v: v,
		index:   make(map[string]int, n),
		dup:     make([]bool, n),
		succ:    make([][]int, n),
		taken:   make([][]int, n),
		edgeFor: make(map[outcomeKey]bool),
		target:  make(map[outcomeKey]int),
		opaque:  make([]bool, n),
	}
	for i, s := range g.Stages {
		if _, ok := c.index[s.ID]; ok {
			c.dup[i] = true
			continue
		}
		// A stage without an id is refused and no edge can name it.
		if s.ID != "" {
			c.index[s.ID] = i
		}
	}
	return c
}

func (c *checker) checkStages() {
	names := make(map[string]bool, len(c.g.Stages))
	for i, s := range c.g.Stages {
		p := fmt.Sprintf("stages[%d]", i)
		switch {
		case s.ID == "":
			c.v.Add(p+".id", "required")
		case !namePattern.MatchString(s.ID):
			c.v.Add(p+".id", "'%s' is not a valid id: lower-case letters, digits, '_' and '-', at most 64", s.ID)
		case c.dup[i]:
			c.v.Add(p+".id", "'%s' is already the id of '%s'", s.ID, c.g.Stages[c.index[s.ID]].label())
		}
		name := strings.TrimSpace(s.Name)
		switch {
		case name == "":
			c.v.Add(p+".name", "required")
		case utf8.RuneCountInString(s.Name) > maxNameLength:
			c.v.Add(p+".name", "at most %d characters", maxNameLength)
		case names[strings.ToLower(name)]:
			c.v.Add(p+".name", "'%s' is already the name of another stage", s.Name)
		}
		names[strings.ToLower(name)] = true

		switch {
		case s.Kind == "":
			c.v.Add(p+".kind", "required")
		case !s.Kind.valid():
			c.v.Add(p+".kind", "unknown kind '%s'", s.Kind)
		case s.Kind == Start:
			c.starts = append(c.starts, i)
		case s.Kind == Complete && !c.dup[i]:
			c.ends = append(c.ends, i)
		}

		if len(s.Assignees) > 0 && s.Kind.valid() && !s.Kind.Human() {
			c.v.Add(p+".assignees", "only annotate, review and consensus stages have assignees")
		} else {
			c.checkAssignees(p+".assignees", s.Assignees)
		}

		switch {
		case s.Kind == KindConsensus && s.Consensus == nil:
			c.v.Add(p+".consensus", "required")
		case s.Kind == KindConsensus:
			c.checkConsensus(p+".consensus", *s.Consensus)
		case s.Consensus != nil:
			c.v.Add(p+".consensus", "only consensus stages have consensus settings")
		}

		switch {
		case s.Kind == KindRouter && s.Router == nil:
			c.v.Add(p+".router", "required")
		case s.Kind == KindRouter:
			c.checkRouter(p+".router", s)
		case s.Router != nil:
			c.v.Add(p+".router", "only router stages route")
		}
	}
	switch {
	case len(c.starts) == 0:
		c.v.Add("stages", "no start stage")
	case len(c.starts) > 1:
		labels := make([]string, len(c.starts))
		for k, i := range c.starts {
			labels[k] = "'" + c.g.Stages[i].label() + "'"
		}
		c.v.Add("stages", "%d start stages (%s); a workflow has exactly one", len(c.starts), strings.Join(labels, ", "))
	}
	if len(c.ends) == 0 {
		c.v.Add("stages", "no complete stage")
	}
}

func (c *checker) checkAssignees(p string, as []Assignee) {
	type key struct {
		t  AssigneeType
		id loupe.ID
	}
	seen := make(map[key]bool, len(as))
	for k, a := range as {
		ap := fmt.Sprintf("%s[%d]", p, k)
		switch a.Type {
		case AssigneeUser, AssigneeGroup:
		case "":
			c.v.Add(ap+".type", "required")
		default:
			c.v.Add(ap+".type", "'%s' is not user or group", a.Type)
		}
		switch {
		case a.ID == (loupe.ID{}):
			c.v.Add(ap+".id", "required")
		case seen[key{a.Type, a.ID}]:
			c.v.Add(ap, "listed twice")
		}
		seen[key{a.Type, a.ID}] = true
	}
}

func (c *checker) checkConsensus(p string, cs Consensus) {
	if cs.Annotators < minAnnotators || cs.Annotators > maxAnnotators {
		c.v.Add(p+".annotators", "must be between %d and %d", minAnnotators, maxAnnotators)
	}
	// Written so that NaN fails too.
	if !(cs.Threshold > 0 && cs.Threshold <= 1) {
		c.v.Add(p+".threshold", "must be greater than 0 and at most 1")
	}
	c.checkAssignees(p+".resolvers", cs.Resolvers)
}

func (c *checker) checkRouter(p string, s Stage) {
	r := s.Router
	switch r.By {
	case BySample, ByAnnotator, ByMetadata:
	case "":
		c.v.Add(p+".by", "required")
	default:
		c.v.Add(p+".by", "unknown router '%s'; use sample, annotator or metadata", r.By)
	}
	names := make(map[string]bool, len(r.Routes))
	sum, otherwise := 0, false
	for k, rt := range r.Routes {
		rp := fmt.Sprintf("%s.routes[%d]", p, k)
		switch {
		case rt.Name == "":
			c.v.Add(rp+".name", "required")
		case !namePattern.MatchString(rt.Name):
			c.v.Add(rp+".name", "'%s' is not a valid name: lower-case letters, digits, '_' and '-', at most 64", rt.Name)
		case fixedOutcomes[Outcome(rt.Name)]:
			c.v.Add(rp+".name", "'%s' is an outcome of other stages; choose another name", rt.Name)
		case names[rt.Name]:
			c.v.Add(rp+".name", "'%s' is already a route of '%s'", rt.Name, s.label())
		}
		names[rt.Name] = true
		isOtherwise := Outcome(rt.Name) == Otherwise
		otherwise = otherwise || isOtherwise

		if r.By == BySample {
			if rt.Rate < 0 || rt.Rate > 100 {
				c.v.Add(rp+".rate", "must be between 0 and 100")
			}
			sum += rt.Rate
		} else if rt.Rate != 0 {
			c.v.Add(rp+".rate", "only sample routes carry a rate")
		}

		if r.By == ByAnnotator {
			switch {
			case isOtherwise && (len(rt.Users) > 0 || len(rt.Groups) > 0):
				c.v.Add(rp, "the route 'otherwise' takes every task no other route takes; it names no users or groups")
			case !isOtherwise && len(rt.Users) == 0 && len(rt.Groups) == 0:
				c.v.Add(rp, "route '%s' names no users or groups", rt.Name)
			}
			c.checkIDs(rp+".users", rt.Users)
			c.checkIDs(rp+".groups", rt.Groups)
		} else {
			if len(rt.Users) > 0 {
				c.v.Add(rp+".users", "only annotator routes name users")
			}
			if len(rt.Groups) > 0 {
				c.v.Add(rp+".groups", "only annotator routes name groups")
			}
		}

		if r.By == ByMetadata {
			switch {
			case isOtherwise && (rt.Key != "" || len(rt.Values) > 0):
				c.v.Add(rp, "the route 'otherwise' takes every task no other route takes; it has no key or values")
			case !isOtherwise:
				if rt.Key == "" {
					c.v.Add(rp+".key", "required")
				}
				if len(rt.Values) == 0 {
					c.v.Add(rp+".values", "required")
				}
			}
		} else {
			if rt.Key != "" {
				c.v.Add(rp+".key", "only metadata routes carry a key")
			}
			if len(rt.Values) > 0 {
				c.v.Add(rp+".values", "only metadata routes carry values")
			}
		}
	}
	switch {
	case r.By == BySample && sum != 100:
		c.v.Add(p+".routes", "rates sum to %d, not 100", sum)
	case r.By == ByAnnotator && !otherwise:
		c.v.Add(p+".routes", "an annotator router needs a route named 'otherwise'")
	case r.By == ByMetadata && !otherwise:
		c.v.Add(p+".routes", "a metadata router needs a route named 'otherwise'")
	}
}

func (c *checker) checkIDs(p string, ids []loupe.ID) {
	for k, id := range ids {
		if id == (loupe.ID{}) {
			c.v.Add(fmt.Sprintf("%s[%d]", p, k), "required")
		}
	}
}

func (c *checker) checkEdges() {
	for j, e := range c.g.Edges {
		p := fmt.Sprintf("edges[%d]", j)
		fi, fromOK := c.index[e.From]
		switch {
		case e.From == "":
			c.v.Add(p+".from", "required")
		case !fromOK:
			c.v.Add(p+".from", "no stage '%s'", e.From)
		}
		ti, toOK := c.index[e.To]
		c.unresolved = c.unresolved || !fromOK || !toOK
		switch {
		case e.To == "":
			c.v.Add(p+".to", "required")
		case !toOK:
			c.v.Add(p+".to", "no stage '%s'", e.To)
		case c.g.Stages[ti].Kind == Start:
			c.v.Add(p+".to", "no edge may lead into '%s'", c.g.Stages[ti].label())
			toOK = false
		}
		if !fromOK {
			continue
		}
		from := c.g.Stages[fi]
		key := outcomeKey{fi, e.Outcome}
		switch {
		case outcomesUnknown(from):
			// The stage is refused already; the edge still shows where it leads.
			if toOK {
				c.succ[fi] = append(c.succ[fi], ti)
				c.taken[fi] = append(c.taken[fi], ti)
			}
			continue
		case from.Kind == Complete:
			c.v.Add(p+".from", "'%s' ends the workflow; no edge leaves it", from.label())
			continue
		case e.Outcome == "":
			c.v.Add(p+".outcome", "required")
			continue
		case !slices.Contains(from.Outcomes(), e.Outcome):
			c.v.Add(p+".outcome", "'%s' has no outcome '%s'", from.label(), e.Outcome)
			continue
		case c.edgeFor[key]:
			c.v.Add(p+".outcome", "'%s' already has an edge for '%s'", from.label(), e.Outcome)
			continue
		}
		// The outcome has its edge even when the target is refused: one problem, one message.
		c.edgeFor[key] = true
		if !toOK {
			continue
		}
		c.target[key] = ti
		c.succ[fi] = append(c.succ[fi], ti)
		if !neverTaken(from, e.Outcome) {
			c.taken[fi] = append(c.taken[fi], ti)
		}
	}
}

// outcomesUnknown reports whether what s produces is unknown: its kind is not one, or it is a
// router without routes.
func outcomesUnknown(s Stage) bool {
	return !s.Kind.valid() || (s.Kind == KindRouter && s.Router == nil)
}

// neverTaken reports whether outcome is a sample route with rate 0.
func neverTaken(s Stage, outcome Outcome) bool {
	if s.Kind != KindRouter || s.Router == nil || s.Router.By != BySample {
		return false
	}
	for _, r := range s.Router.Routes {
		if Outcome(r.Name) == outcome {
			return r.Rate == 0
		}
	}
	return false
}

func (c *checker) checkOutcomes() {
	for i, s := range c.g.Stages {
		if c.dup[i] {
			continue
		}
		c.opaque[i] = outcomesUnknown(s)
		seen := make(map[Outcome]bool)
		for _, o := range s.Outcomes() {
			if o == "" || seen[o] {
				continue
			}
			seen[o] = true
			if !c.edgeFor[outcomeKey{i, o}] {
				c.v.Add(fmt.Sprintf("stages[%d]", i), "the outcome '%s' of '%s' has no edge", o, s.label())
				c.opaque[i] = true
			}
		}
	}
}

// checkPaths applies the rules about the graph as a whole: every stage is reachable, every stage
// can finish, no loop is made of routers alone, and no router decision can trap a task.
func (c *checker) checkPaths() {
	stages := c.g.Stages
	loopOf := make([]int, len(stages))
	for i := range loopOf {
		loopOf[i] = -1
	}
	for k, loop := range c.routerLoops() {
		for _, i := range loop {
			loopOf[i] = k
		}
		c.v.Add(fmt.Sprintf("stages[%d]", loop[0]), "%s", c.loopMessage(loop))
	}
	if c.unresolved {
		return
	}

	if len(c.starts) > 0 {
		reached := c.closure([]int{c.starts[0]}, c.succ)
		for i, s := range stages {
			if !reached[i] && !c.dup[i] && s.Kind != Start {
				c.v.Add(fmt.Sprintf("stages[%d]", i), "'%s' cannot be reached from Start", s.label())
			}
		}
	}

	if len(c.ends) == 0 {
		return
	}
	goals := slices.Clone(c.ends)
	for i, o := range c.opaque {
		if o {
			goals = append(goals, i)
		}
	}
	finishes := c.closure(goals, c.predecessors())
	for i, s := range stages {
		if !finishes[i] && !c.dup[i] {
			c.v.Add(fmt.Sprintf("stages[%d]", i), "no path from '%s' reaches a Complete stage", s.label())
		}
	}

	// A router decides the same way each time the same task passes it, so a loop that only a
	// router decision can leave keeps the tasks that router sends around it forever, even though
	// a path to Complete exists.
	wins := c.alwaysFinishes(goals, loopOf)
	for i, s := range stages {
		if wins[i] || !finishes[i] || loopOf[i] >= 0 || s.Kind != KindRouter || c.dup[i] {
			continue
		}
		seen := make(map[Outcome]bool)
		for _, o := range s.Outcomes() {
			t, ok := c.target[outcomeKey{i, o}]
			if ok && !seen[o] && !neverTaken(s, o) && !wins[t] && finishes[t] {
				seen[o] = true
				c.v.Add(fmt.Sprintf("stages[%d]", i), "tasks that '%s' sends along '%s' may never reach a Complete stage", s.label(), o)
			}
		}
	}
}

func (c *checker) loopMessage(loop []int) string {
	labels := make([]string, len(loop))
	for k, i := range loop {
		labels[k] = "'" + c.g.Stages[i].label() + "'"
	}
	if len(loop) == 1 {
		return labels[0] + " routes back to itself without a human stage"
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1] + " form a loop without a human stage"
}

// closure returns the stages reachable from roots along next.
func (c *checker) closure(roots []int, next [][]int) []bool {
	seen := make([]bool, len(c.g.Stages))
	stack := slices.Clone(roots)
	for _, r := range roots {
		seen[r] = true
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, j := range next[i] {
			if !seen[j] {
				seen[j] = true
				stack = append(stack, j)
			}
		}
	}
	return seen
}

func (c *checker) predecessors() [][]int {
	pred := make([][]int, len(c.g.Stages))
	for i, ss := range c.succ {
		for _, j := range ss {
			pred[j] = append(pred[j], i)
		}
	}
	return pred
}

// alwaysFinishes marks the stages from which people can bring a task to Complete however the
// routers decide: a goal (a complete or opaque stage); a stage where people act, or start, with
// some outcome leading to a marked stage; a router whose every route that tasks take leads to
// one. Routes within a router loop (loopOf[i] numbers the loop of stage i, -1 for none) are left
// out: the loop is reported by itself, and what lies before it should not be blamed for it.
func (c *checker) alwaysFinishes(goals, loopOf []int) []bool {
	wins := make([]bool, len(c.g.Stages))
	for _, i := range goals {
		wins[i] = true
	}
	for changed := true; changed; {
		changed = false
		for i, s := range c.g.Stages {
			if wins[i] || c.dup[i] {
				continue
			}
			var w bool
			if s.Kind == KindRouter {
				n := 0
				w = true
				for _, j := range c.taken[i] {
					if loopOf[i] >= 0 && loopOf[i] == loopOf[j] {
						continue
					}
					n++
					w = w && wins[j]
				}
				w = w && n > 0
			} else {
				for _, j := range c.succ[i] {
					w = w || wins[j]
				}
			}
			if w {
				wins[i], changed = true, true
			}
		}
	}
	return wins
}

// routerLoops returns the loops made of routers alone (strongly connected components of the
// graph of router-to-router edges that contain a cycle), each sorted by stage index, in order.
func (c *checker) routerLoops() [][]int {
	n := len(c.g.Stages)
	isRouter := func(i int) bool { return c.g.Stages[i].Kind == KindRouter && !c.dup[i] }
	// Tarjan's algorithm; the graph has at most MaxStages nodes, so recursion is shallow enough.
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var loops [][]int
	next := 0
	var visit func(i int)
	visit = func(i int) {
		index[i], low[i] = next, next
		next++
		stack = append(stack, i)
		onStack[i] = true
		for _, j := range c.succ[i] {
			if !isRouter(j) {
				continue
			}
			if index[j] < 0 {
				visit(j)
				low[i] = min(low[i], low[j])
			} else if onStack[j] {
				low[i] = min(low[i], index[j])
			}
		}
		if low[i] != index[i] {
			return
		}
		var comp []int
		for {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[j] = false
			comp = append(comp, j)
			if j == i {
				break
			}
		}
		if len(comp) > 1 || slices.Contains(c.succ[i], i) {
			slices.Sort(comp)
			loops = append(loops, comp)
		}
	}
	for i := range n {
		if isRouter(i) && index[i] < 0 {
			visit(i)
		}
	}
	slices.SortFunc(loops, func(a, b []int) int { return a[0] - b[0] })
	return loops
}
