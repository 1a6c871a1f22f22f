package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/loupehq/loupe/internal/api"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/sso/ssotest"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// newSSOEnv is a real server whose base URL is its own address, as identity providers need to
// send browsers back to it, on a clock that starts at the wall clock's now (the providers sign
// with real time) and moves when told.
func newSSOEnv(t *testing.T, dialect string) *env {
	t.Helper()
	st := storetest.Open(t, dialect)
	c := &clock{now: loupe.SystemClock()}
	log := slog.New(slog.DiscardHandler)
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	svc, err := service.New(st, service.Config{
		BaseURL: srv.URL, SessionLifetime: 24 * time.Hour, SessionIdleTimeout: 24 * time.Hour,
		InvitationLifetime: 24 * time.Hour, Argon2: cheapArgon2,
		Throttle: service.Throttle{Window: 15 * time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 20,
	}, servicetest.Deps(t), c.Now, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = api.New(svc, st, api.Config{SessionLifetime: 24 * time.Hour}, log, prometheus.NewRegistry())
	return &env{t: t, srv: srv, svc: svc, store: st, clock: c}
}

// browser follows redirects one by one, as a browser would, keeping cookies for every host.
type browser struct {
	t      *testing.T
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (b *browser) get(u string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) post(u string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// location is where a redirect sends the browser, resolved against the request's URL.
func location(t *testing.T, res *http.Response) *url.URL {
	t.Helper()
	if res.StatusCode < 300 || res.StatusCode > 399 {
		t.Fatalf("%s %s: status %d, want a redirect", res.Request.Method, res.Request.URL, res.StatusCode)
	}
	u, err := res.Request.URL.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var authRequestID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// oidcAttempt is one sign-in through the provider, stopped at each stage a test may change.
type oidcAttempt struct {
	// tamper changes the authorization request before the browser takes it to the provider.
	tamper func(q url.Values)
	// beforeCallback runs once the provider answered, before the browser brings the answer to Loupe.
	beforeCallback func(callback *url.URL)
	// callbackBrowser, when set, brings the answer instead of the browser that began (another browser).
	callbackBrowser *browser
}

// signInWithOIDC takes the browser from Loupe's start link through the provider's login page
// back to Loupe, and returns the callback URL the provider sent it to and where Loupe sent it then.
func (b *browser) signInWithOIDC(e *env, ws string, user ssotest.User, a oidcAttempt) (*url.URL, *url.URL) {
	t := b.t
	t.Helper()
	res, _ := b.get(e.srv.URL + "/api/v1/auth/sso/" + ws + "/oidc/start")
	authURL := location(t, res)
	if !strings.HasPrefix(authURL.Path, "/auth") {
		t.Fatalf("start sent the browser to %s, not to the provider", authURL)
	}
	q := authURL.Query()
	for _, p := range []string{"state", "nonce", "code_challenge"} {
		if q.Get(p) == "" {
			t.Fatalf("the authorization request has no %s: %s", p, authURL)
		}
	}
	if q.Get("code_challenge_method") != "S256" {
		t.Fatalf("PKCE method %q, want S256", q.Get("code_challenge_method"))
	}
	if a.tamper != nil {
		a.tamper(q)
		authURL.RawQuery = q.Encode()
	}
	res, _ = b.get(authURL.String())
	loginURL := location(t, res)
	res, page := b.get(loginURL.String())
	m := authRequestID.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("the provider's login page (%d): %s", res.StatusCode, page)
	}
	res, page = b.post(loginURL.ResolveReference(&url.URL{Path: "/login/username"}).String(), url.Values{"id": {m[1]}, "username": {user.Email}, "password": {user.Password}})
	if res.StatusCode == 200 {
		t.Fatalf("the provider refused the login: %s", page)
	}
	next := location(t, res)
	for next.Host != strings.TrimPrefix(e.srv.URL, "http://") {
		res, _ = b.get(next.String())
		next = location(t, res)
	}
	callback := next
	if a.beforeCallback != nil {
		a.beforeCallback(callback)
	}
	cb := b
	if a.callbackBrowser != nil {
		cb = a.callbackBrowser
	}
	res, _ = cb.get(callback.String())
	return callback, location(t, res)
}

// ssoError is the reason Loupe gave on the sign-in page, "" when it landed elsewhere.
func ssoError(u *url.URL) string {
	if u.Path != "/signin" {
		return ""
	}
	return u.Query().Get("sso_error")
}

// apiClient is a harness client with the browser's Loupe session.
func (b *browser) apiClient(e *env) *client {
	u, _ := url.Parse(e.srv.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "loupe_session" {
			return &client{e: e, cookie: c.Value}
		}
	}
	b.t.Fatal("the browser has no Loupe session")
	return nil
}

// auditActions lists the actions of a workspace's audit log, oldest first, with their details.
func auditEntries(t *testing.T, admin *client, ws string) []service.AuditLine {
	var page struct{ Items []service.AuditLine }
	admin.must(200, "GET", "/api/v1/workspaces/"+ws+"/audit?limit=500", nil).json(t, &page)
	slices.Reverse(page.Items)
	return page.Items
}

func lastAudit(t *testing.T, admin *client, ws, action string) map[string]any {
	t.Helper()
	es := auditEntries(t, admin, ws)
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Action == action {
			var d map[string]any
			if err := json.Unmarshal(es[i].Detail, &d); err != nil {
				t.Fatal(err)
			}
			return d
		}
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Action)
	}
	t.Fatalf("no %s in the audit log: %v", action, got)
	return nil
}

var (
	ana        = ssotest.User{Email: "ana@corp.test", Password: "ana's secret", Name: "Ana Lima"}
	ben        = ssotest.User{Email: "ben@corp.test", Password: "ben's secret", Name: "Ben Okafor"}
	unverified = ssotest.User{Email: "uma@corp.test", Password: "uma's secret", Name: "Uma", Unverified: true}
	stranger   = ssotest.User{Email: "eve@elsewhere.test", Password: "eve's secret", Name: "Eve"}
	bo         = ssotest.User{Email: "bo@corp.test", Password: "bo's secret", Name: "Bo"}
)

// oidcWorld is a workspace whose admin configured the test's OpenID Provider.
type oidcWorld struct {
	e     *env
	op    *ssotest.OP
	admin *client
	ws    string
}

func newOIDCWorld(t *testing.T, dialect string) *oidcWorld {
	e := newSSOEnv(t, dialect)
	admin, ws := e.setup()
	op := ssotest.StartOP(t, ssotest.OPOptions{Users: []ssotest.User{ana, ben, unverified, stranger, bo}, ClientID: "loupe", ClientSecret: "loupe's secret",
		RedirectURI: e.srv.URL + "/api/v1/auth/sso/" + ws + "/oidc/callback"})
	admin.must(200, "PUT", "/api/v1/workspaces/"+ws+"/sso/oidc", map[string]any{"enabled": true, "discovery_url": op.Issuer, "client_id": "loupe",
		"client_secret": "loupe's secret", "email_domains": []string{"corp.test"}, "role": "member", "user_type": "internal"})
	return &oidcWorld{e: e, op: op, admin: admin, ws: ws}
}

func TestOIDCSignIn(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			w := newOIDCWorld(t, dialect)
			e, ws := w.e, w.ws

			t.Run("Success/NewAccountJoinsJustInTime", func(t *testing.T) {
				b := newBrowser(t)
				callback, landed := b.signInWithOIDC(e, ws, ana, oidcAttempt{})
				if landed.Path != "/w/"+ws || landed.Host != "" && landed.Host != strings.TrimPrefix(e.srv.URL, "http://") {
					t.Fatalf("landed on %s, want the workspace", landed)
				}
				var me struct {
					User        struct{ Email, Name string }
					Memberships []struct {
						Workspace struct{ ID string }
						Role      string
						UserType  string `json:"user_type"`
					}
				}
				b.apiClient(e).must(200, "GET", "/api/v1/me", nil).json(t, &me)
				if me.User.Email != ana.Email || me.User.Name != ana.Name || len(me.Memberships) != 1 || me.Memberships[0].Workspace.ID != ws ||
					me.Memberships[0].Role != "member" || me.Memberships[0].UserType != "internal" {
					t.Fatalf("me: %+v", me)
				}
				d := lastAudit(t, w.admin, ws, "sso.signed_in")
				if d["email"] != ana.Email || d["new_account"] != true || d["joined"] != true || d["protocol"] != "oidc" {
					t.Fatalf("audit: %v", d)
				}
				lastAudit(t, w.admin, ws, "member.joined")

				t.Run("StateReplay", func(t *testing.T) {
					// The same answer again, from the same browser: its flow was used once.
					res, _ := b.get(callback.String())
					if msg := ssoError(location(t, res)); !strings.Contains(msg, "completed already") {
						t.Fatalf("replayed callback: %q", msg)
					}
					if d := lastAudit(t, w.admin, ws, "sso.sign_in_refused"); d["reason"] != "replay" {
						t.Fatalf("audit: %v", d)
					}
				})
			})

			t.Run("Success/ExistingMemberSignsInAgain", func(t *testing.T) {
				newBrowser(t).signInWithOIDC(e, ws, ben, oidcAttempt{})
				_, landed := newBrowser(t).signInWithOIDC(e, ws, ben, oidcAttempt{})
				if landed.Path != "/w/"+ws {
					t.Fatalf("landed on %s", landed)
				}
				if d := lastAudit(t, w.admin, ws, "sso.signed_in"); d["email"] != ben.Email || d["new_account"] != false || d["joined"] != false {
					t.Fatalf("audit: %v", d)
				}
			})

			refused := []struct {
				name, reason, message string
				user                  ssotest.User
				attempt               func(b *browser) oidcAttempt
				before, after         func()
			}{
				{name: "WrongAudience", reason: "audience", message: "issued to", user: ana,
					before: func() { w.op.IssueTokensFor("another-app") }, after: func() { w.op.IssueTokensFor("") }},
				{name: "ExpiredToken", reason: "expired", message: "expired", user: ana,
					before: func() { w.op.SetIDTokenLifetime(time.Minute) }, after: func() { w.op.SetIDTokenLifetime(0) },
					attempt: func(*browser) oidcAttempt {
						return oidcAttempt{beforeCallback: func(*url.URL) { e.clock.Advance(2 * time.Minute) }}
					}},
				{name: "UnknownEmailDomain", reason: "domain_not_allowed", message: "does not accept addresses at elsewhere.test", user: stranger},
				{name: "UnverifiedEmail", reason: "email_unverified", message: "not verified", user: unverified},
				{name: "NonceMismatch", reason: "nonce", message: "nonce", user: ana, attempt: func(*browser) oidcAttempt {
					return oidcAttempt{tamper: func(q url.Values) { q.Set("nonce", "a nonce Loupe never sent") }}
				}},
				{name: "AnotherBrowser", reason: "browser_mismatch", message: "another browser", user: ana, attempt: func(*browser) oidcAttempt {
					return oidcAttempt{callbackBrowser: newBrowser(t)}
				}},
			}
			for _, tt := range refused {
				t.Run("Refused/"+tt.name, func(t *testing.T) {
					if tt.before != nil {
						tt.before()
						defer tt.after()
					}
					b := newBrowser(t)
					a := oidcAttempt{}
					if tt.attempt != nil {
						a = tt.attempt(b)
					}
					_, landed := b.signInWithOIDC(e, ws, tt.user, a)
					if msg := ssoError(landed); !strings.Contains(msg, tt.message) {
						t.Fatalf("landed on %s, want the sign-in page saying %q", landed, tt.message)
					}
					if landed.Query().Get("workspace") != ws {
						t.Fatalf("the sign-in page is not told the workspace: %s", landed)
					}
					if d := lastAudit(t, w.admin, ws, "sso.sign_in_refused"); d["reason"] != tt.reason {
						t.Fatalf("audit: %v, want reason %s", d, tt.reason)
					}
					u, _ := url.Parse(e.srv.URL)
					for _, c := range b.client.Jar.Cookies(u) {
						if c.Name == "loupe_session" {
							t.Fatal("a refused sign-in left a session")
						}
					}
				})
			}

			t.Run("Refused/AccountOfAnotherWorkspace", func(t *testing.T) {
				// bo@corp.test signed up with a password and runs a workspace of his own: Acme's
				// provider may not vouch for his account.
				c := e.anon()
				c.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Bo", "email": bo.Email, "password": password})
				c.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "Bo's"})
				_, landed := newBrowser(t).signInWithOIDC(e, ws, bo, oidcAttempt{})
				if msg := ssoError(landed); !strings.Contains(msg, "also belongs to another workspace") {
					t.Fatalf("landed on %s", landed)
				}
				if d := lastAudit(t, w.admin, ws, "sso.sign_in_refused"); d["reason"] != "account_elsewhere" || d["email"] != bo.Email {
					t.Fatalf("audit: %v", d)
				}
			})

			t.Run("Refused/Disabled", func(t *testing.T) {
				var cfg struct{ OIDC map[string]any }
				w.admin.must(200, "GET", "/api/v1/workspaces/"+ws+"/sso", nil).json(t, &cfg)
				body := map[string]any{"enabled": false, "discovery_url": cfg.OIDC["discovery_url"], "client_id": cfg.OIDC["client_id"],
					"email_domains": cfg.OIDC["email_domains"], "role": cfg.OIDC["role"], "user_type": cfg.OIDC["user_type"]}
				w.admin.must(200, "PUT", "/api/v1/workspaces/"+ws+"/sso/oidc", body)
				defer func() {
					body["enabled"] = true
					w.admin.must(200, "PUT", "/api/v1/workspaces/"+ws+"/sso/oidc", body)
				}()
				res, _ := newBrowser(t).get(e.srv.URL + "/api/v1/auth/sso/" + ws + "/oidc/start")
				if msg := ssoError(location(t, res)); !strings.Contains(msg, "offers no OpenID Connect sign-in") {
					t.Fatalf("start of a disabled provider: %q", msg)
				}
			})
		})
	}
}

