package ontology

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/loupehq/loupe/internal/loupe"
)

// maxNesting bounds how deep a document may nest. The deepest valid ontology (attributes five
// levels down) nests about 25 levels; the limit keeps recursion shallow on hostile input.
const maxNesting = 100

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// decodeDocument decodes a whole document into dst. Problems with fields go into v; the error
// returned is for a document that is not a JSON object at all.
func decodeDocument(data []byte, dst any, what string, v *loupe.Validation) error {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return loupe.Errorf(loupe.Invalid, "the %s is empty", what)
	case trimmed[0] != '{':
		return loupe.Errorf(loupe.Invalid, "the %s must be a JSON object", what)
	}
	if _, err := decodeStrict(data, dst, "", v); err != nil {
		return loupe.Errorf(loupe.Invalid, "the %s is not valid JSON: %v", what, err)
	}
	return nil
}

// decodeStrict decodes one JSON value into dst, a pointer, the way encoding/json would, except
// that object keys must match field names exactly and appear once, fields without omitempty are
// required, null is refused and nothing may follow the value. Each such problem is added to v
// under its path below path, and decoding goes on; clean reports whether none was found. The error
// is for input that is not JSON.
func decodeStrict(data []byte, dst any, path string, v *loupe.Validation) (clean bool, err error) {
	d := decoder{dec: json.NewDecoder(bytes.NewReader(data)), v: v}
	d.dec.UseNumber()
	if err := d.value(path, reflect.ValueOf(dst).Elem()); err != nil {
		return false, err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return false, errors.New("unexpected data after the JSON value")
	}
	return d.problems == 0, nil
}

type decoder struct {
	dec      *json.Decoder
	v        *loupe.Validation
	depth    int
	problems int
}

func (d *decoder) refuse(path, format string, args ...any) {
	d.problems++
	d.v.Add(path, format, args...)
}

// value decodes the next value into rv.
func (d *decoder) value(path string, rv reflect.Value) error {
	if rv.Type() == rawMessageType {
		var raw json.RawMessage
		if err := d.dec.Decode(&raw); err != nil {
			return syntaxError(err)
		}
		rv.SetBytes(raw)
		return nil
	}
	if isPlainList(rv.Type()) {
		return d.plainList(path, rv)
	}
	tok, err := d.dec.Token()
	if err != nil {
		return syntaxError(err)
	}
	if delim, ok := tok.(json.Delim); ok {
		if d.depth++; d.depth > maxNesting {
			return fmt.Errorf("nested more than %d levels deep", maxNesting)
		}
		defer func() { d.depth-- }()
		return d.composite(path, delim, rv)
	}
	return d.scalar(path, tok, rv)
}

func (d *decoder) composite(path string, delim json.Delim, rv reflect.Value) error {
	t := rv.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	object := t.Kind() == reflect.Struct || t.Kind() == reflect.Map
	if (delim == '{' && !object) || (delim == '[' && t.Kind() != reflect.Slice) {
		d.refuse(path, "must be %s", kindName(t))
		return d.skipRest()
	}
	if rv.Kind() == reflect.Pointer {
		rv.Set(reflect.New(t))
		rv = rv.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		return d.object(path, rv)
	case reflect.Map:
		return d.mapping(path, rv)
	}
	return d.list(path, rv)
}

func (d *decoder) scalar(path string, tok json.Token, rv reflect.Value) error {
	t := rv.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var set reflect.Value
	switch tok := tok.(type) {
	case string:
		if t.Kind() == reflect.String {
			set = reflect.ValueOf(tok).Convert(t)
		}
	case bool:
		if t.Kind() == reflect.Bool {
			set = reflect.ValueOf(tok)
		}
	case json.Number:
		if t.Kind() == reflect.Int || t.Kind() == reflect.Float64 {
			if set = d.number(path, tok, t); !set.IsValid() {
				return nil // refused for its value, not its type
			}
		}
	}
	if !set.IsValid() {
		d.refuse(path, "must be %s", kindName(t))
		return nil
	}
	if rv.Kind() == reflect.Pointer {
		rv.Set(reflect.New(t))
		rv = rv.Elem()
	}
	rv.Set(set)
	return nil
}

