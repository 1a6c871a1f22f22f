package ontology

import (
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/loupe"
)

const (
	maxLabelObjects   = 100000
	maxPoints         = 100000 // of one polygon or polyline
	maxObjectIDLength = 64
	maxTrackLength    = 64
)

// Label is one revision of the annotation of a data item, validated against an ontology version.
type Label struct {
	Objects         []ObjectLabel          `json:"objects"`
	Classifications Values                 `json:"classifications,omitempty"`
	Frames          []FrameClassifications `json:"frames,omitempty"`
}

// MarshalJSON writes an empty objects list as [] rather than null.
func (l Label) MarshalJSON() ([]byte, error) {
	type plain Label
	p := plain(l)
	if p.Objects == nil {
		p.Objects = []ObjectLabel{}
	}
	return json.Marshal(p)
}

// ObjectLabel is one drawn object: its class, its geometry and its attribute values.
type ObjectLabel struct {
	ID    string `json:"id"`
	Class string `json:"class"`
	// Frame places the object on one frame of a video.
	Frame *int `json:"frame,omitempty"`
	// Track ties the objects that are one thing across frames.
	Track string `json:"track,omitempty"`
	// Geometry's form depends on the class's shape; it is checked by ValidateLabel.
	Geometry   json.RawMessage `json:"geometry"`
	Attributes Values          `json:"attributes,omitempty"`
}

// FrameClassifications holds the values of frame-scope classifications on one video frame.
type FrameClassifications struct {
	Frame           int    `json:"frame"`
	Classifications Values `json:"classifications"`
}

// Values maps attribute ids, nested ones included, to their values.
type Values map[string]json.RawMessage

// Item is what is known of the data item a label annotates. A zero field is unknown, and the
// bounds it would set are then not checked.
type Item struct {
	Width, Height int // pixels
	Video         bool
	Frames        int
	Duration      float64 // seconds
	TextLength    int     // Unicode code points
}

// ParseLabel decodes a label document strictly: unknown fields, duplicate keys, wrong types and
// trailing data are refused. Geometry and values are checked by ValidateLabel.
func ParseLabel(data []byte) (Label, error) {
	var l Label
	var v loupe.Validation
	if err := decodeDocument(data, &l, "label", &v); err != nil {
		return Label{}, err
	}
	if err := v.Err(); err != nil {
		return Label{}, err
	}
	return l, nil
}

// ValidateLabel checks a label against the ontology it was made with (one that passes Check) and
// the item it annotates, and returns nil or an Invalid *loupe.Error naming every bad field.
func ValidateLabel(o Ontology, l Label, it Item) error {
	lc := newLabelCheck(o, it)
	if len(l.Objects) > maxLabelObjects {
		lc.v.Add("objects", "more than %d objects", maxLabelObjects)
		return lc.v.Err()
	}
	lc.objects(l.Objects)
	lc.values("classifications", lc.itemScope, l.Classifications, lc.unknownItemClassification)
	lc.frames(l.Frames)
	return lc.v.Err()
}

type labelCheck struct {
	v          loupe.Validation
	item       Item
	classes    map[string]*Object
	itemScope  []Attribute
	frameScope []Attribute
	// classifiedBy maps every classification attribute id, nested ones included, to the
	// classification it belongs to.
	classifiedBy map[string]*Classification
}

func newLabelCheck(o Ontology, it Item) *labelCheck {
	lc := &labelCheck{
		item:         it,
		classes:      make(map[string]*Object, len(o.Objects)),
		classifiedBy: make(map[string]*Classification),
	}
	for i := range o.Objects {
		lc.classes[o.Objects[i].ID] = &o.Objects[i]
	}
	for i := range o.Classifications {
		cl := &o.Classifications[i]
		if cl.Scope == ScopeFrame {
			lc.frameScope = append(lc.frameScope, cl.Attribute)
		} else {
			lc.itemScope = append(lc.itemScope, cl.Attribute)
		}
		eachAttribute([]Attribute{cl.Attribute}, func(a *Attribute) { lc.classifiedBy[a.ID] = cl })
	}
	return lc
}

// eachAttribute calls f for every attribute of a tree, nested ones included.
func eachAttribute(attrs []Attribute, f func(*Attribute)) {
	for i := range attrs {
		f(&attrs[i])
		for _, op := range attrs[i].Options {
			eachAttribute(op.Attributes, f)
		}
	}
}

// track remembers the class a track has and the object that gave it.
type track struct {
	class  string
	object int
}

