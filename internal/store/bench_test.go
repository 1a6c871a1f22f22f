package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// benchWorld is a workspace of 1,000 members, each with a session: the look-ups every
// authenticated request makes run against it.
func benchWorld(b *testing.B, dialect string) (*store.Store, loupe.ID, []loupe.ID, []string) {
	b.Helper()
	st := storetest.Open(b, dialect)
	ctx := context.Background()
	w := loupe.Workspace{ID: loupe.NewID(), Name: "Bench", CreatedAt: t0, UpdatedAt: t0}
	var users []loupe.ID
	var tokens []string
	err := st.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateWorkspace(ctx, &w); err != nil {
			return err
		}
		for i := range 1000 {
			u := loupe.User{ID: loupe.NewID(), Email: fmt.Sprintf("u%d@bench.test", i), Name: "U", PasswordHash: "h", CreatedAt: t0, UpdatedAt: t0}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			if err := tx.CreateMembership(ctx, &loupe.Membership{WorkspaceID: w.ID, UserID: u.ID, Role: loupe.RoleMember, Type: loupe.UserExternal, CreatedAt: t0, UpdatedAt: t0}); err != nil {
				return err
			}
			s := loupe.Session{ID: loupe.NewID(), UserID: u.ID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.AddDate(1, 0, 0)}
			tok := fmt.Sprintf("token-%d", i)
			if err := tx.CreateSession(ctx, &s, tok); err != nil {
				return err
			}
			users = append(users, u.ID)
			tokens = append(tokens, tok)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return st, w.ID, users, tokens
}

// BenchmarkStore_SessionLookup is the first query of every signed-in request: session and user by
// the cookie's token hash.
func BenchmarkStore_SessionLookup(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			st, _, _, tokens := benchWorld(b, d)
			ctx := context.Background()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					tok := tokens[i%len(tokens)]
					i++
					if err := st.Read(ctx, func(tx *store.Tx) error { _, _, err := tx.SessionByTokenHash(ctx, tok); return err }); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkStore_MembershipLookup is the second: the actor's membership in the workspace the
// request names, which the policy decides on.
func BenchmarkStore_MembershipLookup(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			st, ws, users, _ := benchWorld(b, d)
			ctx := context.Background()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					u := users[i%len(users)]
					i++
					if err := st.Read(ctx, func(tx *store.Tx) error { _, err := tx.Membership(ctx, ws, u); return err }); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
