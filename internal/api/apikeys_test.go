package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/store/storetest"
)

type createdKey struct {
	ID      string `json:"id"`
	Secret  string `json:"secret"`
	Prefix  string `json:"prefix"`
	Current bool   `json:"current"`
}

// homeOf is the workspace the actor belongs to (each actor of the matrix belongs to one).
func (w *world) homeOf(actor *client) string {
	var me struct {
		Memberships []struct {
			Workspace struct{ ID string } `json:"workspace"`
		} `json:"memberships"`
	}
	actor.must(200, "GET", "/api/v1/me", nil).json(w.e.t, &me)
	if len(me.Memberships) == 0 {
		w.e.t.Fatal("the actor belongs to no workspace")
	}
	return me.Memberships[0].Workspace.ID
}

// freshKey creates, through the actor's session, a key in the actor's workspace; body adds fields.
func (w *world) freshKey(actor *client, body map[string]any) createdKey {
	return newKey(w.e, actor, w.homeOf(actor), body)
}

func newKey(e *env, c *client, workspaceID string, body map[string]any) createdKey {
	e.t.Helper()
	b := map[string]any{"name": "key", "workspace_id": workspaceID}
	for k, v := range body {
		b[k] = v
	}
	var k createdKey
	c.must(201, "POST", "/api/v1/me/api-keys", b).json(e.t, &k)
	return k
}

// bearer is a client that authenticates with an API key and nothing else.
func (e *env) bearer(secret string) *client {
	return &client{e: e, header: http.Header{"Authorization": {"Bearer " + secret}}}
}

// keyCases are representative operations for TestAccessMatrix_APIKeys: reads and writes, in the
// workspace, on one dataset, and on the account.
var keyCases = []struct {
	op, variant string
	writes      bool
	// sessionOnly marks account operations that take no API key at all.
	sessionOnly bool
}{
	{op: "get-me"},
	{op: "list-my-api-keys"},
	{op: "update-me", writes: true, sessionOnly: true},
	{op: "change-password", writes: true, sessionOnly: true},
	{op: "create-workspace", writes: true, sessionOnly: true},
	{op: "get-workspace"},
	{op: "update-workspace", writes: true},
	{op: "list-members"},
	{op: "create-group", writes: true},
	{op: "get-dataset", variant: "as its viewer"},
	{op: "update-dataset", variant: "no role on it", writes: true},
	{op: "update-dataset", variant: "as its viewer", writes: true},
	{op: "list-projects"},
	{op: "get-project", variant: "as its annotator"},
	{op: "create-project", writes: true},
	{op: "list-workspace-api-keys"},
	{op: "claim-next-task", variant: "as its annotator", writes: true},
	{op: "submit-task", variant: "as its worker", writes: true},
	{op: "list-project-tasks", variant: "as its annotator"},
}

// TestAccessMatrix_APIKeys proves that keys go through the same policy as sessions: a full key of
// each role gets exactly its role's answers from the matrix, a read-only one the same on reads and
// 403 on every write its role could do, and keys bound to B find nothing of A.
func TestAccessMatrix_APIKeys(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, dialect)
			keys := map[string]*client{}
			for name, actor := range w.actors {
				keys[name+"/full"] = w.e.bearer(w.freshKey(actor, nil).Secret)
				keys[name+"/read-only"] = w.e.bearer(w.freshKey(actor, map[string]any{"scope": map[string]bool{"read_only": true}}).Secret)
			}
			for _, kc := range keyCases {
				i := slices.IndexFunc(matrix, func(mc matrixCase) bool { return mc.op == kc.op && mc.variant == kc.variant })
				if i < 0 {
					t.Fatalf("no matrix row %s/%s", kc.op, kc.variant)
				}
				mc := matrix[i]
				for _, side := range []string{"same", "other"} {
					for _, role := range roles {
						for _, kind := range []string{"full", "read-only"} {
							req := mc.build(w, w.actors[side+"/"+role])
							r := keys[side+"/"+role+"/"+kind].do(req.method, req.path, req.body)
							want, why := expectation(mc, side, role), ""
							switch {
							case kc.sessionOnly:
								want, why = expected{status: []int{http.StatusForbidden}}, "it is for signed-in sessions only"
							case kind == "read-only" && kc.writes && want.allowed:
								want, why = expected{status: []int{http.StatusForbidden}}, "it is read-only"
							}
							if !want.matches(r.status) || !strings.Contains(string(r.body), why) {
								t.Errorf("%s %s: %s key of %s %s → %d, want %s saying %q; body %s", kc.op, kc.variant, kind, side, role, r.status, want, why, r.body)
							}
						}
					}
				}
			}
		})
	}
}

