package ontology

import (
	"bytes"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func schemaValidate(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(inst)
}

func TestJSONSchema_AcceptsValidOntologies(t *testing.T) {
	t.Parallel()
	s := compileSchema(t)
	for _, name := range []string{"spec-example.json", "spec-example.golden.json", "full.json", "full.golden.json"} {
		if err := schemaValidate(t, s, readFile(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, doc := range []string{
		doc(carWith(nested(5)), ""),
		doc(carWith(`{"id": "plate", "name": "Plate", "type": "text", "options": [], "max_length": 0, "integer": false}`), ""),
		`{"objects": [], "classifications": []}`,
	} {
		if _, err := Parse([]byte(doc)); err != nil {
			t.Fatalf("Parse refuses %s: %v", doc, err)
		}
		if err := schemaValidate(t, s, []byte(doc)); err != nil {
			t.Errorf("%s: %v", doc, err)
		}
	}
}

// TestJSONSchema_RefusesWhatParseRefusesForItsForm checks that the schema agrees with Parse on
// every refusal marked as structural.
func TestJSONSchema_RefusesWhatParseRefusesForItsForm(t *testing.T) {
	t.Parallel()
	s := compileSchema(t)
	n := 0
	for _, tc := range ontologyRefusals {
		if !tc.schema {
			continue
		}
		n++
		t.Run(tc.name, func(t *testing.T) {
			if err := schemaValidate(t, s, []byte(tc.doc)); err == nil {
				t.Errorf("the schema accepts a document Parse refuses with %s", strings.Join(tc.want, "; "))
			}
		})
	}
	if n < 20 {
		t.Errorf("only %d structural refusals", n)
	}
}

func TestJSONSchema_ReturnsACopy(t *testing.T) {
	t.Parallel()
	JSONSchema()[0] = 'x'
	if JSONSchema()[0] != '{' {
		t.Error("changing the returned schema changed the package's")
	}
}
