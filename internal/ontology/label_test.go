package ontology

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
)

var (
	image = Item{Width: 640, Height: 480}
	video = Item{Width: 640, Height: 480, Video: true, Frames: 100}
	text  = Item{TextLength: 100}
	audio = Item{Duration: 10}
)

// fullOntology is testdata/full.json, which has a class of every shape.
var fullOntology = sync.OnceValue(func() Ontology {
	o, err := Parse(mustRead("testdata/full.json"))
	if err != nil {
		panic(err)
	}
	return o
})

// labelOf builds a label document from comma-separated object fragments and other top-level fields.
func labelOf(objects string, rest ...string) string {
	return `{"objects": [` + objects + `]` + strings.Join(append([]string{""}, rest...), ", ") + `}`
}

// obj is an object of a class with a geometry and attribute values.
func obj(class, geometry, attributes string) string {
	return fmt.Sprintf(`{"id": "o-%s", "class": %q, "geometry": %s, "attributes": {%s}}`, class, class, geometry, attributes)
}

// carObj is a valid car with one field replaced or added.
func carObj(extra string) string {
	return `{"id": "o1", "class": "car", "geometry": {"x": 10, "y": 20, "w": 100, "h": 50}, "attributes": {"occlusion": "none"}` + extra + `}`
}

func carGeometry(geometry string) string { return obj("car", geometry, `"occlusion": "none"`) }

func carValues(values string) string {
	return obj("car", `{"x": 10, "y": 20, "w": 100, "h": 50}`, values)
}

func polygon(points string) string { return obj("road", `{"points": `+points+`}`, "") }

const (
	signGeometry = `{"cx": 320, "cy": 100, "w": 40, "h": 40, "angle": 0}`
	mask         = `{"size": [480, 640], "counts": [307200]}`
)

type labelCase struct {
	name  string
	label string
	item  Item
	want  []string
}

