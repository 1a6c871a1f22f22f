package api_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/sso/ssotest"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// samlWorld is a workspace whose admin configured the test's SAML identity provider by its
// metadata URL.
type samlWorld struct {
	e     *env
	idp   *ssotest.IdP
	admin *client
	ws    string
}

func newSAMLWorld(t *testing.T, dialect string) *samlWorld {
	e := newSSOEnv(t, dialect)
	admin, ws := e.setup()
	idp := ssotest.StartIdP(t)
	admin.must(200, "PUT", "/api/v1/workspaces/"+ws+"/sso/saml", map[string]any{"enabled": true, "metadata_url": idp.MetadataURL,
		"email_domains": []string{"corp.test"}, "role": "tasker", "user_type": "workforce"})
	return &samlWorld{e: e, idp: idp, admin: admin, ws: ws}
}

var postForm = regexp.MustCompile(`<form method="post" action="([^"]+)"[^>]*><input type="hidden" name="SAMLResponse" value="([^"]*)" /><input type="hidden" name="RelayState" value="([^"]*)" />`)

// samlPost is what the identity provider's page posts to Loupe.
type samlPost struct {
	acs  string
	form url.Values
}

// toIdP takes the browser from Loupe's start link to the identity provider, which answers with
// its self-submitting form.
func (b *browser) toIdP(e *env, ws string) samlPost {
	t := b.t
	t.Helper()
	res, _ := b.get(e.srv.URL + "/api/v1/auth/sso/" + ws + "/saml/start")
	sso := location(t, res)
	if sso.Query().Get("SAMLRequest") == "" || sso.Query().Get("RelayState") == "" {
		t.Fatalf("start sent the browser to %s", sso)
	}
	res, page := b.get(sso.String())
	m := postForm.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("the identity provider answered %d: %s", res.StatusCode, page)
	}
	return samlPost{acs: html.UnescapeString(m[1]), form: url.Values{"SAMLResponse": {html.UnescapeString(m[2])}, "RelayState": {html.UnescapeString(m[3])}}}
}

// postToACS posts the form as the identity provider's page does: from its origin, cross-site.
func (b *browser) postToACS(p samlPost, idpOrigin string) *http.Response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, p.acs, strings.NewReader(p.form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", idpOrigin)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, _ := b.do(req)
	return res
}

// signInWithSAML goes all the way: Loupe, the identity provider, the ACS, and back to Loupe.
func (b *browser) signInWithSAML(w *samlWorld) *url.URL {
	b.t.Helper()
	p := b.toIdP(w.e, w.ws)
	res := b.postToACS(p, idpOrigin(w.idp))
	next := location(b.t, res)
	if next.Path == "/signin" {
		return next
	}
	res, _ = b.get(next.String())
	return location(b.t, res)
}

func idpOrigin(i *ssotest.IdP) string {
	u, _ := url.Parse(i.MetadataURL)
	return u.Scheme + "://" + u.Host
}

