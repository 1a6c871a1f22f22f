package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

func newAPIKey(t *testing.T, st *store.Store, w loupe.Workspace, u loupe.User, scope loupe.APIKeyScope) (loupe.APIKey, string) {
	t.Helper()
	secret, prefix, hash := auth.NewAPIKey()
	k := loupe.APIKey{ID: loupe.NewID(), UserID: u.ID, WorkspaceID: w.ID, Name: "ci", Prefix: prefix, Scope: scope, CreatedAt: t0}
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateAPIKey(ctx, &k, hash) })
	return k, secret
}

func TestStore_APIKeys(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w, other := newWorkspace(t, st), newWorkspace(t, st)
		u, stranger := newUser(t, st), newUser(t, st)
		if err := join(t, st, w, u, loupe.RoleMember, loupe.UserExternal); err != nil {
			t.Fatal(err)
		}
		if err := join(t, st, other, u, loupe.RoleMember, loupe.UserExternal); err != nil {
			t.Fatal(err)
		}
		exp := t0.Add(48 * time.Hour)
		k, secret := newAPIKey(t, st, w, u, loupe.APIKeyScope{Actions: []string{"dataset.read", "dataset.list"}})
		ro, _ := newAPIKey(t, st, w, u, loupe.APIKeyScope{ReadOnly: true})
		elsewhere, _ := newAPIKey(t, st, other, u, loupe.APIKeyScope{})

		t.Run("RoundTrip", func(t *testing.T) {
			var got loupe.APIKey
			var hash string
			var owner loupe.User
			err := st.Read(ctx, func(tx *store.Tx) (err error) { got, hash, owner, err = tx.APIKeyByPrefix(ctx, k.Prefix); return err })
			if err != nil {
				t.Fatal(err)
			}
			if !auth.APIKeyMatches(secret, hash) || owner.ID != u.ID || got.WorkspaceID != w.ID || got.CreatedAt != t0 ||
				!slices.Equal(got.Scope.Actions, k.Scope.Actions) || got.Scope.ReadOnly || got.ExpiresAt != nil || got.LastUsedAt != nil {
				t.Fatalf("read back %+v (owner %s), want %+v", got, owner.ID, k)
			}
		})

		t.Run("SecretIsNotStored", func(t *testing.T) {
			rows, err := st.WriteDB().QueryContext(ctx, `SELECT * FROM api_keys`)
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
					if s := fmt.Sprintf("%s", v); strings.Contains(s, secret[len(secret)-43:]) {
						t.Fatalf("column %s holds the key's secret", cols[i])
					}
				}
			}
		})

		t.Run("ExpiryAndScopeKept", func(t *testing.T) {
			_, _, hash := auth.NewAPIKey()
			e := loupe.APIKey{ID: loupe.NewID(), UserID: u.ID, WorkspaceID: w.ID, Name: "expiring", Prefix: "expiring", ExpiresAt: &exp, CreatedAt: t0,
				Scope: loupe.APIKeyScope{ReadOnly: true}}
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateAPIKey(ctx, &e, hash) })
			var got loupe.APIKey
			if err := st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.APIKey(ctx, e.ID); return err }); err != nil {
				t.Fatal(err)
			}
			if got.ExpiresAt == nil || !got.ExpiresAt.Equal(exp) || !got.Scope.ReadOnly || got.Scope.Actions != nil {
				t.Fatalf("read back %+v", got)
			}
			if got.ExpiredAt(exp.Add(-time.Second)) || !got.ExpiredAt(exp) {
				t.Fatal("ExpiredAt does not follow the expiry")
			}
		})

		t.Run("PrefixIsUnique", func(t *testing.T) {
			dup := loupe.APIKey{ID: loupe.NewID(), UserID: u.ID, WorkspaceID: w.ID, Name: "dup", Prefix: k.Prefix, CreatedAt: t0}
			wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateAPIKey(ctx, &dup, "h") }), loupe.Conflict)
		})

		t.Run("OnlyMembersHoldKeys", func(t *testing.T) {
			_, prefix, hash := auth.NewAPIKey()
			out := loupe.APIKey{ID: loupe.NewID(), UserID: stranger.ID, WorkspaceID: w.ID, Name: "x", Prefix: prefix, CreatedAt: t0}
			wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateAPIKey(ctx, &out, hash) }), loupe.NotFound)
		})

		t.Run("Lists", func(t *testing.T) {
			var all, inW []loupe.APIKey
			var owned []loupe.OwnedAPIKey
			err := st.Read(ctx, func(tx *store.Tx) (err error) {
				if all, _, err = tx.APIKeysOfUser(ctx, u.ID, loupe.ID{}, loupe.Page{}); err != nil {
					return err
				}
				if inW, _, err = tx.APIKeysOfUser(ctx, u.ID, w.ID, loupe.Page{}); err != nil {
					return err
				}
				owned, _, err = tx.WorkspaceAPIKeys(ctx, other.ID, loupe.Page{})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			has := func(ks []loupe.APIKey, id loupe.ID) bool {
				return slices.ContainsFunc(ks, func(k loupe.APIKey) bool { return k.ID == id })
			}
			if !has(all, k.ID) || !has(all, ro.ID) || !has(all, elsewhere.ID) || has(inW, elsewhere.ID) || !has(inW, ro.ID) {
				t.Fatalf("user's keys %v, in workspace %v", all, inW)
			}
			if len(owned) != 1 || owned[0].ID != elsewhere.ID || owned[0].Owner.Email != u.Email {
				t.Fatalf("workspace keys %+v", owned)
			}
			var page []loupe.APIKey
			var next *loupe.ID
			if err := st.Read(ctx, func(tx *store.Tx) (err error) {
				page, next, err = tx.APIKeysOfUser(ctx, u.ID, loupe.ID{}, loupe.Page{Limit: 1})
				return err
			}); err != nil || len(page) != 1 || next == nil {
				t.Fatalf("first page %v, next %v, err %v", page, next, err)
			}
		})

		t.Run("Revoke", func(t *testing.T) {
			at := t0.Add(time.Hour)
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.RevokeAPIKey(ctx, ro.ID, at, u.ID) })
			wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.RevokeAPIKey(ctx, ro.ID, at, u.ID) }), loupe.NotFound)
			wantCode(t, st.Read(ctx, func(tx *store.Tx) error { _, err := tx.APIKey(ctx, ro.ID); return err }), loupe.NotFound)
			var got loupe.APIKey
			if err := st.Read(ctx, func(tx *store.Tx) (err error) { got, _, _, err = tx.APIKeyByPrefix(ctx, ro.Prefix); return err }); err != nil {
				t.Fatal(err)
			}
			if got.RevokedAt == nil || !got.RevokedAt.Equal(at) || got.RevokedBy == nil || *got.RevokedBy != u.ID {
				t.Fatalf("a revoked key reads %+v", got)
			}
		})

		t.Run("Touch", func(t *testing.T) {
			at := t0.Add(2 * time.Hour)
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.TouchAPIKey(ctx, k.ID, at, "192.0.2.7") })
			var got loupe.APIKey
			if err := st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.APIKey(ctx, k.ID); return err }); err != nil {
				t.Fatal(err)
			}
			if got.LastUsedAt == nil || !got.LastUsedAt.Equal(at) || got.LastUsedIP != "192.0.2.7" {
				t.Fatalf("last used %v from %q", got.LastUsedAt, got.LastUsedIP)
			}
		})

		t.Run("LeavingTakesTheKeys", func(t *testing.T) {
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteMembership(ctx, other.ID, u.ID) })
			wantCode(t, st.Read(ctx, func(tx *store.Tx) error { _, _, _, err := tx.APIKeyByPrefix(ctx, elsewhere.Prefix); return err }), loupe.NotFound)
		})
	})
}
