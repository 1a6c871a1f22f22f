package ontology

import _ "embed"

//go:embed schema.json
var schema []byte

// JSONSchema returns a JSON Schema (draft 2020-12) of the ontology document, for editors and
// clients. It describes the form of the document; what spans fields — unique ids, names and
// hotkeys, skeleton edges between known points, the nesting depth, min ≤ max — only Check enforces.
func JSONSchema() []byte {
	return append([]byte(nil), schema...)
}
