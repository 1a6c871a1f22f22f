package ontology

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Change is one difference between two versions of an ontology. Path names what changed by ids,
// which stay put across versions: "objects.car.attributes.occlusion.options.heavy".
type Change struct {
	Path        string `json:"path"`
	Breaking    bool   `json:"breaking"`
	Description string `json:"description"`
}

// Diff lists what changed from old to new, ordered by path. A change is breaking when a label
// valid under old could be invalid under new.
func Diff(old, new Ontology) []Change {
	var d differ
	d.objects(old.Objects, new.Objects)
	d.classifications(old.Classifications, new.Classifications)
	slices.SortFunc(d.changes, func(a, b Change) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Description, b.Description))
	})
	return d.changes
}

// Breaking reports whether any of the changes is breaking.
func Breaking(cs []Change) bool {
	return slices.ContainsFunc(cs, func(c Change) bool { return c.Breaking })
}

type differ struct{ changes []Change }

func (d *differ) add(path string, breaking bool, format string, args ...any) {
	d.changes = append(d.changes, Change{Path: path, Breaking: breaking, Description: fmt.Sprintf(format, args...)})
}

func (d *differ) objects(old, new []Object) {
	before := byID(old, func(o *Object) string { return o.ID })
	after := byID(new, func(o *Object) string { return o.ID })
	for id, n := range after {
		p := "objects." + id
		if o, ok := before[id]; ok {
			d.object(p, o, n)
		} else {
			d.add(p, false, "object '%s' added", n.Name)
		}
	}
	for id, o := range before {
		if after[id] == nil {
			d.add("objects."+id, true, "object '%s' removed", o.Name)
		}
	}
}

func (d *differ) object(p string, o, n *Object) {
	if o.Name != n.Name {
		d.add(p+".name", false, "object '%s' renamed to '%s'", o.Name, n.Name)
	}
	if o.Color != n.Color {
		d.add(p+".color", false, "color of '%s' changed from %s to %s", n.Name, o.Color, n.Color)
	}
	d.hotkey(p+".hotkey", n.Name, o.Hotkey, n.Hotkey)
	switch {
	case o.Shape != n.Shape:
		d.add(p+".shape", true, "shape of '%s' changed from %s to %s", n.Name, o.Shape, n.Shape)
	case o.Skeleton != nil && n.Skeleton != nil:
		d.skeleton(p+".skeleton", n.Name, o.Skeleton, n.Skeleton)
	}
	d.attributes(p+".attributes", n.Name, "", indexAttributes(o.Attributes), indexAttributes(n.Attributes))
}

func (d *differ) hotkey(p, name, o, n string) {
	switch {
	case o == n:
	case o == "":
		d.add(p, false, "hotkey '%s' given to '%s'", n, name)
	case n == "":
		d.add(p, false, "hotkey '%s' of '%s' removed", o, name)
	default:
		d.add(p, false, "hotkey of '%s' changed from '%s' to '%s'", name, o, n)
	}
}

func (d *differ) skeleton(p, name string, o, n *Skeleton) {
	before := byID(o.Points, func(sp *SkeletonPoint) string { return sp.ID })
	after := byID(n.Points, func(sp *SkeletonPoint) string { return sp.ID })
	for id, np := range after {
		pp := p + ".points." + id
		switch op := before[id]; {
		case op == nil:
			d.add(pp, false, "point '%s' added to the skeleton of '%s'", np.Name, name)
		case op.Name != np.Name:
			d.add(pp+".name", false, "point '%s' of '%s' renamed to '%s'", op.Name, name, np.Name)
		}
	}
	for id, op := range before {
		if after[id] == nil {
			d.add(p+".points."+id, true, "point '%s' removed from the skeleton of '%s'", op.Name, name)
		}
	}
	// Removing an edge breaks no label: labels place points, not edges.
	oldEdges, newEdges := edgeSet(o.Edges), edgeSet(n.Edges)
	for e := range newEdges {
		if !oldEdges[e] {
			d.add(fmt.Sprintf("%s.edges[%s,%s]", p, e[0], e[1]), false, "edge between '%s' and '%s' added to the skeleton of '%s'",
				pointName(after, e[0]), pointName(after, e[1]), name)
		}
	}
	for e := range oldEdges {
		if !newEdges[e] {
			d.add(fmt.Sprintf("%s.edges[%s,%s]", p, e[0], e[1]), false, "edge between '%s' and '%s' removed from the skeleton of '%s'",
				pointName(before, e[0]), pointName(before, e[1]), name)
		}
	}
}

