package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 123456000, time.UTC)

func write(t *testing.T, st *store.Store, fn func(ctx context.Context, tx *store.Tx) error) error {
	t.Helper()
	ctx := context.Background()
	return st.Write(ctx, func(tx *store.Tx) error { return fn(ctx, tx) })
}

func mustWrite(t *testing.T, st *store.Store, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	if err := write(t, st, fn); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code loupe.Code) {
	t.Helper()
	if got := loupe.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func newUser(t *testing.T, st *store.Store) loupe.User {
	t.Helper()
	u := loupe.User{ID: loupe.NewID(), Email: storetest.Name("u") + "@example.com", Name: "U", PasswordHash: "h", CreatedAt: t0, UpdatedAt: t0}
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateUser(ctx, &u) })
	return u
}

func newWorkspace(t *testing.T, st *store.Store, domains ...string) loupe.Workspace {
	t.Helper()
	w := loupe.Workspace{ID: loupe.NewID(), Name: "W", EmailDomains: domains, CreatedAt: t0, UpdatedAt: t0}
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateWorkspace(ctx, &w) })
	return w
}

func join(t *testing.T, st *store.Store, w loupe.Workspace, u loupe.User, r loupe.Role, ty loupe.UserType) error {
	t.Helper()
	return write(t, st, func(ctx context.Context, tx *store.Tx) error {
		return tx.CreateMembership(ctx, &loupe.Membership{WorkspaceID: w.ID, UserID: u.ID, Role: r, Type: ty, CreatedAt: t0, UpdatedAt: t0})
	})
}

func TestStore_Users(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := newUser(t, st)
		dup := u
		dup.ID = loupe.NewID()
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateUser(ctx, &dup) }), loupe.Conflict)

		var got loupe.User
		if err := st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.UserByEmail(ctx, u.Email); return err }); err != nil {
			t.Fatal(err)
		}
		if got != u {
			t.Fatalf("read back %+v, want %+v (times and ids must round-trip exactly)", got, u)
		}
		err := st.Read(ctx, func(tx *store.Tx) error { _, err := tx.UserByEmail(ctx, "nobody@example.com"); return err })
		wantCode(t, err, loupe.NotFound)

		u.Name, u.UpdatedAt = "Renamed", t0.Add(time.Hour)
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.UpdateUser(ctx, &u) })
		st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.User(ctx, u.ID); return err })
		if got.Name != "Renamed" || !got.UpdatedAt.Equal(u.UpdatedAt) {
			t.Fatalf("update not saved: %+v", got)
		}
	})
}

func TestStore_Write_FailedTransactionLeavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := loupe.User{ID: loupe.NewID(), Email: "half@example.com", Name: "H", PasswordHash: "h", CreatedAt: t0, UpdatedAt: t0}
		boom := errors.New("boom")
		err := write(t, st, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Write returned %v, want the function's error", err)
		}
		err = st.Read(ctx, func(tx *store.Tx) error { _, err := tx.User(ctx, u.ID); return err })
		wantCode(t, err, loupe.NotFound)
	})
}

func TestStore_Setup_OnlyOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		for i, want := range []bool{true, false} {
			var first bool
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) (err error) {
				first, err = tx.CompleteSetup(ctx, t0)
				return err
			})
			if first != want {
				t.Fatalf("call %d: first = %v, want %v", i, first, want)
			}
		}
	})
}

func TestStore_Workspaces_Domains(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newWorkspace(t, st, "a.example", "b.example")
		// A domain is claimed by one workspace only.
		err := write(t, st, func(ctx context.Context, tx *store.Tx) error {
			w := loupe.Workspace{ID: loupe.NewID(), Name: "B", EmailDomains: []string{"b.example"}, CreatedAt: t0, UpdatedAt: t0}
			return tx.CreateWorkspace(ctx, &w)
		})
		wantCode(t, err, loupe.Invalid)
		if f := err.(*loupe.Error).Fields; len(f) != 1 || f[0].Field != "email_domains[0]" {
			t.Fatalf("fields = %+v, want email_domains[0]", f)
		}

		a.EmailDomains = []string{"b.example", "c.example"}
		a.IsWorkforce = true
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.UpdateWorkspace(ctx, &a) })
		var got loupe.Workspace
		st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.WorkspaceByDomain(ctx, "c.example"); return err })
		if got.ID != a.ID || !got.IsWorkforce || fmt.Sprint(got.EmailDomains) != "[b.example c.example]" {
			t.Fatalf("got %+v", got)
		}
		err = st.Read(ctx, func(tx *store.Tx) error { _, err := tx.WorkspaceByDomain(ctx, "a.example"); return err })
		wantCode(t, err, loupe.NotFound)
	})
}

