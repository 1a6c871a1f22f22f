package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/store/storetest"
)

// each runs a scenario on a fresh server over every database.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, d))
		})
	}
}

func TestSetup(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.anon()
		var s struct{ Needed bool }
		c.must(200, "GET", "/api/v1/setup", nil).json(t, &s)
		if !s.Needed {
			t.Fatal("a new Loupe does not ask for setup")
		}
		// Bad input names every field, and writes nothing.
		p := c.must(422, "POST", "/api/v1/setup", map[string]string{"workspace_name": " ", "name": "", "email": "not-an-email", "password": "short"}).problem(t)
		for _, f := range []string{"body.workspace_name", "body.name", "body.email", "body.password"} {
			if p.fieldMessage(f) == "" {
				t.Errorf("no error for %s in %+v", f, p)
			}
		}
		c.must(200, "GET", "/api/v1/setup", nil).json(t, &s)
		if !s.Needed {
			t.Fatal("a refused setup left something behind")
		}

		// Concurrent setups: exactly one wins.
		var wg sync.WaitGroup
		statuses := make([]int, 5)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.anon().do("POST", "/api/v1/setup", map[string]string{"workspace_name": "Acme", "name": "Ada", "email": "ada" + string(rune('a'+i)) + "@acme.test", "password": password})
				statuses[i] = r.status
			}()
		}
		wg.Wait()
		created := 0
		for _, st := range statuses {
			switch st {
			case 201:
				created++
			case 409:
			default:
				t.Fatalf("setup answered %d", st)
			}
		}
		if created != 1 {
			t.Fatalf("%d concurrent setups succeeded (%v), want exactly 1", created, statuses)
		}
		c.must(200, "GET", "/api/v1/setup", nil).json(t, &s)
		if s.Needed {
			t.Fatal("setup still needed after it succeeded")
		}
	})
}

func TestBadRequests(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		tests := []struct {
			name, method, path string
			body               any
			status             int
			location           string // a field the problem must name
		}{
			{"malformed JSON", "POST", "/api/v1/workspaces/" + a + "/groups", `{"name": `, 400, "body"},
			{"unknown field", "POST", "/api/v1/workspaces/" + a + "/groups", `{"name": "x", "colour": "red"}`, 422, "body.colour"},
			{"wrong type", "PATCH", "/api/v1/workspaces/" + a, `{"is_workforce": "yes"}`, 422, "body.is_workforce"},
			{"oversized body", "POST", "/api/v1/workspaces/" + a + "/groups", `{"name": "` + strings.Repeat("x", 70<<10) + `"}`, 413, ""},
			{"bad id in path", "GET", "/api/v1/workspaces/not-a-uuid", nil, 422, "path.workspaceID"},
			{"bad enum", "POST", "/api/v1/workspaces/" + a + "/invitations", map[string]string{"email": "x@x.test", "role": "owner", "user_type": "internal"}, 422, "body.role"},
			{"bad email", "POST", "/api/v1/workspaces/" + a + "/invitations", map[string]string{"email": "x@", "role": "member", "user_type": "internal"}, 422, "body.email"},
			{"admin must be internal", "POST", "/api/v1/workspaces/" + a + "/invitations", map[string]string{"email": "x@x.test", "role": "admin", "user_type": "external"}, 422, "body.role"},
			{"bad domain", "PATCH", "/api/v1/workspaces/" + a, map[string]any{"email_domains": []string{"ok.test", "not a domain"}}, 422, "body.email_domains[1]"},
			{"duplicate domain", "PATCH", "/api/v1/workspaces/" + a, map[string]any{"email_domains": []string{"ok.test", "OK.test"}}, 422, "body.email_domains[1]"},
			{"empty group name", "POST", "/api/v1/workspaces/" + a + "/groups", map[string]string{"name": "  "}, 422, "body.name"},
			{"bad cursor", "GET", "/api/v1/workspaces/" + a + "/members?cursor=zzz", nil, 422, "query.cursor"},
			{"limit too large", "GET", "/api/v1/workspaces/" + a + "/members?limit=100000", nil, 422, "query.limit"},
			{"unknown operation", "GET", "/api/v1/nothing-here", nil, 404, ""},
		}
		for _, tt := range tests {
			r := admin.do(tt.method, tt.path, tt.body)
			if r.status != tt.status {
				t.Errorf("%s: status %d, want %d; body %s", tt.name, r.status, tt.status, r.body)
				continue
			}
			p := r.problem(t)
			if p.Detail == "" {
				t.Errorf("%s: problem has no detail: %s", tt.name, r.body)
			}
			if tt.location != "" && p.fieldMessage(tt.location) == "" {
				t.Errorf("%s: problem names no %s: %s", tt.name, tt.location, r.body)
			}
		}
		// None of the refused writes left anything behind.
		var gs struct{ Items []any }
		admin.must(200, "GET", "/api/v1/workspaces/"+a+"/groups", nil).json(t, &gs)
		var inv struct{ Items []any }
		admin.must(200, "GET", "/api/v1/workspaces/"+a+"/invitations", nil).json(t, &inv)
		var w struct {
			EmailDomains []string `json:"email_domains"`
		}
		admin.must(200, "GET", "/api/v1/workspaces/"+a, nil).json(t, &w)
		if len(gs.Items) != 0 || len(inv.Items) != 0 || len(w.EmailDomains) != 0 {
			t.Fatalf("refused writes left groups %v, invitations %v, domains %v", gs.Items, inv.Items, w.EmailDomains)
		}
	})
}