func edgeSet(edges [][2]string) map[[2]string]bool {
	set := make(map[[2]string]bool, len(edges))
	for _, e := range edges {
		if e[1] < e[0] {
			e[0], e[1] = e[1], e[0]
		}
		set[e] = true
	}
	return set
}

func pointName(points map[string]*SkeletonPoint, id string) string {
	if sp := points[id]; sp != nil {
		return sp.Name
	}
	return id
}

func (d *differ) classifications(old, new []Classification) {
	before := byID(old, func(c *Classification) string { return c.ID })
	after := byID(new, func(c *Classification) string { return c.ID })
	for id, n := range after {
		p := "classifications." + id
		o, ok := before[id]
		switch {
		case ok:
			d.classification(p, o, n)
		case n.Required:
			// Labels made before it lack its value.
			d.add(p, true, "required classification '%s' added", n.Name)
		default:
			d.add(p, false, "classification '%s' added", n.Name)
		}
	}
	for id, o := range before {
		if after[id] == nil {
			d.add("classifications."+id, true, "classification '%s' removed", o.Name)
		}
	}
}

func (d *differ) classification(p string, o, n *Classification) {
	if o.Scope != n.Scope {
		d.add(p+".scope", true, "scope of classification '%s' changed from %s to %s", n.Name, o.Scope, n.Scope)
	}
	d.hotkey(p+".hotkey", n.Name, o.Hotkey, n.Hotkey)
	before, after := classificationIndex(o), classificationIndex(n)
	d.attribute(p, "classification", "", before[o.ID], after[n.ID])
	d.attributes(p+".attributes", n.Name, o.ID, before, after)
}

// placed is an attribute where it sits in its tree: under option of parent, or at the top level
// when parent is nil.
type placed struct {
	attr   *Attribute
	parent *Attribute
	option *Option
}

func (pl placed) where() string {
	if pl.parent == nil {
		return "the top level"
	}
	return fmt.Sprintf("option '%s' of '%s'", pl.option.Label, pl.parent.Name)
}

func (pl placed) sameSpot(other placed) bool {
	if pl.parent == nil || other.parent == nil {
		return pl.parent == other.parent
	}
	return pl.parent.ID == other.parent.ID && pl.option.ID == other.option.ID
}

// indexAttributes maps every attribute id of a tree, nested ones included, to where it sits.
func indexAttributes(attrs []Attribute) map[string]placed {
	idx := make(map[string]placed)
	var walk func(attrs []Attribute, parent *Attribute, option *Option)
	walk = func(attrs []Attribute, parent *Attribute, option *Option) {
		for i := range attrs {
			a := &attrs[i]
			idx[a.ID] = placed{a, parent, option}
			for j := range a.Options {
				walk(a.Options[j].Attributes, a, &a.Options[j])
			}
		}
	}
	walk(attrs, nil, nil)
	return idx
}

// classificationIndex indexes a classification as the root of its own attribute tree.
func classificationIndex(c *Classification) map[string]placed {
	return indexAttributes([]Attribute{c.Attribute})
}

// attributes compares the attribute trees of one object class or classification, named owner.
// A classification is the root of its tree, compared on its own: its id is root.
func (d *differ) attributes(p, owner, root string, before, after map[string]placed) {
	of := fmt.Sprintf(" of '%s'", owner)
	for id, n := range after {
		ap := p + "." + id
		if id == root {
			continue
		}
		if o, ok := before[id]; ok {
			d.attribute(ap, "attribute", of, o, n)
			continue
		}
		// A new attribute under a new option cannot be missing from a label made before it.
		reachedByOldLabels := n.parent == nil || (before[n.parent.ID].attr != nil && hasOption(before[n.parent.ID].attr, n.option.ID))
		if n.attr.Required && reachedByOldLabels {
			d.add(ap, true, "required attribute '%s' added to '%s'", n.attr.Name, owner)
		} else {
			d.add(ap, false, "attribute '%s' added to '%s'", n.attr.Name, owner)
		}
	}
	for id, o := range before {
		if _, ok := after[id]; !ok && id != root {
			d.add(p+"."+id, true, "attribute '%s' removed from '%s'", o.attr.Name, owner)
		}
	}
}

