package ontology

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/loupe"
)

const (
	maxObjects            = 1000
	maxClassifications    = 1000
	maxOptions            = 500
	maxAttributesPerLevel = 100
	maxDepth              = 5 // levels of attributes, a classification counting as the first
	maxNameLength         = 100
	defaultMaxTextLength  = 10000
)

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	colorPattern  = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	hotkeyPattern = regexp.MustCompile(`^[a-z0-9]$`)
)

// Check validates an ontology and returns nil or an Invalid *loupe.Error naming every bad field.
//
// Beyond the document's own rules, the ids of classifications and of the attributes nested in
// them are unique across all classifications, not only within one: a label gives their values in
// one flat map, where two equal keys could not be told apart.
func Check(o Ontology) error {
	c := checker{hotkeys: make(map[string]string)}
	c.objects(o.Objects)
	c.classifications(o.Classifications)
	return c.v.Err()
}

type checker struct {
	v       loupe.Validation
	hotkeys map[string]string // hotkey → name of the object or classification that has it
}

func (c *checker) objects(objects []Object) {
	if len(objects) > maxObjects {
		c.v.Add("objects", "more than %d objects", maxObjects)
		return
	}
	ids := make(map[string]bool, len(objects))
	names := make(map[string]bool, len(objects))
	for i := range objects {
		ob := &objects[i]
		p := fmt.Sprintf("objects[%d]", i)
		c.id(p+".id", ob.ID, ids, "object id")
		c.name(p+".name", ob.Name, names, "object name")
		switch {
		case ob.Color == "":
			c.v.Add(p+".color", "is required")
		case !colorPattern.MatchString(ob.Color):
			c.v.Add(p+".color", "must be a color like '#e11d48'")
		}
		c.hotkey(p+".hotkey", ob.Hotkey, ob.Name)
		c.shape(p, ob)
		// Attribute ids are unique within the class, nested ones included: a label's values are one flat map.
		c.attributes(p+".attributes", ob.Attributes, 1, make(map[string]bool))
	}
}

func (c *checker) shape(p string, ob *Object) {
	switch {
	case ob.Shape == "":
		c.v.Add(p+".shape", "is required")
	case !slices.Contains(Shapes, ob.Shape):
		c.v.Add(p+".shape", "must be one of %s", list(Shapes))
	case ob.Shape == ShapeSkeleton && ob.Skeleton == nil:
		c.v.Add(p+".skeleton", "is required for shape skeleton")
	case ob.Shape != ShapeSkeleton && ob.Skeleton != nil:
		c.v.Add(p+".skeleton", "only objects of shape skeleton have one")
	case ob.Skeleton != nil:
		c.skeleton(p+".skeleton", ob.Skeleton)
	}
}

func (c *checker) skeleton(p string, s *Skeleton) {
	if len(s.Points) == 0 {
		c.v.Add(p+".points", "a skeleton needs at least 1 point")
	}
	ids := make(map[string]bool, len(s.Points))
	for i, pt := range s.Points {
		pp := fmt.Sprintf("%s.points[%d]", p, i)
		c.id(pp+".id", pt.ID, ids, "point id")
		c.name(pp+".name", pt.Name, nil, "")
	}
	edges := make(map[[2]string]bool, len(s.Edges))
	for i, e := range s.Edges {
		ep := fmt.Sprintf("%s.edges[%d]", p, i)
		for k, id := range e {
			if !ids[id] {
				c.v.Add(fmt.Sprintf("%s[%d]", ep, k), "no point '%s' in the skeleton", id)
			}
		}
		key := e
		if key[1] < key[0] {
			key[0], key[1] = key[1], key[0]
		}
		switch {
		case e[0] == e[1]:
			c.v.Add(ep, "joins '%s' to itself", e[0])
		case edges[key]:
			c.v.Add(ep, "duplicate edge between '%s' and '%s'", e[0], e[1])
		}
		edges[key] = true
	}
}

func (c *checker) classifications(cls []Classification) {
	if len(cls) > maxClassifications {
		c.v.Add("classifications", "more than %d classifications", maxClassifications)
		return
	}
	ids := make(map[string]bool, len(cls)) // classification ids and every attribute id nested in them
	names := make(map[string]bool, len(cls))
	for i := range cls {
		cl := &cls[i]
		p := fmt.Sprintf("classifications[%d]", i)
		c.id(p+".id", cl.ID, ids, "classification id")
		c.name(p+".name", cl.Name, names, "classification name")
		c.attributeRules(p, &cl.Attribute, 1, ids)
		switch cl.Scope {
		case ScopeItem, ScopeFrame:
		case "":
			c.v.Add(p+".scope", "is required")
		default:
			c.v.Add(p+".scope", "must be item or frame")
		}
		c.hotkey(p+".hotkey", cl.Hotkey, cl.Name)
	}
}

