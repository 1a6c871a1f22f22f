package e2e

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
)

func writePNG(t *testing.T, path string, w, h int, c color.RGBA) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, c)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func signIn(t *testing.T, ctx context.Context, url, email, password string) {
	t.Helper()
	run(t, ctx, "sign in as "+email,
		chromedp.Navigate(url+"/signin"),
		heading("Sign in"),
		fill(`input[name="email"]`, email),
		fill(`input[name="password"]`, password),
		chromedp.Click(button("Sign in")),
		chromedp.WaitVisible(`[data-testid="user-menu"]`),
	)
}

// TestBrowser_DatasetUploadAndAccess creates a dataset, uploads three images through the file
// picker, sees their thumbnails, and shows that a member without access gets nothing.
func TestBrowser_DatasetUploadAndAccess(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ws, admin, err := a.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme Vision", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
	inv, err := a.svc.Invite(as, ws.ID, service.InviteInput{Email: "mo@acme.test", Role: loupe.RoleMember, Type: loupe.UserExternal})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.AcceptInvitation(ctx, inv.Link[strings.LastIndex(inv.Link, "/")+1:], service.AcceptInput{Name: "Mo", Password: "mo's long password"}, service.Client{}); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	var files []string
	for i, c := range []color.RGBA{{255, 0, 0, 255}, {0, 160, 0, 255}, {0, 0, 255, 255}} {
		p := filepath.Join(dir, []string{"red.png", "green.png", "blue.png"}[i])
		writePNG(t, p, 120+40*i, 80, c)
		files = append(files, p)
	}

	browserCtx := browser(t)
	signIn(t, browserCtx, a.url, "ada@acme.test", "correct horse battery")
	run(t, browserCtx, "create a dataset",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/datasets"),
		heading("Datasets"),
		fill(`input[name="name"]`, "Street scenes"),
		fill(`[name="description"]`, "Dashcam frames from the test fleet"),
		chromedp.Click(button("Create dataset")),
		heading("Street scenes"),
	)
	run(t, browserCtx, "upload three images and see their thumbnails",
		chromedp.SetUploadFiles(`input[data-testid="upload-input"]`, files),
		chromedp.WaitVisible(`[data-testid="upload-row"][data-state="done"]`),
		chromedp.WaitVisible(`figure[data-testid="item-card"][data-name="red.png"] img`),
		chromedp.WaitVisible(`figure[data-testid="item-card"][data-name="green.png"] img`),
		chromedp.WaitVisible(`figure[data-testid="item-card"][data-name="blue.png"] img`),
	)
	loaded := chromedp.Evaluate[bool](`Array.from(document.querySelectorAll('figure[data-testid="item-card"] img')).filter(i => i.complete && i.naturalWidth > 0).length === 3`)
	waitFor(t, func() bool {
		ok, err := chromedp.Run(browserCtx, loaded)
		return err == nil && ok
	}, "three thumbnails to load")
	var items []loupe.DataItem
	a.store.Read(ctx, func(tx *store.Tx) error {
		ds, _, err := tx.Datasets(ctx, ws.ID, admin.ID, true, loupe.Page{})
		if err != nil || len(ds) != 1 {
			t.Fatalf("datasets %v, %v", ds, err)
		}
		items, _, err = tx.Items(ctx, ws.ID, ds[0].ID, store.ItemFilter{}, loupe.Page{})
		return err
	})
	if len(items) != 3 {
		t.Fatalf("%d items stored", len(items))
	}
	datasetURL := a.url + "/w/" + ws.ID.String() + "/datasets/" + items[0].DatasetID.String()

	run(t, browserCtx, "set how long file links live",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/settings"),
		heading("Workspace settings"),
		fill(`input[name="signed_url_lifetime_minutes"]`, "5"),
		chromedp.Click(button("Save")),
	)
	waitFor(t, func() bool {
		var w loupe.Workspace
		a.store.Read(ctx, func(tx *store.Tx) (err error) { w, err = tx.Workspace(ctx, ws.ID); return err })
		return w.SignedURLLifetime == 5*time.Minute
	}, "the link lifetime to be saved as 5 minutes")

	mo := browser(t)
	signIn(t, mo, a.url, "mo@acme.test", "mo's long password")
	run(t, mo, "a member without access sees no dataset",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/datasets"),
		heading("Datasets"),
		chromedp.WaitNotPresent(`//a[contains(., "Street scenes")]`),
		chromedp.Navigate(datasetURL),
		chromedp.WaitVisible(`//*[@role="alert"][contains(., "not found")]`),
		chromedp.WaitNotPresent(`figure[data-testid="item-card"]`),
	)
	if dir := os.Getenv("LOUPE_SCREENSHOT_DIR"); dir != "" {
		run(t, browserCtx, "open the dataset for a screenshot", chromedp.Navigate(datasetURL),
			chromedp.WaitVisible(`figure[data-testid="item-card"][data-name="blue.png"] img`))
		waitFor(t, func() bool { ok, err := chromedp.Run(browserCtx, loaded); return err == nil && ok }, "thumbnails")
		png, err := chromedp.Run(browserCtx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "dataset.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
