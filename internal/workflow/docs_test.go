package workflow

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestDocs checks the workflows pasted in docs/workflows.md: each is valid, and the templates are
// the built-ins as they are.
func TestDocs(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/workflows.md")
	if err != nil {
		t.Fatal(err)
	}
	var graphs []Graph
	for _, m := range regexp.MustCompile("(?s)```json\n(\\{\n  \"stages\".*?)```").FindAllSubmatch(doc, -1) {
		dec := json.NewDecoder(strings.NewReader(string(m[1])))
		dec.DisallowUnknownFields()
		var g Graph
		if err := dec.Decode(&g); err != nil {
			t.Fatalf("%v in\n%s", err, m[1])
		}
		if err := Validate(g); err != nil {
			t.Errorf("%v in\n%s", err, m[1])
		}
		graphs = append(graphs, g)
	}
	templates := Templates()
	if len(graphs) != 1+len(templates) {
		t.Fatalf("%d workflows in the docs, want the example and %d templates", len(graphs), len(templates))
	}
	for i, tmpl := range templates {
		if got, want := canonical(t, graphs[1+i]), canonical(t, tmpl.Graph); !reflect.DeepEqual(got, want) {
			t.Errorf("the docs show template %s as\n%v\nwant\n%v", tmpl.ID, got, want)
		}
	}
}

func canonical(t *testing.T, g Graph) any {
	t.Helper()
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
