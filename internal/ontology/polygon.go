package ontology

import (
	"cmp"
	"fmt"
	"slices"
)

// A polygon is simple when no two of its edges meet except consecutive ones at their shared point.
// Edge i runs from point i to point i+1, the last one back to point 0.
//
// The test runs in O(n log n), so that polygons of up to maxPoints points are checked in
// bounded time: repeated points and edges folding back onto the previous one are found in one
// pass; any other meeting by a Shamos–Hoey sweep.

type vec struct{ x, y float64 }

// fault says why a polygon is not simple: a message, under a path relative to the geometry.
type fault struct{ path, message string }

func polygonFault(points [][2]float64) fault {
	pts := make([]vec, len(points))
	for i, p := range points {
		pts[i] = vec{p[0], p[1]}
	}
	if f := repeatedPoint(pts); f.message != "" {
		return f
	}
	if f := foldBack(pts); f.message != "" {
		return f
	}
	s := newSweep(pts)
	if a, b, found := s.run(); found {
		verb := "touch"
		if _, crosses := meet(s.edges[a].p, s.edges[a].q, s.edges[b].p, s.edges[b].q); crosses {
			verb = "cross"
		}
		return fault{message: fmt.Sprintf("the polygon's edges %d and %d %s", min(a, b), max(a, b), verb)}
	}
	return fault{}
}

func repeatedPoint(pts []vec) fault {
	first := make(map[vec]int, len(pts))
	for i, p := range pts {
		if j, seen := first[p]; seen {
			return fault{fmt.Sprintf(".points[%d]", i), fmt.Sprintf("repeats points[%d]", j)}
		}
		first[p] = i
	}
	return fault{}
}

// foldBack finds a point where the polygon turns straight back along the edge it came by.
func foldBack(pts []vec) fault {
	n := len(pts)
	for i, cur := range pts {
		prev, next := pts[(i+n-1)%n], pts[(i+1)%n]
		in, out := vec{cur.x - prev.x, cur.y - prev.y}, vec{next.x - cur.x, next.y - cur.y}
		if orient(prev, cur, next) == 0 && in.x*out.x+in.y*out.y < 0 {
			return fault{fmt.Sprintf(".points[%d]", i), "the polygon folds back on itself here"}
		}
	}
	return fault{}
}

// orient is positive when c lies left of the line from a to b, negative when right, 0 on it.
func orient(a, b, c vec) float64 {
	return (b.x-a.x)*(c.y-a.y) - (b.y-a.y)*(c.x-a.x)
}

func sign(f float64) int {
	switch {
	case f > 0:
		return 1
	case f < 0:
		return -1
	}
	return 0
}

// meet reports whether segments ab and cd have a point in common, and whether they cross, each
// passing from one side of the other to the other side.
func meet(a, b, c, d vec) (meets, crosses bool) {
	o1, o2 := sign(orient(a, b, c)), sign(orient(a, b, d))
	o3, o4 := sign(orient(c, d, a)), sign(orient(c, d, b))
	if o1*o2 < 0 && o3*o4 < 0 {
		return true, true
	}
	touches := (o1 == 0 && inBox(a, b, c)) || (o2 == 0 && inBox(a, b, d)) ||
		(o3 == 0 && inBox(c, d, a)) || (o4 == 0 && inBox(c, d, b))
	return touches, false
}

// inBox reports whether c, known to lie on the line through a and b, lies between them.
func inBox(a, b, c vec) bool {
	return min(a.x, b.x) <= c.x && c.x <= max(a.x, b.x) && min(a.y, b.y) <= c.y && c.y <= max(a.y, b.y)
}

// before orders points left to right, then bottom to top: the order the sweep line meets them.
func before(a, b vec) bool {
	return a.x < b.x || (a.x == b.x && a.y < b.y)
}

type segment struct{ p, q vec } // p comes before q

type event struct {
	at    vec
	edge  int
	start bool
}

// sweep moves a vertical line across the polygon, keeping the edges it crosses ordered bottom to
// top in a treap. Only edges that become neighbours in that order can meet first, so each event
// tests at most two pairs.
type sweep struct {
	edges  []segment
	n      int
	root   *node
	events []event
}

type node struct {
	edge        int
	priority    uint64
	left, right *node
}

