package ontology

import (
	"math/rand/v2"
	"testing"
)

// TestPolygonFault_SweepAgreesWithPairwiseTest draws many small polygons on a coarse grid, where
// collinear points and edges touching at a point are common, and compares the sweep with the
// plain test of every pair of non-consecutive edges.
func TestPolygonFault_SweepAgreesWithPairwiseTest(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for range 200000 {
		n := 3 + rng.IntN(8)
		pts := make([]vec, n)
		for i := range pts {
			pts[i] = vec{float64(rng.IntN(6)), float64(rng.IntN(6))}
		}
		if repeatedPoint(pts).message != "" || foldBack(pts).message != "" {
			continue
		}
		checked++
		_, _, swept := newSweep(pts).run()
		if pairwise := pairwiseMeeting(pts); swept != pairwise {
			t.Fatalf("polygon %v: sweep finds a meeting: %v, pairwise test: %v", pts, swept, pairwise)
		}
	}
	if checked < 10000 {
		t.Fatalf("only %d polygons checked", checked)
	}
}

func pairwiseMeeting(pts []vec) bool {
	n := len(pts)
	for a := range n {
		for b := a + 1; b < n; b++ {
			if b == a+1 || (a == 0 && b == n-1) {
				continue
			}
			if m, _ := meet(pts[a], pts[(a+1)%n], pts[b], pts[(b+1)%n]); m {
				return true
			}
		}
	}
	return false
}

func TestMeet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		a, b, c, d     vec
		meets, crosses bool
	}{
		{"Crossing", vec{0, 0}, vec{10, 10}, vec{0, 10}, vec{10, 0}, true, true},
		{"Apart", vec{0, 0}, vec{1, 1}, vec{2, 2}, vec{3, 0}, false, false},
		{"EndOnInterior", vec{0, 0}, vec{10, 0}, vec{5, 0}, vec{5, 5}, true, false},
		{"SharedEnd", vec{0, 0}, vec{10, 0}, vec{10, 0}, vec{10, 5}, true, false},
		{"CollinearOverlap", vec{0, 0}, vec{10, 0}, vec{5, 0}, vec{15, 0}, true, false},
		{"CollinearApart", vec{0, 0}, vec{4, 0}, vec{5, 0}, vec{15, 0}, false, false},
		{"Parallel", vec{0, 0}, vec{10, 0}, vec{0, 1}, vec{10, 1}, false, false},
		{"VerticalCrossing", vec{5, -5}, vec{5, 5}, vec{0, 0}, vec{10, 0}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if meets, crosses := meet(tc.a, tc.b, tc.c, tc.d); meets != tc.meets || crosses != tc.crosses {
				t.Errorf("meet = %v, %v; want %v, %v", meets, crosses, tc.meets, tc.crosses)
			}
		})
	}
}
