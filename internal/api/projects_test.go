package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// TestOntologiesAndProjects_BadInput shows what a client sees for the refusals of this API:
// a problem naming the field inside the request, and nothing written.
func TestOntologiesAndProjects_BadInput(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		base := "/api/v1/workspaces/" + a

		dupHotkeys := `{"objects":[{"id":"car","name":"Car","shape":"bounding_box","color":"#e11d48","hotkey":"c"},
			{"id":"cat","name":"Cat","shape":"polygon","color":"#2563eb","hotkey":"c"}],"classifications":[]}`
		p := admin.must(422, "POST", base+"/ontologies", map[string]any{"name": "Dup", "schema": json.RawMessage(dupHotkeys)}).problem(t)
		if msg := p.fieldMessage("body.schema.objects[1].hotkey"); !strings.Contains(msg, "Car") {
			t.Errorf("duplicate hotkey: %+v", p)
		}
		dupNames := strings.Replace(strings.Replace(dupHotkeys, `"Cat"`, `"car"`, 1), `"hotkey":"c"}]`, `"hotkey":"x"}]`, 1)
		p = admin.must(422, "POST", base+"/ontologies", map[string]any{"name": "Dup", "schema": json.RawMessage(dupNames)}).problem(t)
		if p.fieldMessage("body.schema.objects[1].name") == "" {
			t.Errorf("duplicate class name: %+v", p)
		}
		// The document reaches the strict parser as it was sent: a key given twice is refused.
		p = admin.must(422, "POST", base+"/ontologies", map[string]any{"name": "Twice", "schema": json.RawMessage(`{"objects":[],"objects":[],"classifications":[]}`)}).problem(t)
		if !strings.Contains(p.Detail, "objects") {
			t.Errorf("duplicate key: %+v", p)
		}
		var list struct{ Items []any }
		admin.must(200, "GET", base+"/ontologies", nil).json(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("refused ontologies left %d behind", len(list.Items))
		}

		var o struct {
			ID       string
			Version  int
			Revision int
		}
		admin.must(201, "POST", base+"/ontologies", map[string]any{"name": "Vehicles", "schema": json.RawMessage(matrixSchema)}).json(t, &o)
		// An edit made from a revision someone else moved past is a conflict.
		admin.must(200, "PUT", base+"/ontologies/"+o.ID+"/schema", map[string]any{"schema": json.RawMessage(matrixSchemaV2), "version": 1, "revision": 1})
		admin.must(409, "PUT", base+"/ontologies/"+o.ID+"/schema", map[string]any{"schema": json.RawMessage(matrixSchema), "version": 1, "revision": 1}).problem(t)

		// Labels are checked against the ontology: a box outside the item, an unknown class.
		label := func(class string, x int) map[string]any {
			return map[string]any{"label": map[string]any{"objects": []any{map[string]any{"id": "o1", "class": class,
				"geometry": map[string]int{"x": x, "y": 1, "w": 5, "h": 5}}}}, "item": map[string]int{"width": 100, "height": 100}}
		}
		admin.must(200, "POST", base+"/ontologies/"+o.ID+"/check-label", label("car", 1))
		p = admin.must(422, "POST", base+"/ontologies/"+o.ID+"/check-label", label("truck", 1)).problem(t)
		if !strings.Contains(p.fieldMessage("body.label.objects[0].class"), "truck") {
			t.Errorf("unknown class: %+v", p)
		}
		p = admin.must(422, "POST", base+"/ontologies/"+o.ID+"/check-label", label("car", 99)).problem(t)
		if len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Location, "body.label.objects[0].geometry") {
			t.Errorf("box outside the image: %+v", p)
		}

		p = admin.must(422, "POST", base+"/projects", map[string]any{"name": "No ontology", "template_id": "annotate"}).problem(t)
		if p.fieldMessage("body.ontology_id") == "" {
			t.Errorf("project without ontology: %+v", p)
		}
		badGraph := strings.Replace(matrixGraph, `{"from":"annotate"`, `{"from":"anotate"`, 1)
		p = admin.must(422, "POST", base+"/projects", map[string]any{"name": "Typo", "ontology_id": o.ID, "workflow": json.RawMessage(badGraph)}).problem(t)
		if !strings.Contains(p.fieldMessage("body.workflow.edges[1].from"), "anotate") {
			t.Errorf("edge from an unknown stage: %+v", p)
		}
		p = admin.must(422, "POST", base+"/workflows/validate", map[string]any{"graph": json.RawMessage(badGraph)}).problem(t)
		if p.fieldMessage("body.graph.edges[1].from") == "" {
			t.Errorf("validate: %+v", p)
		}

		// A workforce member may not administer a project.
		_, contractor := e.join(admin, a, "kim@vendor.test", "tasker", "workforce")
		p = admin.must(422, "POST", base+"/projects", map[string]any{"name": "People", "ontology_id": o.ID, "template_id": "annotate",
			"collaborators": []map[string]string{{"user_id": contractor, "role": "admin"}}}).problem(t)
		if !strings.Contains(p.fieldMessage("body.collaborators[0].role"), "may not be a project admin") {
			t.Errorf("a tasker as project admin: %+v", p)
		}
		admin.must(200, "GET", base+"/projects", nil).json(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("refused projects left %d behind", len(list.Items))
		}

		var proj struct {
			ID           string
			NextStatuses []string `json:"next_statuses"`
		}
		admin.must(201, "POST", base+"/projects", map[string]any{"name": "Street", "ontology_id": o.ID, "template_id": "annotate-review",
			"collaborators": []map[string]string{{"user_id": contractor, "role": "annotator"}}}).json(t, &proj)
		if strings.Join(proj.NextStatuses, ",") != "in_progress,cancelled" {
			t.Errorf("next statuses = %v", proj.NextStatuses)
		}
		p = admin.must(422, "POST", base+"/projects/"+proj.ID+"/status", map[string]string{"status": "archived"}).problem(t)
		if !strings.Contains(p.Detail, "not_started project can become in_progress or cancelled") {
			t.Errorf("status jump: %+v", p)
		}
		// The last admin of a project stays.
		var me struct {
			User struct{ ID string } `json:"user"`
		}
		admin.must(200, "GET", "/api/v1/me", nil).json(t, &me)
		admin.must(409, "DELETE", base+"/projects/"+proj.ID+"/collaborators?user_id="+me.User.ID, nil).problem(t)
		// A used ontology cannot be deleted.
		admin.must(409, "DELETE", base+"/ontologies/"+o.ID, nil).problem(t)
	})
}

