package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// queueWorld is a project with n tasks waiting in stage "annotate", and members to claim them.
type queueWorld struct {
	w     loupe.Workspace
	p     loupe.Project
	tasks []loupe.Task
	users []loupe.User
}

func newQueueWorld(t *testing.T, st *store.Store, n, members int) queueWorld {
	t.Helper()
	w := newWorkspace(t, st)
	var q queueWorld
	q.w = w
	for range members {
		u := newUser(t, st)
		if err := join(t, st, w, u, loupe.RoleTasker, loupe.UserWorkforce); err != nil {
			t.Fatal(err)
		}
		q.users = append(q.users, u)
	}
	o := newOntology(t, st, w, q.users[0], "Schema")
	q.p = newProject(t, st, w, q.users[0], o, "Queue")
	d := newDataset(t, st, w, q.users[0], "Data")
	items := make([]loupe.DataItem, n)
	q.tasks = make([]loupe.Task, n)
	for i := range items {
		items[i] = newItem(w, d, fmt.Sprintf("%05d.png", i))
		q.tasks[i] = loupe.Task{ID: loupe.NewID(), WorkspaceID: w.ID, ProjectID: q.p.ID, DatasetID: d.ID, ItemID: items[i].ID, Stage: "annotate",
			Status: loupe.TaskNew, Priority: loupe.DefaultTaskPriority, CreatedAt: t0.Add(time.Duration(i) * time.Second), UpdatedAt: t0}
	}
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
		if _, err := tx.AddItems(ctx, items); err != nil {
			return err
		}
		_, err := tx.AddTasks(ctx, q.tasks)
		return err
	})
	return q
}

func (q queueWorld) claim(t *testing.T, st *store.Store, u loupe.User, at time.Time) (loupe.Task, error) {
	t.Helper()
	var k loupe.Task
	err := st.Write(context.Background(), func(tx *store.Tx) (err error) {
		k, err = tx.ClaimNext(context.Background(), store.Claim{WorkspaceID: q.w.ID, ProjectID: q.p.ID, UserID: u.ID, Stages: []string{"annotate"},
			Now: at, Lease: 10 * time.Minute})
		return err
	})
	return k, err
}

func finish(t *testing.T, st *store.Store, k loupe.Task) {
	t.Helper()
	k.Status, k.Stage = loupe.TaskCompleted, "complete"
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.SaveTask(ctx, &k) })
}

func TestTaskQueue_Claim(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		t.Run("ConcurrentClaimersNeverShare", func(t *testing.T) {
			const tasks, claimers = 300, 12
			q := newQueueWorld(t, st, tasks, claimers)
			var mu sync.Mutex
			got := map[loupe.ID]loupe.ID{}
			var wg sync.WaitGroup
			errs := make(chan error, claimers)
			for _, u := range q.users {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						k, err := q.claim(t, st, u, t0)
						if loupe.IsCode(err, loupe.NotFound) {
							return
						}
						if err != nil {
							errs <- err
							return
						}
						mu.Lock()
						if other, ok := got[k.ID]; ok {
							mu.Unlock()
							errs <- fmt.Errorf("task %s handed to %s and to %s", k.ID, other, u.ID)
							return
						}
						got[k.ID] = u.ID
						mu.Unlock()
						k.Status, k.Stage = loupe.TaskCompleted, "complete"
						if err := st.Write(context.Background(), func(tx *store.Tx) error { return tx.SaveTask(context.Background(), &k) }); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if len(got) != tasks {
				t.Fatalf("%d tasks handed out, want every one of %d exactly once", len(got), tasks)
			}
		})
		t.Run("PriorityThenAge", func(t *testing.T) {
			q := newQueueWorld(t, st, 3, 1)
			urgent := q.tasks[2]
			urgent.Priority = 90
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.SaveTask(ctx, &urgent) })
			for _, want := range []loupe.ID{q.tasks[2].ID, q.tasks[0].ID, q.tasks[1].ID} {
				k, err := q.claim(t, st, q.users[0], t0)
				if err != nil || k.ID != want {
					t.Fatalf("claimed %s (%v), want %s", k.ID, err, want)
				}
				finish(t, st, k)
			}
		})
		t.Run("OwnClaimResumedLapsedClaimFreed", func(t *testing.T) {
			q := newQueueWorld(t, st, 2, 2)
			a, b := q.users[0], q.users[1]
			first, err := q.claim(t, st, a, t0)
			if err != nil || first.Status != loupe.TaskInProgress || first.Attempts != 1 || *first.AssigneeID != a.ID {
				t.Fatalf("first claim: %+v, %v", first, err)
			}
			again, err := q.claim(t, st, a, t0.Add(time.Minute))
			if err != nil || again.ID != first.ID || again.Attempts != 1 {
				t.Fatalf("claiming again resumes the same task: %+v, %v", again, err)
			}
			other, err := q.claim(t, st, b, t0.Add(time.Minute))
			if err != nil || other.ID == first.ID {
				t.Fatalf("a second claimer gets the other task: %+v, %v", other, err)
			}
			finish(t, st, other)
			// a went quiet: after the lease, the task is b's to take.
			taken, err := q.claim(t, st, b, t0.Add(time.Hour))
			if err != nil || taken.ID != first.ID || *taken.AssigneeID != b.ID || taken.Attempts != 2 {
				t.Fatalf("lapsed claim: %+v, %v", taken, err)
			}
		})
		t.Run("SkippedNotOfferedAgainToTheSkipper", func(t *testing.T) {
			q := newQueueWorld(t, st, 2, 2)
			a, b := q.users[0], q.users[1]
			k, err := q.claim(t, st, a, t0)
			if err != nil {
				t.Fatal(err)
			}
			k.Status, k.AssigneeID = loupe.TaskSkipped, nil
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
				if err := tx.SaveTask(ctx, &k); err != nil {
					return err
				}
				return tx.SkipTask(ctx, q.w.ID, k.ID, a.ID, "blurry", t0)
			})
			next, err := q.claim(t, st, a, t0)
			if err != nil || next.ID == k.ID {
				t.Fatalf("the skipper got %+v (%v), want the other task", next, err)
			}
			finish(t, st, next)
			if _, err := q.claim(t, st, a, t0); !loupe.IsCode(err, loupe.NotFound) {
				t.Fatalf("the skipper's queue should be empty: %v", err)
			}
			if got, err := q.claim(t, st, b, t0); err != nil || got.ID != k.ID {
				t.Fatalf("someone else gets the skipped task: %+v, %v", got, err)
			}
		})
	})
}
