package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
	"github.com/loupehq/loupe/internal/workflow"
)

const vehicles = `{"objects":[{"id":"car","name":"Car","shape":"bounding_box","color":"#e11d48","hotkey":"c",
	"attributes":[{"id":"occlusion","name":"Occlusion","type":"radio","required":true,"options":[{"id":"none","label":"None"},{"id":"partial","label":"Partial"}]}]}],
	"classifications":[]}`

// projectWorld is a workspace with its admin, an ontology and a dataset of n text items.
type projectWorld struct {
	svc      *service.Service
	st       *store.Store
	ws       loupe.Workspace
	as       context.Context
	ontology loupe.Ontology
	dataset  loupe.Dataset
}

func newProjectWorld(t *testing.T, st *store.Store, items int, meta func(i int) string) projectWorld {
	t.Helper()
	ctx := context.Background()
	svc := newService(t, st)
	ws, admin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
	o, _, err := svc.CreateOntology(as, ws.ID, service.OntologyInput{Name: "Vehicles", Schema: json.RawMessage(vehicles)})
	if err != nil {
		t.Fatal(err)
	}
	d, err := svc.CreateDataset(as, ws.ID, "Notes", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		it, err := svc.AddItem(as, ws.ID, d.ID, service.Upload{Name: fmt.Sprintf("n%d.txt", i), Body: strings.NewReader(fmt.Sprintf("note %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		if meta != nil {
			if _, err := svc.SetItemMetadata(as, ws.ID, d.ID, it.ID, json.RawMessage(meta(i))); err != nil {
				t.Fatal(err)
			}
		}
	}
	return projectWorld{svc: svc, st: st, ws: ws, as: as, ontology: o, dataset: d}
}

func graphJSON(t *testing.T, g workflow.Graph) json.RawMessage {
	t.Helper()
	raw, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func stageCounts(t *testing.T, w projectWorld, project loupe.ID) map[string]int64 {
	t.Helper()
	cs, err := w.svc.StageCounts(w.as, w.ws.ID, project)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, c := range cs {
		out[c.Stage+"/"+string(c.Status)] += c.Count
	}
	return out
}

func TestProjects_TasksAppear(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newProjectWorld(t, st, 3, nil)
		v, err := w.svc.CreateProject(w.as, w.ws.ID, service.ProjectInput{Name: "Street", OntologyID: w.ontology.ID, TemplateID: "annotate-review",
			DatasetIDs: []loupe.ID{w.dataset.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if v.MyRole != loupe.ProjectAdmin || v.OntologyVersion != 1 || v.Status != loupe.ProjectNotStarted || len(v.Datasets) != 1 || !v.Datasets[0].Populated {
			t.Fatalf("project = %+v", v)
		}
		if got := stageCounts(t, w, v.ID); got["annotate/new"] != 3 || len(got) != 1 {
			t.Fatalf("stage counts = %v, want 3 new in annotate", got)
		}
		// An item added later to the attached dataset becomes a task too.
		if _, err := w.svc.AddItem(w.as, w.ws.ID, w.dataset.ID, service.Upload{Name: "late.txt", Body: strings.NewReader("late")}); err != nil {
			t.Fatal(err)
		}
		if got := stageCounts(t, w, v.ID); got["annotate/new"] != 4 {
			t.Fatalf("stage counts after a new item = %v, want 4", got)
		}
		// Attaching it again is refused and adds nothing; a dataset with projects cannot go.
		if _, err := w.svc.AttachDataset(w.as, w.ws.ID, v.ID, w.dataset.ID); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("attach twice: %v, want conflict", err)
		}
		if err := w.svc.DeleteDataset(w.as, w.ws.ID, w.dataset.ID); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("delete a used dataset: %v, want conflict", err)
		}
		if err := w.svc.DetachDataset(w.as, w.ws.ID, v.ID, w.dataset.ID); err != nil {
			t.Fatal(err)
		}
		if got := stageCounts(t, w, v.ID); len(got) != 0 {
			t.Fatalf("stage counts after detaching = %v, want none", got)
		}
	})
}

func TestProjects_RoutersDecideTheFirstStage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newProjectWorld(t, st, 6, func(i int) string {
			if i%3 == 0 {
				return `{"camera":"front"}`
			}
			return `{"camera":"rear"}`
		})
		g := workflow.Graph{
			Stages: []workflow.Stage{
				{ID: "start", Kind: workflow.Start, Name: "Start"},
				{ID: "by-camera", Kind: workflow.KindRouter, Name: "By camera", Router: &workflow.Router{By: workflow.ByMetadata, Routes: []workflow.Route{
					{Name: "front", Key: "camera", Values: []string{"front"}}, {Name: "otherwise"}}}},
				{ID: "experts", Kind: workflow.Annotate, Name: "Experts"},
				{ID: "crowd", Kind: workflow.Annotate, Name: "Crowd"},
				{ID: "complete", Kind: workflow.Complete, Name: "Complete"},
			},
			Edges: []workflow.Edge{
				{From: "start", Outcome: workflow.Next, To: "by-camera"},
				{From: "by-camera", Outcome: "front", To: "experts"},
				{From: "by-camera", Outcome: workflow.Otherwise, To: "crowd"},
				{From: "experts", Outcome: workflow.Submitted, To: "complete"},
				{From: "crowd", Outcome: workflow.Submitted, To: "complete"},
			},
		}
		v, err := w.svc.CreateProject(w.as, w.ws.ID, service.ProjectInput{Name: "Routed", OntologyID: w.ontology.ID, Workflow: graphJSON(t, g),
			DatasetIDs: []loupe.ID{w.dataset.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if got := stageCounts(t, w, v.ID); got["experts/new"] != 2 || got["crowd/new"] != 4 {
			t.Fatalf("stage counts = %v, want 2 with experts and 4 with the crowd", got)
		}
	})
}

func TestProjects_RefusedInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newProjectWorld(t, st, 0, nil)
		loop := `{"stages":[{"id":"start","kind":"start","name":"Start","position":{"x":0,"y":0}},
			{"id":"a","kind":"router","name":"A","position":{"x":0,"y":0},"router":{"by":"sample","routes":[{"name":"x","rate":100}]}},
			{"id":"b","kind":"router","name":"B","position":{"x":0,"y":0},"router":{"by":"sample","routes":[{"name":"y","rate":100}]}},
			{"id":"complete","kind":"complete","name":"Complete","position":{"x":0,"y":0}}],
			"edges":[{"from":"start","outcome":"next","to":"a"},{"from":"a","outcome":"x","to":"b"},{"from":"b","outcome":"y","to":"a"}]}`
		unknownEdge := `{"stages":[{"id":"start","kind":"start","name":"Start","position":{"x":0,"y":0}},
			{"id":"complete","kind":"complete","name":"Complete","position":{"x":0,"y":0}}],
			"edges":[{"from":"start","outcome":"next","to":"complete"},{"from":"nowhere","outcome":"submitted","to":"complete"}]}`
		tests := []struct {
			name  string
			in    service.ProjectInput
			field string
		}{
			{"no ontology", service.ProjectInput{Name: "P", TemplateID: "annotate"}, "ontology_id"},
			{"unknown ontology", service.ProjectInput{Name: "P", OntologyID: loupe.NewID(), TemplateID: "annotate"}, "ontology_id"},
			{"ontology version from the future", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID, OntologyVersion: 5, TemplateID: "annotate"}, "ontology_version"},
			{"no workflow", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID}, "workflow"},
			{"unknown template", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID, TemplateID: "nope"}, "template_id"},
			{"router-only loop", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID, Workflow: json.RawMessage(loop)}, "workflow.stages"},
			{"edge from an unknown stage", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID, Workflow: json.RawMessage(unknownEdge)}, "workflow.edges[1].from"},
			{"unknown dataset", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID, TemplateID: "annotate", DatasetIDs: []loupe.ID{loupe.NewID()}}, "dataset_ids[0]"},
			{"unknown field in the workflow", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID, Workflow: json.RawMessage(`{"stages":[],"edges":[],"x":1}`)}, "workflow"},
			{"unknown role", service.ProjectInput{Name: "P", OntologyID: w.ontology.ID, TemplateID: "annotate",
				Collaborators: []service.CollaboratorInput{{Email: "ada@acme.test", Role: "boss"}}}, "collaborators[0].role"},
		}
		for _, tt := range tests {
			_, err := w.svc.CreateProject(w.as, w.ws.ID, tt.in)
			le, ok := err.(*loupe.Error)
			if !ok || le.Code != loupe.Invalid {
				t.Errorf("%s: %v, want invalid", tt.name, err)
				continue
			}
			found := false
			for _, f := range le.Fields {
				found = found || strings.HasPrefix(f.Field, tt.field)
			}
			if !found {
				t.Errorf("%s: fields %+v, want one under %q (%s)", tt.name, le.Fields, tt.field, le.Message)
			}
		}
		// Nothing half-made survived the refusals.
		ps, _, err := w.svc.Projects(w.as, w.ws.ID, service.ProjectListFilter{}, loupe.Page{})
		if err != nil || len(ps) != 0 {
			t.Fatalf("projects after refusals: %d, %v", len(ps), err)
		}
	})
}

