package service_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// testClock moves only when told.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// keyWorld is workspace A with its admin, a workforce manager, a member and a tasker, and a
// second workspace B where the member also belongs.
type keyWorld struct {
	t      *testing.T
	svc    *service.Service
	st     *store.Store
	clock  *testClock
	a, b   loupe.Workspace
	admin  context.Context
	people map[loupe.Role]loupe.User
}

func newKeyWorld(t *testing.T, st *store.Store) *keyWorld {
	t.Helper()
	ctx := context.Background()
	c := &testClock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	svc, err := service.New(st, service.Config{BaseURL: "http://loupe.test", SessionLifetime: time.Hour, SessionIdleTimeout: time.Hour,
		InvitationLifetime: time.Hour, Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1},
		Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 20},
		servicetest.Deps(t), c.Now, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &keyWorld{t: t, svc: svc, st: st, clock: c, people: map[loupe.Role]loupe.User{}}
	var admin loupe.User
	if w.a, admin, err = svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "A", AdminName: "Ada", AdminEmail: "ada@a.test", AdminPassword: "long enough pw"}); err != nil {
		t.Fatal(err)
	}
	w.people[loupe.RoleAdmin] = admin
	w.admin = loupe.WithActor(ctx, &loupe.Actor{User: admin})
	types := map[loupe.Role]loupe.UserType{loupe.RoleWorkforceManager: loupe.UserInternal, loupe.RoleMember: loupe.UserExternal, loupe.RoleTasker: loupe.UserWorkforce}
	for _, r := range []loupe.Role{loupe.RoleWorkforceManager, loupe.RoleMember, loupe.RoleTasker} {
		w.people[r] = w.join(w.admin, w.a.ID, string(r)+"@a.test", r, types[r], nil)
	}
	var bAdmin loupe.User
	if w.b, bAdmin, err = svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "B", AdminName: "Bo", AdminEmail: "bo@b.test", AdminPassword: "long enough pw"}); err != nil {
		t.Fatal(err)
	}
	member := w.people[loupe.RoleMember]
	w.join(loupe.WithActor(ctx, &loupe.Actor{User: bAdmin}), w.b.ID, member.Email, loupe.RoleMember, loupe.UserExternal, &member)
	return w
}

// join invites email and accepts: as a new account, or as existing when it is given.
func (w *keyWorld) join(admin context.Context, ws loupe.ID, email string, r loupe.Role, ty loupe.UserType, existing *loupe.User) loupe.User {
	w.t.Helper()
	inv, err := w.svc.Invite(admin, ws, service.InviteInput{Email: email, Role: r, Type: ty})
	if err != nil {
		w.t.Fatal(err)
	}
	token := inv.Link[strings.LastIndex(inv.Link, "/")+1:]
	ctx := context.Background()
	if existing != nil {
		ctx = loupe.WithActor(ctx, &loupe.Actor{User: *existing})
	}
	acc, err := w.svc.AcceptInvitation(ctx, token, service.AcceptInput{Name: email, Password: "long enough pw"}, service.Client{})
	if err != nil {
		w.t.Fatal(err)
	}
	if existing != nil {
		return *existing
	}
	return acc.SignedIn.User
}

func (w *keyWorld) as(r loupe.Role) context.Context {
	return loupe.WithActor(context.Background(), &loupe.Actor{User: w.people[r]})
}

// key makes a key of role r's user in A and returns the context of a request made with it.
func (w *keyWorld) key(r loupe.Role, scope loupe.APIKeyScope) (context.Context, service.NewAPIKey) {
	w.t.Helper()
	nk, err := w.svc.CreateAPIKey(w.as(r), service.APIKeyInput{WorkspaceID: w.a.ID, Name: "ci", Scope: scope})
	if err != nil {
		w.t.Fatal(err)
	}
	return w.with(nk.Secret), nk
}

// with authenticates a secret as the API's middleware does, and fails the test when it is refused.
func (w *keyWorld) with(secret string) context.Context {
	w.t.Helper()
	a, err := w.svc.AuthenticateAPIKey(context.Background(), secret, service.Client{IP: "192.0.2.1"})
	if err != nil {
		w.t.Fatalf("the key is refused: %v", err)
	}
	return loupe.WithActor(context.Background(), a)
}

