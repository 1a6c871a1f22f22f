package api_test

import (
	"encoding/json"
	"strings"
	"testing"
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
