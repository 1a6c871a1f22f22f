package workflow

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"github.com/loupehq/loupe/internal/loupe"
)

// Facts are what routers may look at to decide a task's route.
type Facts struct {
	TaskID loupe.ID
	// Annotators are the users who annotated the task; AnnotatorGroups the groups they belong to.
	Annotators      []loupe.ID
	AnnotatorGroups []loupe.ID
	// Metadata holds the item's metadata values as strings, flattened by the caller.
	Metadata map[string]string
}

// Enter returns the stage where a new task waits first: the one the start stage leads to, past
// any routers.
func Enter(g Graph, f Facts) (Stage, error) {
	start := g.StartStage()
	if start.Kind != Start {
		return Stage{}, loupe.Errorf(loupe.Invalid, "the workflow has no start stage")
	}
	return follow(g, start, Next, f)
}

// Advance returns the stage a task waiting at the stage from moves to when that stage produces
// outcome: it follows the outcome's edge, then lets every router on the way decide with f, until
// it reaches a stage that holds tasks.
func Advance(g Graph, from string, outcome Outcome, f Facts) (Stage, error) {
	s, ok := g.Stage(from)
	switch {
	case !ok:
		return Stage{}, loupe.Errorf(loupe.Invalid, "no stage '%s' in the workflow", from)
	case !s.Kind.Holds():
		return Stage{}, loupe.Errorf(loupe.Invalid, "'%s' holds no tasks to advance", s.label())
	case !slices.Contains(s.Outcomes(), outcome):
		return Stage{}, loupe.Errorf(loupe.Invalid, "'%s' has no outcome '%s'", s.label(), outcome)
	}
	return follow(g, s, outcome, f)
}

func follow(g Graph, s Stage, outcome Outcome, f Facts) (Stage, error) {
	// Each hop past a router visits a stage; more hops than stages means the routers loop, which
	// only a graph that was never validated can do.
	for range len(g.Stages) + 1 {
		e, ok := g.edge(s.ID, outcome)
		if !ok {
			return Stage{}, loupe.Errorf(loupe.Invalid, "the outcome '%s' of '%s' has no edge", outcome, s.label())
		}
		next, ok := g.Stage(e.To)
		switch {
		case !ok:
			return Stage{}, loupe.Errorf(loupe.Invalid, "no stage '%s' in the workflow", e.To)
		case next.Kind.Holds():
			return next, nil
		case next.Kind != KindRouter:
			return Stage{}, loupe.Errorf(loupe.Invalid, "an edge of '%s' leads to '%s', which holds no tasks", s.label(), next.label())
		}
		o, err := decide(next, f)
		if err != nil {
			return Stage{}, err
		}
		s, outcome = next, o
	}
	return Stage{}, loupe.Errorf(loupe.Invalid, "the routers after '%s' loop without reaching a stage that holds tasks", s.label())
}

// decide returns the route a router sends a task along.
func decide(s Stage, f Facts) (Outcome, error) {
	if s.Router != nil {
		r := s.Router
		switch r.By {
		case BySample:
			n, upTo := sampleBucket(f.TaskID, s.ID), 0
			for _, rt := range r.Routes {
				upTo += rt.Rate
				if n < upTo {
					return Outcome(rt.Name), nil
				}
			}
		case ByAnnotator:
			for _, rt := range r.Routes {
				if Outcome(rt.Name) != Otherwise && (anyIn(rt.Users, f.Annotators) || anyIn(rt.Groups, f.AnnotatorGroups)) {
					return Outcome(rt.Name), nil
				}
			}
			if hasRoute(r, Otherwise) {
				return Otherwise, nil
			}
		case ByMetadata:
			for _, rt := range r.Routes {
				if v, ok := f.Metadata[rt.Key]; ok && Outcome(rt.Name) != Otherwise && slices.Contains(rt.Values, v) {
					return Outcome(rt.Name), nil
				}
			}
			if hasRoute(r, Otherwise) {
				return Otherwise, nil
			}
		}
	}
	return "", loupe.Errorf(loupe.Invalid, "'%s' has no route for this task", s.label())
}

// sampleBucket maps a task to 0..99, the same for the same task and router every time, and
// independently for different routers, so that each router's split follows its rates.
func sampleBucket(task loupe.ID, router string) int {
	h := sha256.New()
	h.Write(task[:])
	h.Write([]byte(router))
	return int(binary.BigEndian.Uint64(h.Sum(nil)[:8]) % 100)
}

func anyIn(want, have []loupe.ID) bool {
	for _, id := range want {
		if slices.Contains(have, id) {
			return true
		}
	}
	return false
}

func hasRoute(r *Router, o Outcome) bool {
	for _, rt := range r.Routes {
		if Outcome(rt.Name) == o {
			return true
		}
	}
	return false
}
