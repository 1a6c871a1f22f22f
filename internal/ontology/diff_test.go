package ontology

import (
	"slices"
	"strings"
	"testing"
)

// fresh returns a copy of the full ontology that may be changed freely.
func fresh(t *testing.T) Ontology {
	t.Helper()
	return mustParse(t, "full.json")
}

func object(o *Ontology, id string) *Object {
	i := slices.IndexFunc(o.Objects, func(ob Object) bool { return ob.ID == id })
	return &o.Objects[i]
}

func classificationOf(o *Ontology, id string) *Classification {
	i := slices.IndexFunc(o.Classifications, func(c Classification) bool { return c.ID == id })
	return &o.Classifications[i]
}

// attribute finds an attribute of a tree by id, nested ones included.
func attribute(attrs []Attribute, id string) *Attribute {
	for i := range attrs {
		if attrs[i].ID == id {
			return &attrs[i]
		}
		for _, op := range attrs[i].Options {
			if a := attribute(op.Attributes, id); a != nil {
				return a
			}
		}
	}
	return nil
}

func carAttribute(o *Ontology, id string) *Attribute {
	return attribute(object(o, "car").Attributes, id)
}

func float(f float64) *float64 { return &f }

func TestDiff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// change edits the old and the new version, both copies of the full ontology.
		change func(old, new *Ontology)
		want   []Change
	}{
		// Breaking
		{"ObjectRemoved", func(_, n *Ontology) {
			n.Objects = slices.DeleteFunc(n.Objects, func(o Object) bool { return o.ID == "road" })
		},
			[]Change{{"objects.road", true, "object 'Road' removed"}}},
		{"ClassificationRemoved", func(_, n *Ontology) { n.Classifications = n.Classifications[1:] },
			[]Change{{"classifications.weather", true, "classification 'Weather' removed"}}},
		{"ShapeChanged", func(_, n *Ontology) { object(n, "road").Shape = Polyline },
			[]Change{{"objects.road.shape", true, "shape of 'Road' changed from polygon to polyline"}}},
		{"AttributeTypeChanged", func(_, n *Ontology) { a := carAttribute(n, "plate"); a.Type, a.MaxLength = Number, 0 },
			[]Change{{"objects.car.attributes.plate.type", true, "type of attribute 'Plate' of 'Car' changed from text to number"}}},
		{"AttributeRemoved", func(_, n *Ontology) { object(n, "car").Attributes = object(n, "car").Attributes[:2] },
			[]Change{{"objects.car.attributes.plate", true, "attribute 'Plate' removed from 'Car'"}}},
		{"NestedAttributeRemoved", func(_, n *Ontology) { carAttribute(n, "occlusion").Options[1].Attributes = nil },
			[]Change{{"objects.car.attributes.occluded_pct", true, "attribute 'Occluded %' removed from 'Car'"}}},
		{"RadioOptionRemoved", func(o, _ *Ontology) {
			a := carAttribute(o, "occlusion")
			a.Options = append(a.Options, Option{ID: "heavy", Label: "Heavy"})
		}, []Change{{"objects.car.attributes.occlusion.options.heavy", true, "option 'Heavy' removed from radio 'Occlusion' of 'Car'"}}},
		{"ChecklistOptionRemoved", func(_, n *Ontology) { carAttribute(n, "tags").Options = carAttribute(n, "tags").Options[:1] },
			[]Change{{"objects.car.attributes.tags.options.damaged", true, "option 'Damaged' removed from checklist 'Tags' of 'Car'"}}},
		{"AttributeMovedToTopLevel", func(_, n *Ontology) {
			car := object(n, "car")
			car.Attributes = append(car.Attributes, *carAttribute(n, "occluded_pct"))
			carAttribute(n, "occlusion").Options[1].Attributes = nil
		}, []Change{{"objects.car.attributes.occluded_pct", true, "attribute 'Occluded %' of 'Car' moved from option 'Partial' of 'Occlusion' to the top level"}}},
		{"AttributeMovedToOtherOption", func(_, n *Ontology) {
			options := carAttribute(n, "occlusion").Options
			options[0].Attributes, options[1].Attributes = options[1].Attributes, nil
		}, []Change{{"objects.car.attributes.occluded_pct", true, "attribute 'Occluded %' of 'Car' moved from option 'Partial' of 'Occlusion' to option 'None' of 'Occlusion'"}}},
		{"RequiredAttributeAdded", func(_, n *Ontology) {
			car := object(n, "car")
			car.Attributes = append(car.Attributes, Attribute{ID: "make", Name: "Make", Type: Text, Required: true})
		}, []Change{{"objects.car.attributes.make", true, "required attribute 'Make' added to 'Car'"}}},
		{"RequiredAttributeAddedUnderOldOption", func(_, n *Ontology) {
			op := &carAttribute(n, "occlusion").Options[0]
			op.Attributes = append(op.Attributes, Attribute{ID: "sure", Name: "Sure", Type: Radio, Required: true, Options: []Option{{ID: "yes", Label: "Yes"}}})
		}, []Change{{"objects.car.attributes.sure", true, "required attribute 'Sure' added to 'Car'"}}},
		{"RequiredClassificationAttributeUnderOldOption", func(_, n *Ontology) {
			op := &classificationOf(n, "weather").Options[1]
			op.Attributes = append(op.Attributes, Attribute{ID: "rain_mm", Name: "Rain (mm)", Type: Number, Required: true})
		}, []Change{{"classifications.weather.attributes.rain_mm", true, "required attribute 'Rain (mm)' added to 'Weather'"}}},
		{"AttributeMadeRequired", func(_, n *Ontology) { carAttribute(n, "plate").Required = true },
			[]Change{{"objects.car.attributes.plate.required", true, "attribute 'Plate' of 'Car' made required"}}},
		{"MinimumRaised", func(_, n *Ontology) { carAttribute(n, "occluded_pct").Min = float(10) },
			[]Change{{"objects.car.attributes.occluded_pct.min", true, "minimum of number 'Occluded %' of 'Car' changed from 0 to 10"}}},
		{"MinimumSet", func(o, _ *Ontology) { carAttribute(o, "occluded_pct").Min = nil },
			[]Change{{"objects.car.attributes.occluded_pct.min", true, "minimum of number 'Occluded %' of 'Car' set to 0"}}},
		{"MaximumLowered", func(_, n *Ontology) { carAttribute(n, "occluded_pct").Max = float(99.5) },
			[]Change{{"objects.car.attributes.occluded_pct.max", true, "maximum of number 'Occluded %' of 'Car' changed from 100 to 99.5"}}},
		{"IntegerTurnedOn", func(o, _ *Ontology) { carAttribute(o, "occluded_pct").Integer = false },
			[]Change{{"objects.car.attributes.occluded_pct.integer", true, "number 'Occluded %' of 'Car' now takes whole numbers only"}}},
		{"MaxLengthLowered", func(_, n *Ontology) { carAttribute(n, "plate").MaxLength = 10 },
			[]Change{{"objects.car.attributes.plate.max_length", true, "maximum length of text 'Plate' of 'Car' lowered from 20 to 10"}}},
		{"MaxLengthSetBelowDefault", func(o, _ *Ontology) { carAttribute(o, "plate").MaxLength = 0 },
			[]Change{{"objects.car.attributes.plate.max_length", true, "maximum length of text 'Plate' of 'Car' lowered from 10000 to 20"}}},
		{"SkeletonPointRemoved", func(_, n *Ontology) {
			s := object(n, "person").Skeleton
			s.Points, s.Edges = s.Points[:3], s.Edges[:2]
		}, []Change{
			{"objects.person.skeleton.edges[neck,right_hand]", false, "edge between 'Neck' and 'Right hand' removed from the skeleton of 'Person'"},
			{"objects.person.skeleton.points.right_hand", true, "point 'Right hand' removed from the skeleton of 'Person'"},
		}},
		{"ScopeChanged", func(_, n *Ontology) { classificationOf(n, "weather").Scope = ScopeFrame },
			[]Change{{"classifications.weather.scope", true, "scope of classification 'Weather' changed from item to frame"}}},
		{"RequiredClassificationAdded", func(_, n *Ontology) {
			n.Classifications = append(n.Classifications, Classification{Attribute: Attribute{ID: "road_kind", Name: "Road kind", Type: Text, Required: true}, Scope: ScopeItem})
		}, []Change{{"classifications.road_kind", true, "required classification 'Road kind' added"}}},
		{"ClassificationMadeRequired", func(_, n *Ontology) { classificationOf(n, "weather").Required = true },
			[]Change{{"classifications.weather.required", true, "classification 'Weather' made required"}}},
		{"ClassificationOptionRemoved", func(_, n *Ontology) {
			classificationOf(n, "weather").Options = classificationOf(n, "weather").Options[:1]
		},
			[]Change{{"classifications.weather.options.rain", true, "option 'Rain' removed from radio 'Weather'"}}},
		{"ClassificationTypeChanged", func(_, n *Ontology) { classificationOf(n, "weather").Type = Checklist },
			[]Change{{"classifications.weather.type", true, "type of classification 'Weather' changed from radio to checklist"}}},
		// Not breaking
		{"ObjectRenamed", func(_, n *Ontology) { object(n, "car").Name = "Automobile" },
			[]Change{{"objects.car.name", false, "object 'Car' renamed to 'Automobile'"}}},
		{"ColorChanged", func(_, n *Ontology) { object(n, "car").Color = "#000000" },
			[]Change{{"objects.car.color", false, "color of 'Car' changed from #e11d48 to #000000"}}},
		{"HotkeyChanged", func(_, n *Ontology) { object(n, "car").Hotkey = "x" },
			[]Change{{"objects.car.hotkey", false, "hotkey of 'Car' changed from 'c' to 'x'"}}},
		{"HotkeyGiven", func(_, n *Ontology) { classificationOf(n, "issues").Hotkey = "i" },
			[]Change{{"classifications.issues.hotkey", false, "hotkey 'i' given to 'Image issues'"}}},
		{"HotkeyRemoved", func(_, n *Ontology) { object(n, "road").Hotkey = "" },
			[]Change{{"objects.road.hotkey", false, "hotkey 'r' of 'Road' removed"}}},
		{"ObjectAdded", func(_, n *Ontology) {
			n.Objects = append(n.Objects, Object{ID: "truck", Name: "Truck", Shape: BoundingBox, Color: "#111111",
				Attributes: []Attribute{{ID: "axles", Name: "Axles", Type: Number, Required: true}}})
		}, []Change{{"objects.truck", false, "object 'Truck' added"}}},
		{"ClassificationAdded", func(_, n *Ontology) {
			n.Classifications = append(n.Classifications, Classification{Attribute: Attribute{ID: "notes", Name: "Notes", Type: Text}, Scope: ScopeItem})
		}, []Change{{"classifications.notes", false, "classification 'Notes' added"}}},
		{"OptionalAttributeAdded", func(_, n *Ontology) {
			car := object(n, "car")
			car.Attributes = append(car.Attributes, Attribute{ID: "make", Name: "Make", Type: Text})
		}, []Change{{"objects.car.attributes.make", false, "attribute 'Make' added to 'Car'"}}},
		{"RequiredAttributeUnderNewOption", func(_, n *Ontology) {
			a := carAttribute(n, "occlusion")
			a.Options = append(a.Options, Option{ID: "full", Label: "Full", Attributes: []Attribute{{ID: "by", Name: "Hidden by", Type: Text, Required: true}}})
		}, []Change{
			{"objects.car.attributes.by", false, "attribute 'Hidden by' added to 'Car'"},
			{"objects.car.attributes.occlusion.options.full", false, "option 'Full' added to radio 'Occlusion' of 'Car'"},
		}},
		{"OptionAdded", func(_, n *Ontology) {
			a := carAttribute(n, "tags")
			a.Options = append(a.Options, Option{ID: "towed", Label: "Towed"})
		}, []Change{{"objects.car.attributes.tags.options.towed", false, "option 'Towed' added to checklist 'Tags' of 'Car'"}}},
		{"OptionRelabeled", func(_, n *Ontology) { carAttribute(n, "tags").Options[0].Label = "Stationary" },
			[]Change{{"objects.car.attributes.tags.options.parked.label", false, "option 'Parked' of checklist 'Tags' of 'Car' renamed to 'Stationary'"}}},
		{"AttributeRenamed", func(_, n *Ontology) { carAttribute(n, "plate").Name = "Licence plate" },
			[]Change{{"objects.car.attributes.plate.name", false, "attribute 'Plate' of 'Car' renamed to 'Licence plate'"}}},
		{"AttributeMadeOptional", func(_, n *Ontology) { carAttribute(n, "occlusion").Required = false },
			[]Change{{"objects.car.attributes.occlusion.required", false, "attribute 'Occlusion' of 'Car' made optional"}}},
		{"MinimumLowered", func(_, n *Ontology) { carAttribute(n, "occluded_pct").Min = float(-5) },
			[]Change{{"objects.car.attributes.occluded_pct.min", false, "minimum of number 'Occluded %' of 'Car' changed from 0 to -5"}}},
		{"MaximumRemoved", func(_, n *Ontology) { carAttribute(n, "occluded_pct").Max = nil },
			[]Change{{"objects.car.attributes.occluded_pct.max", false, "maximum of number 'Occluded %' of 'Car' removed"}}},
		{"MaximumRaised", func(_, n *Ontology) { carAttribute(n, "occluded_pct").Max = float(200) },
			[]Change{{"objects.car.attributes.occluded_pct.max", false, "maximum of number 'Occluded %' of 'Car' changed from 100 to 200"}}},
		{"IntegerTurnedOff", func(_, n *Ontology) { carAttribute(n, "occluded_pct").Integer = false },
			[]Change{{"objects.car.attributes.occluded_pct.integer", false, "number 'Occluded %' of 'Car' now takes any number"}}},
		{"MaxLengthRaised", func(_, n *Ontology) { carAttribute(n, "plate").MaxLength = 0 },
			[]Change{{"objects.car.attributes.plate.max_length", false, "maximum length of text 'Plate' of 'Car' raised from 20 to 10000"}}},
		{"SkeletonPointAdded", func(_, n *Ontology) {
			s := object(n, "person").Skeleton
			s.Points = append(s.Points, SkeletonPoint{ID: "hip", Name: "Hip"})
			s.Edges = append(s.Edges, [2]string{"hip", "neck"})
		}, []Change{
			{"objects.person.skeleton.edges[hip,neck]", false, "edge between 'Hip' and 'Neck' added to the skeleton of 'Person'"},
			{"objects.person.skeleton.points.hip", false, "point 'Hip' added to the skeleton of 'Person'"},
		}},
		{"SkeletonPointRenamed", func(_, n *Ontology) { object(n, "person").Skeleton.Points[0].Name = "Skull" },
			[]Change{{"objects.person.skeleton.points.head.name", false, "point 'Head' of 'Person' renamed to 'Skull'"}}},
		{"SkeletonEdgeRemoved", func(_, n *Ontology) { object(n, "person").Skeleton.Edges = nil },
			[]Change{
				{"objects.person.skeleton.edges[head,neck]", false, "edge between 'Head' and 'Neck' removed from the skeleton of 'Person'"},
				{"objects.person.skeleton.edges[left_hand,neck]", false, "edge between 'Left hand' and 'Neck' removed from the skeleton of 'Person'"},
				{"objects.person.skeleton.edges[neck,right_hand]", false, "edge between 'Neck' and 'Right hand' removed from the skeleton of 'Person'"},
			}},
		{"SkeletonEdgeReversed", func(_, n *Ontology) { e := &object(n, "person").Skeleton.Edges[0]; e[0], e[1] = e[1], e[0] },
			nil},
		{"ClassificationRenamed", func(_, n *Ontology) { classificationOf(n, "weather").Name = "Sky" },
			[]Change{{"classifications.weather.name", false, "classification 'Weather' renamed to 'Sky'"}}},
		{"OrderOfObjectsChanged", func(_, n *Ontology) { slices.Reverse(n.Objects) },
			nil},
		{"SeveralAtOnce", func(_, n *Ontology) {
			object(n, "car").Name = "Automobile"
			object(n, "road").Shape = Mask
			classificationOf(n, "daylight").Scope = ScopeItem
			n.Objects = slices.DeleteFunc(n.Objects, func(o Object) bool { return o.ID == "lane" })
		}, []Change{
			{"classifications.daylight.scope", true, "scope of classification 'Daylight' changed from frame to item"},
			{"objects.car.name", false, "object 'Car' renamed to 'Automobile'"},
			{"objects.lane", true, "object 'Lane marking' removed"},
			{"objects.road.shape", true, "shape of 'Road' changed from polygon to mask"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			old, new := fresh(t), fresh(t)
			tc.change(&old, &new)
			got := Diff(old, new)
			if !slices.Equal(got, tc.want) {
				t.Errorf("changes:\n  %s\nwant:\n  %s", changeLines(got), changeLines(tc.want))
			}
			breaking := slices.ContainsFunc(tc.want, func(c Change) bool { return c.Breaking })
			if Breaking(got) != breaking {
				t.Errorf("Breaking = %v, want %v", Breaking(got), breaking)
			}
		})
	}
}

func changeLines(cs []Change) string {
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = c.Path + " " + map[bool]string{true: "breaking", false: "compatible"}[c.Breaking] + ": " + c.Description
	}
	return strings.Join(lines, "\n  ")
}
