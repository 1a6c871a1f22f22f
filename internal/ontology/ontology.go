// Package ontology is Loupe's labeling schema: the ontology document (object classes with their
// shapes and nested attributes, and global classifications), its validation, the label document
// validated against it, and the difference between two ontology versions. It is pure: values in,
// values out.
package ontology

import (
	"encoding/json"

	"github.com/loupehq/loupe/internal/loupe"
)

// Ontology is one version of a labeling schema, stored as the JSON document a client sent.
type Ontology struct {
	Objects         []Object         `json:"objects"`
	Classifications []Classification `json:"classifications"`
}

// MarshalJSON writes empty lists as [] so that clients never see null where a list is required.
func (o Ontology) MarshalJSON() ([]byte, error) {
	type plain Ontology
	p := plain(o)
	if p.Objects == nil {
		p.Objects = []Object{}
	}
	if p.Classifications == nil {
		p.Classifications = []Classification{}
	}
	return json.Marshal(p)
}

// Object is a class of things an annotator draws, all of one shape.
type Object struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Shape      Shape       `json:"shape"`
	Color      string      `json:"color"`
	Hotkey     string      `json:"hotkey,omitempty"`
	Skeleton   *Skeleton   `json:"skeleton,omitempty"`
	Attributes []Attribute `json:"attributes,omitempty"`
}

// Shape is the geometry an object class is drawn with.
type Shape string

const (
	BoundingBox   Shape = "bounding_box"
	RotatedBox    Shape = "rotated_box"
	Polygon       Shape = "polygon"
	Polyline      Shape = "polyline"
	Point         Shape = "point"
	ShapeSkeleton Shape = "skeleton"
	Mask          Shape = "mask"
	TextSpan      Shape = "text_span"
	TimeSegment   Shape = "time_segment"
)

// Shapes lists every shape.
var Shapes = []Shape{BoundingBox, RotatedBox, Polygon, Polyline, Point, ShapeSkeleton, Mask, TextSpan, TimeSegment}

// Skeleton is the keypoint graph of an object class of shape skeleton.
type Skeleton struct {
	Points []SkeletonPoint `json:"points"`
	Edges  [][2]string     `json:"edges,omitempty"`
}

// SkeletonPoint is one named keypoint of a skeleton.
type SkeletonPoint struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// AttributeType is the kind of value an attribute takes.
type AttributeType string

const (
	Radio     AttributeType = "radio"     // one option id
	Checklist AttributeType = "checklist" // a list of option ids
	Text      AttributeType = "text"      // a string
	Number    AttributeType = "number"    // a number
)

var attributeTypes = []AttributeType{Radio, Checklist, Text, Number}

// Attribute is a question asked about an object or, as a classification, about the item.
type Attribute struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Type     AttributeType `json:"type"`
	Required bool          `json:"required,omitempty"`
	Options  []Option      `json:"options,omitempty"`
	// MaxLength limits a text value in characters; 0 means the default, 10000.
	MaxLength int      `json:"max_length,omitempty"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	Integer   bool     `json:"integer,omitempty"`
}

// Option is one answer of a radio or checklist attribute; choosing it opens its own attributes.
type Option struct {
	ID         string      `json:"id"`
	Label      string      `json:"label"`
	Attributes []Attribute `json:"attributes,omitempty"`
}

// Classification is an attribute of the whole item, or of each frame of a video.
type Classification struct {
	Attribute
	Scope  Scope  `json:"scope"`
	Hotkey string `json:"hotkey,omitempty"`
}

// Scope says what a classification describes.
type Scope string

const (
	ScopeItem  Scope = "item"
	ScopeFrame Scope = "frame"
)

// Parse decodes an ontology document strictly — unknown fields, duplicate keys, wrong types and
// trailing data are refused — and checks it. Every problem found is reported at once.
func Parse(data []byte) (Ontology, error) {
	var o Ontology
	var v loupe.Validation
	if err := decodeDocument(data, &o, "ontology", &v); err != nil {
		return Ontology{}, err
	}
	if err := mergeFieldErrors(v.Err(), Check(o)); err != nil {
		return Ontology{}, err
	}
	return o, nil
}