func TestSAMLSignIn(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			w := newSAMLWorld(t, dialect)
			e, ws, admin := w.e, w.ws, w.admin

			t.Run("Success/NewAccountJoinsJustInTime", func(t *testing.T) {
				w.idp.SignInAs(ana)
				b := newBrowser(t)
				if landed := b.signInWithSAML(w); landed.Path != "/w/"+ws {
					t.Fatalf("landed on %s (%s)", landed, ssoError(landed))
				}
				var me struct {
					User        struct{ Email, Name string }
					Memberships []struct {
						Role     string
						UserType string `json:"user_type"`
					}
				}
				b.apiClient(e).must(200, "GET", "/api/v1/me", nil).json(t, &me)
				if me.User.Email != ana.Email || me.User.Name != ana.Name || len(me.Memberships) != 1 || me.Memberships[0].Role != "tasker" || me.Memberships[0].UserType != "workforce" {
					t.Fatalf("me: %+v", me)
				}
				if d := lastAudit(t, admin, ws, "sso.signed_in"); d["protocol"] != "saml" || d["email"] != ana.Email || d["new_account"] != true {
					t.Fatalf("audit: %v", d)
				}
			})

			t.Run("Refused/ReplayedAssertion", func(t *testing.T) {
				w.idp.SignInAs(ben)
				b := newBrowser(t)
				p := b.toIdP(e, ws)
				flow := snapshotSAMLFlow(t, e)
				res := b.postToACS(p, idpOrigin(w.idp))
				finish := location(t, res)
				res, _ = b.get(finish.String())
				if landed := location(t, res); landed.Path != "/w/"+ws {
					t.Fatalf("first use: %s", landed)
				}
				// The same post again: its sign-in is over.
				if msg := ssoError(location(t, b.postToACS(p, idpOrigin(w.idp)))); !strings.Contains(msg, "completed already") {
					t.Fatalf("replayed post: %q", msg)
				}
				if d := lastAudit(t, admin, ws, "sso.sign_in_refused"); d["reason"] != "replay" {
					t.Fatalf("audit: %v", d)
				}
				// Two replicas answering the same post at once: the flow is there for both, the
				// assertion is consumed once. Put the flow back to play the second replica.
				flow.restore(t, e)
				if msg := ssoError(location(t, b.postToACS(p, idpOrigin(w.idp)))); !strings.Contains(msg, "assertion was used already") {
					t.Fatalf("assertion replayed under its flow: %q", msg)
				}
				if d := lastAudit(t, admin, ws, "sso.sign_in_refused"); d["reason"] != "replay" {
					t.Fatalf("audit: %v", d)
				}
				// And the finishing link works once.
				res, _ = b.get(finish.String())
				if msg := ssoError(location(t, res)); !strings.Contains(msg, "completed already") {
					t.Fatalf("finish twice: %q", msg)
				}
			})

			refused := []struct {
				name, reason, message string
				user                  ssotest.User
				before, after         func()
			}{
				{name: "WrongAudience", reason: "audience", message: "meant for another service provider", user: ana,
					before: func() { w.idp.AssertFor("https://another-sp.example/metadata") }, after: func() { w.idp.AssertFor("") }},
				{name: "ExpiredAssertion", reason: "expired", message: "expired", user: ana,
					before: func() { w.idp.SetClockSkew(-time.Hour) }, after: func() { w.idp.SetClockSkew(0) }},
				{name: "UnknownEmailDomain", reason: "domain_not_allowed", message: "does not accept addresses at elsewhere.test", user: stranger},
			}
			for _, tt := range refused {
				t.Run("Refused/"+tt.name, func(t *testing.T) {
					if tt.before != nil {
						tt.before()
						defer tt.after()
					}
					w.idp.SignInAs(tt.user)
					b := newBrowser(t)
					landed := b.signInWithSAML(w)
					if msg := ssoError(landed); !strings.Contains(msg, tt.message) {
						t.Fatalf("landed on %s, want the sign-in page saying %q", landed, tt.message)
					}
					if d := lastAudit(t, admin, ws, "sso.sign_in_refused"); d["reason"] != tt.reason || d["protocol"] != "saml" {
						t.Fatalf("audit: %v, want reason %s", d, tt.reason)
					}
				})
			}

			t.Run("Refused/FinishedInAnotherBrowser", func(t *testing.T) {
				w.idp.SignInAs(ana)
				b := newBrowser(t)
				finish := location(t, b.postToACS(b.toIdP(e, ws), idpOrigin(w.idp)))
				res, _ := newBrowser(t).get(finish.String())
				if msg := ssoError(location(t, res)); !strings.Contains(msg, "another browser") {
					t.Fatalf("finished elsewhere: %q", msg)
				}
			})
		})
	}
}

// savedFlow is a row of sso_flows, to put back.
type savedFlow struct{ cols []any }

func snapshotSAMLFlow(t *testing.T, e *env) savedFlow {
	t.Helper()
	f := savedFlow{cols: make([]any, 12)}
	ptrs := make([]any, 12)
	for i := range f.cols {
		ptrs[i] = &f.cols[i]
	}
	if err := e.store.WriteDB().QueryRow(`SELECT id, workspace_id, protocol, state_hash, binding_hash, nonce, code_verifier, request_id, return_to, identity,
		created_at, expires_at FROM sso_flows WHERE protocol = 'saml' AND identity = '' ORDER BY created_at DESC LIMIT 1`).Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f savedFlow) restore(t *testing.T, e *env) {
	t.Helper()
	ph := "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12"
	if e.store.Dialect() == "sqlite" {
		ph = strings.ReplaceAll(ph, "$", "?")
	}
	if _, err := e.store.WriteDB().Exec(`INSERT INTO sso_flows (id, workspace_id, protocol, state_hash, binding_hash, nonce, code_verifier, request_id,
		return_to, identity, created_at, expires_at) VALUES (`+ph+`)`, f.cols...); err != nil {
		t.Fatal(err)
	}
}

