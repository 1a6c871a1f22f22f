package ontology

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// The geometry of each shape, as a label gives it. Fields without omitempty are required.
type (
	boxGeometry struct {
		X float64 `json:"x"`
		Y float64 `json:"y"`
		W float64 `json:"w"`
		H float64 `json:"h"`
	}
	rotatedBoxGeometry struct {
		CX    float64 `json:"cx"`
		CY    float64 `json:"cy"`
		W     float64 `json:"w"`
		H     float64 `json:"h"`
		Angle float64 `json:"angle"` // degrees
	}
	pointsGeometry struct {
		Points [][2]float64 `json:"points"`
	}
	pointGeometry struct {
		X float64 `json:"x"`
		Y float64 `json:"y"`
	}
	skeletonGeometry struct {
		Points map[string]keypoint `json:"points"`
	}
	keypoint struct {
		X       float64 `json:"x"`
		Y       float64 `json:"y"`
		Visible *bool   `json:"visible,omitempty"` // false: placed, but hidden behind something
	}
	// maskGeometry is an uncompressed COCO run-length encoding: column-major runs alternating
	// background and foreground, starting with background.
	maskGeometry struct {
		Size   [2]int `json:"size"` // height, width
		Counts []int  `json:"counts"`
	}
	textSpanGeometry struct {
		Start int `json:"start"` // code points
		End   int `json:"end"`
	}
	timeSegmentGeometry struct {
		Start float64 `json:"start"` // seconds
		End   float64 `json:"end"`
	}
)

// cornerSlack forgives the rounding of a rotated box's computed corners at the item's edge.
const cornerSlack = 1e-6

func (lc *labelCheck) geometry(p string, class *Object, raw json.RawMessage) {
	if len(raw) == 0 {
		lc.v.Add(p, "is required")
		return
	}
	switch class.Shape {
	case BoundingBox:
		var g boxGeometry
		if lc.decode(p, raw, &g) {
			lc.box(p, g)
		}
	case RotatedBox:
		var g rotatedBoxGeometry
		if lc.decode(p, raw, &g) {
			lc.rotatedBox(p, g)
		}
	case Polygon, Polyline:
		var g pointsGeometry
		if lc.decode(p, raw, &g) {
			lc.path(p, class.Shape, g.Points)
		}
	case Point:
		var g pointGeometry
		if lc.decode(p, raw, &g) {
			lc.point(p, g.X, g.Y)
		}
	case ShapeSkeleton:
		var g skeletonGeometry
		if lc.decode(p, raw, &g) {
			lc.skeleton(p, class, g)
		}
	case Mask:
		var g maskGeometry
		if lc.decode(p, raw, &g) {
			lc.mask(p, g)
		}
	case TextSpan:
		var g textSpanGeometry
		if lc.decode(p, raw, &g) {
			lc.span(p, float64(g.Start), float64(g.End), float64(lc.item.TextLength), "the text's length")
		}
	case TimeSegment:
		var g timeSegmentGeometry
		if lc.decode(p, raw, &g) {
			lc.span(p, g.Start, g.End, lc.item.Duration, "the item's duration in seconds")
		}
	}
}

// decode decodes a geometry strictly into dst and reports whether it came out whole.
func (lc *labelCheck) decode(p string, raw json.RawMessage, dst any) bool {
	if jsonKind(raw) != '{' {
		lc.v.Add(p, "must be an object")
		return false
	}
	clean, err := decodeStrict(raw, dst, p, &lc.v)
	if err != nil {
		lc.v.Add(p, "not valid JSON: %v", err)
	}
	return clean && err == nil
}

// within reports whether v lies in 0..limit, and refuses it under p if not. An unknown limit (0)
// is not checked.
func (lc *labelCheck) within(p, what string, v float64, limit int, dimension string) bool {
	if limit <= 0 || (v >= 0 && v <= float64(limit)) {
		return true
	}
	lc.v.Add(p, "%s = %g lies outside the item's %s %d", what, v, dimension, limit)
	return false
}

func (lc *labelCheck) point(p string, x, y float64) bool {
	return lc.within(p, "x", x, lc.item.Width, "width") && lc.within(p, "y", y, lc.item.Height, "height")
}

func (lc *labelCheck) box(p string, g boxGeometry) {
	if g.W <= 0 {
		lc.v.Add(p+".w", "must be greater than 0")
	}
	if g.H <= 0 {
		lc.v.Add(p+".h", "must be greater than 0")
	}
	if lc.within(p+".x", "x", g.X, lc.item.Width, "width") {
		lc.within(p+".w", "x + w", g.X+g.W, lc.item.Width, "width")
	}
	if lc.within(p+".y", "y", g.Y, lc.item.Height, "height") {
		lc.within(p+".h", "y + h", g.Y+g.H, lc.item.Height, "height")
	}
}

