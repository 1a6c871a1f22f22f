package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

// TestBrowser_AuditLog shows an admin the audit log: the entries of changes, a filter by action,
// and verification that turns from intact to broken when a row is edited in the database.
func TestBrowser_AuditLog(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ws, admin, err := a.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme Vision", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin, IP: "192.0.2.1"})
	g, err := a.svc.CreateGroup(as, ws.ID, "Labelers")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.RenameGroup(as, ws.ID, g.ID, "Reviewers"); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	signIn(t, b, a.url, "ada@acme.test", "correct horse battery")
	run(t, b, "open the audit log",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/audit"),
		heading("Audit log"),
		chromedp.WaitVisible(`tr[data-audit="group.renamed"]`),
		chromedp.WaitVisible(`//tr[@data-audit="group.renamed"][contains(., "Labelers → Reviewers")][contains(., "ada@acme.test")]`),
		chromedp.WaitVisible(`tr[data-audit="workspace.created"]`),
	)
	run(t, b, "filter by action",
		choose(`.audit-filters select`, "group.created"),
		chromedp.WaitNotPresent(`tr[data-audit="group.renamed"]`),
		chromedp.WaitVisible(`tr[data-audit="group.created"]`),
	)
	run(t, b, "verify an intact chain",
		chromedp.Click(button("Verify now")),
		chromedp.WaitVisible(`//*[@data-testid="audit-verify"][starts-with(normalize-space(.), "Intact: all")]`),
		choose(`.audit-filters select`, ""),
		chromedp.WaitVisible(`tr[data-audit="group.renamed"]`),
	)
	keepScreenshot(t, b, "audit.png")
	if _, err := a.store.WriteDB().Exec(`UPDATE audit_entries SET detail = '{"name":"Nobody"}' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	run(t, b, "verification finds the edited entry",
		chromedp.Click(button("Verify now")),
		chromedp.WaitVisible(`//*[@data-testid="audit-verify"][contains(., "Broken at entry 2")]`),
	)
}
