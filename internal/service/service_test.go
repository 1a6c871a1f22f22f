package service_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

func TestCollaboratorType(t *testing.T) {
	t.Parallel()
	wf := loupe.Workspace{IsWorkforce: true}
	plain := loupe.Workspace{}
	m := func(w loupe.Workspace, ty loupe.UserType) loupe.WorkspaceMembership {
		return loupe.WorkspaceMembership{Membership: loupe.Membership{Type: ty}, Workspace: w}
	}
	tests := []struct {
		name     string
		existing []loupe.WorkspaceMembership
		want     loupe.UserType
	}{
		{"no memberships", nil, loupe.UserExternal},
		{"internal of a workforce workspace", []loupe.WorkspaceMembership{m(wf, loupe.UserInternal)}, loupe.UserWorkforce},
		{"internal of an ordinary workspace", []loupe.WorkspaceMembership{m(plain, loupe.UserInternal)}, loupe.UserExternal},
		{"workforce member of a workforce workspace", []loupe.WorkspaceMembership{m(wf, loupe.UserWorkforce)}, loupe.UserExternal},
		{"among several", []loupe.WorkspaceMembership{m(plain, loupe.UserExternal), m(wf, loupe.UserInternal)}, loupe.UserWorkforce},
	}
	for _, tt := range tests {
		if got := service.CollaboratorType(tt.existing); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func newService(t *testing.T, st *store.Store) *service.Service {
	t.Helper()
	svc, err := service.New(st, service.Config{BaseURL: "http://loupe.test", SessionLifetime: time.Hour, SessionIdleTimeout: time.Hour,
		InvitationLifetime: time.Hour, Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1},
		Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 30}, servicetest.Storage(t), loupe.SystemClock, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestJoinAsCollaborator covers the workforce rule that projects and datasets will trigger: an
// internal member of a workforce workspace added to another workspace's work comes as workforce.
func TestJoinAsCollaborator(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newService(t, st)
		vendor, vendorAdmin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Vendor", AdminName: "V", AdminEmail: "v@vendor.test", AdminPassword: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		as := loupe.WithActor(ctx, &loupe.Actor{User: vendorAdmin})
		yes := true
		if _, err := svc.UpdateWorkspace(as, vendor.ID, service.WorkspacePatch{IsWorkforce: &yes}); err != nil {
			t.Fatal(err)
		}
		customer, customerAdmin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Customer", AdminName: "C", AdminEmail: "c@customer.test", AdminPassword: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		stranger, err := svc.SignUp(ctx, "S", "s@nowhere.test", "long enough pw", service.Client{})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			user loupe.ID
			want loupe.Membership
		}{
			{"vendor's internal admin comes as workforce tasker", vendorAdmin.ID, loupe.Membership{Role: loupe.RoleTasker, Type: loupe.UserWorkforce}},
			{"a stranger comes as external tasker", stranger.User.ID, loupe.Membership{Role: loupe.RoleTasker, Type: loupe.UserExternal}},
			{"an existing member keeps their membership", customerAdmin.ID, loupe.Membership{Role: loupe.RoleAdmin, Type: loupe.UserInternal}},
		}
		for _, tt := range tests {
			for range 2 { // joining twice changes nothing
				var m loupe.Membership
				if err := st.Write(ctx, func(tx *store.Tx) (err error) {
					m, err = svc.JoinAsCollaborator(ctx, tx, customer.ID, tt.user)
					return err
				}); err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if m.Role != tt.want.Role || m.Type != tt.want.Type || m.WorkspaceID != customer.ID {
					t.Fatalf("%s: got %+v, want %s/%s", tt.name, m, tt.want.Role, tt.want.Type)
				}
			}
		}
		// The vendor's admin is still internal (and admin) at the vendor.
		var m loupe.Membership
		st.Read(ctx, func(tx *store.Tx) (err error) { m, err = tx.Membership(ctx, vendor.ID, vendorAdmin.ID); return err })
		if m.Role != loupe.RoleAdmin || m.Type != loupe.UserInternal {
			t.Fatalf("vendor membership changed: %+v", m)
		}
	})
}

func TestBootstrap(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newService(t, st)
		if needed, _ := svc.SetupNeeded(ctx); !needed {
			t.Fatal("setup not needed on an empty database")
		}
		if _, _, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "", AdminEmail: "bad"}); !loupe.IsCode(err, loupe.Invalid) {
			t.Fatalf("bad input: %v", err)
		}
		_, u, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "One", AdminName: "A", AdminEmail: "a@one.test", AdminPassword: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		if needed, _ := svc.SetupNeeded(ctx); needed {
			t.Fatal("setup still needed after bootstrap")
		}
		// The same person cannot be the internal admin of a second workspace.
		if _, _, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Two", AdminEmail: u.Email}); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("second internal workspace: %v", err)
		}
		if _, err := svc.SignIn(ctx, u.Email, "long enough pw", service.Client{IP: "127.0.0.1"}); err != nil {
			t.Fatalf("the bootstrapped admin cannot sign in: %v", err)
		}
	})
}
