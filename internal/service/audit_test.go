package service_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

func auditActions(t *testing.T, svc *service.Service, as context.Context, ws loupe.ID) []string {
	t.Helper()
	es, _, err := svc.AuditLog(as, ws, service.AuditQuery{}, 500)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[len(es)-1-i] = e.Action
	}
	return out
}

// TestAudit_ChangesAreRecordedAndTamperingIsFound records changes in their own transactions, then
// edits and deletes rows behind Loupe's back: verification names the first entry at fault.
func TestAudit_ChangesAreRecordedAndTamperingIsFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newService(t, st)
		ws, admin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		as := loupe.WithActor(ctx, &loupe.Actor{User: admin, IP: "192.0.2.7"})
		g, err := svc.CreateGroup(as, ws.ID, "Labelers")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RenameGroup(as, ws.ID, g.ID, "Reviewers"); err != nil {
			t.Fatal(err)
		}
		name := "Acme Vision"
		if _, err := svc.UpdateWorkspace(as, ws.ID, service.WorkspacePatch{Name: &name}); err != nil {
			t.Fatal(err)
		}
		// A refused change records nothing.
		if _, err := svc.CreateGroup(as, ws.ID, "reviewers"); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("duplicate group: %v", err)
		}
		if err := svc.DeleteGroup(as, ws.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(auditActions(t, svc, as, ws.ID), " ")
		if want := "workspace.created group.created group.renamed workspace.settings_changed group.deleted"; got != want {
			t.Fatalf("actions = %s, want %s", got, want)
		}
		es, _, err := svc.AuditLog(as, ws.ID, service.AuditQuery{Action: "group.renamed"}, 10)
		if err != nil || len(es) != 1 || es[0].ActorEmail != "ada@acme.test" || es[0].IP != "192.0.2.7" ||
			!strings.Contains(string(es[0].Detail), `"from":"Labelers"`) {
			t.Fatalf("renamed entry: %+v, %v", es, err)
		}
		r, err := svc.VerifyAudit(as, ws.ID)
		if err != nil || r.Break != nil || r.Entries != 5 {
			t.Fatalf("intact chain: %+v, %v", r, err)
		}

		raw := st.WriteDB()
		wsLit := "'" + ws.ID.String() + "'"
		if _, err := raw.ExecContext(ctx, `UPDATE audit_entries SET detail = '{"name":"Nobody"}' WHERE seq = 2 AND workspace_id = `+wsLit); err != nil {
			t.Fatal(err)
		}
		if r, err = svc.VerifyAudit(as, ws.ID); err != nil || r.Break == nil || r.Break.Seq != 2 || !strings.Contains(r.Break.Reason, "altered") {
			t.Fatalf("after an edit: %+v, %v", r, err)
		}
		if _, err := raw.ExecContext(ctx, `DELETE FROM audit_entries WHERE seq <= 2 AND workspace_id = `+wsLit); err != nil {
			t.Fatal(err)
		}
		if r, err = svc.VerifyAudit(as, ws.ID); err != nil || r.Break == nil || r.Break.Seq != 1 || !strings.Contains(r.Break.Reason, "missing") {
			t.Fatalf("after a deletion: %+v, %v", r, err)
		}
		reports, err := svc.VerifyAllAudit(ctx)
		if err != nil || len(reports) != 1 || reports[0].Break == nil {
			t.Fatalf("verify all: %+v, %v", reports, err)
		}
	})
}

// TestAudit_ConcurrentChangesKeepOneChain makes changes from many goroutines at once: the chain
// stays numbered without gaps and verifies.
func TestAudit_ConcurrentChangesKeepOneChain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newService(t, st)
		ws, admin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
		const n = 30
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.CreateGroup(as, ws.ID, fmt.Sprintf("Group %d", i))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		r, err := svc.VerifyAudit(as, ws.ID)
		if err != nil || r.Break != nil || r.Entries != n+1 {
			t.Fatalf("after %d concurrent changes: %+v, %v", n, r, err)
		}
	})
}

// TestAudit_SignIns records sign-ins, wrong passwords, the lockout they lead to, and attempts on
// addresses that have no account (in the chain of no workspace).
func TestAudit_SignIns(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newService(t, st) // five failures per account lock it
		ws, admin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		c := service.Client{IP: "198.51.100.4", UserAgent: "test"}
		if _, err := svc.SignIn(ctx, "ada@acme.test", "long enough pw", c); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			if _, err := svc.SignIn(ctx, "ada@acme.test", "not the password", c); !loupe.IsCode(err, loupe.Unauthenticated) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if _, err := svc.SignIn(ctx, "ada@acme.test", "long enough pw", c); !loupe.IsCode(err, loupe.TooManyRequests) {
			t.Fatalf("after five failures: %v", err)
		}
		if _, err := svc.SignIn(ctx, "nobody@acme.test", "whatever it is", c); !loupe.IsCode(err, loupe.Unauthenticated) {
			t.Fatal(err)
		}
		as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
		got := strings.Join(auditActions(t, svc, as, ws.ID), " ")
		want := "workspace.created auth.signed_in" + strings.Repeat(" auth.sign_in_failed", 5) + " auth.locked_out"
		if got != want {
			t.Fatalf("actions = %s\nwant      %s", got, want)
		}
		es, _, err := svc.AuditLog(as, ws.ID, service.AuditQuery{Action: "auth.sign_in_failed"}, 1)
		if err != nil || len(es) != 1 || es[0].IP != "198.51.100.4" || es[0].ActorID != nil {
			t.Fatalf("failure entry: %+v, %v", es, err)
		}
		reports, err := svc.VerifyAllAudit(ctx)
		if err != nil || len(reports) != 2 {
			t.Fatalf("chains: %+v, %v", reports, err)
		}
		for _, r := range reports {
			if r.Break != nil || (r.WorkspaceID == loupe.NoWorkspace && r.Entries != 1) {
				t.Fatalf("chain %+v", r)
			}
		}
	})
}