func newSweep(pts []vec) *sweep {
	n := len(pts)
	s := &sweep{edges: make([]segment, n), n: n, events: make([]event, 0, 2*n)}
	for i := range pts {
		p, q := pts[i], pts[(i+1)%n]
		if before(q, p) {
			p, q = q, p
		}
		s.edges[i] = segment{p, q}
		s.events = append(s.events, event{p, i, true}, event{q, i, false})
	}
	// At one point, edges ending there leave before edges starting there enter: consecutive
	// edges then never share the line, and repeatedPoint has ruled out any other pair meeting
	// at a point of the polygon.
	slices.SortFunc(s.events, func(a, b event) int {
		switch {
		case a.at != b.at && before(a.at, b.at):
			return -1
		case a.at != b.at:
			return 1
		case a.start != b.start && !a.start:
			return -1
		case a.start != b.start:
			return 1
		}
		return cmp.Compare(a.edge, b.edge)
	})
	return s
}

// run returns the first pair of non-consecutive edges found to meet.
func (s *sweep) run() (a, b int, found bool) {
	for _, ev := range s.events {
		var lower, upper, other int
		if ev.start {
			lower, upper = s.insert(ev.edge)
			if s.meets(lower, ev.edge) {
				return lower, ev.edge, true
			}
			other = ev.edge
		} else {
			lower, upper = s.remove(ev.edge)
			other = lower
		}
		if s.meets(other, upper) {
			return other, upper, true
		}
	}
	return 0, 0, false
}

func (s *sweep) meets(a, b int) bool {
	if a < 0 || b < 0 || (a+1)%s.n == b || (b+1)%s.n == a {
		return false
	}
	m, _ := meet(s.edges[a].p, s.edges[a].q, s.edges[b].p, s.edges[b].q)
	return m
}

// below reports whether edge a lies below edge b on the sweep line, both crossing it. It compares
// the later-starting edge's first point with the other edge's line, which is exact as long as no
// two edges on the line meet — and the sweep stops at the first pair that does.
func (s *sweep) below(a, b int) bool {
	ea, eb := s.edges[a], s.edges[b]
	switch {
	case a == b:
		return false
	case ea.p == eb.p:
		return orient(ea.p, ea.q, eb.q) > 0
	case before(eb.p, ea.p):
		return orient(eb.p, eb.q, ea.p) < 0
	}
	return orient(ea.p, ea.q, eb.p) > 0
}

// insert puts edge e on the line and returns its neighbours below and above (-1 for none).
func (s *sweep) insert(e int) (lower, upper int) {
	l, r := s.split(s.root, e)
	lower, upper = last(l), first(r)
	s.root = merge(merge(l, &node{edge: e, priority: mix(uint64(e))}), r)
	return lower, upper
}

// remove takes edge e off the line and returns the neighbours it leaves next to each other.
func (s *sweep) remove(e int) (lower, upper int) {
	l, r := s.split(s.root, e)
	r = dropFirst(r) // e itself: r holds e and the edges above it
	lower, upper = last(l), first(r)
	s.root = merge(l, r)
	return lower, upper
}

// split divides t into the edges below e and the rest.
func (s *sweep) split(t *node, e int) (*node, *node) {
	if t == nil {
		return nil, nil
	}
	if s.below(t.edge, e) {
		l, r := s.split(t.right, e)
		t.right = l
		return t, r
	}
	l, r := s.split(t.left, e)
	t.left = r
	return l, t
}

func merge(a, b *node) *node {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.priority > b.priority:
		a.right = merge(a.right, b)
		return a
	}
	b.left = merge(a, b.left)
	return b
}

func dropFirst(t *node) *node {
	if t == nil {
		return nil
	}
	if t.left == nil {
		return t.right
	}
	t.left = dropFirst(t.left)
	return t
}

func first(t *node) int {
	if t == nil {
		return -1
	}
	for t.left != nil {
		t = t.left
	}
	return t.edge
}

func last(t *node) int {
	if t == nil {
		return -1
	}
	for t.right != nil {
		t = t.right
	}
	return t.edge
}

// mix turns an edge number into a treap priority (splitmix64), keeping the treap balanced
// whatever order the edges come in, and the result the same on every run.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