// TestProjects_LargeDatasetBecomesTasksInTheBackground attaches a dataset too large to turn into
// tasks within the request: a River job does it, and the project says so until it is done.
func TestProjects_LargeDatasetBecomesTasksInTheBackground(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		base := "/api/v1/workspaces/" + a
		var d struct{ ID string }
		admin.must(201, "POST", base+"/datasets", map[string]string{"name": "Big"}).json(t, &d)
		ws, err := loupe.ParseID(a)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := loupe.ParseID(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		const n = 2600 // above what is made inline
		items := make([]loupe.DataItem, n)
		for i := range items {
			items[i] = loupe.DataItem{ID: loupe.NewID(), WorkspaceID: ws, DatasetID: ds, ObjectKey: fmt.Sprintf("k/%05d.txt", i), Name: "x.txt",
				Type: loupe.ItemText, MIME: "text/plain", SHA256: "00", Metadata: json.RawMessage(`{}`), CreatedAt: e.clock.Now()}
		}
		if err := e.store.Write(context.Background(), func(tx *store.Tx) error { _, err := tx.AddItems(context.Background(), items); return err }); err != nil {
			t.Fatal(err)
		}
		var o struct{ ID string }
		admin.must(201, "POST", base+"/ontologies", map[string]any{"name": "O", "schema": json.RawMessage(matrixSchema)}).json(t, &o)
		var p struct {
			ID       string
			Datasets []struct {
				Populated bool
				TaskCount int64 `json:"task_count"`
			}
		}
		admin.must(201, "POST", base+"/projects", map[string]any{"name": "Big", "ontology_id": o.ID, "template_id": "annotate", "dataset_ids": []string{d.ID}}).json(t, &p)
		if len(p.Datasets) != 1 || p.Datasets[0].Populated {
			t.Fatalf("a large dataset is populated within the request: %+v", p.Datasets)
		}
		deadline := time.Now().Add(60 * time.Second)
		for {
			admin.must(200, "GET", base+"/projects/"+p.ID, nil).json(t, &p)
			if p.Datasets[0].Populated {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the dataset was not populated in time: %+v", p.Datasets)
			}
			time.Sleep(100 * time.Millisecond)
		}
		var counts struct {
			Items []struct {
				Stage  string
				Status string
				Count  int64
			}
		}
		admin.must(200, "GET", base+"/projects/"+p.ID+"/stages", nil).json(t, &counts)
		if p.Datasets[0].TaskCount != n || len(counts.Items) != 1 || counts.Items[0].Count != n || counts.Items[0].Stage != "annotate" {
			t.Fatalf("after population: %+v, counts %+v; want %d new tasks in annotate", p.Datasets, counts.Items, n)
		}
	})
}