func TestOIDCConfiguration(t *testing.T) {
	t.Parallel()
	w := newOIDCWorld(t, "sqlite")
	e, admin, ws := w.e, w.admin, w.ws
	path := "/api/v1/workspaces/" + ws + "/sso"

	t.Run("SecretSealedAndNeverShown", func(t *testing.T) {
		var sealed []byte
		if err := e.store.WriteDB().QueryRow(`SELECT client_secret FROM sso_connections WHERE protocol = 'oidc'`).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if len(sealed) == 0 || strings.Contains(string(sealed), "loupe's secret") {
			t.Fatalf("the client secret is stored as %q", sealed)
		}
		r := admin.must(200, "GET", path, nil)
		if strings.Contains(string(r.body), "loupe's secret") || !strings.Contains(string(r.body), `"has_client_secret":true`) {
			t.Fatalf("get-sso shows %s", r.body)
		}
		var cfg struct {
			OIDCRedirectURL string `json:"oidc_redirect_url"`
		}
		r.json(t, &cfg)
		if cfg.OIDCRedirectURL != e.srv.URL+"/api/v1/auth/sso/"+ws+"/oidc/callback" {
			t.Fatalf("redirect URL %q", cfg.OIDCRedirectURL)
		}
		// Saving without a secret keeps the sealed one: sign-in still works.
		admin.must(200, "PUT", path+"/oidc", map[string]any{"enabled": true, "discovery_url": w.op.DiscoveryURL, "client_id": "loupe",
			"email_domains": []string{"corp.test"}, "role": "tasker", "user_type": "workforce"})
		if _, landed := newBrowser(t).signInWithOIDC(e, ws, ana, oidcAttempt{}); landed.Path != "/w/"+ws {
			t.Fatalf("after an edit without the secret: %s", landed)
		}
		if d := lastAudit(t, admin, ws, "sso.changed"); d["client_secret_changed"] != false || d["role"] != "tasker" {
			t.Fatalf("audit: %v", d)
		}
	})

	t.Run("Validation", func(t *testing.T) {
		p := admin.do("PUT", path+"/oidc", map[string]any{"enabled": false, "discovery_url": "ftp://x", "client_id": "",
			"email_domains": []string{}, "role": "admin", "user_type": "internal"}).problem(t)
		for _, f := range []string{"body.discovery_url", "body.client_id", "body.email_domains", "body.role"} {
			if p.fieldMessage(f) == "" {
				t.Errorf("no error at %s: %+v", f, p)
			}
		}
	})

	unreachable := "http://127.0.0.1:1"
	t.Run("SaveRefusesUnreachableDiscovery", func(t *testing.T) {
		r := admin.do("PUT", path+"/oidc", map[string]any{"enabled": true, "discovery_url": unreachable, "client_id": "loupe",
			"email_domains": []string{"corp.test"}, "role": "member", "user_type": "internal"})
		if r.status != 422 || !strings.Contains(r.problem(t).fieldMessage("body.discovery_url"), "unreachable") {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})

	// A web server that is not an OpenID Provider: every path answers a page.
	website := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "<!doctype html><h1>Welcome</h1>") }))
	t.Cleanup(website.Close)
	localhostOP := ssotest.StartOP(t, ssotest.OPOptions{ClientID: "x", ClientSecret: "y", RedirectURI: "http://x", IssuerHost: "localhost"})
	tests := []struct {
		name, url, step, message string
		passed                   int
	}{
		{"Works", w.op.Issuer, "", "", 4},
		{"UnreachableURL", unreachable, "reach", "unreachable", 0},
		{"NotADiscoveryDocument", website.URL, "document", "not a discovery document", 1},
		{"NotFound", e.srv.URL + "/nothing-here", "reach", "404", 0},
		{"WrongIssuer", localhostOP.DiscoveryURL, "issuer", "names the issuer", 2},
	}
	for _, tt := range tests {
		t.Run("Test/"+tt.name, func(t *testing.T) {
			var rep struct {
				OK     bool
				Checks []struct {
					Step, Message string
					OK            bool
				}
			}
			admin.must(200, "POST", path+"/test", map[string]any{"protocol": "oidc", "discovery_url": tt.url}).json(t, &rep)
			if tt.step == "" {
				if !rep.OK || len(rep.Checks) != tt.passed {
					t.Fatalf("%+v", rep)
				}
				return
			}
			last := rep.Checks[len(rep.Checks)-1]
			if rep.OK || len(rep.Checks) != tt.passed+1 || last.OK || last.Step != tt.step || !strings.Contains(last.Message, tt.message) {
				t.Fatalf("%+v, want step %s failing with %q after %d passed", rep, tt.step, tt.message, tt.passed)
			}
		})
	}
	t.Run("Test/Saved", func(t *testing.T) {
		var rep struct{ OK bool }
		admin.must(200, "POST", path+"/test", map[string]any{"protocol": "oidc"}).json(t, &rep)
		if !rep.OK {
			t.Fatal("the saved provider does not pass its test")
		}
	})

	t.Run("Options", func(t *testing.T) {
		var o struct {
			Options []struct {
				WorkspaceID string `json:"workspace_id"`
				Protocol    string
				StartURL    string `json:"start_url"`
			}
		}
		e.anon().must(200, "GET", "/api/v1/auth/sso?email=someone@CORP.test", nil).json(t, &o)
		if len(o.Options) != 1 || o.Options[0].WorkspaceID != ws || o.Options[0].Protocol != "oidc" || o.Options[0].StartURL != e.srv.URL+"/api/v1/auth/sso/"+ws+"/oidc/start" {
			t.Fatalf("%+v", o)
		}
		for _, q := range []string{"email=someone@elsewhere.test", "workspace_id=" + loupe.NewID().String(), "email=not-an-address"} {
			r := e.anon().must(200, "GET", "/api/v1/auth/sso?"+q, nil)
			if strings.TrimSpace(string(r.body)) != `{"options":[]}` {
				t.Fatalf("%s: %s", q, r.body)
			}
		}
		e.anon().must(200, "GET", "/api/v1/auth/sso?workspace_id="+ws, nil).json(t, &o)
		if len(o.Options) != 1 {
			t.Fatalf("%+v", o)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		admin.must(204, "DELETE", path+"/oidc", nil)
		admin.must(404, "DELETE", path+"/oidc", nil)
		lastAudit(t, admin, ws, "sso.removed")
		r := e.anon().must(200, "GET", "/api/v1/auth/sso?email=a@corp.test", nil)
		if strings.TrimSpace(string(r.body)) != `{"options":[]}` {
			t.Fatalf("options after delete: %s", r.body)
		}
	})
}