func wantErr(t *testing.T, err error, code loupe.Code, says string) {
	t.Helper()
	if loupe.ErrorCode(err) != code || !strings.Contains(fmt.Sprint(err), says) {
		t.Fatalf("error %v, want %s saying %q", err, code, says)
	}
}

// fieldErrors returns the fields an Invalid error names, with their messages.
func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	var le *loupe.Error
	if !errors.As(err, &le) || le.Code != loupe.Invalid {
		t.Fatalf("error %v, want invalid fields", err)
	}
	out := map[string]string{}
	for _, f := range le.Fields {
		out[f.Field] = f.Message
	}
	return out
}

func TestAPIKeys_SecretShownOnceAndHashedAtRest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newKeyWorld(t, st)
		ctx, nk := w.key(loupe.RoleMember, loupe.APIKeyScope{})
		if !strings.HasPrefix(nk.Secret, "loupe_"+nk.Key.Prefix+"_") {
			t.Fatalf("secret %q does not start with its prefix %q", nk.Secret, nk.Key.Prefix)
		}
		var found int
		err := st.Read(context.Background(), func(tx *store.Tx) error {
			_, hash, _, err := tx.APIKeyByPrefix(context.Background(), nk.Key.Prefix)
			if err == nil && (strings.Contains(hash, nk.Secret[15:]) || !auth.APIKeyMatches(nk.Secret, hash)) {
				return fmt.Errorf("the stored hash %q is not the key's SHA-256", hash)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.WriteDB().Query(`SELECT * FROM api_keys`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if strings.Contains(fmt.Sprintf("%s", v), nk.Secret[15:]) {
					t.Fatalf("api_keys.%s holds the secret", cols[i])
				}
			}
			found++
		}
		if found != 1 {
			t.Fatalf("%d rows in api_keys, want 1", found)
		}
		// The key acts as its user, and the list never shows the secret again (it has no field for it).
		if _, _, err := w.svc.Me(ctx); err != nil {
			t.Fatal(err)
		}
		ks, _, err := w.svc.MyAPIKeys(w.as(loupe.RoleMember), loupe.Page{})
		if err != nil || len(ks) != 1 || ks[0].Prefix != nk.Key.Prefix {
			t.Fatalf("my keys %+v, %v", ks, err)
		}
		// A wrong secret under a real prefix is told apart from nothing.
		forged := nk.Secret[:len(nk.Secret)-1] + map[bool]string{true: "b", false: "a"}[strings.HasSuffix(nk.Secret, "a")]
		_, err = w.svc.AuthenticateAPIKey(context.Background(), forged, service.Client{})
		wantErr(t, err, loupe.Unauthenticated, "is not valid")
		other, _, _ := auth.NewAPIKey()
		_, err2 := w.svc.AuthenticateAPIKey(context.Background(), other, service.Client{})
		if err2 == nil || err2.Error() != err.Error() {
			t.Fatalf("a forged secret (%v) and an unknown key (%v) are refused differently", err, err2)
		}
		_, err = w.svc.AuthenticateAPIKey(context.Background(), "not-a-key", service.Client{})
		wantErr(t, err, loupe.Unauthenticated, "not a Loupe API key")
	})
}

