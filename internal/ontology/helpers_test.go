package ontology

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
)

// readFile reads a file under testdata.
func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// mustParse parses an ontology under testdata.
func mustParse(tb testing.TB, name string) Ontology {
	tb.Helper()
	o, err := Parse(readFile(tb, name))
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return o
}

// wantFields fails unless err is an Invalid *loupe.Error with exactly the given field errors,
// written "path: message", in order.
func wantFields(tb testing.TB, err error, want ...string) {
	tb.Helper()
	var le *loupe.Error
	if !errors.As(err, &le) {
		tb.Fatalf("error %v is not a *loupe.Error", err)
	}
	if le.Code != loupe.Invalid {
		tb.Errorf("code %q, want %q", le.Code, loupe.Invalid)
	}
	got := make([]string, len(le.Fields))
	for i, f := range le.Fields {
		got[i] = f.Field + ": " + f.Message
	}
	if !slices.Equal(got, want) {
		tb.Errorf("field errors:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// wantDocumentError fails unless err is an Invalid *loupe.Error about the whole document.
func wantDocumentError(tb testing.TB, err error, message string) {
	tb.Helper()
	var le *loupe.Error
	if !errors.As(err, &le) {
		tb.Fatalf("error %v is not a *loupe.Error", err)
	}
	if le.Code != loupe.Invalid || le.Message != message || len(le.Fields) != 0 {
		tb.Errorf("got %s %q with %d fields, want invalid %q", le.Code, le.Message, len(le.Fields), message)
	}
}

// mustRead reads a file for package-level test values.
func mustRead(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return data
}
