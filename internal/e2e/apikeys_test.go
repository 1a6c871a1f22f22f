package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

// callAPI calls the API as a program does: with a key, no cookie, no Origin.
func callAPI(t *testing.T, base, key, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func wantAPI(t *testing.T, base, key, method, path, body string, status int, says string) {
	t.Helper()
	got, b := callAPI(t, base, key, method, path, body)
	if got != status || !strings.Contains(b, says) {
		t.Fatalf("%s %s with the key: %d %s, want %d saying %q", method, path, got, b, status, says)
	}
}

// readSecret waits for the key shown once and reads it.
func readSecret(t *testing.T, ctx context.Context) string {
	t.Helper()
	run(t, ctx, "the new key is shown once", chromedp.WaitVisible(`[data-testid="api-key-secret"]`))
	secret, err := chromedp.Run(ctx, chromedp.Text(`[data-testid="api-key-secret"]`))
	if err != nil {
		t.Fatal(err)
	}
	secret = strings.TrimSpace(secret)
	if !strings.HasPrefix(secret, "loupe_") || len(secret) != len("loupe_")+8+1+43 {
		t.Fatalf("the page shows %q as the key", secret)
	}
	return secret
}

// TestBrowser_APIKeys: a member creates a read-only key in the browser and a program uses it (it
// reads, and is refused a write); the member revokes it in the browser and the next call gets
// 401. A second key with chosen actions does what it lists, and a workspace admin revokes it from
// the workspace's page.
func TestBrowser_APIKeys(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ws, admin, err := a.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme Vision", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := a.svc.Invite(loupe.WithActor(ctx, &loupe.Actor{User: admin}), ws.ID, service.InviteInput{Email: "mo@acme.test", Role: loupe.RoleMember, Type: loupe.UserExternal})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.AcceptInvitation(ctx, inv.Link[strings.LastIndex(inv.Link, "/")+1:], service.AcceptInput{Name: "Mo", Password: "mo's long password"}, service.Client{}); err != nil {
		t.Fatal(err)
	}
	datasets := "/api/v1/workspaces/" + ws.ID.String() + "/datasets"

	mo := browser(t)
	signIn(t, mo, a.url, "mo@acme.test", "mo's long password")
	form := `form[data-testid="api-key-form"]`
	run(t, mo, "create a read-only key",
		chromedp.Navigate(a.url+"/account"),
		chromedp.WaitVisible(`//h2[normalize-space()="API keys"]`),
		fill(form+` input[name="name"]`, "nightly export"),
		chromedp.WaitVisible(`//label[contains(@class, "is-selected")][normalize-space()="Read-only"]`),
		chromedp.Click(form+` button[type="submit"]`),
	)
	secret := readSecret(t, mo)
	keepScreenshot(t, mo, "api-key-created.png")
	prefix := secret[len("loupe_") : len("loupe_")+8]

	var me struct {
		User struct{ Email string } `json:"user"`
	}
	_, body := callAPI(t, a.url, secret, "GET", "/api/v1/me", "")
	if err := json.Unmarshal([]byte(body), &me); err != nil || me.User.Email != "mo@acme.test" {
		t.Fatalf("GET /api/v1/me with the key: %s", body)
	}
	wantAPI(t, a.url, secret, "GET", datasets, "", 200, `"items"`)
	wantAPI(t, a.url, secret, "POST", datasets, `{"name":"From a script"}`, 403, "this API key may not create datasets: it is read-only")

	row := `tr[data-key-prefix="` + prefix + `"]`
	run(t, mo, "the key is listed with its scope and where it was used, never its secret",
		chromedp.Click(button("I have saved it")),
		chromedp.WaitNotPresent(`[data-testid="api-key-secret"]`),
		chromedp.Reload(),
		chromedp.WaitVisible(`//tr[@data-key-prefix="`+prefix+`"][contains(., "nightly export")][contains(., "Read-only")][contains(., "from 127.0.0.1")]`),
	)
	page, err := chromedp.Run(mo, chromedp.Text(`body`))
	if err != nil || strings.Contains(page, secret[15:]) {
		t.Fatalf("the secret is still on the page after it was put away (%v)", err)
	}
	run(t, mo, "look at the keys", chromedp.ScrollIntoView(`//h2[normalize-space()="Your API keys"]`))
	keepScreenshot(t, mo, "api-keys.png")
	run(t, mo, "revoke it",
		chromedp.Click(row+` button`),
		chromedp.WaitVisible(`//dialog//*[contains(., "nightly export")]`),
		chromedp.Click(`//dialog`+button("Revoke key")),
		chromedp.WaitNotPresent(row),
	)
	wantAPI(t, a.url, secret, "GET", "/api/v1/me", "", 401, "this API key was revoked")

	run(t, mo, "create a key that may only create datasets",
		fill(form+` input[name="name"]`, "uploader"),
		chromedp.Click(`//label[contains(@class, "segmented-option")][normalize-space()="Chosen actions"]`),
		chromedp.WaitVisible(`input[name="actions"][value="dataset.create"]`),
		chromedp.Click(`input[name="actions"][value="dataset.create"]`),
	)
	keepScreenshot(t, mo, "api-key-actions.png")
	run(t, mo, "create it", chromedp.Click(form+` button[type="submit"]`))
	uploader := readSecret(t, mo)
	wantAPI(t, a.url, uploader, "POST", datasets, `{"name":"From a script"}`, 201, `"From a script"`)
	wantAPI(t, a.url, uploader, "GET", "/api/v1/workspaces/"+ws.ID.String()+"/members", "", 403, "its scope does not include member.list")

	ada := browser(t)
	signIn(t, ada, a.url, "ada@acme.test", "correct horse battery")
	upRow := `tr[data-key-prefix="` + uploader[len("loupe_"):len("loupe_")+8] + `"]`
	run(t, ada, "the admin sees the member's key on the workspace's page and revokes it",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/api-keys"),
		heading("API keys"),
		chromedp.WaitVisible(`//tr[contains(., "uploader")][contains(., "Mo")][contains(., "dataset.create")]`),
		chromedp.Click(upRow+` button`),
		chromedp.Click(`//dialog`+button("Revoke key")),
		chromedp.WaitNotPresent(upRow),
	)
	wantAPI(t, a.url, uploader, "GET", datasets, "", 401, "this API key was revoked")
}