func TestSignUp_DuplicateEmailAndClaimedDomain(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		p := e.anon().must(409, "POST", "/api/v1/auth/signup", map[string]string{"name": "Imposter", "email": "  ADA@Acme.test ", "password": password}).problem(t)
		if p.fieldMessage("body.email") == "" {
			t.Fatalf("duplicate email not named: %+v", p)
		}
		admin.must(200, "PATCH", "/api/v1/workspaces/"+a, map[string]any{"email_domains": []string{"corp.test"}})

		// A second workspace cannot claim the same domain.
		other := e.anon()
		other.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Oz", "email": "oz@elsewhere.test", "password": password})
		var b struct{ ID string }
		other.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "Other"}).json(t, &b)
		p = other.must(422, "PATCH", "/api/v1/workspaces/"+b.ID, map[string]any{"email_domains": []string{"corp.test"}}).problem(t)
		if !strings.Contains(p.fieldMessage("body.email_domains[0]"), "already claimed") {
			t.Fatalf("claimed domain not refused clearly: %+v", p)
		}

		bob := e.anon()
		bob.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Bob", "email": "bob@corp.test", "password": password})
		var me struct {
			Memberships []struct {
				Workspace struct{ ID string } `json:"workspace"`
				Role      string              `json:"role"`
				UserType  string              `json:"user_type"`
			} `json:"memberships"`
		}
		bob.must(200, "GET", "/api/v1/me", nil).json(t, &me)
		if len(me.Memberships) != 1 || me.Memberships[0].Workspace.ID != a || me.Memberships[0].Role != "member" || me.Memberships[0].UserType != "internal" {
			t.Fatalf("signing up at a claimed domain gave memberships %+v, want internal member of %s", me.Memberships, a)
		}
		// Bob is internal in Acme, so he cannot create a workspace of his own.
		bob.must(409, "POST", "/api/v1/workspaces", map[string]string{"name": "Bob's"})
	})
}

func TestMembers_LastAdminAndTypeRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		var me struct {
			User struct{ ID string } `json:"user"`
		}
		admin.must(200, "GET", "/api/v1/me", nil).json(t, &me)
		self := "/api/v1/workspaces/" + a + "/members/" + me.User.ID

		p := admin.must(409, "PATCH", self, map[string]string{"role": "member"}).problem(t)
		if !strings.Contains(p.Detail, "last admin") {
			t.Fatalf("detail %q does not say why", p.Detail)
		}
		admin.must(409, "DELETE", self, nil)

		ext, extID := e.join(admin, a, "ext@x.test", "member", "external")
		p = admin.must(422, "PATCH", "/api/v1/workspaces/"+a+"/members/"+extID, map[string]string{"role": "admin"}).problem(t)
		if p.fieldMessage("body.role") == "" {
			t.Fatalf("admin-must-be-internal not named on role: %+v", p)
		}
		// Internal in another workspace: cannot become internal here.
		bAdmin := e.anon()
		bAdmin.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Bo", "email": "bo@b.test", "password": password})
		var b struct{ ID string }
		bAdmin.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "B"}).json(t, &b)
		r := admin.must(201, "POST", "/api/v1/workspaces/"+a+"/invitations", map[string]string{"email": "bo@b.test", "role": "member", "user_type": "internal"})
		var inv struct{ Link string }
		r.json(t, &inv)
		bAdmin.must(409, "POST", "/api/v1/invitations/"+inv.Link[strings.LastIndex(inv.Link, "/")+1:]+"/accept", map[string]string{})

		// With a second admin, the first may step down, and then the second is the last.
		_, secondID := e.join(admin, a, "second@acme.test", "admin", "internal")
		admin.must(200, "PATCH", self, map[string]string{"role": "member"})
		admin.must(403, "PATCH", "/api/v1/workspaces/"+a+"/members/"+secondID, map[string]string{"role": "member"})
		ext.must(204, "DELETE", "/api/v1/workspaces/"+a+"/members/"+extID, nil) // anyone may leave
		ext.must(404, "GET", "/api/v1/workspaces/"+a, nil)
	})
}