// TestProjects_WorkforceMemberJoinsAsWorkforce adds an internal member of a workforce workspace
// to another workspace's project by email: they join that workspace as a workforce member.
func TestProjects_WorkforceMemberJoinsAsWorkforce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		vendor := e.anon()
		vendor.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Vi", "email": "vi@vendor.test", "password": password})
		var v struct{ ID string }
		vendor.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "Vendor"}).json(t, &v)
		vendor.must(200, "PATCH", "/api/v1/workspaces/"+v.ID, map[string]any{"is_workforce": true})

		base := "/api/v1/workspaces/" + a
		var o, p struct{ ID string }
		admin.must(201, "POST", base+"/ontologies", map[string]any{"name": "O", "schema": json.RawMessage(matrixSchema)}).json(t, &o)
		admin.must(201, "POST", base+"/projects", map[string]any{"name": "P", "ontology_id": o.ID, "template_id": "annotate"}).json(t, &p)
		admin.must(204, "PUT", base+"/projects/"+p.ID+"/collaborators", map[string]string{"email": "vi@vendor.test", "role": "annotator"})

		var members struct {
			Items []struct {
				Role     string `json:"role"`
				UserType string `json:"user_type"`
				User     struct{ Email string }
			}
		}
		admin.must(200, "GET", base+"/members", nil).json(t, &members)
		found := false
		for _, m := range members.Items {
			if m.User.Email == "vi@vendor.test" {
				found = m.UserType == "workforce" && m.Role == "tasker"
			}
		}
		if !found {
			t.Fatalf("the vendor's member did not join as a workforce tasker: %+v", members.Items)
		}
		var cs struct {
			Items []struct {
				Role string
				User *struct{ Email string }
			}
		}
		admin.must(200, "GET", base+"/projects/"+p.ID+"/collaborators", nil).json(t, &cs)
		if len(cs.Items) != 2 {
			t.Fatalf("collaborators = %+v", cs.Items)
		}
	})
}

// TestAudit_BrowseExportAnchorVerify reads the audit log over the API as an admin: filtered pages,
// the JSON Lines export, a day's anchor and verification.
func TestAudit_BrowseExportAnchorVerify(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		base := "/api/v1/workspaces/" + a
		for i := range 3 {
			admin.must(201, "POST", base+"/groups", map[string]string{"name": fmt.Sprintf("G%d", i)})
		}
		var page struct {
			Items []struct {
				Seq    int64
				Action string
				Hash   string
			}
			NextCursor *string `json:"next_cursor"`
		}
		admin.must(200, "GET", base+"/audit?action=group.created&limit=2", nil).json(t, &page)
		if len(page.Items) != 2 || page.Items[0].Action != "group.created" || page.NextCursor == nil || page.Items[0].Seq <= page.Items[1].Seq {
			t.Fatalf("first page: %+v", page)
		}
		admin.must(200, "GET", base+"/audit?action=group.created&limit=2&cursor="+*page.NextCursor, nil).json(t, &page)
		if len(page.Items) != 1 || page.NextCursor != nil {
			t.Fatalf("second page: %+v", page)
		}
		admin.must(422, "GET", base+"/audit?cursor=bogus", nil).problem(t)

		r := admin.must(200, "GET", base+"/audit/export", nil)
		lines := strings.Split(strings.TrimSpace(string(r.body)), "\n")
		if ct := r.header.Get("Content-Type"); ct != "application/x-ndjson" || len(lines) < 4 {
			t.Fatalf("export: %s, %d lines", ct, len(lines))
		}
		var last struct {
			Seq  int64
			Hash string
		}
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
			t.Fatal(err)
		}
		var anchor struct {
			Seq  int64
			Hash string
		}
		admin.must(200, "GET", base+"/audit/anchor?date="+e.clock.Now().UTC().Format(time.DateOnly), nil).json(t, &anchor)
		if anchor.Seq != last.Seq || anchor.Hash != last.Hash {
			t.Fatalf("anchor %+v, want the last exported entry %+v", anchor, last)
		}
		admin.must(404, "GET", base+"/audit/anchor?date=2020-01-01", nil).problem(t)
		var v struct {
			Entries int64
			Intact  bool
		}
		admin.must(200, "POST", base+"/audit/verify", nil).json(t, &v)
		if !v.Intact || v.Entries != last.Seq {
			t.Fatalf("verify: %+v", v)
		}
	})
}