// number converts a number literal to t, an int or a float64. It refuses a literal that does not
// fit and returns the zero Value.
func (d *decoder) number(path string, n json.Number, t reflect.Type) reflect.Value {
	if t.Kind() == reflect.Float64 {
		// A literal too large for a float64 would become ±Inf.
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			d.refuse(path, "is out of range")
			return reflect.Value{}
		}
		return reflect.ValueOf(f)
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		d.refuse(path, "is out of range")
	case err != nil:
		d.refuse(path, "must be an integer")
	default:
		return reflect.ValueOf(int(i))
	}
	return reflect.Value{}
}

func (d *decoder) object(path string, rv reflect.Value) error {
	fields := fieldsOf(rv.Type())
	seen := make(map[string]bool, len(fields.list))
	for d.dec.More() {
		key, err := d.key()
		if err != nil {
			return err
		}
		keyPath := joinKey(path, key)
		f, known := fields.byName[key]
		switch {
		case seen[key]:
			d.refuse(keyPath, "is given twice")
		case !known:
			d.refuse(keyPath, "unknown field")
		default:
			seen[key] = true
			if err := d.value(keyPath, rv.FieldByIndex(f.index)); err != nil {
				return err
			}
			continue
		}
		if err := d.skipValue(); err != nil {
			return err
		}
	}
	for _, f := range fields.list {
		if f.required && !seen[f.name] {
			d.refuse(joinKey(path, f.name), "is required")
		}
	}
	return d.end()
}

func (d *decoder) mapping(path string, rv reflect.Value) error {
	m := reflect.MakeMap(rv.Type())
	for d.dec.More() {
		key, err := d.key()
		if err != nil {
			return err
		}
		keyPath := joinKey(path, key)
		k := reflect.ValueOf(key).Convert(rv.Type().Key())
		if m.MapIndex(k).IsValid() {
			d.refuse(keyPath, "is given twice")
			if err := d.skipValue(); err != nil {
				return err
			}
			continue
		}
		elem := reflect.New(rv.Type().Elem()).Elem()
		if err := d.value(keyPath, elem); err != nil {
			return err
		}
		m.SetMapIndex(k, elem)
	}
	rv.Set(m)
	return d.end()
}

func (d *decoder) list(path string, rv reflect.Value) error {
	s := reflect.MakeSlice(rv.Type(), 0, 0)
	for i := 0; d.dec.More(); i++ {
		s = reflect.Append(s, reflect.Zero(rv.Type().Elem()))
		if err := d.value(fmt.Sprintf("%s[%d]", path, i), s.Index(i)); err != nil {
			return err
		}
	}
	rv.Set(s)
	return d.end()
}

// isPlainList reports whether t is a list (slice or array) holding no objects at any depth, like
// a polygon's points. Without object keys to check, such a list is decoded in one go, which is
// many times faster than token by token.
func isPlainList(t reflect.Type) bool {
	if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
		return false
	}
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Float64:
		return true
	}
	return false
}

func (d *decoder) plainList(path string, rv reflect.Value) error {
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return syntaxError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return syntaxError(err)
	}
	d.assign(path, generic, rv)
	return nil
}