func TestMembers_ConcurrentDemotionsKeepAnAdmin(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		second, secondID := e.join(admin, a, "second@acme.test", "admin", "internal")
		var me struct {
			User struct{ ID string } `json:"user"`
		}
		admin.must(200, "GET", "/api/v1/me", nil).json(t, &me)
		var wg sync.WaitGroup
		var s1, s2 int
		wg.Add(2)
		go func() {
			defer wg.Done()
			s1 = admin.do("PATCH", "/api/v1/workspaces/"+a+"/members/"+secondID, map[string]string{"role": "member"}).status
		}()
		go func() {
			defer wg.Done()
			s2 = second.do("PATCH", "/api/v1/workspaces/"+a+"/members/"+me.User.ID, map[string]string{"role": "member"}).status
		}()
		wg.Wait()
		var ms struct {
			Items []struct{ Role string }
		}
		var lister = admin
		if s1 != 200 {
			lister = second
		}
		lister.must(200, "GET", "/api/v1/workspaces/"+a+"/members", nil).json(t, &ms)
		admins := 0
		for _, m := range ms.Items {
			if m.Role == "admin" {
				admins++
			}
		}
		if admins != 1 {
			t.Fatalf("after concurrent demotions (%d, %d) the workspace has %d admins, want 1", s1, s2, admins)
		}
	})
}

func TestSignIn_ThrottleAndErrors(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.setup()
		c := e.anon()
		unknown := c.must(401, "POST", "/api/v1/auth/signin", map[string]string{"email": "nobody@acme.test", "password": "whatever1"}).problem(t)
		for range 4 {
			wrong := c.must(401, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": "wrong password"}).problem(t)
			if wrong.Detail != unknown.Detail {
				t.Fatalf("a wrong password (%q) and an unknown email (%q) are told apart", wrong.Detail, unknown.Detail)
			}
		}
		c.must(401, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": "wrong password"})
		// Five failures: even the right password is refused for a while.
		r := c.must(429, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		if r.header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
		r.problem(t)
		// Another account from the same address is not locked by it.
		e.anon().must(401, "POST", "/api/v1/auth/signin", map[string]string{"email": "other@acme.test", "password": "wrong password"})
		e.clock.Advance(16 * time.Minute)
		c.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
	})
}

func TestSessions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, _ := e.setup()
		laptop := e.anon()
		laptop.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})

		var ss struct {
			Items []struct {
				ID      string
				Current bool
			}
		}
		admin.must(200, "GET", "/api/v1/me/sessions", nil).json(t, &ss)
		if len(ss.Items) != 2 {
			t.Fatalf("%d sessions listed, want 2", len(ss.Items))
		}
		var revoked string
		for _, s := range ss.Items {
			if !s.Current {
				revoked = s.ID
				admin.must(204, "DELETE", "/api/v1/me/sessions/"+s.ID, nil)
			}
		}
		laptop.must(401, "GET", "/api/v1/me", nil)
		admin.must(404, "DELETE", "/api/v1/me/sessions/"+revoked, nil)

		// Idle sessions end; activity keeps them alive.
		e.clock.Advance(23 * time.Hour)
		admin.must(200, "GET", "/api/v1/me", nil)
		e.clock.Advance(23 * time.Hour)
		admin.must(200, "GET", "/api/v1/me", nil)
		e.clock.Advance(25 * time.Hour)
		r := admin.must(401, "GET", "/api/v1/me", nil)
		if !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
			t.Fatalf("an expired session's cookie is not cleared: %q", r.header.Get("Set-Cookie"))
		}

		c := e.anon()
		r = c.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		ck := r.header.Get("Set-Cookie")
		for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(ck, attr) {
				t.Errorf("session cookie %q lacks %s", ck, attr)
			}
		}
		c.must(204, "POST", "/api/v1/auth/signout", nil)
		c.must(401, "GET", "/api/v1/me", nil)

		// A forged cookie (a real one with a character changed, or one made up) opens nothing, and
		// is cleared.
		live := e.anon()
		live.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		for _, forged := range []string{live.cookie[:len(live.cookie)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(live.cookie, "A")], "made-up-token"} {
			f := &client{e: e, cookie: forged}
			r := f.must(401, "GET", "/api/v1/me", nil)
			r.problem(t)
			if !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
				t.Errorf("a forged cookie is not cleared: %q", r.header.Get("Set-Cookie"))
			}
		}
		live.must(200, "GET", "/api/v1/me", nil)
	})
}

