package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
)

// TestBrowser_LargeFileUploadsInParts uploads a 40 MiB file from the browser, which sends it
// through the resumable API in parts, and checks the item is the whole file.
func TestBrowser_LargeFileUploadsInParts(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ws, admin, err := a.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
	d, err := a.svc.CreateDataset(as, ws.ID, "Transcripts", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "big.txt")
	const size = 40 << 20
	if err := os.WriteFile(big, bytes.Repeat([]byte("a line of a long transcript\n"), size/28+1)[:size], 0o644); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	signIn(t, b, a.url, "ada@acme.test", "correct horse battery")
	run(t, b, "upload a 40 MiB file",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/datasets/"+d.ID.String()),
		heading("Transcripts"),
		chromedp.SetUploadFiles(`input[data-testid="upload-input"]`, []string{big}),
		chromedp.WaitVisible(`[data-testid="upload-row"][data-state="done"]`),
		chromedp.WaitVisible(`figure[data-testid="item-card"][data-name="big.txt"]`),
	)
	var items []loupe.DataItem
	a.store.Read(ctx, func(tx *store.Tx) (err error) {
		items, _, err = tx.Items(ctx, ws.ID, d.ID, store.ItemFilter{}, loupe.Page{})
		return err
	})
	if len(items) != 1 || items[0].Size != size || items[0].Type != loupe.ItemText {
		t.Fatalf("items %+v", items)
	}
	if parts := a.requests.count("PUT ", "/parts"); parts != 3 {
		t.Fatalf("the browser sent %d parts, want 3 of at most 16 MiB", parts)
	}
}