func TestAPIKeys_ExpiryAndRevocation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newKeyWorld(t, st)
		member := w.as(loupe.RoleMember)
		soon := w.clock.Now().Add(time.Hour)
		nk, err := w.svc.CreateAPIKey(member, service.APIKeyInput{WorkspaceID: w.a.ID, Name: "nightly", ExpiresAt: &soon})
		if err != nil {
			t.Fatal(err)
		}
		w.with(nk.Secret)
		w.clock.Advance(time.Hour)
		_, err = w.svc.AuthenticateAPIKey(context.Background(), nk.Secret, service.Client{})
		wantErr(t, err, loupe.Unauthenticated, "expired on 2026-11-25T10:00:00Z")

		// Revoked by its owner.
		_, mine := w.key(loupe.RoleMember, loupe.APIKeyScope{})
		if err := w.svc.RevokeMyAPIKey(member, mine.Key.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.AuthenticateAPIKey(context.Background(), mine.Secret, service.Client{})
		wantErr(t, err, loupe.Unauthenticated, "was revoked")
		wantErr(t, w.svc.RevokeMyAPIKey(member, mine.Key.ID), loupe.NotFound, "API key not found")

		// Revoked by an admin of its workspace, after seeing it in the workspace's list; nobody
		// else revokes it.
		_, theirs := w.key(loupe.RoleTasker, loupe.APIKeyScope{})
		wantErr(t, w.svc.RevokeMyAPIKey(member, theirs.Key.ID), loupe.NotFound, "API key not found")
		wantErr(t, w.svc.RevokeWorkspaceAPIKey(w.as(loupe.RoleWorkforceManager), w.a.ID, theirs.Key.ID), loupe.Forbidden, "revoke other members' API keys")
		wantErr(t, w.svc.RevokeWorkspaceAPIKey(w.admin, w.b.ID, theirs.Key.ID), loupe.NotFound, "workspace not found")
		owned, _, err := w.svc.WorkspaceAPIKeys(w.admin, w.a.ID, loupe.Page{})
		if err != nil || !slices.ContainsFunc(owned, func(k loupe.OwnedAPIKey) bool {
			return k.ID == theirs.Key.ID && k.Owner.Email == w.people[loupe.RoleTasker].Email
		}) {
			t.Fatalf("the admin's list %+v (%v) lacks the tasker's key", owned, err)
		}
		if err := w.svc.RevokeWorkspaceAPIKey(w.admin, w.a.ID, theirs.Key.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.AuthenticateAPIKey(context.Background(), theirs.Secret, service.Client{})
		wantErr(t, err, loupe.Unauthenticated, "was revoked")

		// Bad input names every field at once, and a failed create writes nothing.
		past := w.clock.Now().Add(-time.Minute)
		_, err = w.svc.CreateAPIKey(member, service.APIKeyInput{WorkspaceID: w.a.ID, Name: strings.Repeat("n", 101), ExpiresAt: &past,
			Scope: loupe.APIKeyScope{Actions: []string{"dataset.read", "nuke", "dataset.read"}}})
		fields := fieldErrors(t, err)
		for f, says := range map[string]string{"name": "at most 100", "expires_at": "must be in the future", "scope.actions[1]": `"nuke" is not an action`,
			"scope.actions[2]": "listed twice"} {
			if !strings.Contains(fields[f], says) {
				t.Errorf("%s: %q, want it to say %q", f, fields[f], says)
			}
		}
		_, err = w.svc.CreateAPIKey(member, service.APIKeyInput{WorkspaceID: w.a.ID, Name: "both", Scope: loupe.APIKeyScope{ReadOnly: true, Actions: []string{"dataset.read"}}})
		wantErr(t, err, loupe.Invalid, "read-only or a list of actions, not both")
		_, err = w.svc.CreateAPIKey(w.as(loupe.RoleTasker), service.APIKeyInput{WorkspaceID: w.b.ID, Name: "elsewhere"})
		wantErr(t, err, loupe.NotFound, "workspace not found")
		if ks, _, _ := w.svc.MyAPIKeys(member, loupe.Page{}); len(ks) != 1 || ks[0].ID != nk.Key.ID {
			t.Fatalf("after refused creates, the member's keys are %+v, want only the expired one", ks)
		}

		// Both changes are in the workspace's audit log.
		acts := auditActions(t, w.svc, w.admin, w.a.ID)
		if n := strings.Count(strings.Join(acts, " "), "api_key.created"); n != 3 {
			t.Errorf("%d api_key.created entries in %v, want 3", n, acts)
		}
		if n := strings.Count(strings.Join(acts, " "), "api_key.revoked"); n != 2 {
			t.Errorf("%d api_key.revoked entries in %v, want 2", n, acts)
		}
	})
}