func TestProjects_StatusAndArchive(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newProjectWorld(t, st, 0, nil)
		v, err := w.svc.CreateProject(w.as, w.ws.ID, service.ProjectInput{Name: "Life", OntologyID: w.ontology.ID, TemplateID: "annotate"})
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			to loupe.ProjectStatus
			ok bool
		}{
			{loupe.ProjectCompleted, false}, {loupe.ProjectInProgress, true}, {loupe.ProjectPaused, true}, {loupe.ProjectArchived, false},
			{loupe.ProjectInProgress, true}, {loupe.ProjectCompleted, true}, {loupe.ProjectArchived, true},
		}
		for _, s := range steps {
			_, err := w.svc.SetProjectStatus(w.as, w.ws.ID, v.ID, s.to)
			if (err == nil) != s.ok {
				t.Fatalf("to %s: %v, want ok=%v", s.to, err, s.ok)
			}
		}
		name := "Renamed"
		if _, err := w.svc.UpdateProject(w.as, w.ws.ID, v.ID, service.ProjectPatch{Name: &name}); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("rename an archived project: %v, want conflict", err)
		}
		if _, err := w.svc.SetProjectStatus(w.as, w.ws.ID, v.ID, loupe.ProjectCompleted); err != nil {
			t.Fatalf("restore: %v", err)
		}
		if _, err := w.svc.UpdateProject(w.as, w.ws.ID, v.ID, service.ProjectPatch{Name: &name}); err != nil {
			t.Fatalf("rename a restored project: %v", err)
		}
	})
}