// assign sets rv, of a plain list type or one of its elements, from a generically decoded value.
func (d *decoder) assign(path string, g any, rv reflect.Value) {
	t := rv.Type()
	switch g := g.(type) {
	case []any:
		switch t.Kind() {
		case reflect.Array:
			if len(g) != t.Len() {
				d.refuse(path, "must be a list of %d values", t.Len())
				return
			}
		case reflect.Slice:
			rv.Set(reflect.MakeSlice(t, len(g), len(g)))
		default:
			d.refuse(path, "must be %s", kindName(t))
			return
		}
		for i, e := range g {
			d.assign(path+"["+strconv.Itoa(i)+"]", e, rv.Index(i))
		}
		return
	case string:
		if t.Kind() == reflect.String {
			rv.SetString(g)
			return
		}
	case bool:
		if t.Kind() == reflect.Bool {
			rv.SetBool(g)
			return
		}
	case json.Number:
		if t.Kind() == reflect.Int || t.Kind() == reflect.Float64 {
			if v := d.number(path, g, t); v.IsValid() {
				rv.Set(v)
			}
			return
		}
	}
	d.refuse(path, "must be %s", kindName(t))
}

func (d *decoder) key() (string, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return "", syntaxError(err)
	}
	// Inside an object the decoder only yields strings in key position.
	return tok.(string), nil
}

// end consumes the closing delimiter of the object or list being decoded.
func (d *decoder) end() error {
	_, err := d.dec.Token()
	return syntaxError(err)
}

func (d *decoder) skipValue() error {
	var discard json.RawMessage
	return syntaxError(d.dec.Decode(&discard))
}

// skipRest consumes what is left of an object or list whose opening delimiter was read.
func (d *decoder) skipRest() error {
	for depth := 1; depth > 0; {
		tok, err := d.dec.Token()
		if err != nil {
			return syntaxError(err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

func syntaxError(err error) error {
	var se *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case err == io.EOF:
		return io.ErrUnexpectedEOF
	case errors.As(err, &se):
		return fmt.Errorf("%v (at byte %d)", se, se.Offset)
	}
	return err
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return kindName(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "an integer"
	case reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}

type fieldInfo struct {
	name     string
	index    []int
	required bool
}

type structFields struct {
	list   []fieldInfo
	byName map[string]fieldInfo
}

var fieldCache sync.Map // reflect.Type → *structFields

// fieldsOf lists the JSON fields of a struct type, with those of embedded structs promoted.
func fieldsOf(t reflect.Type) *structFields {
	if sf, ok := fieldCache.Load(t); ok {
		return sf.(*structFields)
	}
	sf := &structFields{byName: make(map[string]fieldInfo)}
	collectFields(t, nil, sf)
	fieldCache.Store(t, sf)
	return sf
}

func collectFields(t reflect.Type, index []int, sf *structFields) {
	for i := range t.NumField() {
		f := t.Field(i)
		at := append(index[:len(index):len(index)], i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			collectFields(f.Type, at, sf)
			continue
		}
		name, options, _ := strings.Cut(tag, ",")
		info := fieldInfo{name: name, index: at, required: !strings.Contains(options, "omitempty")}
		sf.list = append(sf.list, info)
		sf.byName[name] = info
	}
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// joinKey appends an object key to a path: "objects[0].attributes.occluded"; a key that would read
// ambiguously in a path is quoted: `attributes["a.b"]`.
func joinKey(path, key string) string {
	switch {
	case !plainKey.MatchString(key):
		return path + "[" + strconv.Quote(key) + "]"
	case path == "":
		return key
	}
	return path + "." + key
}

// mergeFieldErrors joins the field errors of decoding and of checking what was decoded. A check
// error at or below a path that decoding already refused is left out: it only echoes the first.
func mergeFieldErrors(decoding, checking error) error {
	var first, second *loupe.Error
	if !errors.As(decoding, &first) {
		return checking
	}
	if !errors.As(checking, &second) {
		return decoding
	}
	var v loupe.Validation
	for _, f := range first.Fields {
		v.Add(f.Field, "%s", f.Message)
	}
	for _, f := range second.Fields {
		if !coveredBy(f.Field, first.Fields) {
			v.Add(f.Field, "%s", f.Message)
		}
	}
	return v.Err()
}

func coveredBy(path string, fields []loupe.FieldError) bool {
	for _, f := range fields {
		rest, ok := strings.CutPrefix(path, f.Field)
		if ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
			return true
		}
	}
	return false
}