func TestChangePassword(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, _ := e.setup()
		phone := e.anon()
		phone.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		p := admin.must(422, "POST", "/api/v1/me/password", map[string]string{"current_password": "nope", "new_password": "another long one"}).problem(t)
		if p.fieldMessage("body.current_password") == "" {
			t.Fatalf("wrong current password not named: %+v", p)
		}
		p = admin.must(422, "POST", "/api/v1/me/password", map[string]string{"current_password": password, "new_password": "short"}).problem(t)
		if p.fieldMessage("body.new_password") == "" {
			t.Fatalf("short password not named: %+v", p)
		}
		admin.must(204, "POST", "/api/v1/me/password", map[string]string{"current_password": password, "new_password": "another long one"})
		admin.must(200, "GET", "/api/v1/me", nil)
		phone.must(401, "GET", "/api/v1/me", nil) // other sessions end with the old password
		e.anon().must(401, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		e.anon().must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": "another long one"})
	})
}

func TestInvitations(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		invite := func(email string) string {
			var inv struct{ Link string }
			admin.must(201, "POST", "/api/v1/workspaces/"+a+"/invitations", map[string]string{"email": email, "role": "tasker", "user_type": "workforce"}).json(t, &inv)
			if !strings.HasPrefix(inv.Link, "http://loupe.test/invite/") {
				t.Fatalf("link %q does not start with the base URL", inv.Link)
			}
			return inv.Link[strings.LastIndex(inv.Link, "/")+1:]
		}
		token := invite("Newbie@X.test")
		admin.must(409, "POST", "/api/v1/workspaces/"+a+"/invitations", map[string]string{"email": "newbie@x.test", "role": "tasker", "user_type": "workforce"})
		admin.must(409, "POST", "/api/v1/workspaces/"+a+"/invitations", map[string]string{"email": "ada@acme.test", "role": "tasker", "user_type": "workforce"})

		var view struct {
			WorkspaceName string `json:"workspace_name"`
			Email         string
			UserExists    bool `json:"user_exists"`
		}
		e.anon().must(200, "GET", "/api/v1/invitations/"+token, nil).json(t, &view)
		if view.WorkspaceName != "Acme" || view.Email != "newbie@x.test" || view.UserExists {
			t.Fatalf("view %+v", view)
		}
		c := e.anon()
		p := c.must(422, "POST", "/api/v1/invitations/"+token+"/accept", map[string]string{"name": "Newbie", "password": "short"}).problem(t)
		if p.fieldMessage("body.password") == "" {
			t.Fatalf("%+v", p)
		}
		c.must(200, "POST", "/api/v1/invitations/"+token+"/accept", map[string]string{"name": "Newbie", "password": password})
		c.must(200, "GET", "/api/v1/workspaces/"+a, nil)
		c.must(409, "POST", "/api/v1/invitations/"+token+"/accept", map[string]string{})
		e.anon().must(404, "GET", "/api/v1/invitations/not-a-real-token", nil)

		// Revoked links stop working; expired ones say so.
		revoked := invite("gone@x.test")
		var list struct{ Items []struct{ ID, Email string } }
		admin.must(200, "GET", "/api/v1/workspaces/"+a+"/invitations", nil).json(t, &list)
		for _, i := range list.Items {
			if i.Email == "gone@x.test" {
				admin.must(204, "DELETE", "/api/v1/workspaces/"+a+"/invitations/"+i.ID, nil)
			}
		}
		e.anon().must(404, "GET", "/api/v1/invitations/"+revoked, nil)
		late := invite("late@x.test")
		e.clock.Advance(8 * 24 * time.Hour)
		p = e.anon().must(422, "POST", "/api/v1/invitations/"+late+"/accept", map[string]string{"name": "Late", "password": password}).problem(t)
		if !strings.Contains(p.Detail, "expired") {
			t.Fatalf("%+v", p)
		}

		// An invitation for an existing account needs that account signed in.
		admin = e.anon() // the old session sat idle through the clock's jump
		admin.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		other := e.anon()
		other.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Oz", "email": "oz@o.test", "password": password})
		var b struct{ ID string }
		other.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "Oz Inc"}).json(t, &b)
		var inv struct{ Link string }
		other.must(201, "POST", "/api/v1/workspaces/"+b.ID+"/invitations", map[string]string{"email": "newbie@x.test", "role": "member", "user_type": "external"}).json(t, &inv)
		tok := inv.Link[strings.LastIndex(inv.Link, "/")+1:]
		e.anon().must(401, "POST", "/api/v1/invitations/"+tok+"/accept", map[string]string{})
		admin.must(403, "POST", "/api/v1/invitations/"+tok+"/accept", map[string]string{})
		c.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "newbie@x.test", "password": password}) // idle for days
		c.must(200, "POST", "/api/v1/invitations/"+tok+"/accept", map[string]string{})
		var me struct{ Memberships []any }
		c.must(200, "GET", "/api/v1/me", nil).json(t, &me)
		if len(me.Memberships) != 2 {
			t.Fatalf("a workforce user should belong to both workspaces: %+v", me.Memberships)
		}
	})
}