var labelRefusals = []labelCase{
	// Objects
	{"UnknownClass", labelOf(obj("truck", `{"x": 1, "y": 1, "w": 1, "h": 1}`, "")), image,
		[]string{"objects[0].class: no object class 'truck' in the ontology"}},
	{"ClassMissing", labelOf(`{"id": "o1", "class": "", "geometry": {}}`), image,
		[]string{"objects[0].class: is required"}},
	{"ObjectIDMissing", labelOf(`{"id": "", "class": "road", "geometry": {"points": [[0, 0], [1, 0], [0, 1]]}}`), image,
		[]string{"objects[0].id: is required"}},
	{"ObjectIDTooLong", labelOf(`{"id": "` + strings.Repeat("x", 65) + `", "class": "road", "geometry": {"points": [[0, 0], [1, 0], [0, 1]]}}`), image,
		[]string{"objects[0].id: longer than 64 characters"}},
	{"DuplicateObjectID", labelOf(carObj("") + ", " + carObj("")), image,
		[]string{"objects[1].id: duplicate object id 'o1' (objects[0])"}},
	{"FrameOnImage", labelOf(carObj(`, "frame": 3`)), image,
		[]string{"objects[0].frame: only video items have frames"}},
	{"FrameNegative", labelOf(carObj(`, "frame": -1`)), video,
		[]string{"objects[0].frame: must be at least 0"}},
	{"FrameBeyondVideo", labelOf(carObj(`, "frame": 100`)), video,
		[]string{"objects[0].frame: must be less than 100, the video's frame count"}},
	{"TrackChangesClass", labelOf(carObj(`, "frame": 1, "track": "t1"`) +
		`, {"id": "o2", "class": "light", "frame": 2, "track": "t1", "geometry": {"x": 1, "y": 1}}`), video,
		[]string{"objects[1].track: track 't1' has class 'car' (objects[0])"}},
	{"TrackTooLong", labelOf(carObj(`, "track": "` + strings.Repeat("t", 65) + `"`)), video,
		[]string{"objects[0].track: longer than 64 characters"}},
	// Geometry, for every shape
	{"GeometryNotAnObject", labelOf(carGeometry(`[10, 20, 100, 50]`)), image,
		[]string{"objects[0].geometry: must be an object"}},
	{"BoxUnknownField", labelOf(carGeometry(`{"x": 10, "y": 20, "w": 100, "h": 50, "z": 1}`)), image,
		[]string{"objects[0].geometry.z: unknown field"}},
	{"BoxFieldMissing", labelOf(carGeometry(`{"x": 10, "y": 20, "w": 100}`)), image,
		[]string{"objects[0].geometry.h: is required"}},
	{"BoxFieldNotANumber", labelOf(carGeometry(`{"x": "10", "y": 20, "w": 100, "h": 50}`)), image,
		[]string{"objects[0].geometry.x: must be a number"}},
	{"BoxInfinite", labelOf(carGeometry(`{"x": 1e400, "y": 20, "w": 100, "h": 50}`)), image,
		[]string{"objects[0].geometry.x: is out of range"}},
	{"BoxEmpty", labelOf(carGeometry(`{"x": 10, "y": 20, "w": 0, "h": 50}`)), image,
		[]string{"objects[0].geometry.w: must be greater than 0"}},
	{"BoxPastRightEdge", labelOf(carGeometry(`{"x": 600, "y": 20, "w": 100, "h": 50}`)), image,
		[]string{"objects[0].geometry.w: x + w = 700 lies outside the item's width 640"}},
	{"BoxAboveTop", labelOf(carGeometry(`{"x": 10, "y": -1, "w": 100, "h": 50}`)), image,
		[]string{"objects[0].geometry.y: y = -1 lies outside the item's height 480"}},
	{"RotatedBoxAngle", labelOf(obj("sign", `{"cx": 320, "cy": 100, "w": 40, "h": 40, "angle": 200}`, `"kind": "stop"`)), image,
		[]string{"objects[0].geometry.angle: must be between -180 and 180 degrees"}},
	{"RotatedBoxCornerOutside", labelOf(obj("sign", `{"cx": 630, "cy": 100, "w": 40, "h": 40, "angle": 0}`, `"kind": "stop"`)), image,
		[]string{"objects[0].geometry: a corner at x = 650 lies outside the item's width 640"}},
	{"RotatedBoxTurnedCornerOutside", labelOf(obj("sign", `{"cx": 320, "cy": 470, "w": 100, "h": 2, "angle": 90}`, `"kind": "stop"`)), image,
		[]string{"objects[0].geometry: a corner at y = 520 lies outside the item's height 480"}},
	{"PolygonTooFewPoints", labelOf(polygon(`[[0, 0], [10, 10]]`)), image,
		[]string{"objects[0].geometry.points: a polygon needs at least 3 points"}},
	{"PolygonSelfIntersecting", labelOf(polygon(`[[0, 0], [0, 10], [10, 0], [10, 10]]`)), image,
		[]string{"objects[0].geometry: the polygon's edges 1 and 3 cross"}},
	{"PolygonTouchingItself", labelOf(polygon(`[[0, 0], [10, 0], [10, 10], [5, 0], [0, 10]]`)), image,
		[]string{"objects[0].geometry: the polygon's edges 0 and 3 touch"}},
	{"PolygonRepeatedPoint", labelOf(polygon(`[[0, 0], [10, 0], [10, 10], [0, 0]]`)), image,
		[]string{"objects[0].geometry.points[3]: repeats points[0]"}},
	{"PolygonFoldsBack", labelOf(polygon(`[[0, 0], [10, 0], [5, 0], [5, 5]]`)), image,
		[]string{"objects[0].geometry.points[1]: the polygon folds back on itself here"}},
	{"PolygonFlat", labelOf(polygon(`[[0, 0], [5, 0], [10, 0]]`)), image,
		[]string{"objects[0].geometry.points[0]: the polygon folds back on itself here"}},
	{"PolygonPointOutside", labelOf(polygon(`[[0, 0], [700, 0], [0, 10]]`)), image,
		[]string{"objects[0].geometry.points[1]: x = 700 lies outside the item's width 640"}},
	{"PolygonPointNotAPair", labelOf(polygon(`[[0, 0], [1], [0, 10]]`)), image,
		[]string{"objects[0].geometry.points[1]: must be a list of 2 values"}},
	{"PolylineOnePoint", labelOf(obj("lane", `{"points": [[0, 0]]}`, `"style": "solid"`)), image,
		[]string{"objects[0].geometry.points: a polyline needs at least 2 points"}},
	{"PointOutside", labelOf(obj("light", `{"x": 641, "y": 10}`, "")), image,
		[]string{"objects[0].geometry: x = 641 lies outside the item's width 640"}},
	{"SkeletonUnknownPoint", labelOf(obj("person", `{"points": {"head": {"x": 1, "y": 1}, "tail": {"x": 2, "y": 2}}}`, "")), image,
		[]string{"objects[0].geometry.points.tail: no point 'tail' in the skeleton of 'Person'"}},
	{"SkeletonWithoutPoints", labelOf(obj("person", `{"points": {}}`, "")), image,
		[]string{"objects[0].geometry.points: a skeleton needs at least 1 point"}},
	{"SkeletonPointOutside", labelOf(obj("person", `{"points": {"neck": {"x": 10, "y": 481}}}`, "")), image,
		[]string{"objects[0].geometry.points.neck: y = 481 lies outside the item's height 480"}},
	{"SkeletonVisibleNotBoolean", labelOf(obj("person", `{"points": {"head": {"x": 1, "y": 1, "visible": "yes"}}}`, "")), image,
		[]string{"objects[0].geometry.points.head.visible: must be true or false"}},
	{"MaskOtherSize", labelOf(obj("sky", `{"size": [480, 600], "counts": [288000]}`, "")), image,
		[]string{"objects[0].geometry.size[1]: must be 640, the item's width"}},
	{"MaskCountsShort", labelOf(obj("sky", `{"size": [480, 640], "counts": [100, 307099]}`, "")), image,
		[]string{"objects[0].geometry.counts: cover 307199 pixels, not the 480×640 = 307200 of the mask"}},
	{"MaskCountsLong", labelOf(obj("sky", `{"size": [480, 640], "counts": [100, 307101]}`, "")), image,
		[]string{"objects[0].geometry.counts: cover more than the 480×640 = 307200 pixels of the mask"}},
	{"MaskNegativeCount", labelOf(obj("sky", `{"size": [480, 640], "counts": [307201, -1]}`, "")), image,
		[]string{"objects[0].geometry.counts: cover more than the 480×640 = 307200 pixels of the mask"}},
	{"MaskCountBelowZero", labelOf(obj("sky", `{"size": [480, 640], "counts": [7, -7, 307200]}`, "")), image,
		[]string{"objects[0].geometry.counts[1]: must be at least 0"}},
	{"MaskEmptySize", labelOf(obj("sky", `{"size": [0, 640], "counts": []}`, "")), Item{},
		[]string{"objects[0].geometry.size: height and width must be greater than 0"}},
	{"TextSpanReversed", labelOf(obj("place", `{"start": 5, "end": 5}`, "")), text,
		[]string{"objects[0].geometry.end: must be greater than start (5)"}},
	{"TextSpanPastText", labelOf(obj("place", `{"start": 5, "end": 101}`, "")), text,
		[]string{"objects[0].geometry.end: must be at most 100, the text's length"}},
	{"TextSpanNegative", labelOf(obj("place", `{"start": -1, "end": 4}`, "")), text,
		[]string{"objects[0].geometry.start: must be at least 0"}},
	{"TextSpanFractional", labelOf(obj("place", `{"start": 1.5, "end": 4}`, "")), text,
		[]string{"objects[0].geometry.start: must be an integer"}},
	{"TimeSegmentPastEnd", labelOf(obj("speech", `{"start": 9, "end": 10.5}`, "")), audio,
		[]string{"objects[0].geometry.end: must be at most 10, the item's duration in seconds"}},
	// Attribute values
	{"RadioNotAnOption", labelOf(carValues(`"occlusion": "full"`)), image,
		[]string{"objects[0].attributes.occlusion: not an option of radio 'Occlusion'"}},
	{"RadioNotAString", labelOf(carValues(`"occlusion": 1`)), image,
		[]string{"objects[0].attributes.occlusion: must be the id of one option of radio 'Occlusion'"}},
	{"RadioNull", labelOf(carValues(`"occlusion": null`)), image,
		[]string{"objects[0].attributes.occlusion: must be the id of one option of radio 'Occlusion'"}},
	{"RequiredMissing", labelOf(carValues(`"plate": "AB-1"`)), image,
		[]string{"objects[0].attributes.occlusion: 'Occlusion' is required"}},
	{"NestedWithoutItsOption", labelOf(carValues(`"occlusion": "none", "occluded_pct": 30`)), image,
		[]string{"objects[0].attributes.occluded_pct: only allowed when 'Occlusion' is 'Partial'"}},
	{"NestedUnderAbsentParent", labelOf(obj("sign", signGeometry, `"limit": 50`)), image,
		[]string{"objects[0].attributes.kind: 'Kind' is required", "objects[0].attributes.limit: only allowed when 'Kind' is 'Speed limit'"}},
	{"NestedRequiredWhenReachable", labelOf(obj("sign", signGeometry, `"kind": "speed_limit"`)), image,
		[]string{"objects[0].attributes.limit: 'Limit (km/h)' is required"}},
	{"NestedUnderRefusedValue", labelOf(carValues(`"occlusion": "most", "occluded_pct": 300`)), image,
		[]string{"objects[0].attributes.occlusion: not an option of radio 'Occlusion'", "objects[0].attributes.occluded_pct: must be at most 100"}},
	{"NumberNotWhole", labelOf(carValues(`"occlusion": "partial", "occluded_pct": 30.5`)), image,
		[]string{"objects[0].attributes.occluded_pct: must be a whole number"}},
	{"NumberBelowMin", labelOf(carValues(`"occlusion": "partial", "occluded_pct": -1`)), image,
		[]string{"objects[0].attributes.occluded_pct: must be at least 0"}},
	{"NumberAboveMax", labelOf(carValues(`"occlusion": "partial", "occluded_pct": 101`)), image,
		[]string{"objects[0].attributes.occluded_pct: must be at most 100"}},
	{"NumberAsString", labelOf(carValues(`"occlusion": "partial", "occluded_pct": "30"`)), image,
		[]string{"objects[0].attributes.occluded_pct: must be a number"}},
	{"NumberOutOfRange", labelOf(carValues(`"occlusion": "partial", "occluded_pct": 1e999`)), image,
		[]string{"objects[0].attributes.occluded_pct: is out of range"}},
	{"ChecklistNotAList", labelOf(carValues(`"occlusion": "none", "tags": "parked"`)), image,
		[]string{"objects[0].attributes.tags: must be a list of option ids of checklist 'Tags'"}},
	{"ChecklistUnknownOption", labelOf(carValues(`"occlusion": "none", "tags": ["parked", "towed"]`)), image,
		[]string{"objects[0].attributes.tags[1]: not an option of checklist 'Tags'"}},
	{"ChecklistRepeated", labelOf(carValues(`"occlusion": "none", "tags": ["parked", "parked"]`)), image,
		[]string{"objects[0].attributes.tags[1]: 'parked' is listed twice"}},
	{"TextTooLong", labelOf(carValues(`"occlusion": "none", "plate": "` + strings.Repeat("é", 21) + `"`)), image,
		[]string{"objects[0].attributes.plate: longer than 20 characters"}},
	{"TextDefaultLimit", labelOf(obj("speech", `{"start": 0, "end": 1}`, `"transcript": "`+strings.Repeat("a", 501)+`"`)), audio,
		[]string{"objects[0].attributes.transcript: longer than 500 characters"}},
	{"TextNotAString", labelOf(carValues(`"occlusion": "none", "plate": 123`)), image,
		[]string{"objects[0].attributes.plate: must be a string"}},
	{"UnknownAttribute", labelOf(carValues(`"occlusion": "none", "colour": "red"`)), image,
		[]string{"objects[0].attributes.colour: not an attribute of 'Car'"}},
	{"AttributeOfAnotherClass", labelOf(carValues(`"occlusion": "none", "style": "solid"`)), image,
		[]string{"objects[0].attributes.style: not an attribute of 'Car'"}},
	{"AttributeKeyWithDot", labelOf(carValues(`"occlusion": "none", "a.b": 1`)), image,
		[]string{`objects[0].attributes["a.b"]: not an attribute of 'Car'`}},
	// Classifications and frames
	{"UnknownClassification", labelOf("", `"classifications": {"season": "summer"}`), image,
		[]string{"classifications.season: no item classification 'season' in the ontology"}},
	{"FrameClassificationOnItem", labelOf("", `"classifications": {"daylight": "day"}`), video,
		[]string{"classifications.daylight: 'Daylight' is a frame classification: give it in frames"}},
	{"ItemClassificationOnFrame", labelOf("", `"frames": [{"frame": 1, "classifications": {"daylight": "day", "weather": "rain"}}]`), video,
		[]string{"frames[0].classifications.weather: 'Weather' is an item classification: give it in classifications"}},
	{"ClassificationNotAnOption", labelOf("", `"classifications": {"weather": "snow"}`), image,
		[]string{"classifications.weather: not an option of radio 'Weather'"}},
	{"ClassificationNestedUnreachable", labelOf("", `"classifications": {"issues": ["glare"], "issue_notes": "low sun"}`), image,
		[]string{"classifications.issue_notes: only allowed when 'Image issues' includes 'Other'"}},
	{"ClassificationNestedRequired", labelOf("", `"classifications": {"issues": ["glare", "other"]}`), image,
		[]string{"classifications.issue_notes: 'Notes' is required"}},
	{"FramesOnImage", labelOf("", `"frames": [{"frame": 1, "classifications": {"daylight": "day"}}]`), image,
		[]string{"frames: only video items have frames"}},
	{"FrameListedTwice", labelOf("", `"frames": [{"frame": 12, "classifications": {"daylight": "day"}}, {"frame": 12, "classifications": {"daylight": "dusk"}}]`), video,
		[]string{"frames[1].frame: frame 12 is already listed (frames[0])"}},
	{"FrameClassificationRequired", labelOf("", `"frames": [{"frame": 3, "classifications": {}}]`), video,
		[]string{"frames[0].classifications.daylight: 'Daylight' is required"}},
	{"FramePastVideo", labelOf("", `"frames": [{"frame": 100, "classifications": {"daylight": "day"}}]`), video,
		[]string{"frames[0].frame: must be less than 100, the video's frame count"}},
	// The spec's example label leaves out the value of a required attribute.
	{"SpecExample", string(mustRead("testdata/spec-label.json")), video,
		[]string{"objects[1].attributes.occlusion: 'Occlusion' is required"}},
	// Problems found while decoding
	{"UnknownTopLevelField", labelOf("", `"meta": {}`), image,
		[]string{"meta: unknown field"}},
	{"ObjectsMissing", `{"classifications": {}}`, image,
		[]string{"objects: is required"}},
	{"GeometryMissing", labelOf(`{"id": "o1", "class": "car", "attributes": {"occlusion": "none"}}`), image,
		[]string{"objects[0].geometry: is required"}},
	{"FrameNotAnInteger", labelOf(carObj(`, "frame": 1.5`)), video,
		[]string{"objects[0].frame: must be an integer"}},
	{"AttributeGivenTwice", labelOf(carValues(`"occlusion": "none", "occlusion": "partial"`)), image,
		[]string{"objects[0].attributes.occlusion: is given twice"}},
	{"FrameNumberMissing", labelOf("", `"frames": [{"classifications": {}}]`), video,
		[]string{"frames[0].frame: is required"}},
	{"EveryProblemAtOnce", labelOf(
		carValues(`"occlusion": "partial"`)+", "+polygon(`[[0, 0], [10, 10], [10, 0], [0, 10]]`)+", "+obj("light", `{"x": 1, "y": 1}`, `"state": "blue"`),
		`"classifications": {"weather": "rain", "season": "summer"}`), image,
		[]string{
			"objects[1].geometry: the polygon's edges 0 and 2 cross",
			"objects[2].attributes.state: not an option of radio 'State'",
			"classifications.season: no item classification 'season' in the ontology",
		}},
}

