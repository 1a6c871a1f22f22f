package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/sso/ssotest"
	"github.com/loupehq/loupe/internal/store"
)

// TestBrowser_SSO_OIDC: an admin sets up OpenID Connect in the workspace settings against a real
// provider (zitadel/oidc's example OP, in process), tests the connection and saves; then a
// newcomer, in a browser of their own, chooses "Continue with SSO" on the sign-in page, signs in
// on the provider's own login page, and lands in the workspace as a member made just in time.
func TestBrowser_SSO_OIDC(t *testing.T) {
	a := startMFAApp(t)
	ws := mfaAdmin(t, a)
	lee := ssotest.User{Email: "lee@acme.test", Password: "lee's provider password", Name: "Lee Park"}
	redirect := a.url + "/api/v1/auth/sso/" + ws.ID.String() + "/oidc/callback"
	op := ssotest.StartOP(t, ssotest.OPOptions{Users: []ssotest.User{lee}, ClientID: "loupe-web", ClientSecret: "the client secret", RedirectURI: redirect})

	admin := browser(t)
	run(t, admin, "the admin signs in with a password",
		chromedp.Navigate(a.url+"/signin"),
		heading("Sign in"),
		signInWithPassword("ada@acme.test"),
		heading("Members"),
	)
	oidc := `[data-testid="sso-oidc"] `
	run(t, admin, "the settings show the SSO section with the redirect URI to register",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/settings"),
		heading("Workspace settings"),
		chromedp.WaitVisible(`//*[@data-testid="sso-oidc"]//code[normalize-space()="`+redirect+`"]`),
	)
	run(t, admin, "fill in the provider and test the connection",
		fill(oidc+`input[name="discovery_url"]`, op.Issuer),
		fill(oidc+`input[name="client_id"]`, "loupe-web"),
		fill(oidc+`input[name="client_secret"]`, "the client secret"),
		fill(oidc+`input[name="email_domains"]`, "acme.test"),
		choose(oidc+`select[name="role"]`, "member"),
		choose(oidc+`select[name="user_type"]`, "internal"),
		chromedp.Click(`//*[@data-testid="sso-oidc"]`+button("Test connection")),
		chromedp.WaitVisible(`//*[@data-testid="sso-test-result"][contains(., "The connection works.")][contains(., "signing key")]`),
	)
	shoot(t, admin, "sso-settings")
	run(t, admin, "save it",
		chromedp.Click(`//*[@data-testid="sso-oidc"]`+button("Save")),
		chromedp.WaitVisible(`//*[contains(., "OpenID Connect sign-in saved")]`),
		chromedp.WaitVisible(oidc+`input[name="client_secret"][placeholder^="Saved"]`),
	)
	c := ssoConnection(t, a.store, ws.ID)
	if !c.Enabled || c.DiscoveryURL != op.Issuer || c.ClientID != "loupe-web" || len(c.SealedSecret) == 0 || strings.Join(c.Domains, ",") != "acme.test" || c.Role != loupe.RoleMember {
		t.Fatalf("saved connection: %+v", c)
	}

	newcomer := browser(t)
	run(t, newcomer, "the newcomer continues with SSO from the sign-in page",
		chromedp.Navigate(a.url+"/signin"),
		heading("Sign in"),
		chromedp.Click(button("Continue with SSO")),
		fill(`input[name="sso_email"]`, lee.Email),
		chromedp.Click(button("Continue")),
	)
	run(t, newcomer, "and signs in on the provider's own login page",
		chromedp.WaitVisible(`input#username`),
		fill(`input#username`, lee.Email),
		fill(`input#password`, lee.Password),
		chromedp.Click(button("Login")),
	)
	run(t, newcomer, "landing in the workspace, signed in",
		heading("Members"),
		chromedp.WaitVisible(`[data-testid="user-menu"]`),
		chromedp.WaitVisible(`tr[data-email="lee@acme.test"]`),
	)
	if got := role(t, a.store, lee.Email); got != loupe.RoleMember {
		t.Fatalf("Lee's role: %q", got)
	}
	url, err := chromedp.Run(newcomer, chromedp.Location())
	if err != nil || !strings.HasPrefix(url, a.url+"/w/"+ws.ID.String()) {
		t.Fatalf("landed on %q (%v)", url, err)
	}
}

func ssoConnection(t *testing.T, st *store.Store, ws loupe.ID) loupe.SSOConnection {
	t.Helper()
	ctx := context.Background()
	var c loupe.SSOConnection
	if err := st.Read(ctx, func(tx *store.Tx) (err error) { c, err = tx.SSOConnection(ctx, ws, loupe.SSOOIDC); return err }); err != nil {
		t.Fatal(err)
	}
	return c
}