func TestAPIKeys_Unauthenticated(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		want401 := func(c *client, says string) {
			t.Helper()
			r := c.do("GET", "/api/v1/workspaces/"+a, nil)
			if r.status != http.StatusUnauthorized || !strings.Contains(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("status %d, WWW-Authenticate %q; body %s", r.status, r.header.Get("WWW-Authenticate"), r.body)
			}
			if p := r.problem(t); !strings.Contains(p.Detail, says) {
				t.Fatalf("detail %q does not say %q", p.Detail, says)
			}
		}
		want401(e.bearer("hunter2"), "not a Loupe API key")
		want401(e.bearer("loupe_AAAAAAAA_"+strings.Repeat("B", 43)), "not valid")
		k := newKey(e, admin, a, nil)
		forged := k.Secret[:len(k.Secret)-1] + map[bool]string{true: "b", false: "a"}[strings.HasSuffix(k.Secret, "a")]
		want401(e.bearer(forged), "not valid")
		// A bad key is refused even where no credential is needed: its program must learn it is bad.
		if r := e.bearer("loupe_AAAAAAAA_"+strings.Repeat("B", 43)).do("GET", "/api/v1/setup", nil); r.status != http.StatusUnauthorized {
			t.Fatalf("a bad key on a public operation: %d", r.status)
		}

		soon := e.clock.Now().Add(time.Hour)
		expiring := newKey(e, admin, a, map[string]any{"expires_at": soon})
		e.bearer(expiring.Secret).must(200, "GET", "/api/v1/workspaces/"+a, nil)
		e.clock.Advance(time.Hour)
		want401(e.bearer(expiring.Secret), "expired on 2026-11-25T10:00:00Z")

		revoked := newKey(e, admin, a, nil)
		admin.must(204, "DELETE", "/api/v1/me/api-keys/"+revoked.ID, nil)
		want401(e.bearer(revoked.Secret), "was revoked")

		// The session is untouched by a refused key, and a scheme that is not Bearer is not Loupe's.
		admin.must(200, "GET", "/api/v1/me", nil)
		basic := &client{e: e, cookie: admin.cookie, header: http.Header{"Authorization": {"Basic YTpi"}}}
		basic.must(200, "GET", "/api/v1/me", nil)
	})
}

func TestAPIKeys_BearerRequests(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		member, _ := e.join(admin, a, "mo@acme.test", "member", "external")
		key := newKey(e, member, a, nil)
		mo := e.bearer(key.Secret)

		// A key and a cookie: the key acts, the cookie is not read.
		both := &client{e: e, cookie: admin.cookie, header: mo.header}
		var me struct {
			User struct{ Email string } `json:"user"`
		}
		both.must(200, "GET", "/api/v1/me", nil).json(t, &me)
		if me.User.Email != "mo@acme.test" {
			t.Fatalf("a request with a key and a cookie acted as %s, want the key's user", me.User.Email)
		}
		both.must(403, "PATCH", "/api/v1/workspaces/"+a, map[string]string{"name": "Mo's"})

		// Cross-origin protection guards cookies; a keyed write from anywhere is no forgery.
		crossSite := http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
		forged := &client{e: e, cookie: admin.cookie, header: crossSite}
		if r := forged.do("POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "Forged"}); r.status != http.StatusForbidden ||
			!strings.Contains(string(r.body), "cross-origin") {
			t.Fatalf("a cross-site cookie write: %d %s", r.status, r.body)
		}
		adminKey := e.bearer(newKey(e, admin, a, nil).Secret)
		adminKey.header["Origin"], adminKey.header["Sec-Fetch-Site"] = crossSite["Origin"], crossSite["Sec-Fetch-Site"]
		adminKey.must(201, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "Keyed"})
		// Programs send neither Origin nor Sec-Fetch-Site.
		e.bearer(newKey(e, admin, a, nil).Secret).must(201, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "Scripted"})

		// The key sees itself as the current one, and where it was used from.
		var ks struct {
			Items []struct {
				createdKey
				LastUsedIP string  `json:"last_used_ip"`
				LastUsedAt *string `json:"last_used_at"`
			}
		}
		mo.must(200, "GET", "/api/v1/me/api-keys", nil).json(t, &ks)
		if len(ks.Items) != 1 || !ks.Items[0].Current || ks.Items[0].LastUsedIP != "127.0.0.1" || ks.Items[0].LastUsedAt == nil || ks.Items[0].Secret != "" {
			t.Fatalf("the key's own list: %+v", ks.Items)
		}

		// Scopes refuse with the reason.
		ro := e.bearer(newKey(e, admin, a, map[string]any{"scope": map[string]bool{"read_only": true}}).Secret)
		ro.must(200, "GET", "/api/v1/workspaces/"+a+"/groups", nil)
		if p := ro.must(403, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "x"}).problem(t); p.Detail != "this API key may not create groups: it is read-only" {
			t.Fatalf("read-only refusal: %q", p.Detail)
		}
		listed := e.bearer(newKey(e, admin, a, map[string]any{"scope": map[string]any{"actions": []string{"group.list"}}}).Secret)
		listed.must(200, "GET", "/api/v1/workspaces/"+a+"/groups", nil)
		if p := listed.must(403, "GET", "/api/v1/workspaces/"+a+"/members", nil).problem(t); !strings.Contains(p.Detail, "its scope does not include member.list") {
			t.Fatalf("listed-scope refusal: %q", p.Detail)
		}
		// Keys make no keys and touch no session-only operation.
		if p := mo.must(403, "POST", "/api/v1/me/api-keys", map[string]string{"name": "child", "workspace_id": a}).problem(t); !strings.Contains(p.Detail, "account.api_keys.manage") {
			t.Fatalf("a key making a key: %q", p.Detail)
		}
		if p := mo.must(403, "POST", "/api/v1/me/password", map[string]string{"current_password": password, "new_password": "another long password"}).problem(t); !strings.Contains(p.Detail, "signed-in sessions only") {
			t.Fatalf("a key changing the password: %q", p.Detail)
		}
		// A public operation runs as for anyone: an invitation is not accepted on a key's behalf.
		bo := e.anon()
		bo.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Bo", "email": "bo@b.test", "password": password})
		var b struct{ ID string }
		bo.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "B"}).json(t, &b)
		var inv struct{ Link string }
		bo.must(201, "POST", "/api/v1/workspaces/"+b.ID+"/invitations", map[string]string{"email": "mo@acme.test", "role": "member", "user_type": "external"}).json(t, &inv)
		accept := "/api/v1/invitations/" + inv.Link[strings.LastIndex(inv.Link, "/")+1:] + "/accept"
		if p := mo.must(401, "POST", accept, map[string]string{}).problem(t); !strings.Contains(p.Detail, "sign in as mo@acme.test") {
			t.Fatalf("accepting with a key: %q", p.Detail)
		}
		member.must(200, "POST", accept, map[string]string{})
	})
}