func TestStore_Memberships_Rules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w1, w2 := newWorkspace(t, st), newWorkspace(t, st)
		u := newUser(t, st)
		if err := join(t, st, w1, u, loupe.RoleAdmin, loupe.UserInternal); err != nil {
			t.Fatal(err)
		}
		wantCode(t, join(t, st, w1, u, loupe.RoleMember, loupe.UserWorkforce), loupe.Conflict) // already a member
		wantCode(t, join(t, st, w2, u, loupe.RoleMember, loupe.UserInternal), loupe.Conflict)  // internal elsewhere
		if err := join(t, st, w2, u, loupe.RoleMember, loupe.UserWorkforce); err != nil {
			t.Fatal(err)
		}
		v := newUser(t, st)
		wantCode(t, join(t, st, w1, v, loupe.RoleAdmin, loupe.UserExternal), loupe.Invalid) // admins are internal

		// The same rule holds on update, enforced by the database itself.
		err := write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.UpdateMembership(ctx, &loupe.Membership{WorkspaceID: w2.ID, UserID: u.ID, Role: loupe.RoleAdmin, Type: loupe.UserWorkforce, UpdatedAt: t0})
		})
		wantCode(t, err, loupe.Invalid)
		err = write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.UpdateMembership(ctx, &loupe.Membership{WorkspaceID: w2.ID, UserID: u.ID, Role: loupe.RoleMember, Type: loupe.UserInternal, UpdatedAt: t0})
		})
		wantCode(t, err, loupe.Conflict)
	})
}

func TestStore_Members_Pagination(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		other := newWorkspace(t, st)
		want := map[loupe.ID]bool{}
		for range 7 {
			u := newUser(t, st)
			want[u.ID] = true
			if err := join(t, st, w, u, loupe.RoleMember, loupe.UserExternal); err != nil {
				t.Fatal(err)
			}
		}
		if err := join(t, st, other, newUser(t, st), loupe.RoleMember, loupe.UserExternal); err != nil {
			t.Fatal(err)
		}
		var pages [][]loupe.Member
		p := loupe.Page{Limit: 3}
		for {
			var ms []loupe.Member
			var next *loupe.ID
			if err := st.Read(ctx, func(tx *store.Tx) (err error) { ms, next, err = tx.Members(ctx, w.ID, p); return err }); err != nil {
				t.Fatal(err)
			}
			pages = append(pages, ms)
			if next == nil {
				break
			}
			p.After = *next
		}
		if len(pages) != 3 || len(pages[0]) != 3 || len(pages[2]) != 1 {
			t.Fatalf("page sizes %d/%v, want 3,3,1", len(pages), pages)
		}
		for _, page := range pages {
			for _, m := range page {
				if !want[m.UserID] || m.User.ID != m.UserID {
					t.Fatalf("unexpected member %+v", m)
				}
				delete(want, m.UserID)
			}
		}
		if len(want) != 0 {
			t.Fatalf("members never listed: %v", want)
		}
	})
}

func TestStore_Groups(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		u := newUser(t, st)
		stranger := newUser(t, st)
		if err := join(t, st, w, u, loupe.RoleMember, loupe.UserExternal); err != nil {
			t.Fatal(err)
		}
		g := loupe.Group{ID: loupe.NewID(), WorkspaceID: w.ID, Name: "Labelers", CreatedAt: t0, UpdatedAt: t0}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateGroup(ctx, &g) })
		dup := loupe.Group{ID: loupe.NewID(), WorkspaceID: w.ID, Name: "LABELERS", CreatedAt: t0, UpdatedAt: t0}
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateGroup(ctx, &dup) }), loupe.Conflict)

		for range 2 { // adding twice is harmless
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.AddGroupMember(ctx, w.ID, g.ID, u.ID, t0) })
		}
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.AddGroupMember(ctx, w.ID, g.ID, stranger.ID, t0)
		}), loupe.NotFound)

		var got loupe.Group
		st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.Group(ctx, w.ID, g.ID); return err })
		if got.MemberCount != 1 {
			t.Fatalf("member count %d, want 1", got.MemberCount)
		}
		// Leaving the workspace leaves its groups.
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteMembership(ctx, w.ID, u.ID) })
		st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.Group(ctx, w.ID, g.ID); return err })
		if got.MemberCount != 0 {
			t.Fatalf("member count %d after leaving the workspace, want 0", got.MemberCount)
		}
		// Another workspace cannot reach the group.
		other := newWorkspace(t, st)
		err := st.Read(ctx, func(tx *store.Tx) error { _, err := tx.Group(ctx, other.ID, g.ID); return err })
		wantCode(t, err, loupe.NotFound)
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteGroup(ctx, other.ID, g.ID) }), loupe.NotFound)
	})
}