// validate parses a label document and validates it against the full ontology.
func validate(doc string, it Item) error {
	l, err := ParseLabel([]byte(doc))
	if err != nil {
		return err
	}
	return ValidateLabel(fullOntology(), l, it)
}

func TestValidateLabel(t *testing.T) {
	t.Parallel()
	for _, tc := range labelRefusals {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantFields(t, validate(tc.label, tc.item), tc.want...)
		})
	}
}

func TestValidateLabel_Accepts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		label string
		item  Item
	}{
		{"EveryImageShape", string(mustRead("testdata/full-label.json")), video},
		{"TextSpans", string(mustRead("testdata/text-label.json")), text},
		{"TimeSegment", string(mustRead("testdata/audio-label.json")), audio},
		{"Empty", `{"objects": []}`, image},
		{"NestedValueWithItsOption", labelOf(obj("sign", signGeometry, `"kind": "speed_limit", "limit": 50`)), image},
		{"RequiredNestedNotReachable", labelOf(obj("sign", signGeometry, `"kind": "stop"`)), image},
		{"BoxTouchingEdges", labelOf(carGeometry(`{"x": 0, "y": 0, "w": 640, "h": 480}`)), image},
		{"RotatedBoxTurnedInside", labelOf(obj("sign", `{"cx": 320, "cy": 470, "w": 100, "h": 2, "angle": 0}`, `"kind": "stop"`)), image},
		{"RotatedBoxCornerOnEdge", labelOf(obj("sign", `{"cx": 10, "cy": 10, "w": 20, "h": 20, "angle": 180}`, `"kind": "stop"`)), image},
		{"ConcavePolygon", labelOf(polygon(`[[0, 0], [10, 0], [10, 10], [5, 2], [0, 10]]`)), image},
		{"PolygonWithStraightPoint", labelOf(polygon(`[[0, 0], [5, 0], [10, 0], [5, 5]]`)), image},
		{"PolylineCrossingItself", labelOf(obj("lane", `{"points": [[0, 0], [10, 10], [10, 0], [0, 10]]}`, `"style": "solid"`)), image},
		{"UnknownSizeNotChecked", labelOf(carGeometry(`{"x": 5000, "y": 5000, "w": 100, "h": 50}`) + ", " + obj("sky", `{"size": [2, 3], "counts": [1, 2, 3]}`, "")), Item{}},
		{"VideoOfUnknownLength", labelOf(carObj(`, "frame": 100000`)), Item{Video: true}},
		{"TrackAcrossFrames", labelOf(carObj(`, "frame": 1, "track": "t1"`) + `, {"id": "o2", "class": "car", "frame": 2, "track": "t1", "geometry": {"x": 1, "y": 1, "w": 1, "h": 1}, "attributes": {"occlusion": "none"}}`), video},
		{"ChecklistOpensNested", labelOf("", `"classifications": {"issues": ["other"], "issue_notes": "lens cap on"}`), image},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := validate(tc.label, tc.item); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestParseLabel_DocumentRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, doc, want string }{
		{"Empty", "", "the label is empty"},
		{"NotAnObject", `"label"`, "the label must be a JSON object"},
		{"TrailingData", `{"objects": []}]`, "the label is not valid JSON: unexpected data after the JSON value"},
		{"BrokenGeometry", `{"objects": [{"id": "o1", "class": "car", "geometry": {"x": }}]}`,
			"the label is not valid JSON: invalid character '}' looking for beginning of value (at byte 47)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseLabel([]byte(tc.doc))
			wantDocumentError(t, err, tc.want)
		})
	}
}

