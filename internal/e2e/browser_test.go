// Package e2e drives the real web app in headless Chromium against a real server and database.
package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/loupehq/loupe/internal/api"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/jobs"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
	"github.com/loupehq/loupe/internal/webui"
)

// need skips a browser test that cannot run here, except under CI=true, where it fails.
func need(t *testing.T, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(why + " (CI=true: browser tests must run; use `make test`)")
	}
	t.Skip(why + "; `make test` provides it")
}

func chromium(t *testing.T) string {
	t.Helper()
	path := os.Getenv("LOUPE_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	need(t, path != "", "no Chromium found (set LOUPE_CHROMIUM)")
	return path
}

type app struct {
	url      string
	store    *store.Store
	svc      *service.Service
	requests *requestLog
}

// requestLog records the requests the server answered, for tests that check how the app talks to it.
type requestLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *requestLog) count(prefix, contains string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.HasPrefix(line, prefix) && strings.Contains(line, contains) {
			n++
		}
	}
	return n
}

// startApp serves the embedded web app and the API over a fresh SQLite database.
func startApp(t *testing.T) app {
	t.Helper()
	need(t, webui.Built(), "the web app is not built into internal/webui/dist")
	st := storetest.Open(t, "sqlite")
	log := slog.New(slog.DiscardHandler)
	if err := jobs.Migrate(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	queue, err := jobs.New(st, log)
	if err != nil {
		t.Fatal(err)
	}
	deps := servicetest.Deps(t)
	deps.Queue = queue
	svc, err := service.New(st, service.Config{BaseURL: "", SessionLifetime: 24 * time.Hour, SessionIdleTimeout: 24 * time.Hour,
		InvitationLifetime: 24 * time.Hour, Argon2: auth.DefaultArgon2,
		Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 30}, deps, loupe.SystemClock, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := queue.Start(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		queue.Stop(ctx)
	})
	h := api.New(svc, st, api.Config{SessionLifetime: 24 * time.Hour, UI: webui.Handler()}, log, prometheus.NewRegistry())
	requests := &requestLog{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.mu.Lock()
		requests.lines = append(requests.lines, r.Method+" "+r.URL.Path)
		requests.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return app{url: srv.URL, store: st, svc: svc, requests: requests}
}

// browser starts headless Chromium with a profile of its own, and the flags this closed network needs.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	// No deadline on the browser's own context: it would stop the browser. Each step has one.
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// stepTimeout bounds one step of a browser test; a page that never shows what a step waits for
// fails it with a screenshot rather than hanging.
const stepTimeout = 20 * time.Second

func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		shot := screenshot(ctx)
		t.Fatalf("%s: %v%s", step, err, shot)
	}
}

// screenshot saves the page for a failing step, and says where.
func screenshot(ctx context.Context) string {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "\n(no screenshot: " + err.Error() + ")"
	}
	f, err := os.CreateTemp("", "loupe-e2e-*.png")
	if err != nil {
		return ""
	}
	defer f.Close()
	f.Write(png)
	return "\nscreenshot: " + f.Name()
}

func heading(text string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`//h1[normalize-space()="` + text + `"]`)
}

func button(text string) string {
	return `//button[normalize-space()="` + text + `"]`
}

// fill empties an input and types into it, key by key.
func fill(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.WaitVisible(sel), setReact(sel, "HTMLInputElement", "", "input"), chromedp.SendKeys(sel, value))
}

// choose picks an option of a select, as a person's click does.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.WaitVisible(sel), setReact(sel, "HTMLSelectElement", value, "change"))
}

