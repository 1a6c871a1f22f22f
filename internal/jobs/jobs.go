// Package jobs runs Loupe's background work as durable jobs on River, in the same database as
// everything else: a job is enqueued in the transaction of the change that asks for it, survives
// restarts, and is worked by whichever replica fetches it first.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// Runner does the work the jobs stand for.
type Runner interface {
	RunImport(ctx context.Context, workspaceID, importID loupe.ID) error
	PopulateProject(ctx context.Context, workspaceID, projectID, datasetID loupe.ID) error
}

// ImportArgs asks for an import to be worked.
type ImportArgs struct {
	WorkspaceID loupe.ID `json:"workspace_id"`
	ImportID    loupe.ID `json:"import_id"`
}

func (ImportArgs) Kind() string { return "import" }

// PopulateArgs asks for a dataset's items to become tasks of the project it was attached to.
type PopulateArgs struct {
	WorkspaceID loupe.ID `json:"workspace_id"`
	ProjectID   loupe.ID `json:"project_id"`
	DatasetID   loupe.ID `json:"dataset_id"`
}

func (PopulateArgs) Kind() string { return "populate_project" }

type populateWorker struct {
	river.WorkerDefaults[PopulateArgs]
	q *Queue
}

func (w *populateWorker) Work(ctx context.Context, j *river.Job[PopulateArgs]) error {
	return w.q.runner.PopulateProject(ctx, j.Args.WorkspaceID, j.Args.ProjectID, j.Args.DatasetID)
}

// Timeout lets a dataset of millions of items become tasks.
func (w *populateWorker) Timeout(*river.Job[PopulateArgs]) time.Duration { return 6 * time.Hour }

// Queue is River over the store's database.
type Queue struct {
	client *river.Client[*sql.Tx]
	runner Runner
}

func driver(st *store.Store) riverdriver.Driver[*sql.Tx] {
	if st.Dialect() == "postgres" {
		return riverdatabasesql.New(st.WriteDB())
	}
	return riversqlite.New(st.WriteDB())
}

// Migrate brings River's own tables up to date.
func Migrate(ctx context.Context, st *store.Store) error {
	m, err := rivermigrate.New(driver(st), nil)
	if err != nil {
		return fmt.Errorf("jobs: migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

type importWorker struct {
	river.WorkerDefaults[ImportArgs]
	q *Queue
}

func (w *importWorker) Work(ctx context.Context, j *river.Job[ImportArgs]) error {
	return w.q.runner.RunImport(ctx, j.Args.WorkspaceID, j.Args.ImportID)
}

// Timeout lets an import of millions of rows run its course.
func (w *importWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return 6 * time.Hour }

// New returns a queue that can enqueue at once and works jobs once started.
func New(st *store.Store, log *slog.Logger) (*Queue, error) {
	q := &Queue{}
	workers := river.NewWorkers()
	river.AddWorker(workers, &importWorker{q: q})
	river.AddWorker(workers, &populateWorker{q: q})
	c, err := river.NewClient(driver(st), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:           workers,
		Logger:            log,
		FetchPollInterval: 200 * time.Millisecond,
		MaxAttempts:       3,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	q.client = c
	return q, nil
}

// Start works jobs with runner until Stop.
func (q *Queue) Start(ctx context.Context, runner Runner) error {
	q.runner = runner
	return q.client.Start(ctx)
}

// Stop lets running jobs finish, up to ctx's deadline.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// EnqueueImport asks for an import in the caller's transaction.
func (q *Queue) EnqueueImport(ctx context.Context, tx *store.Tx, workspaceID, importID loupe.ID) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), ImportArgs{WorkspaceID: workspaceID, ImportID: importID}, nil)
	return loupe.Wrap(err, "enqueue import")
}

// EnqueuePopulate asks, in the caller's transaction, for an attached dataset's items to become tasks.
func (q *Queue) EnqueuePopulate(ctx context.Context, tx *store.Tx, workspaceID, projectID, datasetID loupe.ID) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), PopulateArgs{WorkspaceID: workspaceID, ProjectID: projectID, DatasetID: datasetID}, nil)
	return loupe.Wrap(err, "enqueue project population")
}
