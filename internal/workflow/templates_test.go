package workflow

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestTemplates(t *testing.T) {
	t.Parallel()
	want := []string{"annotate", "annotate-review", "annotate-review-rework", "consensus-review"}
	got := Templates()
	if len(got) != len(want) {
		t.Fatalf("%d templates, want %d", len(got), len(want))
	}
	for i, tmpl := range got {
		if tmpl.ID != want[i] {
			t.Errorf("template %d is %q, want %q", i, tmpl.ID, want[i])
		}
		if tmpl.Name == "" || tmpl.Description == "" {
			t.Errorf("%s: name or description missing", tmpl.ID)
		}
		if err := Validate(tmpl.Graph); err != nil {
			t.Errorf("%s: %v", tmpl.ID, err)
		}
		// Tidy for the builder: columns 200px apart from x 40, on rows at y 120 and 300.
		for _, s := range tmpl.Graph.Stages {
			col := (s.Position.X - 40) / 200
			if col != float64(int(col)) || col < 0 || (s.Position.Y != 120 && s.Position.Y != 300) {
				t.Errorf("%s: stage %s at %v", tmpl.ID, s.ID, s.Position)
			}
		}
		byID, ok := TemplateByID(tmpl.ID)
		if !ok || !reflect.DeepEqual(byID, tmpl) {
			t.Errorf("TemplateByID(%q) = %v, %v", tmpl.ID, byID.ID, ok)
		}
	}
	if _, ok := TemplateByID("nope"); ok {
		t.Error("TemplateByID found an unknown template")
	}
}

func TestTemplates_Shapes(t *testing.T) {
	t.Parallel()
	// Each template's edges, as from -outcome-> to.
	want := map[string]string{
		"annotate":               "start -next-> annotate, annotate -submitted-> complete",
		"annotate-review":        "start -next-> annotate, annotate -submitted-> review, review -approved-> complete, review -rejected-> annotate",
		"annotate-review-rework": "start -next-> annotate, annotate -submitted-> review, review -approved-> complete, review -rejected-> rework, rework -submitted-> review",
		"consensus-review":       "start -next-> consensus, consensus -agreed-> review, consensus -disagreed-> review, review -approved-> complete, review -rejected-> consensus",
	}
	for _, tmpl := range Templates() {
		var edges []string
		for _, e := range tmpl.Graph.Edges {
			edges = append(edges, e.From+" -"+string(e.Outcome)+"-> "+e.To)
		}
		if got := strings.Join(edges, ", "); got != want[tmpl.ID] {
			t.Errorf("%s:\n got %s\nwant %s", tmpl.ID, got, want[tmpl.ID])
		}
	}
	c, _ := TemplateByID("consensus-review")
	s, _ := c.Graph.Stage("consensus")
	if s.Consensus == nil || s.Consensus.Annotators != 3 || s.Consensus.Threshold != 0.8 {
		t.Errorf("consensus settings %+v", s.Consensus)
	}
}

// TestTemplates_Fresh checks that a caller changing a template changes no one else's.
func TestTemplates_Fresh(t *testing.T) {
	t.Parallel()
	a, _ := TemplateByID("consensus-review")
	a.Graph.Stages[1].Consensus.Annotators = 9
	a.Graph.Stages[0].Name = "Changed"
	b, _ := TemplateByID("consensus-review")
	if b.Graph.Stages[1].Consensus.Annotators != 3 || b.Graph.Stages[0].Name != "Start" {
		t.Error("a change to one template's graph reached another")
	}
}

// specExample is the workflow example of the format's specification, with its elided ids filled in.
const specExample = `{
  "stages": [
    {"id": "start", "kind": "start", "name": "Start", "position": {"x": 40, "y": 120}},
    {"id": "annotate", "kind": "annotate", "name": "Annotate", "position": {"x": 220, "y": 120},
     "assignees": [{"type": "group", "id": "0190a5a4-7c1e-7cc3-8d2b-5e6f7a8b9c0d"}]},
    {"id": "review", "kind": "review", "name": "Review", "position": {"x": 420, "y": 120}},
    {"id": "sample", "kind": "router", "name": "10% to expert review", "position": {"x": 620, "y": 120},
     "router": {"by": "sample", "routes": [{"name": "expert", "rate": 10}, {"name": "done", "rate": 90}]}},
    {"id": "consensus", "kind": "consensus", "name": "Consensus", "position": {"x": 220, "y": 300},
     "consensus": {"annotators": 3, "threshold": 0.8, "resolvers": [{"type": "user", "id": "0190a5a4-7c1e-7cc3-8d2b-5e6f7a8b9c0e"}]}},
    {"id": "complete", "kind": "complete", "name": "Complete", "position": {"x": 820, "y": 120}}
  ],
  "edges": [
    {"from": "start", "outcome": "next", "to": "annotate"},
    {"from": "annotate", "outcome": "submitted", "to": "review"},
    {"from": "review", "outcome": "approved", "to": "sample"},
    {"from": "review", "outcome": "rejected", "to": "annotate"},
    {"from": "sample", "outcome": "expert", "to": "consensus"},
    {"from": "sample", "outcome": "done", "to": "complete"},
    {"from": "consensus", "outcome": "agreed", "to": "complete"},
    {"from": "consensus", "outcome": "disagreed", "to": "review"}
  ]
}`

// TestGraph_JSON checks the field names against the specification: the example decodes with no
// unknown field and encodes back to the same document.
func TestGraph_JSON(t *testing.T) {
	t.Parallel()
	dec := json.NewDecoder(strings.NewReader(specExample))
	dec.DisallowUnknownFields()
	var g Graph
	if err := dec.Decode(&g); err != nil {
		t.Fatal(err)
	}
	if err := Validate(g); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal([]byte(specExample), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		var b bytes.Buffer
		_ = json.Indent(&b, out, "", "  ")
		t.Errorf("encoded as\n%s", b.String())
	}
}
