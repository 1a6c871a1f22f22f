package ontology

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// TestDocs checks that every JSON example in docs/ontologies.md is accepted: as an ontology, or
// as a label of the complete ontology the page shows first.
func TestDocs(t *testing.T) {
	t.Parallel()
	page, err := os.ReadFile("../../docs/ontologies.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllSubmatch(page, -1)
	if len(blocks) < 4 {
		t.Fatalf("only %d JSON examples", len(blocks))
	}
	o, err := Parse(blocks[0][1])
	if err != nil {
		t.Fatalf("the first example is not an ontology: %v", err)
	}
	if string(blocks[0][1]) != string(readFile(t, "full.json")) {
		t.Error("the first example is not testdata/full.json")
	}
	for i, b := range blocks[1:] {
		doc, it := b[1], Item{Video: true}
		// A check-label request carries the label and the item's size.
		var req struct {
			Label json.RawMessage             `json:"label"`
			Item  struct{ Width, Height int } `json:"item"`
		}
		if json.Unmarshal(doc, &req) == nil && req.Label != nil {
			doc, it = req.Label, Item{Width: req.Item.Width, Height: req.Item.Height}
		}
		l, err := ParseLabel(doc)
		if err == nil {
			err = ValidateLabel(o, l, it)
		}
		if err != nil {
			t.Errorf("example %d is not a valid label: %v", i+2, err)
		}
	}
}