// TestSSOOnly covers password sign-in under "SSO only": members the provider signs in are
// refused and told to use SSO; the workspace's admins keep the password (break-glass); members of
// other workspaces too keep it; each case is audited.
func TestSSOOnly(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			w := newOIDCWorld(t, dialect)
			e, admin, ws := w.e, w.admin, w.ws
			path := "/api/v1/workspaces/" + ws + "/sso"
			e.join(admin, ws, "mia@corp.test", "member", "internal")
			_, shared := e.join(admin, ws, "sam@vendor.test", "tasker", "workforce")
			other := e.anon()
			other.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Oz", "email": "oz@b.test", "password": password})
			var b struct{ ID string }
			other.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "B"}).json(t, &b)
			r := other.must(201, "POST", "/api/v1/workspaces/"+b.ID+"/invitations", map[string]string{"email": "sam@vendor.test", "role": "tasker", "user_type": "workforce"})
			var inv struct{ Link string }
			r.json(t, &inv)
			sam := e.anon()
			sam.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "sam@vendor.test", "password": password})
			sam.must(200, "POST", "/api/v1/invitations/"+inv.Link[strings.LastIndex(inv.Link, "/")+1:]+"/accept", map[string]string{})

			admin.must(200, "PUT", path+"/policy", map[string]bool{"sso_only": true})
			if d := lastAudit(t, admin, ws, "sso.policy_changed"); d["sso_only"].(map[string]any)["to"] != true {
				t.Fatalf("audit: %v", d)
			}

			t.Run("MemberRefused", func(t *testing.T) {
				r := e.anon().do("POST", "/api/v1/auth/signin", map[string]string{"email": "mia@corp.test", "password": password})
				if r.status != 403 || !strings.Contains(r.problem(t).Detail, "Continue with SSO") {
					t.Fatalf("%d %s", r.status, r.body)
				}
				if d := lastAudit(t, admin, ws, "sso.password_sign_in_refused"); d["email"] != "mia@corp.test" {
					t.Fatalf("audit: %v", d)
				}
			})
			t.Run("WrongPasswordStillWrong", func(t *testing.T) {
				// The policy speaks only to whoever knows the password.
				r := e.anon().do("POST", "/api/v1/auth/signin", map[string]string{"email": "mia@corp.test", "password": "not the password at all"})
				if r.status != 401 {
					t.Fatalf("%d %s", r.status, r.body)
				}
			})
			t.Run("AdminBreakGlass", func(t *testing.T) {
				e.anon().must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
				if d := lastAudit(t, admin, ws, "sso.break_glass_sign_in"); d["email"] != "ada@acme.test" {
					t.Fatalf("audit: %v", d)
				}
			})
			t.Run("MemberOfOtherWorkspacesExempt", func(t *testing.T) {
				e.anon().must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "sam@vendor.test", "password": password})
				var exempt *service.AuditLine
				for _, e := range auditEntries(t, admin, ws) {
					if e.Action == "sso.password_sign_in_exempt" {
						exempt = &e
					}
				}
				if exempt == nil || exempt.TargetID != shared {
					t.Fatalf("exempt sign-in audited as %+v", exempt)
				}
			})
			t.Run("SSOStillSignsIn", func(t *testing.T) {
				if _, landed := newBrowser(t).signInWithOIDC(e, ws, ana, oidcAttempt{}); landed.Path != "/w/"+ws {
					t.Fatalf("landed on %s", landed)
				}
			})
			t.Run("WithoutAnEnabledProviderNobodyIsHeldBack", func(t *testing.T) {
				admin.must(204, "DELETE", path+"/oidc", nil)
				e.anon().must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "mia@corp.test", "password": password})
				r := admin.do("PUT", path+"/policy", map[string]bool{"sso_only": true})
				if r.status != 422 || r.problem(t).fieldMessage("body.sso_only") == "" {
					t.Fatalf("%d %s", r.status, r.body)
				}
			})
		})
	}
}
