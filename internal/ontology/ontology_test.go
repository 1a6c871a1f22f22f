package ontology

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestParse_RoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"spec-example", "full"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			source := readFile(t, name+".json")
			o, err := Parse(source)
			if err != nil {
				t.Fatal(err)
			}
			got := marshalIndent(t, o)
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readFile(t, name+".golden.json")
			if !bytes.Equal(got, want) {
				t.Errorf("marshalled ontology differs from %s:\n%s", golden, got)
			}
			// The golden file is stable: parsing and writing it again changes nothing.
			again, err := Parse(want)
			if err != nil {
				t.Fatal(err)
			}
			if second := marshalIndent(t, again); !bytes.Equal(second, want) {
				t.Errorf("second round trip differs:\n%s", second)
			}
			// Only fields set to false, the default, are left out.
			if a, b := withoutDefaults(t, source), withoutDefaults(t, want); !reflect.DeepEqual(a, b) {
				t.Errorf("round trip changed the document:\n%v\n%v", a, b)
			}
		})
	}
}

func TestOntology_MarshalJSON_EmptyListsAreNotNull(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(Ontology{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"objects":[],"classifications":[]}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func marshalIndent(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// withoutDefaults decodes a document and drops the fields set to false, the default.
func withoutDefaults(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var drop func(v any) any
	drop = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if e == false {
					delete(v, k)
				} else {
					v[k] = drop(e)
				}
			}
		case []any:
			for i, e := range v {
				v[i] = drop(e)
			}
		}
		return v
	}
	return drop(v)
}

const car = `{"id": "car", "name": "Car", "shape": "bounding_box", "color": "#e11d48", "hotkey": "c"}`

// doc builds an ontology document from comma-separated object and classification fragments.
func doc(objects, classifications string) string {
	return `{"objects": [` + objects + `], "classifications": [` + classifications + `]}`
}

// carWith is the car class with the given attributes.
func carWith(attributes string) string {
	return strings.TrimSuffix(car, "}") + `, "attributes": [` + attributes + `]}`
}

// classification builds an item classification of the given id with extra fields.
func classification(id, extra string) string {
	return `{"id": "` + id + `", "name": "` + strings.ToUpper(id) + `", "type": "radio", "scope": "item",
		"options": [{"id": "a", "label": "A"}]` + extra + `}`
}

func skeletonObject(skeleton string) string {
	return `{"id": "person", "name": "Person", "shape": "skeleton", "color": "#2563eb", "skeleton": ` + skeleton + `}`
}

// nested returns a radio attribute whose option holds the next level, depth levels in all.
func nested(depth int) string {
	if depth == 1 {
		return `{"id": "a1", "name": "A1", "type": "text"}`
	}
	return `{"id": "a` + string(rune('0'+depth)) + `", "name": "A", "type": "radio", "options": [{"id": "o", "label": "O", "attributes": [` + nested(depth-1) + `]}]}`
}

var skeletonPoints = `"points": [{"id": "head", "name": "Head"}, {"id": "neck", "name": "Neck"}]`

type ontologyCase struct {
	name string
	doc  string
	want []string
	// schema marks a structural fault that the JSON Schema refuses too.
	schema bool
}

