package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/ontology"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/workflow"
)

// centers scrolls the first element into the middle of the window, then returns the middles of
// both, measured after the scroll so that neither is stale.
func centers(ctx context.Context, t *testing.T, a, b string) (x0, y0, x1, y1 float64) {
	t.Helper()
	xy, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const a = document.querySelector(`+jsString(a)+`), b = document.querySelector(`+jsString(b)+`);
		a.scrollIntoView({block: "center", inline: "center"});
		const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
		return [ra.left + ra.width / 2, ra.top + ra.height / 2, rb.left + rb.width / 2, rb.top + rb.height / 2];
	})()`))
	if err != nil || len(xy) != 4 {
		t.Fatalf("find %s and %s: %v%s", a, b, err, screenshot(ctx))
	}
	return xy[0], xy[1], xy[2], xy[3]
}

// drag presses the mouse on one element, moves in steps onto another and releases there, as a
// person drags: Chrome turns these into the pointer events the workflow builder listens to.
func drag(t *testing.T, ctx context.Context, step, from, to string) {
	t.Helper()
	run(t, ctx, step+": both ends visible", chromedp.WaitVisible(from), chromedp.WaitVisible(to))
	x0, y0, x1, y1 := centers(ctx, t, from, to)
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 8; i++ {
		f := float64(i) / 8
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, chromedp.ButtonLeft))
	}
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	run(t, ctx, step, actions...)
}

// labeled marks the form control a visible label names (the editor's forms label every field)
// and returns a CSS selector for it, for fill and choose.
func labeled(label string) chromedp.Action[chromedp.Void] {
	js := `(() => {
		document.querySelectorAll("[data-e2e-target]").forEach((el) => el.removeAttribute("data-e2e-target"));
		const l = [...document.querySelectorAll("label")].find((l) => l.textContent.trim() === ` + jsString(label) + ` && l.offsetParent !== null);
		const el = l && (l.control || l.parentElement.querySelector("input, select, textarea"));
		if (!el) return false;
		el.setAttribute("data-e2e-target", "");
		return true;
	})()`
	eval := chromedp.Evaluate[bool](js)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := eval(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("no field labelled %q", label)
		}
		return err
	})
}

const target = `[data-e2e-target]`

// TestBrowser_OntologyWorkflowProject builds an ontology with a nested attribute in the editor,
// a workflow with a review loop in the visual builder, and creates a project from them, whose
// dataset's items become tasks.
func TestBrowser_OntologyWorkflowProject(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ws, admin, err := a.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme Vision", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
	d, err := a.svc.CreateDataset(as, ws.ID, "Street frames", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("frame%d.png", i))
		writePNG(t, p, 64, 48, color.RGBA{200, 40, 40, 255})
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
	base := a.url + "/w/" + ws.ID.String()
	b := browser(t)
	signIn(t, b, a.url, "ada@acme.test", "correct horse battery")

	run(t, b, "create an ontology",
		chromedp.Navigate(base+"/ontologies"),
		heading("Ontologies"),
		fill(`input[name="name"]`, "Vehicles"),
		chromedp.Click(button("Create ontology")),
		heading("Vehicles"),
	)
	run(t, b, "add an object class",
		chromedp.Click(button("Add object")),
		chromedp.WaitVisible(`[data-node="objects/0"]`),
		labeled("Name"), fill(target, "Car"),
		chromedp.WaitVisible(`//*[@data-node="objects/0"][contains(., "Car")]`),
	)
	run(t, b, "give it a radio attribute with an option",
		chromedp.Click(button("Add attribute")),
		chromedp.WaitVisible(`[data-node="objects/0/attributes/0"]`),
		labeled("Name"), fill(target, "Occlusion"),
		labeled("Type"), choose(target, "radio"),
		// A radio starts with one option, ready to be named.
		chromedp.WaitVisible(`[data-node="objects/0/attributes/0/options/0"]`),
		chromedp.Click(`[data-node="objects/0/attributes/0/options/0"]`),
		labeled("Label"), fill(target, "Partial"),
	)
	run(t, b, "nest a number under the option",
		chromedp.Click(button("Add nested attribute")),
		chromedp.WaitVisible(`[data-node="objects/0/attributes/0/options/0/attributes/0"]`),
		labeled("Name"), fill(target, "Occluded %"),
		labeled("Type"), choose(target, "number"),
	)
	run(t, b, "review and save",
		chromedp.Click(button("Review and save")),
		chromedp.WaitVisible(`[data-testid="save-review"]`),
		chromedp.Click(`//dialog//button[normalize-space()="Save"]`),
		chromedp.WaitNotPresent(`[data-testid="save-review"]`),
		chromedp.Click(`[data-node="objects/0/attributes/0/options/0/attributes/0"]`),
	)
	keepScreenshot(t, b, "ontology.png")
	var onto loupe.Ontology
	var doc ontology.Ontology
	waitFor(t, func() bool {
		list, _, err := a.svc.Ontologies(as, ws.ID, loupe.Page{})
		if err != nil || len(list) != 1 || list[0].Revision < 2 {
			return false
		}
		onto = list[0]
		_, v, err := a.svc.Ontology(as, ws.ID, onto.ID)
		return err == nil && json.Unmarshal(v.Schema, &doc) == nil
	}, "the ontology's edit to be saved")
	if len(doc.Objects) != 1 || doc.Objects[0].Name != "Car" || len(doc.Objects[0].Attributes) != 1 {
		t.Fatalf("saved ontology: %+v", doc)
	}
	occ := doc.Objects[0].Attributes[0]
	if occ.Type != ontology.Radio || len(occ.Options) != 1 || occ.Options[0].Label != "Partial" || len(occ.Options[0].Attributes) != 1 ||
		occ.Options[0].Attributes[0].Type != ontology.Number {
		t.Fatalf("saved attribute: %+v", occ)
	}

	projectWizard(t, b, a, as, base, ws.ID, d.ID, onto.ID)
}