func TestProjects_ChangeWorkflowMovesTasks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newProjectWorld(t, st, 4, nil)
		v, err := w.svc.CreateProject(w.as, w.ws.ID, service.ProjectInput{Name: "Live", OntologyID: w.ontology.ID, TemplateID: "annotate",
			DatasetIDs: []loupe.ID{w.dataset.ID}})
		if err != nil {
			t.Fatal(err)
		}
		next, _ := workflow.TemplateByID("annotate-review-rework")
		var annotateID string
		for _, s := range next.Graph.Stages {
			if s.Kind == workflow.Annotate && annotateID == "" {
				annotateID = s.ID
			}
		}
		change := service.WorkflowChange{Workflow: graphJSON(t, next.Graph), Revision: 1, DryRun: true}
		plan, err := w.svc.ChangeWorkflow(w.as, w.ws.ID, v.ID, change)
		if annotateID != "annotate" {
			// The old stage keeps its id in the new graph, so it maps to itself.
			if err == nil {
				t.Fatalf("plan without a mapping for a vanished stage: %+v", plan)
			}
			change.Mapping = map[string]string{"annotate": annotateID}
			if plan, err = w.svc.ChangeWorkflow(w.as, w.ws.ID, v.ID, change); err != nil {
				t.Fatal(err)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		if len(plan.Moves) != 1 || plan.Moves[0].Tasks != 4 {
			t.Fatalf("plan = %+v", plan)
		}
		// Map the waiting tasks straight to completion instead, and apply.
		change.DryRun, change.Mapping = false, map[string]string{"annotate": "complete"}
		if _, err := w.svc.ChangeWorkflow(w.as, w.ws.ID, v.ID, change); err != nil {
			t.Fatal(err)
		}
		if got := stageCounts(t, w, v.ID); got["complete/completed"] != 4 {
			t.Fatalf("stage counts = %v, want 4 completed", got)
		}
		// A change made from the old revision is refused.
		if _, err := w.svc.ChangeWorkflow(w.as, w.ws.ID, v.ID, change); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("stale revision: %v, want conflict", err)
		}
	})
}

