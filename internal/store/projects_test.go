package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

const (
	schemaV1  = `{"objects":[{"id":"car","name":"Car","shape":"bounding_box","color":"#e11d48"}],"classifications":[]}`
	graphJSON = `{"stages":[{"id":"start","kind":"start","name":"Start","position":{"x":0,"y":0}},{"id":"annotate","kind":"annotate","name":"Annotate","position":{"x":0,"y":0}},{"id":"complete","kind":"complete","name":"Complete","position":{"x":0,"y":0}}],"edges":[{"from":"start","outcome":"next","to":"annotate"},{"from":"annotate","outcome":"submitted","to":"complete"}]}`
)

func newOntology(t *testing.T, st *store.Store, w loupe.Workspace, by loupe.User, name string) loupe.Ontology {
	t.Helper()
	o := loupe.Ontology{ID: loupe.NewID(), WorkspaceID: w.ID, Name: name, CreatedBy: by.ID, CreatedAt: t0, UpdatedAt: t0}
	v := loupe.OntologyVersion{OntologyID: o.ID, Version: 1, Revision: 1, Schema: json.RawMessage(schemaV1), CreatedBy: by.ID, UpdatedBy: by.ID, CreatedAt: t0, UpdatedAt: t0}
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateOntology(ctx, &o, &v) })
	return o
}

func newProject(t *testing.T, st *store.Store, w loupe.Workspace, by loupe.User, o loupe.Ontology, name string) loupe.Project {
	t.Helper()
	p := loupe.Project{ID: loupe.NewID(), WorkspaceID: w.ID, Name: name, Status: loupe.ProjectNotStarted, OntologyID: o.ID, OntologyVersion: 1,
		Workflow: json.RawMessage(graphJSON), WorkflowRevision: 1, CreatedBy: by.ID, CreatedAt: t0, UpdatedAt: t0}
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateProject(ctx, &p) })
	return p
}

func TestStore_Ontologies_Versions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w, u := newWorkspace(t, st), newUser(t, st)
		o := newOntology(t, st, w, u, "Vehicles")
		dup := loupe.Ontology{ID: loupe.NewID(), WorkspaceID: w.ID, Name: "VEHICLES", CreatedBy: u.ID, CreatedAt: t0, UpdatedAt: t0}
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.CreateOntology(ctx, &dup, &loupe.OntologyVersion{OntologyID: dup.ID, Version: 1, Revision: 1, Schema: json.RawMessage(schemaV1),
				CreatedBy: u.ID, UpdatedBy: u.ID, CreatedAt: t0, UpdatedAt: t0})
		}), loupe.Conflict)

		// An in-place edit from a stale revision is a Conflict; from the current one it lands.
		v2 := loupe.OntologyVersion{OntologyID: o.ID, Version: 1, Revision: 2, Schema: json.RawMessage(schemaV1), UpdatedBy: u.ID, UpdatedAt: t0}
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.ReviseOntologyVersion(ctx, w.ID, &v2, 7) }), loupe.Conflict)
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.ReviseOntologyVersion(ctx, w.ID, &v2, 1) })
		// A second writer adding the same new version loses with a Conflict.
		next := loupe.OntologyVersion{OntologyID: o.ID, Version: 2, Revision: 1, Schema: json.RawMessage(schemaV1), CreatedBy: u.ID, UpdatedBy: u.ID, CreatedAt: t0, UpdatedAt: t0}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.AddOntologyVersion(ctx, w.ID, &next) })
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.AddOntologyVersion(ctx, w.ID, &next) }), loupe.Conflict)

		p := newProject(t, st, w, u, o, "Street")
		mustRead(t, st, func(ctx context.Context, tx *store.Tx) error {
			got, err := tx.Ontology(ctx, w.ID, o.ID)
			if err != nil {
				return err
			}
			if got.Version != 2 || got.Revision != 1 || got.ProjectCount != 1 {
				t.Errorf("ontology = version %d revision %d projects %d, want 2, 1, 1", got.Version, got.Revision, got.ProjectCount)
			}
			vs, err := tx.OntologyVersions(ctx, w.ID, o.ID)
			if err != nil {
				return err
			}
			if len(vs) != 2 || vs[0].Version != 2 || vs[1].Revision != 2 || vs[1].ProjectCount != 1 || string(vs[1].Schema) != schemaV1 {
				t.Errorf("versions = %+v", vs)
			}
			_, err = tx.OntologyVersion(ctx, w.ID, o.ID, 9)
			wantCode(t, err, loupe.NotFound)
			return nil
		})
		// A used ontology stays; another workspace cannot see it.
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteOntology(ctx, w.ID, o.ID) }), loupe.Conflict)
		other := newWorkspace(t, st)
		mustRead(t, st, func(ctx context.Context, tx *store.Tx) error {
			_, err := tx.Ontology(ctx, other.ID, o.ID)
			wantCode(t, err, loupe.NotFound)
			return nil
		})
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteProject(ctx, w.ID, p.ID) })
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteOntology(ctx, w.ID, o.ID) })
		_ = ctx
	})
}