// attributes checks one level of attributes at the given depth, and the levels below it.
// ids collects the attribute ids of the whole tree.
func (c *checker) attributes(p string, attrs []Attribute, depth int, ids map[string]bool) {
	switch {
	case len(attrs) == 0:
		return
	case depth > maxDepth:
		c.v.Add(p, "attributes nest at most %d levels deep", maxDepth)
		return
	case len(attrs) > maxAttributesPerLevel:
		c.v.Add(p, "more than %d attributes", maxAttributesPerLevel)
		return
	}
	for i := range attrs {
		a := &attrs[i]
		ap := fmt.Sprintf("%s[%d]", p, i)
		c.id(ap+".id", a.ID, ids, "attribute id")
		c.name(ap+".name", a.Name, nil, "")
		c.attributeRules(ap, a, depth, ids)
	}
}

// attributeRules checks what an attribute and a classification have in common besides id and name.
func (c *checker) attributeRules(p string, a *Attribute, depth int, ids map[string]bool) {
	switch a.Type {
	case Radio, Checklist:
		c.options(p, a, depth, ids)
	case Text, Number:
		if len(a.Options) > 0 {
			c.v.Add(p+".options", "a %s attribute has no options", a.Type)
		}
	case "":
		c.v.Add(p+".type", "is required")
	default:
		c.v.Add(p+".type", "must be one of %s", list(attributeTypes))
	}
	switch {
	case a.MaxLength < 0:
		c.v.Add(p+".max_length", "must be at least 0")
	case a.MaxLength > 0 && a.Type != Text:
		c.v.Add(p+".max_length", "only text attributes take max_length")
	}
	c.numberRules(p, a)
}

func (c *checker) numberRules(p string, a *Attribute) {
	bounds := []struct {
		name  string
		value *float64
	}{{"min", a.Min}, {"max", a.Max}}
	if a.Type != Number {
		for _, b := range bounds {
			if b.value != nil {
				c.v.Add(p+"."+b.name, "only number attributes take %s", b.name)
			}
		}
		if a.Integer {
			c.v.Add(p+".integer", "only number attributes take integer")
		}
		return
	}
	for _, b := range bounds {
		if b.value != nil && (math.IsNaN(*b.value) || math.IsInf(*b.value, 0)) {
			c.v.Add(p+"."+b.name, "must be a finite number")
			return
		}
	}
	if a.Min != nil && a.Max != nil && *a.Min > *a.Max {
		c.v.Add(p+".max", "must be at least min (%g)", *a.Min)
	}
}

func (c *checker) options(p string, a *Attribute, depth int, ids map[string]bool) {
	switch {
	case len(a.Options) == 0:
		c.v.Add(p+".options", "a %s attribute needs at least 1 option", a.Type)
		return
	case len(a.Options) > maxOptions:
		c.v.Add(p+".options", "more than %d options", maxOptions)
		return
	}
	optionIDs := make(map[string]bool, len(a.Options))
	for j := range a.Options {
		op := &a.Options[j]
		pp := fmt.Sprintf("%s.options[%d]", p, j)
		c.id(pp+".id", op.ID, optionIDs, "option id")
		c.name(pp+".label", op.Label, nil, "")
		c.attributes(pp+".attributes", op.Attributes, depth+1, ids)
	}
}

// id checks the form of an id and, through seen, that it is unique.
func (c *checker) id(p, id string, seen map[string]bool, what string) {
	switch {
	case id == "":
		c.v.Add(p, "is required")
	case !idPattern.MatchString(id):
		c.v.Add(p, "must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit")
	case seen[id]:
		c.v.Add(p, "duplicate %s '%s'", what, id)
	default:
		seen[id] = true
	}
}

// name checks a display name and, when seen is not nil, that no other has it regardless of case.
func (c *checker) name(p, name string, seen map[string]bool, what string) {
	switch {
	case strings.TrimSpace(name) == "":
		c.v.Add(p, "is required")
	case utf8.RuneCountInString(name) > maxNameLength:
		c.v.Add(p, "longer than %d characters", maxNameLength)
	case seen == nil:
	case seen[strings.ToLower(name)]:
		c.v.Add(p, "duplicate %s '%s'", what, name)
	default:
		seen[strings.ToLower(name)] = true
	}
}

func (c *checker) hotkey(p, key, owner string) {
	if key == "" {
		return
	}
	if !hotkeyPattern.MatchString(key) {
		c.v.Add(p, "must be one character, a-z or 0-9")
		return
	}
	if other, taken := c.hotkeys[key]; taken {
		c.v.Add(p, "'%s' is already the hotkey of '%s'", key, other)
		return
	}
	c.hotkeys[key] = owner
}

// list joins enum values for a message: "radio, checklist, text, number".
func list[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