func TestOntologies_CompatibleEditsInPlace_BreakingOnesVersioned(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newProjectWorld(t, st, 0, nil)
		v, err := w.svc.CreateProject(w.as, w.ws.ID, service.ProjectInput{Name: "Pinned", OntologyID: w.ontology.ID, TemplateID: "annotate"})
		if err != nil {
			t.Fatal(err)
		}
		recolored := strings.Replace(vehicles, "#e11d48", "#2563eb", 1)
		r, err := w.svc.SaveOntologySchema(w.as, w.ws.ID, w.ontology.ID, service.SchemaEdit{Schema: json.RawMessage(recolored), Version: 1, Revision: 1})
		if err != nil {
			t.Fatal(err)
		}
		if r.NewVersion || r.Version.Version != 1 || r.Version.Revision != 2 {
			t.Fatalf("colour change: %+v, want version 1 revision 2 in place", r)
		}
		// Editing from the revision before is refused: it would overwrite the colour change.
		if _, err := w.svc.SaveOntologySchema(w.as, w.ws.ID, w.ontology.ID, service.SchemaEdit{Schema: json.RawMessage(vehicles), Version: 1, Revision: 1}); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("stale edit: %v, want conflict", err)
		}
		noPartial := strings.Replace(recolored, `,{"id":"partial","label":"Partial"}`, "", 1)
		dry, err := w.svc.SaveOntologySchema(w.as, w.ws.ID, w.ontology.ID, service.SchemaEdit{Schema: json.RawMessage(noPartial), Version: 1, Revision: 2, DryRun: true})
		if err != nil || !dry.NewVersion || len(dry.Changes) == 0 {
			t.Fatalf("dry run of a removed option: %+v, %v", dry, err)
		}
		r, err = w.svc.SaveOntologySchema(w.as, w.ws.ID, w.ontology.ID, service.SchemaEdit{Schema: json.RawMessage(noPartial), Version: 1, Revision: 2})
		if err != nil || !r.NewVersion || r.Version.Version != 2 {
			t.Fatalf("removed option: %+v, %v; want version 2", r, err)
		}
		// The project stays on version 1 until moved; the dry run names what breaks.
		mv, err := w.svc.MoveOntologyVersion(w.as, w.ws.ID, v.ID, 2, true)
		if err != nil || !mv.Breaking || mv.From != 1 || mv.To != 2 {
			t.Fatalf("move dry run: %+v, %v", mv, err)
		}
		got, err := w.svc.Project(w.as, w.ws.ID, v.ID)
		if err != nil || got.OntologyVersion != 1 {
			t.Fatalf("after dry run: version %d, %v", got.OntologyVersion, err)
		}
		if _, err := w.svc.MoveOntologyVersion(w.as, w.ws.ID, v.ID, 2, false); err != nil {
			t.Fatal(err)
		}
		if got, _ = w.svc.Project(w.as, w.ws.ID, v.ID); got.OntologyVersion != 2 {
			t.Fatalf("after move: version %d, want 2", got.OntologyVersion)
		}
		// A bad document is refused with the path inside the request.
		bad := strings.Replace(vehicles, `"hotkey":"c"`, `"hotkey":"cc"`, 1)
		_, err = w.svc.SaveOntologySchema(w.as, w.ws.ID, w.ontology.ID, service.SchemaEdit{Schema: json.RawMessage(bad), Version: 2, Revision: 1})
		if le, ok := err.(*loupe.Error); !ok || le.Code != loupe.Invalid || len(le.Fields) == 0 || le.Fields[0].Field != "schema.objects[0].hotkey" {
			t.Fatalf("bad hotkey: %#v", err)
		}
	})
}

// TestProjects_AttachWhileItemsArrive attaches a dataset while uploads keep adding items to it:
// every item ends up a task, whichever transaction commits first.
func TestProjects_AttachWhileItemsArrive(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newProjectWorld(t, st, 0, nil)
		v, err := w.svc.CreateProject(w.as, w.ws.ID, service.ProjectInput{Name: "Racing", OntologyID: w.ontology.ID, TemplateID: "annotate"})
		if err != nil {
			t.Fatal(err)
		}
		const uploads = 40
		errs := make(chan error, uploads+1)
		var wg sync.WaitGroup
		for i := range uploads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.svc.AddItem(w.as, w.ws.ID, w.dataset.ID, service.Upload{Name: fmt.Sprintf("r%d.txt", i), Body: strings.NewReader("racing")})
				errs <- err
			}()
			if i == uploads/2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := w.svc.AttachDataset(w.as, w.ws.ID, v.ID, w.dataset.ID)
					errs <- err
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := stageCounts(t, w, v.ID); got["annotate/new"] != uploads {
			t.Fatalf("tasks = %v, want one per item (%d)", got, uploads)
		}
	})
}