func TestValidateLabel_Bounds(t *testing.T) {
	t.Parallel()
	t.Run("TooManyObjects", func(t *testing.T) {
		t.Parallel()
		l := Label{Objects: make([]ObjectLabel, maxLabelObjects+1)}
		wantFields(t, ValidateLabel(fullOntology(), l, image), "objects: more than 100000 objects")
	})
	t.Run("TooManyPoints", func(t *testing.T) {
		t.Parallel()
		l := Label{Objects: []ObjectLabel{{ID: "o1", Class: "road", Geometry: circle(maxPoints + 1)}}}
		wantFields(t, ValidateLabel(fullOntology(), l, Item{}), "objects[0].geometry.points: more than 100000 points")
	})
	t.Run("LargestPolygon", func(t *testing.T) {
		t.Parallel()
		l := Label{Objects: []ObjectLabel{{ID: "o1", Class: "road", Geometry: circle(maxPoints)}}}
		if err := ValidateLabel(fullOntology(), l, Item{}); err != nil {
			t.Error(err)
		}
	})
	t.Run("LargestComb", func(t *testing.T) {
		t.Parallel()
		// Every tooth spans the whole width, so every edge is on the sweep line at once: the case
		// that would make a pairwise test quadratic.
		l := Label{Objects: []ObjectLabel{{ID: "o1", Class: "road", Geometry: comb((maxPoints - 2) / 4)}}}
		if err := ValidateLabel(fullOntology(), l, Item{}); err != nil {
			t.Error(err)
		}
	})
	t.Run("GeometryOfGoValue", func(t *testing.T) {
		t.Parallel()
		l := Label{Objects: []ObjectLabel{
			{ID: "o1", Class: "road"},
			{ID: "o2", Class: "road", Geometry: json.RawMessage(`{"points": [`)},
		}}
		wantFields(t, ValidateLabel(fullOntology(), l, Item{}),
			"objects[0].geometry: is required", "objects[1].geometry: not valid JSON: unexpected EOF")
	})
}

// circle is the geometry of a polygon of n points around a circle.
func circle(n int) json.RawMessage {
	pts := make([][2]float64, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = [2]float64{1e6 + 1e6*math.Cos(a), 1e6 + 1e6*math.Sin(a)}
	}
	return pointsJSON(pts)
}

// comb is the geometry of a polygon with teeth long horizontal teeth pointing right.
func comb(teeth int) json.RawMessage {
	var pts [][2]float64
	for i := range teeth {
		y := float64(4 * i)
		pts = append(pts, [2]float64{0, y}, [2]float64{1000, y}, [2]float64{1000, y + 2}, [2]float64{1, y + 2})
	}
	pts[len(pts)-1][0] = 0 // the spine comes back down along x = 0
	slices := append(pts, [2]float64{-1, float64(4*teeth - 2)}, [2]float64{-1, 0})
	return pointsJSON(slices)
}

func pointsJSON(pts [][2]float64) json.RawMessage {
	data, err := json.Marshal(pointsGeometry{Points: pts})
	if err != nil {
		panic(err)
	}
	return data
}
