package e2e

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
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

// startMFAApp serves the app as startApp does, at http://localhost:PORT, with that as Loupe's base
// URL: passkeys are bound to it (an IP address is no RP ID, and a browser allows WebAuthn on
// plain HTTP only on localhost).
func startMFAApp(t *testing.T) app {
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://localhost:" + strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
	deps := servicetest.Deps(t)
	deps.Queue = queue
	svc, err := service.New(st, service.Config{BaseURL: base, SessionLifetime: 24 * time.Hour, SessionIdleTimeout: 24 * time.Hour,
		InvitationLifetime: 24 * time.Hour, Argon2: auth.Argon2Params{Memory: 8 << 10, Time: 1, Threads: 1},
		Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 20}, deps, loupe.SystemClock, log, nil)
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
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return app{url: base, store: st, svc: svc, requests: &requestLog{}}
}

const mfaPassword = "correct horse battery"

// mfaAdmin sets Loupe up with a workspace and its admin.
func mfaAdmin(t *testing.T, a app) loupe.Workspace {
	t.Helper()
	_, ws, err := a.svc.Setup(context.Background(), service.SetupInput{WorkspaceName: "Acme Vision", Name: "Ada Admin", Email: "ada@acme.test", Password: mfaPassword}, service.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func signInWithPassword(email string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		fill(`input[name="email"]`, email),
		fill(`input[name="password"]`, mfaPassword),
		chromedp.Click(button("Sign in")),
	)
}

func signOut() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(`[data-testid="user-menu"]`),
		chromedp.Click(button("Sign out")),
		heading("Sign in"),
	)
}

