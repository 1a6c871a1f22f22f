package e2e

import (
	"context"
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

const labelOntology = `{"objects":[{"id":"car","name":"Car","shape":"bounding_box","color":"#e11d48","hotkey":"c",
	"attributes":[{"id":"occlusion","name":"Occlusion","type":"radio","required":true,"options":[{"id":"none","label":"None"},{"id":"partial","label":"Partial"}]}]}],
	"classifications":[]}`

// joinAs invites an email to the workspace and accepts for it, returning the new user.
func joinAs(t *testing.T, a app, as context.Context, ws loupe.ID, email string) loupe.User {
	t.Helper()
	inv, err := a.svc.Invite(as, ws, service.InviteInput{Email: email, Role: loupe.RoleTasker, Type: loupe.UserWorkforce})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := a.svc.AcceptInvitation(context.Background(), inv.Link[strings.LastIndex(inv.Link, "/")+1:],
		service.AcceptInput{Name: email, Password: "correct horse battery"}, service.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return acc.SignedIn.User
}

// drawBox drags across the middle of the editor's canvas, as a person draws a box.
func drawBox(t *testing.T, b context.Context, step string) {
	t.Helper()
	run(t, b, step+": the canvas", chromedp.WaitVisible(`[data-testid="editor-canvas"] canvas`))
	xy, err := chromedp.Run(b, chromedp.Evaluate[[]float64](`(() => {
		const r = document.querySelector('[data-testid="editor-canvas"]').getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	if err != nil || len(xy) != 2 {
		t.Fatalf("%s: %v", step, err)
	}
	x, y := xy[0], xy[1]
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x-40, y-30),
		chromedp.MouseEvent(chromedp.MousePressed, x-40, y-30, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 6; i++ {
		f := float64(i) / 6
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, x-40+80*f, y-30+60*f, chromedp.ButtonLeft))
	}
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, x+40, y+30, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	run(t, b, step, actions...)
}

// label draws a car on the item shown (once the page shows that item: the previous task's page
// stays up until the next claim answers), says how occluded it is, and submits.
func label(t *testing.T, b context.Context, item, occlusion string) {
	t.Helper()
	step := item
	run(t, b, step+": pick the class",
		chromedp.WaitVisible(`//*[@data-stage-kind="annotate"]//*[contains(@class, "label-title")][contains(., "`+item+`")]`),
		chromedp.Click(`[data-class-id="car"]`),
	)
	drawBox(t, b, step+": draw a box")
	run(t, b, step+": set the attribute",
		chromedp.WaitVisible(`[data-attr-id="occlusion"]`),
		chromedp.Click(`//*[@data-attr-id="occlusion"]//label[normalize-space()="`+occlusion+`"]`),
	)
	if occlusion == "None" {
		keepScreenshot(t, b, "editor.png")
	}
	run(t, b, step+": submit", chromedp.Click(button("Submit")))
}

// TestBrowser_AnnotateReviewRework is the queue in two browsers: an annotator labels two images
// (a box and an attribute each), a reviewer rejects one with a note and approves the other, the
// annotator finds the rejected one back with the note, fixes it, and the reviewer approves it.
func TestBrowser_AnnotateReviewRework(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ws, admin, err := a.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme Vision", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
	o, _, err := a.svc.CreateOntology(as, ws.ID, service.OntologyInput{Name: "Vehicles", Schema: json.RawMessage(labelOntology)})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.svc.CreateDataset(as, ws.ID, "Street", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, c := range []color.RGBA{{200, 200, 200, 255}, {120, 160, 200, 255}} {
		p := filepath.Join(dir, []string{"one.png", "two.png"}[i])
		writePNG(t, p, 400, 300, c)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.svc.AddItem(as, ws.ID, d.ID, service.Upload{Name: filepath.Base(p), Body: f})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	ann := joinAs(t, a, as, ws.ID, "ann@acme.test")
	rev := joinAs(t, a, as, ws.ID, "rev@acme.test")
	pv, err := a.svc.CreateProject(as, ws.ID, service.ProjectInput{Name: "Street review", OntologyID: o.ID, TemplateID: "annotate-review-rework",
		DatasetIDs: []loupe.ID{d.ID}, Collaborators: []service.CollaboratorInput{{UserID: &ann.ID, Role: loupe.ProjectAnnotator}, {UserID: &rev.ID, Role: loupe.ProjectReviewer}}})
	if err != nil {
		t.Fatal(err)
	}
	labelURL := a.url + "/w/" + ws.ID.String() + "/projects/" + pv.ID.String() + "/label"

	annotator := browser(t)
	signIn(t, annotator, a.url, "ann@acme.test", "correct horse battery")
	run(t, annotator, "open the queue", chromedp.Navigate(labelURL))
	label(t, annotator, "one.png", "None")
	label(t, annotator, "two.png", "Partial")
	run(t, annotator, "the queue is empty", chromedp.WaitVisible(`//h2[normalize-space()="No task for you"] | //*[normalize-space()="No task for you"]`))

	reviewer := browser(t)
	signIn(t, reviewer, a.url, "rev@acme.test", "correct horse battery")
	run(t, reviewer, "reject the first",
		chromedp.Navigate(labelURL),
		chromedp.WaitVisible(`[data-stage-kind="review"]`),
		chromedp.Click(button("Reject")),
		chromedp.WaitVisible(`textarea[name="reason"]`),
		chromedp.SendKeys(`textarea[name="reason"]`, "the box misses the bumper"),
		chromedp.Click(button("Send back")),
	)
	run(t, reviewer, "approve the second",
		chromedp.WaitVisible(`//*[@data-stage-kind="review"]//*[contains(@class, "label-title")][contains(., "two.png")]`),
		chromedp.Click(button("Approve")),
		chromedp.WaitVisible(`//*[normalize-space()="No task for you"]`),
	)

	run(t, annotator, "the rework comes back with the note",
		chromedp.Click(button("Look again")),
		chromedp.WaitVisible(`//*[@data-testid="review-notes"][contains(., "the box misses the bumper")]`),
	)
	drawBox(t, annotator, "a second box for the bumper")
	run(t, annotator, "set its attribute and submit the rework",
		chromedp.Click(`//*[@data-attr-id="occlusion"]//label[normalize-space()="None"]`),
		chromedp.Click(button("Submit")),
		chromedp.WaitVisible(`//*[normalize-space()="No task for you"]`),
	)
	run(t, reviewer, "approve the rework",
		chromedp.Click(button("Look again")),
		chromedp.WaitVisible(`[data-stage-kind="review"]`),
		chromedp.Click(button("Approve")),
		chromedp.WaitVisible(`//*[normalize-space()="No task for you"]`),
	)
	counts, err := a.svc.StageCounts(as, ws.ID, pv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0].Stage != "complete" || counts[0].Count != 2 {
		t.Fatalf("tasks after the loop: %+v, want both completed", counts)
	}
}