func TestGroups(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		_, m := e.join(admin, a, "m@x.test", "member", "external")
		var g struct{ ID string }
		admin.must(201, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "Reviewers"}).json(t, &g)
		p := admin.must(409, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "reviewers"}).problem(t)
		if p.fieldMessage("body.name") == "" {
			t.Fatalf("%+v", p)
		}
		base := "/api/v1/workspaces/" + a + "/groups/" + g.ID
		admin.must(204, "PUT", base+"/members/"+m, nil)
		admin.must(204, "PUT", base+"/members/"+m, nil)
		admin.must(404, "PUT", base+"/members/"+"01a2146b-0000-7000-8000-000000000000", nil)
		var got struct {
			Name        string
			MemberCount int `json:"member_count"`
		}
		admin.must(200, "PATCH", base, map[string]string{"name": "QA"}).json(t, &got)
		if got.Name != "QA" || got.MemberCount != 1 {
			t.Fatalf("%+v", got)
		}
		var ms struct{ Items []struct{ ID string } }
		admin.must(200, "GET", base+"/members", nil).json(t, &ms)
		if len(ms.Items) != 1 || ms.Items[0].ID != m {
			t.Fatalf("%+v", ms)
		}
		admin.must(204, "DELETE", base+"/members/"+m, nil)
		admin.must(404, "DELETE", base+"/members/"+m, nil)
		admin.must(204, "DELETE", base, nil)
		admin.must(404, "GET", base, nil)
	})
}

func TestPagination(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		for i := range 4 {
			e.join(admin, a, "p"+string(rune('0'+i))+"@x.test", "tasker", "workforce")
		}
		seen := map[string]bool{}
		path := "/api/v1/workspaces/" + a + "/members?limit=2"
		pages := 0
		for {
			var page struct {
				Items []struct {
					User struct{ ID string } `json:"user"`
				}
				NextCursor *string `json:"next_cursor"`
			}
			admin.must(200, "GET", path, nil).json(t, &page)
			pages++
			for _, m := range page.Items {
				if seen[m.User.ID] {
					t.Fatalf("member %s listed twice", m.User.ID)
				}
				seen[m.User.ID] = true
			}
			if page.NextCursor == nil {
				break
			}
			path = "/api/v1/workspaces/" + a + "/members?limit=2&cursor=" + *page.NextCursor
		}
		if len(seen) != 5 || pages != 3 {
			t.Fatalf("%d members over %d pages, want 5 over 3", len(seen), pages)
		}
	})
}

func TestCrossOriginWritesRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite")
	admin, a := e.setup()
	admin.header = http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.test"}}
	admin.must(403, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "x"}).problem(t)
	admin.must(200, "GET", "/api/v1/workspaces/"+a+"/groups", nil) // reads are harmless
	admin.header = http.Header{"Sec-Fetch-Site": {"same-origin"}}
	admin.must(201, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "x"})
}

func TestOperationalEndpoints(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite")
	c := e.anon()
	c.must(200, "GET", "/healthz", nil)
	c.must(200, "GET", "/readyz", nil)
	r := c.must(200, "GET", "/api/v1/setup", nil)
	if len(r.header.Get("X-Request-Id")) == 0 || r.header.Get("Content-Security-Policy") == "" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("headers %v", r.header)
	}
	c.header = http.Header{"X-Request-Id": {"trace-123"}}
	if got := c.must(200, "GET", "/api/v1/setup", nil).header.Get("X-Request-Id"); got != "trace-123" {
		t.Fatalf("request id %q not echoed", got)
	}
	m := c.must(200, "GET", "/metrics", nil)
	if !strings.Contains(string(m.body), `loupe_http_request_duration_seconds_count{method="GET",route="GET /api/v1/setup",status="200"}`) {
		t.Fatalf("metrics lack the request histogram:\n%.2000s", m.body)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
	}
	c.must(200, "GET", "/api/v1/openapi.json", nil).json(t, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
}