// shoot saves the page as name.png in LOUPE_SCREENSHOT_DIR, when it is set.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LOUPE_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func factors(t *testing.T, st *store.Store, email string) loupe.MFAFactors {
	t.Helper()
	ctx := context.Background()
	var f loupe.MFAFactors
	if err := st.Read(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if err == nil {
			f, err = tx.MFAFactors(ctx, u.ID)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestBrowser_MFA_EnrollTOTPAndSignInWithACode enrolls an authenticator app in the browser (the
// test reads the secret shown and computes codes from it), signs out, signs in with the password
// and then a code; then the admin requires two-factor authentication, and a member without it is
// sent to enrollment.
func TestBrowser_MFA_EnrollTOTPAndSignInWithACode(t *testing.T) {
	a := startMFAApp(t)
	ws := mfaAdmin(t, a)
	ctx := browser(t)

	run(t, ctx, "sign in with the password alone",
		chromedp.Navigate(a.url+"/signin"),
		signInWithPassword("ada@acme.test"),
		heading("Members"),
	)
	run(t, ctx, "start enrolling an authenticator app",
		chromedp.Navigate(a.url+"/account"),
		heading("Account"),
		chromedp.WaitVisible(`//*[@data-testid="mfa-summary"][contains(., "off")]`),
		chromedp.Click(button("Add an authenticator app")),
		chromedp.WaitVisible(`[data-testid="totp-secret"]`),
		chromedp.WaitVisible(`img.mfa-qr`),
	)
	shoot(t, ctx, "mfa-enroll")
	secret := evaluate[string](t, ctx, `document.querySelector('[data-testid="totp-secret"]').dataset.secret`)
	shown := evaluate[string](t, ctx, `document.querySelector('[data-testid="totp-secret"]').textContent`)
	if len(secret) != 32 || strings.ReplaceAll(shown, " ", "") != secret {
		t.Fatalf("the page shows the secret %q as %q", secret, shown)
	}
	if qr := evaluate[bool](t, ctx, `document.querySelector('img.mfa-qr').naturalWidth > 100`); !qr {
		t.Fatal("the QR code did not load")
	}
	if f := factors(t, a.store, "ada@acme.test"); f.Enrolled() {
		t.Fatal("the app counts before a code confirmed it")
	}
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "confirm with a code: the recovery codes show once",
		fill(`input[name="totp_code"]`, code),
		chromedp.Click(button("Confirm")),
		chromedp.WaitVisible(`[data-testid="recovery-codes"]`),
	)
	shoot(t, ctx, "mfa-recovery-codes")
	codes := evaluate[[]string](t, ctx, `Array.from(document.querySelectorAll('[data-testid="recovery-codes"] li')).map((li) => li.textContent)`)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown: %v", len(codes), codes)
	}
	run(t, ctx, "the codes are put away",
		chromedp.Click(button("I have saved them")),
		chromedp.WaitVisible(`//*[@data-testid="mfa-summary"][contains(., "authenticator app")]`),
		chromedp.WaitVisible(`//*[@data-testid="recovery-codes-left"][contains(., "10 of 10")]`),
	)
	if f := factors(t, a.store, "ada@acme.test"); f.TOTP == nil || f.RecoveryCodesLeft != 10 {
		t.Fatalf("stored factors: %+v", f)
	}

	run(t, ctx, "sign out, and the password asks for the second factor",
		signOut(),
		signInWithPassword("ada@acme.test"),
		heading("Two-factor authentication"),
		chromedp.WaitVisible(button("Use a recovery code")),
	)
	run(t, ctx, "the code that confirmed the app is refused: it was used",
		fill(`input[name="code"]`, code),
		chromedp.Click(button("Verify")),
		chromedp.WaitVisible(`//p[contains(@class, "field-error")][contains(., "used already")]`),
	)
	shoot(t, ctx, "mfa-sign-in")
	// The next code comes with the next 30-second step.
	time.Sleep(time.Until(time.Unix((time.Now().Unix()/30+1)*30, 0)) + 500*time.Millisecond)
	next, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "the next code signs in",
		fill(`input[name="code"]`, next),
		chromedp.Click(button("Verify")),
		heading("Members"),
	)

	// The admin, who has a second factor now, requires one of every member.
	run(t, ctx, "require two-factor authentication in the workspace settings",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/settings"),
		heading("Workspace settings"),
		chromedp.Click(`input[name="mfa_required"]`),
		chromedp.Click(button("Save")),
		chromedp.WaitVisible(`//*[contains(@class, "toast-message")][contains(., "Workspace settings saved")]`),
	)
	var saved loupe.Workspace
	a.store.Read(context.Background(), func(tx *store.Tx) (err error) { saved, err = tx.Workspace(context.Background(), ws.ID); return err })
	if !saved.MFARequired {
		t.Fatal("the setting was not saved")
	}
	// Bob, a member without a second factor, is sent to enrollment when he signs in.
	if err := a.store.Write(context.Background(), func(tx *store.Tx) error {
		hash, err := auth.HashPassword(mfaPassword, auth.Argon2Params{Memory: 8 << 10, Time: 1, Threads: 1})
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		u := loupe.User{ID: loupe.NewID(), Email: "bob@acme.test", Name: "Bob", PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateUser(context.Background(), &u); err != nil {
			return err
		}
		return tx.CreateMembership(context.Background(), &loupe.Membership{WorkspaceID: ws.ID, UserID: u.ID, Role: loupe.RoleMember, Type: loupe.UserInternal, CreatedAt: now, UpdatedAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	bob := browser(t)
	run(t, bob, "a member without a second factor is sent to enroll one",
		chromedp.Navigate(a.url+"/signin"),
		signInWithPassword("bob@acme.test"),
		heading("Set up two-factor authentication"),
		chromedp.WaitVisible(`//*[contains(@class, "page-description")][contains(., "Acme Vision requires two-factor authentication")][contains(., "API keys")]`),
		chromedp.WaitVisible(button("Add an authenticator app")),
	)
	shoot(t, bob, "mfa-required")
}

// TestBrowser_MFA_Passkey registers a passkey through Chrome's virtual authenticator and signs in
// with it.
func TestBrowser_MFA_Passkey(t *testing.T) {
	a := startMFAApp(t)
	mfaAdmin(t, a)
	ctx := browser(t)

	run(t, ctx, "sign in and open the account page",
		chromedp.Navigate(a.url+"/signin"),
		signInWithPassword("ada@acme.test"),
		heading("Members"),
		chromedp.Navigate(a.url+"/account"),
		heading("Account"),
	)
	// A security key that answers at once, in this tab.
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
		Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportUsb, HasResidentKey: true,
		HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
	}}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "add a passkey",
		fill(`input[name="passkey_name"]`, "Test key"),
		chromedp.Click(button("Add a passkey")),
		chromedp.WaitVisible(`tr[data-passkey="Test key"]`),
		chromedp.WaitVisible(`[data-testid="recovery-codes"]`),
		chromedp.Click(button("I have saved them")),
		chromedp.WaitVisible(`//*[@data-testid="mfa-summary"][contains(., "a passkey")]`),
	)
	if f := factors(t, a.store, "ada@acme.test"); len(f.Passkeys) != 1 || f.Passkeys[0].Name != "Test key" || f.RecoveryCodesLeft != 10 {
		t.Fatalf("stored factors: %+v", f)
	}
	run(t, ctx, "sign out, sign in with the password, then the passkey",
		signOut(),
		signInWithPassword("ada@acme.test"),
		heading("Two-factor authentication"),
		chromedp.Click(button("Use a passkey")),
		heading("Members"),
	)
	if f := factors(t, a.store, "ada@acme.test"); f.Passkeys[0].LastUsedAt == nil {
		t.Fatal("the passkey's use was not recorded")
	}
	run(t, ctx, "rename it",
		chromedp.Navigate(a.url+"/account"),
		chromedp.WaitVisible(`tr[data-passkey="Test key"]`),
		chromedp.Click(`//tr[@data-passkey="Test key"]//button[normalize-space()="Rename"]`),
		fill(`input[name="rename_passkey"]`, "Desk key"),
		chromedp.Click(`//tr[@data-passkey="Test key"]//button[normalize-space()="Save"]`),
		chromedp.WaitVisible(`tr[data-passkey="Desk key"]`),
	)
}
