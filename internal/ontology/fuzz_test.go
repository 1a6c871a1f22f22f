package ontology

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
)

// wantInvalidOrNil fails unless err is nil or an Invalid *loupe.Error.
func wantInvalidOrNil(t *testing.T, err error) {
	t.Helper()
	var le *loupe.Error
	if err != nil && (!errors.As(err, &le) || le.Code != loupe.Invalid) {
		t.Fatalf("error %v (%T) is not an invalid *loupe.Error", err, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"spec-example.json", "full.json", "spec-example.golden.json"} {
		f.Add(readFile(f, name))
	}
	// Large seeds slow the fuzzer down far more than they teach it.
	for _, tc := range ontologyRefusals {
		if len(tc.doc) < 2000 {
			f.Add([]byte(tc.doc))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Parse(data)
		wantInvalidOrNil(t, err)
		if err != nil {
			return
		}
		if err := Check(o); err != nil {
			t.Fatalf("Parse accepts what Check refuses: %v", err)
		}
		first, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(first)
		if err != nil {
			t.Fatalf("the written ontology %s no longer parses: %v", first, err)
		}
		second, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("round trip changed the ontology:\n%s\n%s", first, second)
		}
		if cs := Diff(o, again); len(cs) > 0 {
			t.Fatalf("an ontology differs from its round trip: %v", cs)
		}
	})
}

func FuzzValidateLabel(f *testing.F) {
	for _, name := range []string{"spec-label.json", "full-label.json", "text-label.json", "audio-label.json"} {
		f.Add(readFile(f, name), uint16(640), uint16(480), true)
	}
	for _, tc := range labelRefusals {
		if len(tc.label) < 2000 {
			f.Add([]byte(tc.label), uint16(tc.item.Width), uint16(tc.item.Height), tc.item.Video)
		}
	}
	o := fullOntology()
	f.Fuzz(func(t *testing.T, data []byte, width, height uint16, video bool) {
		it := Item{Width: int(width), Height: int(height), Video: video, Frames: 100, Duration: 10, TextLength: 100}
		l, err := ParseLabel(data)
		wantInvalidOrNil(t, err)
		if err != nil {
			return
		}
		err = ValidateLabel(o, l, it)
		wantInvalidOrNil(t, err)
		if err != nil {
			return
		}
		written, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseLabel(written)
		if err != nil {
			t.Fatalf("the written label %s no longer parses: %v", written, err)
		}
		if err := ValidateLabel(o, again, it); err != nil {
			t.Fatalf("the written label %s no longer validates: %v", written, err)
		}
	})
}
