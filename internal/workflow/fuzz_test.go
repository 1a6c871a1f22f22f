package workflow

import (
	"encoding/json"
	"testing"
)

// FuzzValidate decodes arbitrary JSON as a graph: Validate must answer, never panic, and a graph
// it accepts must move every task to a stage that holds tasks.
func FuzzValidate(f *testing.F) {
	for _, tmpl := range Templates() {
		b, err := json.Marshal(tmpl.Graph)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(specExample))
	f.Add([]byte(`{"stages": [{"id": "start", "kind": "start", "name": "Start"}, {"id": "r", "kind": "router", "name": "R",
		"router": {"by": "sample", "routes": [{"name": "again", "rate": 60}, {"name": "out", "rate": 40}]}},
		{"id": "done", "kind": "complete", "name": "Done"}],
		"edges": [{"from": "start", "outcome": "next", "to": "r"}, {"from": "r", "outcome": "again", "to": "r"},
		{"from": "r", "outcome": "out", "to": "done"}]}`))
	f.Add([]byte(`{"stages": [{"id": "", "kind": "qa"}], "edges": [{"from": "x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var g Graph
		if json.Unmarshal(data, &g) != nil {
			return
		}
		if err := Validate(g); err != nil {
			if len(fieldErrors(t, err)) == 0 {
				t.Fatalf("refused with no field: %v", err)
			}
			return
		}
		facts := Facts{Metadata: map[string]string{"camera": "front"}}
		copy(facts.TaskID[:], data)
		if s, err := Enter(g, facts); err != nil || !s.Kind.Holds() {
			t.Fatalf("Enter = %s (%s), %v", s.ID, s.Kind, err)
		}
		for _, s := range g.Stages {
			if !s.Kind.Holds() {
				continue
			}
			for _, o := range s.Outcomes() {
				if next, err := Advance(g, s.ID, o, facts); err != nil || !next.Kind.Holds() {
					t.Fatalf("Advance(%s, %s) = %s (%s), %v", s.ID, o, next.ID, next.Kind, err)
				}
			}
		}
	})
}