func (lc *labelCheck) objects(objects []ObjectLabel) {
	ids := make(map[string]int, len(objects))
	tracks := make(map[string]track)
	for i := range objects {
		ol := &objects[i]
		p := fmt.Sprintf("objects[%d]", i)
		lc.objectID(p+".id", ol.ID, i, ids)
		if ol.Frame != nil {
			lc.frame(p+".frame", *ol.Frame)
		}
		lc.track(p+".track", ol, i, tracks)
		class, known := lc.classes[ol.Class]
		switch {
		case ol.Class == "":
			lc.v.Add(p+".class", "is required")
		case !known:
			lc.v.Add(p+".class", "no object class '%s' in the ontology", ol.Class)
		default:
			lc.geometry(p+".geometry", class, ol.Geometry)
			lc.values(p+".attributes", class.Attributes, ol.Attributes, func(string) string {
				return fmt.Sprintf("not an attribute of '%s'", class.Name)
			})
		}
	}
}

func (lc *labelCheck) objectID(p, id string, i int, ids map[string]int) {
	first, dup := ids[id]
	switch {
	case id == "":
		lc.v.Add(p, "is required")
	case utf8.RuneCountInString(id) > maxObjectIDLength:
		lc.v.Add(p, "longer than %d characters", maxObjectIDLength)
	case dup:
		lc.v.Add(p, "duplicate object id '%s' (objects[%d])", id, first)
	default:
		ids[id] = i
	}
}

func (lc *labelCheck) track(p string, ol *ObjectLabel, i int, tracks map[string]track) {
	if ol.Track == "" {
		return
	}
	if utf8.RuneCountInString(ol.Track) > maxTrackLength {
		lc.v.Add(p, "longer than %d characters", maxTrackLength)
		return
	}
	t, seen := tracks[ol.Track]
	switch {
	case !seen:
		tracks[ol.Track] = track{class: ol.Class, object: i}
	case t.class != ol.Class:
		lc.v.Add(p, "track '%s' has class '%s' (objects[%d])", ol.Track, t.class, t.object)
	}
}

func (lc *labelCheck) frame(p string, frame int) {
	switch {
	case !lc.item.Video:
		lc.v.Add(p, "only video items have frames")
	case frame < 0:
		lc.v.Add(p, "must be at least 0")
	case lc.item.Frames > 0 && frame >= lc.item.Frames:
		lc.v.Add(p, "must be less than %d, the video's frame count", lc.item.Frames)
	}
}

func (lc *labelCheck) frames(frames []FrameClassifications) {
	if len(frames) > 0 && !lc.item.Video {
		lc.v.Add("frames", "only video items have frames")
		return
	}
	seen := make(map[int]int, len(frames))
	for i, fc := range frames {
		p := fmt.Sprintf("frames[%d]", i)
		if first, dup := seen[fc.Frame]; dup {
			lc.v.Add(p+".frame", "frame %d is already listed (frames[%d])", fc.Frame, first)
		} else {
			seen[fc.Frame] = i
			lc.frame(p+".frame", fc.Frame)
		}
		lc.values(p+".classifications", lc.frameScope, fc.Classifications, lc.unknownFrameClassification)
	}
}

func (lc *labelCheck) unknownItemClassification(key string) string {
	if cl, ok := lc.classifiedBy[key]; ok && cl.Scope == ScopeFrame {
		return fmt.Sprintf("'%s' is a frame classification: give it in frames", cl.Name)
	}
	return fmt.Sprintf("no item classification '%s' in the ontology", key)
}

func (lc *labelCheck) unknownFrameClassification(key string) string {
	if cl, ok := lc.classifiedBy[key]; ok && cl.Scope != ScopeFrame {
		return fmt.Sprintf("'%s' is an item classification: give it in classifications", cl.Name)
	}
	return fmt.Sprintf("no frame classification '%s' in the ontology", key)
}

// values checks a flat map of values against a tree of attributes; unknown says why a key that
// names none of them is refused.
func (lc *labelCheck) values(p string, attrs []Attribute, vals Values, unknown func(key string) string) {
	w := valueWalk{v: &lc.v, path: p, values: vals, seen: make(map[string]bool, len(vals))}
	w.level(attrs, reachable, "")
	var extra []string
	for key := range vals {
		if !w.seen[key] {
			extra = append(extra, key)
		}
	}
	slices.Sort(extra)
	for _, key := range extra {
		lc.v.Add(joinKey(p, key), "%s", unknown(key))
	}
}