func TestAPIKeys_BadInput(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		tests := []struct {
			name     string
			body     any
			status   int
			location string
			says     string
		}{
			{"unknown action", map[string]any{"name": "k", "workspace_id": a, "scope": map[string]any{"actions": []string{"group.list", "group.nuke"}}}, 422, "body.scope.actions[1]", `"group.nuke" is not an action`},
			{"read-only and actions", map[string]any{"name": "k", "workspace_id": a, "scope": map[string]any{"read_only": true, "actions": []string{"group.list"}}}, 422, "body.scope", "not both"},
			{"expiry in the past", map[string]any{"name": "k", "workspace_id": a, "expires_at": e.clock.Now().Add(-time.Minute)}, 422, "body.expires_at", "must be in the future"},
			{"name too long", map[string]any{"name": strings.Repeat("k", 101), "workspace_id": a}, 422, "body.name", "length"},
			{"no name", map[string]any{"name": " ", "workspace_id": a}, 422, "body.name", "required"},
			{"not a workspace id", map[string]any{"name": "k", "workspace_id": "acme"}, 422, "body.workspace_id", ""},
			{"a workspace not mine", map[string]any{"name": "k", "workspace_id": "0190b7d4-8a4e-7000-8000-000000000000"}, 404, "", ""},
		}
		for _, tt := range tests {
			r := admin.do("POST", "/api/v1/me/api-keys", tt.body)
			if r.status != tt.status {
				t.Errorf("%s: status %d, want %d; body %s", tt.name, r.status, tt.status, r.body)
				continue
			}
			p := r.problem(t)
			if tt.location != "" && !strings.Contains(p.fieldMessage(tt.location), tt.says) {
				t.Errorf("%s: %s says %q, want %q; %s", tt.name, tt.location, p.fieldMessage(tt.location), tt.says, r.body)
			}
		}
		var ks struct{ Items []any }
		admin.must(200, "GET", "/api/v1/me/api-keys", nil).json(t, &ks)
		if len(ks.Items) != 0 {
			t.Fatalf("refused creates left keys %v", ks.Items)
		}
		type action struct {
			Action string `json:"action"`
			Writes bool   `json:"writes"`
		}
		var acts struct{ Items []action }
		e.anon().must(200, "GET", "/api/v1/api-key-actions", nil).json(t, &acts)
		if !slices.Contains(acts.Items, action{"group.create", true}) || !slices.Contains(acts.Items, action{"group.list", false}) {
			t.Fatalf("the actions list lacks group.create as a write or group.list as a read: %+v", acts.Items)
		}
	})
}