func TestSAMLConfiguration(t *testing.T) {
	t.Parallel()
	w := newSAMLWorld(t, "sqlite")
	e, admin, ws := w.e, w.admin, w.ws
	path := "/api/v1/workspaces/" + ws + "/sso"

	t.Run("ServiceProviderMetadata", func(t *testing.T) {
		r := e.anon().must(200, "GET", "/api/v1/auth/sso/"+ws+"/saml/metadata", nil)
		body := string(r.body)
		if ct := r.header.Get("Content-Type"); ct != "application/samlmetadata+xml" {
			t.Fatalf("Content-Type %q", ct)
		}
		for _, want := range []string{`entityID="` + e.srv.URL + "/api/v1/auth/sso/" + ws + `/saml/metadata"`, `Location="` + e.srv.URL + "/api/v1/auth/sso/" + ws + `/saml/acs"`, "SPSSODescriptor"} {
			if !strings.Contains(body, want) {
				t.Fatalf("metadata lacks %s:\n%s", want, body)
			}
		}
		var cfg struct {
			SAML struct {
				MetadataURL string `json:"metadata_url"`
				MetadataXML string `json:"metadata_xml"`
			}
			SAMLMetadataURL string `json:"saml_metadata_url"`
		}
		admin.must(200, "GET", path, nil).json(t, &cfg)
		if cfg.SAML.MetadataURL != w.idp.MetadataURL || !strings.Contains(cfg.SAML.MetadataXML, "IDPSSODescriptor") || cfg.SAMLMetadataURL != e.srv.URL+"/api/v1/auth/sso/"+ws+"/saml/metadata" {
			t.Fatalf("%+v", cfg)
		}
	})

	t.Run("PastedMetadata", func(t *testing.T) {
		admin.must(200, "PUT", path+"/saml", map[string]any{"enabled": true, "metadata_xml": string(w.idp.Metadata),
			"email_domains": []string{"corp.test"}, "role": "member", "user_type": "external"})
		w.idp.SignInAs(ben)
		if landed := newBrowser(t).signInWithSAML(w); landed.Path != "/w/"+ws {
			t.Fatalf("landed on %s", landed)
		}
		if d := lastAudit(t, admin, ws, "sso.changed"); d["protocol"] != "saml" || d["idp_entity_id"] == nil {
			t.Fatalf("audit: %v", d)
		}
	})

	t.Run("Validation", func(t *testing.T) {
		for _, tt := range []struct {
			body  map[string]any
			field string
			want  string
		}{
			{map[string]any{"enabled": true}, "body.metadata_url", "metadata URL"},
			{map[string]any{"enabled": true, "metadata_xml": "not xml"}, "body.metadata_xml", "not XML"},
			{map[string]any{"enabled": true, "metadata_url": "http://127.0.0.1:1/metadata"}, "body.metadata_url", "unreachable"},
			{map[string]any{"enabled": false, "metadata_xml": "<EntityDescriptor/>"}, "body.metadata_xml", "not SAML metadata"},
		} {
			tt.body["email_domains"], tt.body["role"], tt.body["user_type"] = []string{"corp.test"}, "member", "external"
			r := admin.do("PUT", path+"/saml", tt.body)
			if r.status != 422 || !strings.Contains(r.problem(t).fieldMessage(tt.field), tt.want) {
				t.Errorf("%v: %d %s, want %q at %s", tt.body, r.status, r.body, tt.want, tt.field)
			}
		}
	})

	spMetadata := e.srv.URL + "/api/v1/auth/sso/" + ws + "/saml/metadata"
	for _, tt := range []struct {
		name          string
		body          map[string]any
		step, message string
		passed        int
	}{
		{"ByURL", map[string]any{"metadata_url": w.idp.MetadataURL}, "", "", 3},
		{"Pasted", map[string]any{"metadata_xml": string(w.idp.Metadata)}, "", "", 2},
		{"Saved", map[string]any{}, "", "", 2},
		{"Unreachable", map[string]any{"metadata_url": "http://127.0.0.1:1/metadata"}, "reach", "unreachable", 0},
		{"NotXML", map[string]any{"metadata_url": e.srv.URL + "/healthz"}, "document", "not XML", 1},
		{"AServiceProvider", map[string]any{"metadata_url": spMetadata}, "document", "describes no identity provider", 1},
	} {
		t.Run("Test/"+tt.name, func(t *testing.T) {
			tt.body["protocol"] = "saml"
			var rep struct {
				OK     bool
				Checks []struct {
					Step, Message string
					OK            bool
				}
			}
			admin.must(200, "POST", path+"/test", tt.body).json(t, &rep)
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

	t.Run("ACSWithoutRelayState", func(t *testing.T) {
		// A response the identity provider sends unasked (IdP-initiated) is refused.
		b := newBrowser(t)
		res := b.postToACS(samlPost{acs: e.srv.URL + "/api/v1/auth/sso/" + ws + "/saml/acs", form: url.Values{"SAMLResponse": {"PHg+"}}}, idpOrigin(w.idp))
		if msg := ssoError(location(t, res)); !strings.Contains(msg, "begun at the identity provider are not accepted") {
			t.Fatalf("%q", msg)
		}
	})
}
