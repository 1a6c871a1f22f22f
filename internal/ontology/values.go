package ontology

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/loupe"
)

// reach says whether a nested attribute may be given: its parent option is chosen (reachable), is
// not (unreachable), or cannot be told because a value above it is itself refused (undetermined,
// where only the values' own form is checked, so that one mistake is not reported many times).
type reach int

const (
	reachable reach = iota
	unreachable
	undetermined
)

// valueWalk checks a flat map of attribute values against a tree of attributes, level by level.
type valueWalk struct {
	v      *loupe.Validation
	path   string
	values Values
	seen   map[string]bool // attribute ids of the tree; keys outside it are unknown
}

// level checks one level of attributes; gate says why a value given on it while unreachable is refused.
func (w *valueWalk) level(attrs []Attribute, r reach, gate string) {
	for i := range attrs {
		a := &attrs[i]
		w.seen[a.ID] = true
		raw, given := w.values[a.ID]
		p := joinKey(w.path, a.ID)
		var chosen []string
		valid := false
		switch {
		case given && r == unreachable:
			w.v.Add(p, "%s", gate)
		case given:
			chosen, valid = checkValue(w.v, p, a, raw)
		case r == reachable && a.Required:
			w.v.Add(p, "'%s' is required", a.Name)
		}
		for _, op := range a.Options {
			if len(op.Attributes) == 0 {
				continue
			}
			w.level(op.Attributes, below(r, given, valid, slices.Contains(chosen, op.ID)), openedBy(a, &op))
		}
	}
}

// below tells the reach of the attributes under one option of an attribute of reach r.
func below(r reach, given, valid, chosen bool) reach {
	switch {
	case r == unreachable || !given:
		return unreachable
	case !valid:
		return undetermined
	case chosen:
		return r
	}
	return unreachable
}

func openedBy(a *Attribute, op *Option) string {
	if a.Type == Checklist {
		return fmt.Sprintf("only allowed when '%s' includes '%s'", a.Name, op.Label)
	}
	return fmt.Sprintf("only allowed when '%s' is '%s'", a.Name, op.Label)
}

// checkValue checks one value against its attribute, reporting under p. It returns the option ids
// chosen, for radio and checklist, and whether the value is valid.
func checkValue(v *loupe.Validation, p string, a *Attribute, raw json.RawMessage) ([]string, bool) {
	switch a.Type {
	case Radio:
		id, ok := jsonString(raw)
		switch {
		case !ok:
			v.Add(p, "must be the id of one option of radio '%s'", a.Name)
		case !hasOption(a, id):
			v.Add(p, "not an option of radio '%s'", a.Name)
		default:
			return []string{id}, true
		}
	case Checklist:
		return checkChecklist(v, p, a, raw)
	case Text:
		s, ok := jsonString(raw)
		limit := cmp.Or(a.MaxLength, defaultMaxTextLength)
		switch {
		case !ok:
			v.Add(p, "must be a string")
		case utf8.RuneCountInString(s) > limit:
			v.Add(p, "longer than %d characters", limit)
		default:
			return nil, true
		}
	case Number:
		return nil, checkNumber(v, p, a, raw)
	}
	return nil, false
}

func checkChecklist(v *loupe.Validation, p string, a *Attribute, raw json.RawMessage) ([]string, bool) {
	var items []json.RawMessage
	if jsonKind(raw) != '[' || json.Unmarshal(raw, &items) != nil {
		v.Add(p, "must be a list of option ids of checklist '%s'", a.Name)
		return nil, false
	}
	chosen := make([]string, 0, len(items))
	listed := make(map[string]bool, len(items))
	valid := true
	for i, item := range items {
		ip := fmt.Sprintf("%s[%d]", p, i)
		id, ok := jsonString(item)
		switch {
		case !ok || !hasOption(a, id):
			v.Add(ip, "not an option of checklist '%s'", a.Name)
			valid = false
		case listed[id]:
			v.Add(ip, "'%s' is listed twice", id)
			valid = false
		default:
			listed[id] = true
			chosen = append(chosen, id)
		}
	}
	return chosen, valid
}

func checkNumber(v *loupe.Validation, p string, a *Attribute, raw json.RawMessage) bool {
	// json.Number would also take a string holding a number.
	var n json.Number
	if k := jsonKind(raw); (k != '-' && (k < '0' || k > '9')) || json.Unmarshal(raw, &n) != nil {
		v.Add(p, "must be a number")
		return false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	switch {
	case err != nil:
		v.Add(p, "is out of range")
	case a.Integer && f != math.Trunc(f):
		v.Add(p, "must be a whole number")
	case a.Min != nil && f < *a.Min:
		v.Add(p, "must be at least %g", *a.Min)
	case a.Max != nil && f > *a.Max:
		v.Add(p, "must be at most %g", *a.Max)
	default:
		return true
	}
	return false
}

func hasOption(a *Attribute, id string) bool {
	return slices.ContainsFunc(a.Options, func(op Option) bool { return op.ID == id })
}

// jsonKind is the first byte of a JSON value, which tells its type.
func jsonKind(raw json.RawMessage) byte {
	trimmed := bytes.TrimLeft(raw, " \t\r\n")
	if len(trimmed) == 0 {
		return 0
	}
	return trimmed[0]
}

func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if jsonKind(raw) != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}