func TestStore_Invitations(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		by := newUser(t, st)
		inv := loupe.Invitation{ID: loupe.NewID(), WorkspaceID: w.ID, Email: "new@example.com", Role: loupe.RoleMember, Type: loupe.UserExternal,
			InvitedBy: by.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateInvitation(ctx, &inv, "hash1") })
		again := inv
		again.ID = loupe.NewID()
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateInvitation(ctx, &again, "hash2") }), loupe.Conflict)

		var got loupe.Invitation
		st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.InvitationByTokenHash(ctx, "hash1"); return err })
		if got.ID != inv.ID || got.AcceptedAt != nil || !got.ExpiresAt.Equal(inv.ExpiresAt) {
			t.Fatalf("got %+v", got)
		}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.AcceptInvitation(ctx, inv.ID, t0) })
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.AcceptInvitation(ctx, inv.ID, t0) }), loupe.Conflict)
		// Once accepted, the address may be invited again (after leaving, say).
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateInvitation(ctx, &again, "hash2") })
		var pending []loupe.Invitation
		st.Read(ctx, func(tx *store.Tx) (err error) { pending, _, err = tx.Invitations(ctx, w.ID, loupe.Page{}); return err })
		if len(pending) != 1 || pending[0].ID != again.ID {
			t.Fatalf("pending = %+v", pending)
		}
	})
}

func TestStore_Sessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := newUser(t, st)
		fresh := loupe.Session{ID: loupe.NewID(), UserID: u.ID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(24 * time.Hour), IP: "127.0.0.1", UserAgent: "test"}
		old := loupe.Session{ID: loupe.NewID(), UserID: u.ID, CreatedAt: t0, LastSeenAt: t0.Add(-48 * time.Hour), ExpiresAt: t0.Add(time.Hour), IP: "::1", UserAgent: "test"}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			return errors.Join(tx.CreateSession(ctx, &fresh, "fresh"), tx.CreateSession(ctx, &old, "old"))
		})
		var s loupe.Session
		var su loupe.User
		st.Read(ctx, func(tx *store.Tx) (err error) { s, su, err = tx.SessionByTokenHash(ctx, "fresh"); return err })
		if s != fresh || su.ID != u.ID {
			t.Fatalf("got %+v %+v", s, su)
		}
		var n int64
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) (err error) {
			n, err = tx.DeleteStaleSessions(ctx, t0, t0.Add(-24*time.Hour))
			return err
		})
		if n != 1 {
			t.Fatalf("deleted %d stale sessions, want 1", n)
		}
		var ss []loupe.Session
		st.Read(ctx, func(tx *store.Tx) (err error) { ss, _, err = tx.Sessions(ctx, u.ID, loupe.Page{}); return err })
		if len(ss) != 1 || ss[0].ID != fresh.ID {
			t.Fatalf("sessions %+v", ss)
		}
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteSession(ctx, loupe.NewID(), fresh.ID) }), loupe.NotFound)
	})
}

func TestStore_SignInFailures(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			return errors.Join(
				tx.RecordSignInFailure(ctx, "a@example.com", "10.0.0.1", t0.Add(-time.Hour)),
				tx.RecordSignInFailure(ctx, "a@example.com", "10.0.0.1", t0),
				tx.RecordSignInFailure(ctx, "b@example.com", "10.0.0.1", t0),
			)
		})
		var byEmail, byIP int
		st.Read(ctx, func(tx *store.Tx) (err error) {
			byEmail, byIP, err = tx.SignInFailures(ctx, "a@example.com", "10.0.0.1", t0.Add(-time.Minute))
			return err
		})
		if byEmail != 1 || byIP != 2 {
			t.Fatalf("byEmail %d byIP %d, want 1 and 2", byEmail, byIP)
		}
	})
}

func TestStore_Migrate_Idempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		applied, err := st.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migration applied %v, %v; want nothing", applied, err)
		}
		cur, latest, err := st.SchemaVersion(ctx)
		if err != nil || cur != latest || cur < 1 {
			t.Fatalf("schema version %d of %d, %v", cur, latest, err)
		}
	})
}
