package api_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/loupehq/loupe/internal/api"
)

var update = flag.Bool("update", false, "rewrite the committed OpenAPI document")

// The web app's typed client is generated from the committed document; this keeps it true to the code.
func TestOpenAPIDocumentIsCommitted(t *testing.T) {
	t.Parallel()
	const path = "../../web/src/api/openapi.json"
	doc, err := api.OpenAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, doc) {
		t.Fatalf("%s differs from the API: run `make openapi` (or go test ./internal/api -run OpenAPI -update) and rebuild the web app", path)
	}
}