// projectWizard walks the new-project wizard: details, the dataset, the ontology, then a
// workflow built in the visual builder from Annotate → Complete into one with a review loop.
func projectWizard(t *testing.T, b context.Context, a app, as context.Context, base string, wsID, datasetID, ontologyID loupe.ID) {
	t.Helper()
	run(t, b, "open the wizard",
		chromedp.Navigate(base+"/projects/new"),
		chromedp.WaitVisible(`[data-step="details"]`),
		fill(`[data-step="details"] input[name="name"]`, "Street review"),
		chromedp.Click(button("Next")),
		chromedp.WaitVisible(`[data-step="data"]`),
		chromedp.Click(`//*[@data-step="data"]//label[contains(., "Street frames")]`),
		chromedp.Click(button("Next")),
		chromedp.WaitVisible(`[data-step="ontology"]`),
		chromedp.Click(`//*[@data-step="ontology"]//label[contains(., "Vehicles")]`),
		chromedp.Click(button("Next")),
		chromedp.WaitVisible(`[data-step="workflow"]`),
	)
	run(t, b, "start from Annotate → Complete",
		chromedp.Click(`//*[@data-step="workflow"]//*[self::button or self::label][contains(., "Annotate → Complete") or contains(., "Annotate only")]`),
		chromedp.WaitVisible(`[data-stage-id="annotate"]`),
		chromedp.Click(`//button[@aria-label="Add review stage"]`),
		chromedp.WaitVisible(`[data-stage-id="review"]`),
	)
	drag(t, b, "annotate's submissions go to review", `[data-port="annotate:submitted"]`, `[data-stage-id="review"]`)
	drag(t, b, "approved work completes", `[data-port="review:approved"]`, `[data-stage-id="complete"]`)
	drag(t, b, "rejected work goes back to annotate", `[data-port="review:rejected"]`, `[data-stage-id="annotate"]`)
	run(t, b, "the loop is drawn",
		chromedp.WaitVisible(`[data-edge="annotate:submitted"]`),
		chromedp.WaitVisible(`[data-edge="review:approved"]`),
		chromedp.WaitVisible(`[data-edge="review:rejected"]`),
		chromedp.Click(button("Tidy up")),
		chromedp.ScrollIntoView(`[role="application"]`),
	)
	keepScreenshot(t, b, "workflow.png")
	run(t, b, "go on to the people and create",
		chromedp.Click(button("Next")),
		chromedp.WaitVisible(`[data-step="people"]`),
		chromedp.Click(button("Create project")),
		heading("Street review"),
	)

	var pv service.ProjectView
	ps, _, err := a.svc.Projects(as, wsID, service.ProjectListFilter{}, loupe.Page{})
	if err != nil || len(ps) != 1 {
		t.Fatalf("projects after the wizard: %d, %v", len(ps), err)
	}
	waitFor(t, func() bool {
		pv, err = a.svc.Project(as, wsID, ps[0].ID)
		return err == nil && pv.TaskCount == 3
	}, "the dataset's three items to become tasks")
	if pv.OntologyID != ontologyID || len(pv.Datasets) != 1 || pv.Datasets[0].DatasetID != datasetID {
		t.Fatalf("project: %+v", pv)
	}
	var g workflow.Graph
	if err := json.Unmarshal(pv.Workflow, &g); err != nil {
		t.Fatal(err)
	}
	next, err := workflow.Advance(g, "annotate", workflow.Submitted, workflow.Facts{})
	if err != nil || next.Kind != workflow.Review {
		t.Fatalf("after annotate: %+v, %v", next, err)
	}
	back, err := workflow.Advance(g, next.ID, workflow.Rejected, workflow.Facts{})
	if err != nil || back.ID != "annotate" {
		t.Fatalf("a rejection goes to %+v, %v; want annotate", back, err)
	}
	keepScreenshot(t, b, "project.png")
}

// keepScreenshot saves what the window shows under LOUPE_SCREENSHOT_DIR, when it is set, for the
// README's tour.
func keepScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LOUPE_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