func (lc *labelCheck) rotatedBox(p string, g rotatedBoxGeometry) {
	if g.W <= 0 {
		lc.v.Add(p+".w", "must be greater than 0")
	}
	if g.H <= 0 {
		lc.v.Add(p+".h", "must be greater than 0")
	}
	if g.Angle < -180 || g.Angle > 180 {
		lc.v.Add(p+".angle", "must be between -180 and 180 degrees")
		return
	}
	// The corners reach this far from the centre along each axis, whichever way the box turns.
	sin, cos := math.Sincos(g.Angle * math.Pi / 180)
	dx := math.Abs(g.W/2*cos) + math.Abs(g.H/2*sin)
	dy := math.Abs(g.W/2*sin) + math.Abs(g.H/2*cos)
	lc.corners(p, "x", g.CX-dx, g.CX+dx, lc.item.Width, "width")
	lc.corners(p, "y", g.CY-dy, g.CY+dy, lc.item.Height, "height")
}

func (lc *labelCheck) corners(p, axis string, low, high float64, limit int, dimension string) {
	switch {
	case limit <= 0:
	case low < -cornerSlack:
		lc.v.Add(p, "a corner at %s = %g lies outside the item's %s %d", axis, low, dimension, limit)
	case high > float64(limit)+cornerSlack:
		lc.v.Add(p, "a corner at %s = %g lies outside the item's %s %d", axis, high, dimension, limit)
	}
}

// path checks the points of a polygon or a polyline.
func (lc *labelCheck) path(p string, shape Shape, points [][2]float64) {
	least := 2
	if shape == Polygon {
		least = 3
	}
	switch {
	case len(points) < least:
		lc.v.Add(p+".points", "a %s needs at least %d points", shape, least)
		return
	case len(points) > maxPoints:
		lc.v.Add(p+".points", "more than %d points", maxPoints)
		return
	}
	inside := true
	for i, pt := range points {
		inside = lc.point(fmt.Sprintf("%s.points[%d]", p, i), pt[0], pt[1]) && inside
	}
	if shape == Polygon && inside {
		if fault := polygonFault(points); fault.message != "" {
			lc.v.Add(p+fault.path, "%s", fault.message)
		}
	}
}

func (lc *labelCheck) skeleton(p string, class *Object, g skeletonGeometry) {
	if len(g.Points) == 0 {
		lc.v.Add(p+".points", "a skeleton needs at least 1 point")
		return
	}
	ids := make([]string, 0, len(g.Points))
	for id := range g.Points {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		pp := joinKey(p+".points", id)
		known := class.Skeleton != nil && slices.ContainsFunc(class.Skeleton.Points, func(sp SkeletonPoint) bool { return sp.ID == id })
		if !known {
			lc.v.Add(pp, "no point '%s' in the skeleton of '%s'", id, class.Name)
			continue
		}
		lc.point(pp, g.Points[id].X, g.Points[id].Y)
	}
}

func (lc *labelCheck) mask(p string, g maskGeometry) {
	height, width := g.Size[0], g.Size[1]
	if height <= 0 || width <= 0 {
		lc.v.Add(p+".size", "height and width must be greater than 0")
		return
	}
	if width > math.MaxInt/height {
		lc.v.Add(p+".size", "is too large")
		return
	}
	for i, known := range []int{lc.item.Height, lc.item.Width} {
		if known > 0 && g.Size[i] != known {
			lc.v.Add(fmt.Sprintf("%s.size[%d]", p, i), "must be %d, the item's %s", known, [2]string{"height", "width"}[i])
		}
	}
	pixels, sum := height*width, 0
	for i, n := range g.Counts {
		if n < 0 {
			lc.v.Add(fmt.Sprintf("%s.counts[%d]", p, i), "must be at least 0")
			return
		}
		if n > pixels-sum {
			lc.v.Add(p+".counts", "cover more than the %d×%d = %d pixels of the mask", height, width, pixels)
			return
		}
		sum += n
	}
	if sum != pixels {
		lc.v.Add(p+".counts", "cover %d pixels, not the %d×%d = %d of the mask", sum, height, width, pixels)
	}
}

// span checks the start and end of a text span or a time segment; length 0 is unknown.
func (lc *labelCheck) span(p string, start, end, length float64, what string) {
	switch {
	case start < 0:
		lc.v.Add(p+".start", "must be at least 0")
	case end <= start:
		lc.v.Add(p+".end", "must be greater than start (%g)", start)
	case length > 0 && end > length:
		lc.v.Add(p+".end", "must be at most %g, %s", length, what)
	}
}