// attribute compares one attribute across versions. noun and of name it in descriptions:
// "attribute 'Plate' of 'Car'", or "classification 'Weather'" for a classification itself.
func (d *differ) attribute(p, noun, of string, o, n placed) {
	oa, na := o.attr, n.attr
	who := fmt.Sprintf("%s '%s'%s", noun, oa.Name, of)
	if oa.Name != na.Name {
		d.add(p+".name", false, "%s renamed to '%s'", who, na.Name)
	}
	if !o.sameSpot(n) {
		d.add(p, true, "%s moved from %s to %s", who, o.where(), n.where())
	}
	switch {
	case !oa.Required && na.Required:
		d.add(p+".required", true, "%s made required", who)
	case oa.Required && !na.Required:
		d.add(p+".required", false, "%s made optional", who)
	}
	if oa.Type != na.Type {
		d.add(p+".type", true, "type of %s changed from %s to %s", who, oa.Type, na.Type)
		return
	}
	typed := fmt.Sprintf("%s '%s'%s", na.Type, na.Name, of)
	d.options(p+".options", typed, oa, na)
	d.limits(p, typed, oa, na)
}

func (d *differ) options(p, typed string, o, n *Attribute) {
	before := byID(o.Options, func(op *Option) string { return op.ID })
	after := byID(n.Options, func(op *Option) string { return op.ID })
	for id, nop := range after {
		switch oop := before[id]; {
		case oop == nil:
			d.add(p+"."+id, false, "option '%s' added to %s", nop.Label, typed)
		case oop.Label != nop.Label:
			d.add(p+"."+id+".label", false, "option '%s' of %s renamed to '%s'", oop.Label, typed, nop.Label)
		}
	}
	for id, oop := range before {
		if after[id] == nil {
			d.add(p+"."+id, true, "option '%s' removed from %s", oop.Label, typed)
		}
	}
}

func (d *differ) limits(p, typed string, o, n *Attribute) {
	if o.Type == Text {
		was, is := cmp.Or(o.MaxLength, defaultMaxTextLength), cmp.Or(n.MaxLength, defaultMaxTextLength)
		switch {
		case is < was:
			d.add(p+".max_length", true, "maximum length of %s lowered from %d to %d", typed, was, is)
		case is > was:
			d.add(p+".max_length", false, "maximum length of %s raised from %d to %d", typed, was, is)
		}
	}
	if o.Type != Number {
		return
	}
	d.bound(p+".min", "minimum", typed, o.Min, n.Min, func(was, is float64) bool { return is > was })
	d.bound(p+".max", "maximum", typed, o.Max, n.Max, func(was, is float64) bool { return is < was })
	switch {
	case !o.Integer && n.Integer:
		d.add(p+".integer", true, "%s now takes whole numbers only", typed)
	case o.Integer && !n.Integer:
		d.add(p+".integer", false, "%s now takes any number", typed)
	}
}

// bound compares a minimum or maximum; narrower tells whether a new value shuts out old ones.
func (d *differ) bound(p, word, typed string, o, n *float64, narrower func(was, is float64) bool) {
	switch {
	case o == nil && n == nil:
	case o == nil:
		d.add(p, true, "%s of %s set to %g", word, typed, *n)
	case n == nil:
		d.add(p, false, "%s of %s removed", word, typed)
	case *o != *n:
		d.add(p, narrower(*o, *n), "%s of %s changed from %g to %g", word, typed, *o, *n)
	}
}

// byID indexes a list by id; Check has made the ids unique.
func byID[T any](list []T, id func(*T) string) map[string]*T {
	m := make(map[string]*T, len(list))
	for i := range list {
		m[id(&list[i])] = &list[i]
	}
	return m
}
