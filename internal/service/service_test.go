package service_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/envelope"
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
		Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 30}, servicetest.Deps(t), loupe.SystemClock, slog.New(slog.DiscardHandler), nil)
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

// TestAddItem_SealedAtRest shows what is on disk: the data key's ciphertext, never the file.
func TestAddItem_SealedAtRest(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, "sqlite")
	storage := servicetest.Deps(t)
	svc, err := service.New(st, service.Config{BaseURL: "http://loupe.test", SessionLifetime: time.Hour, SessionIdleTimeout: time.Hour,
		InvitationLifetime: time.Hour, Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}, MaxUploadBytes: 1 << 20,
		Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 50}}, storage, loupe.SystemClock, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ws, admin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "W", AdminName: "A", AdminEmail: "a@w.test", AdminPassword: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
	d, err := svc.CreateDataset(as, ws.ID, "D", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("a secret transcript line\n", 10_000)
	it, err := svc.AddItem(as, ws.ID, d.ID, service.Upload{Name: "call.txt", Body: strings.NewReader(text)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := storage.Managed.ReadAll(ctx, it.ObjectKey)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("secret transcript")) || int64(len(raw)) != envelope.SealedSize(int64(len(text))) {
		t.Fatalf("the stored blob (%d bytes) is not sealed", len(raw))
	}
	u, _, err := svc.ItemURL(as, ws.ID, d.ID, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.OpenSignedBlob(ctx, u[strings.LastIndex(u, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(c.Reader)
	if string(got) != text {
		t.Fatal("the signed URL does not open the original text")
	}
	// A refused upload leaves no blob behind.
	if _, err := svc.AddItem(as, ws.ID, d.ID, service.Upload{Name: "bad.png", Body: bytes.NewReader(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...))}); !loupe.IsCode(err, loupe.Invalid) {
		t.Fatalf("corrupt png: %v", err)
	}
	keys := 0
	iter := storage.Managed.List(nil)
	for {
		if _, err := iter.Next(ctx); err != nil {
			break
		}
		keys++
	}
	if keys != 1 {
		t.Fatalf("%d blobs stored, want only the accepted one", keys)
	}
}