// TestAPIKeys_RightsAreTheUsersToday: a key's user is re-read on every request, so that demotion
// and removal take its rights away, and the scope narrows them further.
func TestAPIKeys_RightsAreTheUsersToday(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newKeyWorld(t, st)
		manager, full := w.key(loupe.RoleWorkforceManager, loupe.APIKeyScope{})
		if _, err := w.svc.CreateGroup(manager, w.a.ID, "Night shift"); err != nil {
			t.Fatal(err)
		}
		member := loupe.RoleMember
		if _, err := w.svc.UpdateMember(w.admin, w.a.ID, w.people[loupe.RoleWorkforceManager].ID, service.MemberPatch{Role: &member}); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.CreateGroup(w.with(full.Secret), w.a.ID, "Day shift")
		wantErr(t, err, loupe.Forbidden, "your role (member) may not create groups")
		if err := w.svc.RemoveMember(w.admin, w.a.ID, w.people[loupe.RoleWorkforceManager].ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.AuthenticateAPIKey(context.Background(), full.Secret, service.Client{})
		wantErr(t, err, loupe.Unauthenticated, "is not valid")

		// Read-only: reads pass, writes are refused by the policy, whatever the role allows.
		ro, _ := w.key(loupe.RoleAdmin, loupe.APIKeyScope{ReadOnly: true})
		if _, _, err := w.svc.Groups(ro, w.a.ID, loupe.Page{}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.CreateGroup(ro, w.a.ID, "Read-only's group")
		wantErr(t, err, loupe.Forbidden, "this API key may not create groups: it is read-only")
		_, err = w.svc.UpdateWorkspace(ro, w.a.ID, service.WorkspacePatch{})
		wantErr(t, err, loupe.Forbidden, "it is read-only")

		// A list of actions: those only.
		listed, _ := w.key(loupe.RoleAdmin, loupe.APIKeyScope{Actions: []string{"group.list", "group.create"}})
		if _, err := w.svc.CreateGroup(listed, w.a.ID, "Listed"); err != nil {
			t.Fatal(err)
		}
		_, _, err = w.svc.Members(listed, w.a.ID, loupe.Page{})
		wantErr(t, err, loupe.Forbidden, "its scope does not include member.list")

		// A key reaches its own workspace only, though its user belongs to another.
		inA, _ := w.key(loupe.RoleMember, loupe.APIKeyScope{})
		if _, err := w.svc.Workspace(inA, w.a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Workspace(w.as(loupe.RoleMember), w.b.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Workspace(inA, w.b.ID)
		wantErr(t, err, loupe.NotFound, "workspace not found")
		// … and shows its workspace's keys only.
		if _, err := w.svc.CreateAPIKey(w.as(loupe.RoleMember), service.APIKeyInput{WorkspaceID: w.b.ID, Name: "in B"}); err != nil {
			t.Fatal(err)
		}
		if ks, _, err := w.svc.MyAPIKeys(inA, loupe.Page{}); err != nil || slices.ContainsFunc(ks, func(k loupe.APIKey) bool { return k.WorkspaceID != w.a.ID }) {
			t.Fatalf("a key bound to A lists %+v (%v)", ks, err)
		}

		// Keys make no keys, change no account and create no workspace, unless the scope says so
		// (keys), and then none broader or longer-lived than themselves.
		_, err = w.svc.CreateAPIKey(inA, service.APIKeyInput{WorkspaceID: w.a.ID, Name: "child"})
		wantErr(t, err, loupe.Forbidden, "its scope does not include account.api_keys.manage")
		_, err = w.svc.CreateWorkspace(inA, "Mine")
		wantErr(t, err, loupe.Forbidden, "this API key may not create workspaces")
		until := w.clock.Now().Add(24 * time.Hour)
		parent, err := w.svc.CreateAPIKey(w.as(loupe.RoleMember), service.APIKeyInput{WorkspaceID: w.a.ID, Name: "rotator", ExpiresAt: &until,
			Scope: loupe.APIKeyScope{Actions: []string{"account.api_keys.manage", "dataset.list"}}})
		if err != nil {
			t.Fatal(err)
		}
		rotator := w.with(parent.Secret)
		child, err := w.svc.CreateAPIKey(rotator, service.APIKeyInput{WorkspaceID: w.a.ID, Name: "child", ExpiresAt: &until,
			Scope: loupe.APIKeyScope{Actions: []string{"dataset.list"}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.CreateAPIKey(rotator, service.APIKeyInput{WorkspaceID: w.a.ID, Name: "wider", Scope: loupe.APIKeyScope{ReadOnly: true}})
		if f := fieldErrors(t, err); !strings.Contains(f["scope"], "may not exceed") || !strings.Contains(f["expires_at"], "may not be later") {
			t.Fatalf("a key made a broader, longer-lived key: %v", f)
		}
		_, err = w.svc.CreateAPIKey(rotator, service.APIKeyInput{WorkspaceID: w.b.ID, Name: "in B", ExpiresAt: &until, Scope: loupe.APIKeyScope{Actions: []string{"dataset.list"}}})
		wantErr(t, err, loupe.NotFound, "workspace not found")
		if err := w.svc.RevokeMyAPIKey(rotator, child.Key.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// TestAPIKeys_TaskerReachesOnlyTheirWork: a tasker's key sees the projects the tasker works on,
// not the others, and none of what taskers may not do.
func TestAPIKeys_TaskerReachesOnlyTheirWork(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newKeyWorld(t, st)
		o, _, err := w.svc.CreateOntology(w.admin, w.a.ID, service.OntologyInput{Name: "Vehicles", Schema: json.RawMessage(vehicles)})
		if err != nil {
			t.Fatal(err)
		}
		tasker := w.people[loupe.RoleTasker].ID
		theirs, err := w.svc.CreateProject(w.admin, w.a.ID, service.ProjectInput{Name: "Theirs", OntologyID: o.ID, TemplateID: "annotate",
			Collaborators: []service.CollaboratorInput{{UserID: &tasker, Role: loupe.ProjectAnnotator}}})
		if err != nil {
			t.Fatal(err)
		}
		others, err := w.svc.CreateProject(w.admin, w.a.ID, service.ProjectInput{Name: "Others", OntologyID: o.ID, TemplateID: "annotate"})
		if err != nil {
			t.Fatal(err)
		}
		key, _ := w.key(loupe.RoleTasker, loupe.APIKeyScope{})
		ps, _, err := w.svc.Projects(key, w.a.ID, service.ProjectListFilter{}, loupe.Page{})
		if err != nil || len(ps) != 1 || ps[0].ID != theirs.Project.ID {
			t.Fatalf("a tasker's key lists %+v (%v), want only %s", ps, err, theirs.Project.ID)
		}
		if _, err := w.svc.Project(key, w.a.ID, theirs.Project.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Project(key, w.a.ID, others.Project.ID)
		wantErr(t, err, loupe.NotFound, "project not found")
		_, _, err = w.svc.Members(key, w.a.ID, loupe.Page{})
		wantErr(t, err, loupe.Forbidden, "your role (tasker) may not list members")
		_, err = w.svc.CreateDataset(key, w.a.ID, "Mine", "", nil)
		wantErr(t, err, loupe.Forbidden, "your role (tasker)")
	})
}

func TestAPIKeys_LastUseWrittenAtMostOnceAMinute(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newKeyWorld(t, st)
		_, nk := w.key(loupe.RoleMember, loupe.APIKeyScope{})
		lastUse := func() (time.Time, string) {
			ks, _, err := w.svc.MyAPIKeys(w.as(loupe.RoleMember), loupe.Page{})
			if err != nil || len(ks) != 1 || ks[0].LastUsedAt == nil {
				t.Fatalf("keys %+v, %v", ks, err)
			}
			return *ks[0].LastUsedAt, ks[0].LastUsedIP
		}
		use := func(ip string) {
			if _, err := w.svc.AuthenticateAPIKey(context.Background(), nk.Secret, service.Client{IP: ip}); err != nil {
				t.Fatal(err)
			}
		}
		first := w.clock.Now()
		use("192.0.2.1")
		w.clock.Advance(59 * time.Second)
		use("192.0.2.2")
		if at, ip := lastUse(); !at.Equal(first) || ip != "192.0.2.1" {
			t.Fatalf("last used %s from %s, want %s from 192.0.2.1: written again within the minute", at, ip, first)
		}
		w.clock.Advance(time.Second)
		use("192.0.2.3")
		if at, ip := lastUse(); !at.Equal(first.Add(time.Minute)) || ip != "192.0.2.3" {
			t.Fatalf("last used %s from %s, want a minute later from 192.0.2.3", at, ip)
		}
	})
}
