package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// benchInt reads a size from the environment, for running the benchmarks smaller while working.
func benchInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// queueBench is a project of n image tasks and its annotators, each with a session.
type queueBench struct {
	e          *env
	admin      *client
	ws         string
	project    string
	annotators []*client
}

func newQueueBench(b *testing.B, dialect string, tasks, annotators int) *queueBench {
	b.Helper()
	e := newEnv(b, dialect)
	q := &queueBench{e: e}
	q.admin, q.ws = e.setup()
	base := "/api/v1/workspaces/" + q.ws
	var o, d, p struct{ ID string }
	q.admin.must(201, "POST", base+"/ontologies", map[string]any{"name": "O", "schema": json.RawMessage(matrixSchema)}).json(b, &o)
	q.admin.must(201, "POST", base+"/datasets", map[string]string{"name": "D"}).json(b, &d)
	q.admin.must(201, "POST", base+"/projects", map[string]any{"name": "P", "ontology_id": o.ID, "template_id": "annotate"}).json(b, &p)
	q.project = p.ID
	// One real upload makes the workspace's key; the seeded items then pass as sealed under it (the
	// editor's URL to them is signed with that key, never opened here).
	q.admin.must(201, "POST", base+"/datasets/"+d.ID+"/items", pngUpload(b, "first.png", ""))
	ws, _ := loupe.ParseID(q.ws)
	ds, _ := loupe.ParseID(d.ID)
	pr, _ := loupe.ParseID(p.ID)
	ctx := context.Background()
	now := time.Now().UTC()
	w, h := 640, 480
	const batch = 1000
	for start := 0; start < tasks; start += batch {
		items := make([]loupe.DataItem, 0, batch)
		ks := make([]loupe.Task, 0, batch)
		for i := start; i < min(start+batch, tasks); i++ {
			it := loupe.DataItem{ID: loupe.NewID(), WorkspaceID: ws, DatasetID: ds, ObjectKey: fmt.Sprintf("k/%08d.png", i), Name: fmt.Sprintf("%08d.png", i),
				Type: loupe.ItemImage, MIME: "image/png", SHA256: "00", Width: &w, Height: &h, Metadata: json.RawMessage(`{}`),
				WrappedKey: []byte{1}, KeyVersion: 1, CreatedAt: now}
			items = append(items, it)
			ks = append(ks, loupe.Task{ID: loupe.NewID(), WorkspaceID: ws, ProjectID: pr, DatasetID: ds, ItemID: it.ID, Stage: "annotate",
				Status: loupe.TaskNew, Priority: i % 101, CreatedAt: now.Add(time.Duration(i) * time.Microsecond), UpdatedAt: now})
		}
		if err := e.store.Write(ctx, func(tx *store.Tx) error {
			if _, err := tx.AddItems(ctx, items); err != nil {
				return err
			}
			_, err := tx.AddTasks(ctx, ks)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range annotators {
		c, id := e.join(q.admin, q.ws, fmt.Sprintf("a%d@bench.test", i), "tasker", "workforce")
		q.admin.must(204, "PUT", base+"/projects/"+p.ID+"/collaborators", map[string]string{"user_id": id, "role": "annotator"})
		q.annotators = append(q.annotators, c)
	}
	return q
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// BenchmarkQueue_HTTP runs the queue as a workforce would, over HTTP with client and server on this
// machine: 64 annotators each claim their next task and submit a label for it, for a fixed time, on
// a queue of LOUPE_BENCH_TASKS tasks (1,000,000 by default). It reports claims and submits a
// second, their p50 and p99, and fails on any task handed out twice. Then the managers' queue page
// with two filters, and the database's own floor: the bare claim statement in a loop, without
// HTTP, sessions or the policy. Run with -benchtime 1x: the work is sized by time, not b.N.
func BenchmarkQueue_HTTP(b *testing.B) {
	tasks := benchInt("LOUPE_BENCH_TASKS", 1_000_000)
	workers := benchInt("LOUPE_BENCH_ANNOTATORS", 64)
	run := time.Duration(benchInt("LOUPE_BENCH_SECONDS", 20)) * time.Second
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			q := newQueueBench(b, dialect, tasks, workers)
			base := "/api/v1/workspaces/" + q.ws + "/projects/" + q.project
			label := json.RawMessage(`{"objects":[{"id":"o1","class":"car","geometry":{"x":10,"y":10,"w":50,"h":40}}]}`)
			b.ResetTimer()

			var mu sync.Mutex
			claims, submits := []time.Duration{}, []time.Duration{}
			seen := map[string]bool{}
			deadline := time.Now().Add(run)
			var wg sync.WaitGroup
			start := time.Now()
			for _, c := range q.annotators {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var myClaims, mySubmits []time.Duration
					for time.Now().Before(deadline) {
						t0 := time.Now()
						r := c.do("POST", base+"/tasks/next", nil)
						if r.status != 200 {
							b.Errorf("claim: %d %s", r.status, r.body)
							return
						}
						myClaims = append(myClaims, time.Since(t0))
						var v struct {
							Task struct{ ID string } `json:"task"`
						}
						r.json(b, &v)
						mu.Lock()
						if seen[v.Task.ID] {
							mu.Unlock()
							b.Errorf("task %s handed out twice", v.Task.ID)
							return
						}
						seen[v.Task.ID] = true
						mu.Unlock()
						t1 := time.Now()
						if r := c.do("POST", base+"/tasks/"+v.Task.ID+"/submit", map[string]any{"label": label, "revision": 0}); r.status != 200 {
							b.Errorf("submit: %d %s", r.status, r.body)
							return
						}
						mySubmits = append(mySubmits, time.Since(t1))
					}
					mu.Lock()
					claims, submits = append(claims, myClaims...), append(submits, mySubmits...)
					mu.Unlock()
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(len(claims))/elapsed.Seconds(), "claims+submits/s")
			b.ReportMetric(float64(percentile(claims, 0.5).Microseconds())/1000, "claim-p50-ms")
			b.ReportMetric(float64(percentile(claims, 0.99).Microseconds())/1000, "claim-p99-ms")
			b.ReportMetric(float64(percentile(submits, 0.5).Microseconds())/1000, "submit-p50-ms")
			b.ReportMetric(float64(percentile(submits, 0.99).Microseconds())/1000, "submit-p99-ms")

			var pages []time.Duration
			for range 200 {
				t0 := time.Now()
				q.admin.must(200, "GET", base+"/tasks?stage=annotate&status=new&min_priority=50&limit=50", nil)
				pages = append(pages, time.Since(t0))
			}
			b.ReportMetric(float64(percentile(pages, 0.95).Microseconds())/1000, "page-p95-ms")

			// The floor: the claim statement alone, from as many goroutines, for as long.
			ws, _ := loupe.ParseID(q.ws)
			pr, _ := loupe.ParseID(q.project)
			var me struct {
				User struct{ ID loupe.ID } `json:"user"`
			}
			q.admin.must(200, "GET", "/api/v1/me", nil).json(b, &me)
			userID := me.User.ID // the floor's claims need a real assignee, not a member's rights
			var floor int
			floorDeadline := time.Now().Add(run / 2)
			fstart := time.Now()
			var fmu sync.Mutex
			var fwg sync.WaitGroup
			for range workers {
				fwg.Add(1)
				go func() {
					defer fwg.Done()
					n := 0
					for time.Now().Before(floorDeadline) {
						err := q.e.store.Write(context.Background(), func(tx *store.Tx) error {
							k, err := tx.ClaimNext(context.Background(), store.Claim{WorkspaceID: ws, ProjectID: pr, UserID: userID, Stages: []string{"annotate"},
								Now: time.Now().UTC(), Lease: time.Minute})
							if err != nil {
								return err
							}
							k.Status, k.Stage = loupe.TaskCompleted, "complete"
							return tx.SaveTask(context.Background(), &k)
						})
						if err != nil {
							b.Errorf("floor claim: %v", err)
							return
						}
						n++
					}
					fmu.Lock()
					floor += n
					fmu.Unlock()
				}()
			}
			fwg.Wait()
			b.ReportMetric(float64(floor)/time.Since(fstart).Seconds(), "floor-claims/s")
		})
	}
}
