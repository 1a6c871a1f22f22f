package workflow

import (
	"fmt"
	"maps"
	"slices"

	"github.com/loupehq/loupe/internal/loupe"
)

// Plan says where the tasks waiting in a live project go when its workflow is replaced. It is
// shown to the user as a dry run before they confirm the change.
type Plan struct {
	Moves []Move `json:"moves"`
}

// Move sends the Tasks waiting at the old stage From to the new stage To; From and To are the
// same id when the tasks stay where they are.
type Move struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Tasks int    `json:"tasks"`
}

// PlanMigration plans the replacement of a live project's workflow old by next. counts holds the
// tasks waiting at each old stage; mapping names, for old stages, the new stage their tasks move
// to. Tasks of an old stage left out of mapping stay at the new stage of the same id when that
// stage holds tasks. next must be valid; its validation errors are returned as they are.
func PlanMigration(old, next Graph, counts map[string]int, mapping map[string]string) (Plan, error) {
	if err := Validate(next); err != nil {
		return Plan{}, err
	}
	var v loupe.Validation
	refused := make(map[string]bool)
	for _, from := range slices.Sorted(maps.Keys(mapping)) {
		p := "mapping." + from
		to := mapping[from]
		t, ok := next.Stage(to)
		switch {
		case !hasStage(old, from):
			v.Add(p, "no stage '%s' in the current workflow", from)
		case to == "":
			v.Add(p, "required")
		case !ok:
			v.Add(p, "no stage '%s' in the new workflow", to)
		case !t.Kind.Holds():
			v.Add(p, "'%s' cannot hold tasks", t.label())
		default:
			continue
		}
		refused[from] = true
	}

	moves := []Move{}
	for _, from := range slices.Sorted(maps.Keys(counts)) {
		n := counts[from]
		s, ok := old.Stage(from)
		switch {
		case n < 0:
			v.Add("counts."+from, "cannot be negative")
			continue
		case n == 0:
			continue
		case !ok:
			v.Add("counts."+from, "no stage '%s' in the current workflow", from)
			continue
		case refused[from]:
			continue
		}
		to, mapped := mapping[from]
		if !mapped {
			if t, ok := next.Stage(from); ok && t.Kind.Holds() {
				to = from
			} else {
				v.Add("mapping."+from, "'%s' holds %s; choose the stage they move to", s.label(), tasks(n))
				continue
			}
		}
		moves = append(moves, Move{From: from, To: to, Tasks: n})
	}
	if err := v.Err(); err != nil {
		return Plan{}, err
	}
	return Plan{Moves: moves}, nil
}

func hasStage(g Graph, id string) bool {
	_, ok := g.Stage(id)
	return ok
}

func tasks(n int) string {
	if n == 1 {
		return "1 task"
	}
	return fmt.Sprintf("%d tasks", n)
}