// setReact sets a form control's value through the element's native setter and fires the event a
// person's edit fires, so that React's controlled state follows (assigning .value alone it ignores).
func setReact(sel, class, value, event string) chromedp.Action[chromedp.Void] {
	js := `(() => {
		const el = document.querySelector(` + jsString(sel) + `);
		Object.getOwnPropertyDescriptor(` + class + `.prototype, "value").set.call(el, ` + jsString(value) + `);
		return el.dispatchEvent(new Event(` + jsString(event) + `, {bubbles: true}));
	})()`
	eval := chromedp.Evaluate[bool](js)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error { _, err := eval(ctx, t); return err })
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// TestBrowser_SetupSignInInviteChangeRole is the foundation's tour: the first admin sets Loupe up,
// signs out and in again, invites a colleague, the colleague accepts in their own browser, and
// the admin changes the colleague's role.
func TestBrowser_SetupSignInInviteChangeRole(t *testing.T) {
	a := startApp(t)
	ctx := browser(t)

	run(t, ctx, "first visit goes to setup",
		chromedp.Navigate(a.url+"/"),
		heading("Set up Loupe"),
	)
	run(t, ctx, "set up",
		fill(`input[name="workspace_name"]`, "Acme Vision"),
		fill(`input[name="name"]`, "Ada Admin"),
		fill(`input[name="email"]`, "ada@acme.test"),
		fill(`input[name="password"]`, "correct horse battery"),
		chromedp.Click(button("Create workspace")),
		heading("Members"),
		chromedp.WaitVisible(`tr[data-email="ada@acme.test"]`),
	)
	run(t, ctx, "sign out",
		chromedp.Click(`[data-testid="user-menu"]`),
		chromedp.Click(`//button[normalize-space()="Sign out"]`),
		heading("Sign in"),
	)
	run(t, ctx, "a wrong password is refused on the page",
		fill(`input[name="email"]`, "ada@acme.test"),
		fill(`input[name="password"]`, "not my password"),
		chromedp.Click(button("Sign in")),
		chromedp.WaitVisible(`//*[@role="alert"][contains(., "wrong")]`),
	)
	run(t, ctx, "sign in",
		fill(`input[name="password"]`, "correct horse battery"),
		chromedp.Click(button("Sign in")),
		heading("Members"),
	)

	run(t, ctx, "invite a colleague",
		fill(`form input[name="email"]`, "bob@acme.test"),
		choose(`form select[name="role"]`, "member"),
		choose(`form select[name="user_type"]`, "external"),
		chromedp.Click(button("Invite")),
		chromedp.WaitVisible(`[data-testid="invite-link"]`),
	)
	link, err := chromedp.Run(ctx, chromedp.Text(`[data-testid="invite-link"]`))
	if err != nil {
		t.Fatal(err)
	}
	link = strings.TrimSpace(link)
	token := link[strings.LastIndex(link, "/")+1:]
	if !strings.Contains(link, "/invite/") || len(token) < 32 {
		t.Fatalf("the invite link shown is %q", link)
	}

	bob := browser(t) // a browser of the colleague's own, with its own cookies
	run(t, bob, "the colleague accepts in their own browser",
		chromedp.Navigate(a.url+"/invite/"+token),
		chromedp.WaitVisible(`//h1[contains(., "Acme Vision")]`),
		fill(`input[name="name"]`, "Bob Builder"),
		fill(`input[name="password"]`, "bob's long password"),
		chromedp.Click(button("Accept invitation")),
		heading("Members"),
	)

	bobRow := `tr[data-email="bob@acme.test"]`
	run(t, ctx, "the admin sees the new member and makes them a tasker",
		chromedp.Reload(),
		chromedp.WaitVisible(bobRow),
		choose(bobRow+` select[name="role"]`, "tasker"),
	)
	// The change reached the database, and survives a reload.
	waitFor(t, func() bool { return role(t, a.store, "bob@acme.test") == loupe.RoleTasker }, "bob's role to be saved as tasker")
	run(t, ctx, "the page shows the saved role after a reload",
		chromedp.Reload(),
		chromedp.WaitVisible(bobRow),
	)
	shown, err := chromedp.Run(ctx, chromedp.Value(bobRow+` select[name="role"]`))
	if err != nil || shown != "tasker" {
		t.Fatalf("after reload the role select shows %q (%v)", shown, err)
	}
	if dir := os.Getenv("LOUPE_SCREENSHOT_DIR"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "members.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func role(t *testing.T, st *store.Store, email string) loupe.Role {
	t.Helper()
	ctx := context.Background()
	var r loupe.Role
	err := st.Read(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		ms, err := tx.MembershipsOfUser(ctx, u.ID)
		if err != nil || len(ms) != 1 {
			return err
		}
		r = ms[0].Role
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
