package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// TestQueue_TwoReplicasFiftyClaimers runs two API servers, each with its own connections, on one
// PostgreSQL database, as two `loupe serve` replicas behind a load balancer, and has 50 annotators
// claim through both at once until the queue is empty: every task is handed out exactly once.
func TestQueue_TwoReplicasFiftyClaimers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := storetest.DSN(t, "postgres")
	open := func() *store.Store {
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	first := open()
	if _, err := first.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	deps := servicetest.Deps(t)
	replicas := []*env{newEnvOn(t, first, deps, c), newEnvOn(t, open(), deps, c)}
	e := replicas[0]
	admin, a := e.setup()
	base := "/api/v1/workspaces/" + a
	var o, d, p struct{ ID string }
	admin.must(201, "POST", base+"/ontologies", map[string]any{"name": "O", "schema": json.RawMessage(matrixSchema)}).json(t, &o)
	admin.must(201, "POST", base+"/datasets", map[string]string{"name": "D"}).json(t, &d)
	admin.must(201, "POST", base+"/datasets/"+d.ID+"/items", pngUpload(t, "first.png", ""))
	ws, _ := loupe.ParseID(a)
	ds, _ := loupe.ParseID(d.ID)
	const tasks = 400
	w, h := 40, 30
	items := make([]loupe.DataItem, tasks-1)
	for i := range items {
		items[i] = loupe.DataItem{ID: loupe.NewID(), WorkspaceID: ws, DatasetID: ds, ObjectKey: fmt.Sprintf("k/%04d.png", i), Name: fmt.Sprintf("%04d.png", i),
			Type: loupe.ItemImage, MIME: "image/png", SHA256: "00", Width: &w, Height: &h, Metadata: json.RawMessage(`{}`), WrappedKey: []byte{1}, KeyVersion: 1, CreatedAt: c.Now()}
	}
	if err := first.Write(ctx, func(tx *store.Tx) error { _, err := tx.AddItems(ctx, items); return err }); err != nil {
		t.Fatal(err)
	}
	admin.must(201, "POST", base+"/projects", map[string]any{"name": "P", "ontology_id": o.ID, "template_id": "annotate", "dataset_ids": []string{d.ID}}).json(t, &p)

	const claimers = 50
	var annotators []*client
	for i := range claimers {
		cl, id := e.join(admin, a, fmt.Sprintf("c%d@acme.test", i), "tasker", "workforce")
		admin.must(204, "PUT", base+"/projects/"+p.ID+"/collaborators", map[string]string{"user_id": id, "role": "annotator"})
		// Every other annotator talks to the second replica: the session lives in the database.
		cl.e = replicas[i%2]
		annotators = append(annotators, cl)
	}
	label := json.RawMessage(matrixLabel)
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	for _, cl := range annotators {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r := cl.do("POST", base+"/projects/"+p.ID+"/tasks/next", nil)
				if r.status == 404 {
					return
				}
				if r.status != 200 {
					t.Errorf("claim: %d %s", r.status, r.body)
					return
				}
				var v struct {
					Task struct{ ID string } `json:"task"`
				}
				r.json(t, &v)
				mu.Lock()
				got[v.Task.ID]++
				mu.Unlock()
				if r := cl.do("POST", base+"/projects/"+p.ID+"/tasks/"+v.Task.ID+"/submit", map[string]any{"label": label, "revision": 0}); r.status != 200 {
					t.Errorf("submit: %d %s", r.status, r.body)
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(got) != tasks {
		t.Fatalf("%d tasks handed out, want all %d", len(got), tasks)
	}
	for id, n := range got {
		if n != 1 {
			t.Fatalf("task %s handed out %d times", id, n)
		}
	}
}