func TestStore_Projects_RolesTagsDatasetsAndTasks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		admin, annotator, reviewer, stranger := newUser(t, st), newUser(t, st), newUser(t, st), newUser(t, st)
		for _, u := range []loupe.User{admin, annotator, reviewer, stranger} {
			if err := join(t, st, w, u, loupe.RoleMember, loupe.UserExternal); err != nil {
				t.Fatal(err)
			}
		}
		o := newOntology(t, st, w, admin, "Schema")
		p := newProject(t, st, w, admin, o, "Street")
		newProject(t, st, w, admin, o, "Hidden")
		g := loupe.Group{ID: loupe.NewID(), WorkspaceID: w.ID, Name: "Reviewers", CreatedAt: t0, UpdatedAt: t0}
		tag := loupe.Tag{ID: loupe.NewID(), WorkspaceID: w.ID, Name: "Q4", Color: "#123456", CreatedAt: t0}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.CreateGroup(ctx, &g); err != nil {
				return err
			}
			if err := tx.AddGroupMember(ctx, w.ID, g.ID, reviewer.ID, t0); err != nil {
				return err
			}
			if err := tx.CreateTag(ctx, &tag); err != nil {
				return err
			}
			if err := tx.SetProjectTags(ctx, w.ID, p.ID, []loupe.ID{tag.ID}); err != nil {
				return err
			}
			if err := tx.SetCollaborator(ctx, w.ID, p.ID, &admin.ID, nil, loupe.ProjectAdmin, t0); err != nil {
				return err
			}
			if err := tx.SetCollaborator(ctx, w.ID, p.ID, &annotator.ID, nil, loupe.ProjectAnnotator, t0); err != nil {
				return err
			}
			// Replacing a grant keeps one row per collaborator.
			if err := tx.SetCollaborator(ctx, w.ID, p.ID, &annotator.ID, nil, loupe.ProjectAnnotator, t0); err != nil {
				return err
			}
			if err := tx.SetCollaborator(ctx, w.ID, p.ID, nil, &g.ID, loupe.ProjectReviewer, t0); err != nil {
				return err
			}
			// The reviewer is also an annotator directly: the two add up.
			return tx.SetCollaborator(ctx, w.ID, p.ID, &reviewer.ID, nil, loupe.ProjectAnnotator, t0)
		})
		outsider := newUser(t, st)
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.SetCollaborator(ctx, w.ID, p.ID, &outsider.ID, nil, loupe.ProjectAnnotator, t0)
		}), loupe.NotFound)
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.SetProjectTags(ctx, w.ID, p.ID, []loupe.ID{loupe.NewID()})
		}), loupe.NotFound)

		mustRead(t, st, func(ctx context.Context, tx *store.Tx) error {
			want := map[loupe.ID]loupe.ProjectRole{admin.ID: loupe.ProjectAdmin, annotator.ID: loupe.ProjectAnnotator,
				reviewer.ID: loupe.ProjectAnnotatorReviewer, stranger.ID: ""}
			for id, r := range want {
				got, err := tx.ProjectRole(ctx, w.ID, p.ID, id)
				if err != nil {
					return err
				}
				if got != r {
					t.Errorf("role of %s = %q, want %q", id, got, r)
				}
			}
			cs, err := tx.Collaborators(ctx, w.ID, p.ID)
			if err != nil {
				return err
			}
			if len(cs) != 4 {
				t.Errorf("collaborators = %d, want 4", len(cs))
			}
			mine, _, err := tx.Projects(ctx, w.ID, reviewer.ID, false, store.ProjectFilter{}, loupe.Page{})
			if err != nil {
				return err
			}
			if len(mine) != 1 || mine[0].ID != p.ID || len(mine[0].Tags) != 1 || mine[0].Tags[0].Name != "Q4" {
				t.Errorf("reviewer's projects = %+v", mine)
			}
			all, _, err := tx.Projects(ctx, w.ID, stranger.ID, true, store.ProjectFilter{}, loupe.Page{})
			if err != nil {
				return err
			}
			tagged, _, err := tx.Projects(ctx, w.ID, stranger.ID, true, store.ProjectFilter{TagID: &tag.ID}, loupe.Page{})
			if err != nil {
				return err
			}
			paused, _, err := tx.Projects(ctx, w.ID, stranger.ID, true, store.ProjectFilter{Status: loupe.ProjectPaused}, loupe.Page{})
			if err != nil {
				return err
			}
			if len(all) != 2 || len(tagged) != 1 || len(paused) != 0 {
				t.Errorf("projects: all %d, tagged %d, paused %d; want 2, 1, 0", len(all), len(tagged), len(paused))
			}
			return nil
		})

		d := newDataset(t, st, w, admin, "Frames")
		items := []loupe.DataItem{newItem(w, d, "a.png"), newItem(w, d, "b.png")}
		tasks := func(its []loupe.DataItem, stage string) []loupe.Task {
			out := make([]loupe.Task, len(its))
			for i, it := range its {
				out[i] = loupe.Task{ID: loupe.NewID(), WorkspaceID: w.ID, ProjectID: p.ID, DatasetID: d.ID, ItemID: it.ID, Stage: stage,
					Status: loupe.TaskNew, Priority: loupe.DefaultTaskPriority, CreatedAt: t0, UpdatedAt: t0}
			}
			return out
		}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			if _, err := tx.AddItems(ctx, items); err != nil {
				return err
			}
			if err := tx.AttachDataset(ctx, w.ID, p.ID, d.ID, false, t0); err != nil {
				return err
			}
			n, err := tx.AddTasks(ctx, tasks(items, "annotate"))
			if n != 2 || err != nil {
				t.Errorf("AddTasks = %d, %v; want 2", n, err)
			}
			// Making the same items tasks again adds nothing.
			n, err = tx.AddTasks(ctx, tasks(items, "annotate"))
			if n != 0 || err != nil {
				t.Errorf("AddTasks again = %d, %v; want 0", n, err)
			}
			return tx.MarkPopulated(ctx, w.ID, p.ID, d.ID)
		})
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.AttachDataset(ctx, w.ID, p.ID, d.ID, true, t0)
		}), loupe.Conflict)
		// A dataset that a project uses cannot be deleted.
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteDataset(ctx, w.ID, d.ID) }), loupe.Conflict)

		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			ds, err := tx.ProjectDatasets(ctx, w.ID, p.ID)
			if err != nil {
				return err
			}
			if len(ds) != 1 || ds[0].ItemCount != 2 || ds[0].TaskCount != 2 || !ds[0].Populated || ds[0].DatasetName != "Frames" {
				t.Errorf("project datasets = %+v", ds)
			}
			of, err := tx.ProjectsOfDataset(ctx, w.ID, d.ID)
			if err != nil {
				return err
			}
			if len(of) != 1 || of[0].ID != p.ID || of[0].TaskCount != 2 {
				t.Errorf("projects of dataset = %+v", of)
			}
			moved, err := tx.MoveStageTasks(ctx, w.ID, p.ID, "annotate", "complete", loupe.TaskCompleted, t0)
			if moved != 2 || err != nil {
				t.Errorf("MoveStageTasks = %d, %v; want 2", moved, err)
			}
			cs, err := tx.StageCounts(ctx, w.ID, p.ID)
			if err != nil {
				return err
			}
			if len(cs) != 1 || cs[0] != (loupe.StageCount{Stage: "complete", Status: loupe.TaskCompleted, Count: 2}) {
				t.Errorf("stage counts = %+v", cs)
			}
			return tx.DetachDataset(ctx, w.ID, p.ID, d.ID)
		})
		mustRead(t, st, func(ctx context.Context, tx *store.Tx) error {
			got, err := tx.Project(ctx, w.ID, p.ID)
			if err != nil {
				return err
			}
			if got.TaskCount != 0 {
				t.Errorf("tasks after detaching = %d, want 0", got.TaskCount)
			}
			return nil
		})
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteDataset(ctx, w.ID, d.ID) })
		_ = ctx
	})
}

func mustRead(t *testing.T, st *store.Store, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.Read(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func newItem(w loupe.Workspace, d loupe.Dataset, key string) loupe.DataItem {
	return loupe.DataItem{ID: loupe.NewID(), WorkspaceID: w.ID, DatasetID: d.ID, ObjectKey: key, Name: key, Type: loupe.ItemImage, MIME: "image/png",
		SHA256: "00", Metadata: json.RawMessage(`{}`), CreatedAt: t0}
}