var ontologyRefusals = []ontologyCase{
	{name: "ObjectIDMissing", doc: doc(`{"id": "", "name": "Car", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].id: is required"}, schema: true},
	{name: "ObjectIDPattern", doc: doc(`{"id": "Car", "name": "Car", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].id: must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit"}, schema: true},
	{name: "ObjectIDTooLong", doc: doc(`{"id": "`+strings.Repeat("a", 65)+`", "name": "Car", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].id: must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit"}, schema: true},
	{name: "ObjectIDStartsWithDash", doc: doc(`{"id": "-car", "name": "Car", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].id: must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit"}, schema: true},
	{name: "DuplicateObjectID", doc: doc(car+`, {"id": "car", "name": "Auto", "shape": "polygon", "color": "#000000"}`, ""),
		want: []string{"objects[1].id: duplicate object id 'car'"}},
	{name: "DuplicateObjectName", doc: doc(car+`, {"id": "auto", "name": "Car", "shape": "polygon", "color": "#000000"}`, ""),
		want: []string{"objects[1].name: duplicate object name 'Car'"}},
	{name: "DuplicateObjectNameOtherCase", doc: doc(car+`, {"id": "auto", "name": "CAR", "shape": "polygon", "color": "#000000"}`, ""),
		want: []string{"objects[1].name: duplicate object name 'CAR'"}},
	{name: "NameBlank", doc: doc(`{"id": "car", "name": "  ", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].name: is required"}, schema: true},
	{name: "NameTooLong", doc: doc(`{"id": "car", "name": "`+strings.Repeat("é", 101)+`", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].name: longer than 100 characters"}, schema: true},
	{name: "ColorMissing", doc: doc(`{"id": "car", "name": "Car", "shape": "bounding_box"}`, ""),
		want: []string{"objects[0].color: is required"}, schema: true},
	{name: "ColorInvalid", doc: doc(`{"id": "car", "name": "Car", "shape": "bounding_box", "color": "red"}`, ""),
		want: []string{"objects[0].color: must be a color like '#e11d48'"}, schema: true},
	{name: "HotkeyUpperCase", doc: doc(`{"id": "car", "name": "Car", "shape": "bounding_box", "color": "#e11d48", "hotkey": "C"}`, ""),
		want: []string{"objects[0].hotkey: must be one character, a-z or 0-9"}, schema: true},
	{name: "HotkeyTakenByObject", doc: doc(car+`, {"id": "road", "name": "Road", "shape": "polygon", "color": "#000000", "hotkey": "c"}`, ""),
		want: []string{"objects[1].hotkey: 'c' is already the hotkey of 'Car'"}},
	{name: "HotkeyTakenByClassification", doc: doc(car, classification("weather", `, "hotkey": "c"`)),
		want: []string{"classifications[0].hotkey: 'c' is already the hotkey of 'Car'"}},
	{name: "ShapeUnknown", doc: doc(`{"id": "car", "name": "Car", "shape": "circle", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].shape: must be one of bounding_box, rotated_box, polygon, polyline, point, skeleton, mask, text_span, time_segment"}, schema: true},
	{name: "ShapeMissing", doc: doc(`{"id": "car", "name": "Car", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].shape: is required"}, schema: true},
	{name: "SkeletonMissing", doc: doc(`{"id": "person", "name": "Person", "shape": "skeleton", "color": "#2563eb"}`, ""),
		want: []string{"objects[0].skeleton: is required for shape skeleton"}, schema: true},
	{name: "SkeletonOnBox", doc: doc(`{"id": "car", "name": "Car", "shape": "bounding_box", "color": "#e11d48", "skeleton": {`+skeletonPoints+`}}`, ""),
		want: []string{"objects[0].skeleton: only objects of shape skeleton have one"}, schema: true},
	{name: "SkeletonWithoutPoints", doc: doc(skeletonObject(`{"points": []}`), ""),
		want: []string{"objects[0].skeleton.points: a skeleton needs at least 1 point"}, schema: true},
	{name: "SkeletonDuplicatePoint", doc: doc(skeletonObject(`{"points": [{"id": "head", "name": "Head"}, {"id": "head", "name": "Head 2"}]}`), ""),
		want: []string{"objects[0].skeleton.points[1].id: duplicate point id 'head'"}},
	{name: "SkeletonEdgeToUnknownPoint", doc: doc(skeletonObject(`{`+skeletonPoints+`, "edges": [["head", "tail"]]}`), ""),
		want: []string{"objects[0].skeleton.edges[0][1]: no point 'tail' in the skeleton"}},
	{name: "SkeletonEdgeToItself", doc: doc(skeletonObject(`{`+skeletonPoints+`, "edges": [["head", "head"]]}`), ""),
		want: []string{"objects[0].skeleton.edges[0]: joins 'head' to itself"}},
	{name: "SkeletonDuplicateEdge", doc: doc(skeletonObject(`{`+skeletonPoints+`, "edges": [["head", "neck"], ["neck", "head"]]}`), ""),
		want: []string{"objects[0].skeleton.edges[1]: duplicate edge between 'neck' and 'head'"}},
	{name: "SkeletonEdgeOfOnePoint", doc: doc(skeletonObject(`{`+skeletonPoints+`, "edges": [["head"]]}`), ""),
		want: []string{"objects[0].skeleton.edges[0]: must be a list of 2 values"}, schema: true},
	{name: "AttributeTypeUnknown", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "select"}`), ""),
		want: []string{"objects[0].attributes[0].type: must be one of radio, checklist, text, number"}, schema: true},
	{name: "RadioWithoutOptions", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "radio"}`), ""),
		want: []string{"objects[0].attributes[0].options: a radio attribute needs at least 1 option"}, schema: true},
	{name: "ChecklistWithEmptyOptions", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "checklist", "options": []}`), ""),
		want: []string{"objects[0].attributes[0].options: a checklist attribute needs at least 1 option"}, schema: true},
	{name: "TextWithOptions", doc: doc(carWith(`{"id": "plate", "name": "Plate", "type": "text", "options": [{"id": "a", "label": "A"}]}`), ""),
		want: []string{"objects[0].attributes[0].options: a text attribute has no options"}, schema: true},
	{name: "DuplicateOptionID", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "radio", "options": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}`), ""),
		want: []string{"objects[0].attributes[0].options[1].id: duplicate option id 'a'"}},
	{name: "OptionLabelMissing", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "radio", "options": [{"id": "a", "label": ""}]}`), ""),
		want: []string{"objects[0].attributes[0].options[0].label: is required"}, schema: true},
	{name: "DuplicateAttributeID", doc: doc(carWith(`{"id": "plate", "name": "Plate", "type": "text"}, {"id": "plate", "name": "Plate 2", "type": "text"}`), ""),
		want: []string{"objects[0].attributes[1].id: duplicate attribute id 'plate'"}},
	{name: "DuplicateNestedAttributeID", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "radio", "options": [{"id": "a", "label": "A", "attributes": [{"id": "kind", "name": "Again", "type": "text"}]}]}`), ""),
		want: []string{"objects[0].attributes[0].options[0].attributes[0].id: duplicate attribute id 'kind'"}},
	{name: "MinAboveMax", doc: doc(carWith(`{"id": "n", "name": "N", "type": "number", "min": 10, "max": 5}`), ""),
		want: []string{"objects[0].attributes[0].max: must be at least min (10)"}},
	{name: "MaxLengthNegative", doc: doc(carWith(`{"id": "plate", "name": "Plate", "type": "text", "max_length": -1}`), ""),
		want: []string{"objects[0].attributes[0].max_length: must be at least 0"}, schema: true},
	{name: "MaxLengthOnNumber", doc: doc(carWith(`{"id": "n", "name": "N", "type": "number", "max_length": 5}`), ""),
		want: []string{"objects[0].attributes[0].max_length: only text attributes take max_length"}, schema: true},
	{name: "MinOnText", doc: doc(carWith(`{"id": "plate", "name": "Plate", "type": "text", "min": 1}`), ""),
		want: []string{"objects[0].attributes[0].min: only number attributes take min"}, schema: true},
	{name: "IntegerOnRadio", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "radio", "integer": true, "options": [{"id": "a", "label": "A"}]}`), ""),
		want: []string{"objects[0].attributes[0].integer: only number attributes take integer"}, schema: true},
	{name: "NestingTooDeep", doc: doc(carWith(nested(6)), ""),
		want: []string{"objects[0].attributes[0].options[0].attributes[0].options[0].attributes[0].options[0].attributes[0].options[0].attributes[0].options[0].attributes: attributes nest at most 5 levels deep"}},
	{name: "ClassificationNestingTooDeep", doc: doc("", `{"id": "c", "name": "C", "type": "radio", "scope": "item", "options": [{"id": "o", "label": "O", "attributes": [`+nested(5)+`]}]}`),
		want: []string{"classifications[0].options[0].attributes[0].options[0].attributes[0].options[0].attributes[0].options[0].attributes[0].options[0].attributes: attributes nest at most 5 levels deep"}},
	{name: "ScopeUnknown", doc: doc("", `{"id": "weather", "name": "Weather", "type": "text", "scope": "video"}`),
		want: []string{"classifications[0].scope: must be item or frame"}, schema: true},
	{name: "ScopeMissing", doc: doc("", `{"id": "weather", "name": "Weather", "type": "text"}`),
		want: []string{"classifications[0].scope: is required"}, schema: true},
	{name: "DuplicateClassificationID", doc: doc("", classification("weather", "")+`, {"id": "weather", "name": "Sky", "type": "text", "scope": "item"}`),
		want: []string{"classifications[1].id: duplicate classification id 'weather'"}},
	{name: "DuplicateClassificationName", doc: doc("", classification("weather", "")+", "+`{"id": "sky", "name": "weather", "type": "text", "scope": "frame"}`),
		want: []string{"classifications[1].name: duplicate classification name 'weather'"}},
	{name: "NestedIDOfAnotherClassification", doc: doc("", classification("weather", "")+", "+`{"id": "sky", "name": "Sky", "type": "radio", "scope": "item",
		"options": [{"id": "a", "label": "A", "attributes": [{"id": "weather", "name": "W", "type": "text"}]}]}`),
		want: []string{"classifications[1].options[0].attributes[0].id: duplicate attribute id 'weather'"}},
	{name: "TooManyObjects", doc: doc(strings.Repeat(car+",", 1000)+car, ""),
		want: []string{"objects: more than 1000 objects"}, schema: true},
	{name: "TooManyOptions", doc: doc(carWith(`{"id": "kind", "name": "Kind", "type": "radio", "options": [`+strings.Repeat(`{"id": "a", "label": "A"},`, 500)+`{"id": "a", "label": "A"}]}`), ""),
		want: []string{"objects[0].attributes[0].options: more than 500 options"}, schema: true},
	{name: "TooManyAttributes", doc: doc(carWith(strings.Repeat(`{"id": "a", "name": "A", "type": "text"},`, 100)+`{"id": "a", "name": "A", "type": "text"}`), ""),
		want: []string{"objects[0].attributes: more than 100 attributes"}, schema: true},
	// Problems found while decoding.
	{name: "UnknownField", doc: doc(`{"id": "car", "name": "Car", "shape": "bounding_box", "color": "#e11d48", "size": 3}`, ""),
		want: []string{"objects[0].size: unknown field"}, schema: true},
	{name: "FieldNameInOtherCase", doc: doc(`{"ID": "car", "name": "Car", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].ID: unknown field", "objects[0].id: is required"}, schema: true},
	{name: "DuplicateKey", doc: doc(`{"id": "car", "name": "Car", "name": "Auto", "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].name: is given twice"}},
	{name: "WrongType", doc: doc(`{"id": "car", "name": 5, "shape": "bounding_box", "color": "#e11d48"}`, ""),
		want: []string{"objects[0].name: must be a string"}, schema: true},
	{name: "NullRefused", doc: doc(`{"id": "car", "name": "Car", "shape": "bounding_box", "color": "#e11d48", "hotkey": null}`, ""),
		want: []string{"objects[0].hotkey: must be a string"}, schema: true},
	{name: "NumberAsString", doc: doc(carWith(`{"id": "n", "name": "N", "type": "number", "min": "0"}`), ""),
		want: []string{"objects[0].attributes[0].min: must be a number"}, schema: true},
	{name: "MaxLengthNotInteger", doc: doc(carWith(`{"id": "plate", "name": "Plate", "type": "text", "max_length": 2.5}`), ""),
		want: []string{"objects[0].attributes[0].max_length: must be an integer"}, schema: true},
	{name: "ObjectNotAnObject", doc: doc(`5`, ""),
		want: []string{"objects[0]: must be an object"}, schema: true},
	{name: "ClassificationsMissing", doc: `{"objects": []}`,
		want: []string{"classifications: is required"}, schema: true},
	{name: "ObjectsNotAList", doc: `{"objects": {}, "classifications": []}`,
		want: []string{"objects: must be a list"}, schema: true},
	{name: "EveryProblemAtOnce", doc: doc(`{"id": "Car", "name": "Car", "shape": "bounding_box", "color": "#e11d48", "extra": 1},
		{"id": "road", "name": "car", "shape": "polygon", "color": "#000", "hotkey": 7}`, classification("weather", `, "scope": "frame"`)),
		want: []string{
			"objects[0].extra: unknown field",
			"objects[1].hotkey: must be a string",
			"classifications[0].scope: is given twice",
			"objects[0].id: must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit",
			"objects[1].name: duplicate object name 'car'",
			"objects[1].color: must be a color like '#e11d48'",
		}, schema: true},
}

func TestParse_Refusals(t *testing.T) {
	t.Parallel()
	for _, tc := range ontologyRefusals {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.doc))
			wantFields(t, err, tc.want...)
		})
	}
}

func TestParse_DocumentRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, doc, want string }{
		{"Empty", "  \n", "the ontology is empty"},
		{"NotAnObject", `[]`, "the ontology must be a JSON object"},
		{"NotJSON", `{"objects": [}`, "the ontology is not valid JSON: invalid character '}' looking for beginning of value (at byte 13)"},
		{"Truncated", `{"objects": [`, "the ontology is not valid JSON: unexpected EOF"},
		{"TrailingData", `{"objects": [], "classifications": []} {}`, "the ontology is not valid JSON: unexpected data after the JSON value"},
		{"TrailingGarbage", `{"objects": [], "classifications": []} x`, "the ontology is not valid JSON: unexpected data after the JSON value"},
		{"TrailingComma", `{"objects": [], "classifications": [],}`, "the ontology is not valid JSON: invalid character '}' looking for beginning of object key string (at byte 38)"},
		{"NestedTooDeep", doc(carWith(nested(30)), ""), "the ontology is not valid JSON: nested more than 100 levels deep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.doc))
			wantDocumentError(t, err, tc.want)
		})
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	number := func(min, max *float64) Ontology {
		return Ontology{Objects: []Object{{ID: "car", Name: "Car", Shape: BoundingBox, Color: "#e11d48",
			Attributes: []Attribute{{ID: "n", Name: "N", Type: Number, Min: min, Max: max}}}}}
	}
	t.Run("NaNMin", func(t *testing.T) {
		t.Parallel()
		wantFields(t, Check(number(&nan, nil)), "objects[0].attributes[0].min: must be a finite number")
	})
	t.Run("InfiniteMax", func(t *testing.T) {
		t.Parallel()
		wantFields(t, Check(number(nil, &inf)), "objects[0].attributes[0].max: must be a finite number")
	})
	t.Run("Valid", func(t *testing.T) {
		t.Parallel()
		for _, name := range []string{"spec-example.json", "full.json"} {
			if err := Check(mustParse(t, name)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := Check(Ontology{}); err != nil {
			t.Errorf("empty ontology: %v", err)
		}
	})
	t.Run("FiveLevelsDeep", func(t *testing.T) {
		t.Parallel()
		if _, err := Parse([]byte(doc(carWith(nested(5)), ""))); err != nil {
			t.Error(err)
		}
	})
}
