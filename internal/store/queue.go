package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

const taskColumns = `k.id, k.workspace_id, k.project_id, k.dataset_id, k.item_id, k.stage, k.status, k.priority, k.assignee_id, k.attempts,
	k.claimed_at, k.claim_expires_at, k.label_revision, k.annotator_id, k.time_spent_ms, k.review_notes, k.created_at, k.updated_at`

func scanTask(s scanner) (k loupe.Task, err error) {
	return k, s.Scan(&k.ID, &k.WorkspaceID, &k.ProjectID, &k.DatasetID, &k.ItemID, &k.Stage, &k.Status, &k.Priority, &k.AssigneeID, &k.Attempts,
		nullUTC{&k.ClaimedAt}, nullUTC{&k.ClaimExpiresAt}, &k.LabelRevision, &k.AnnotatorID, &k.TimeSpentMS, &k.ReviewNotes, utc{&k.CreatedAt}, utc{&k.UpdatedAt})
}

// Task returns one of a project's tasks.
func (t *Tx) Task(ctx context.Context, workspaceID, projectID, id loupe.ID) (loupe.Task, error) {
	k, err := scanTask(t.queryRow(ctx, `SELECT `+taskColumns+` FROM tasks k WHERE k.workspace_id = $1 AND k.project_id = $2 AND k.id = $3`,
		workspaceID, projectID, id))
	return one(k, err, "task not found")
}

// LockTask reads a task under its row lock, for a change decided from its state.
func (t *Tx) LockTask(ctx context.Context, workspaceID, projectID, id loupe.ID) (loupe.Task, error) {
	k, err := scanTask(t.queryRow(ctx, `SELECT `+taskColumns+` FROM tasks k WHERE k.workspace_id = $1 AND k.project_id = $2 AND k.id = $3`+t.d.forUpdate(),
		workspaceID, projectID, id))
	return one(k, err, "task not found")
}

// Claim is a request for the next task a user may work.
type Claim struct {
	WorkspaceID, ProjectID, UserID loupe.ID
	// Stages are the stages the user may work; GroupIDs the user's groups, for stage bindings.
	Stages []string
	Now    time.Time
	// Lease is how long the claim lasts without a sign of life.
	Lease time.Duration
}

// ClaimNext hands the user the next task they may work and marks it theirs: a task already theirs
// first (an unfinished claim, or rework sent back to them), then the highest priority, then the
// oldest; a task whose claim lapsed counts as free, one the user skipped does not. Two claimers
// never get the same task: PostgreSQL locks the chosen row and skips rows others hold
// (SKIP LOCKED), SQLite runs one writer at a time. NotFound when nothing is left.
func (t *Tx) ClaimNext(ctx context.Context, c Claim) (loupe.Task, error) {
	if len(c.Stages) == 0 {
		return loupe.Task{}, loupe.Errorf(loupe.NotFound, "no task is waiting for you")
	}
	args := []any{c.WorkspaceID, c.ProjectID, c.UserID, c.Now, c.Now.Add(c.Lease)}
	marks := make([]string, len(c.Stages))
	for i, s := range c.Stages {
		args = append(args, s)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	q := `UPDATE tasks SET status = 'in_progress', assignee_id = $3, claimed_at = $4, claim_expires_at = $5, updated_at = $4,
		attempts = attempts + CASE WHEN status = 'in_progress' AND assignee_id = $3 THEN 0 ELSE 1 END
		WHERE workspace_id = $1 AND id = (
			SELECT k.id FROM tasks k
			WHERE k.workspace_id = $1 AND k.project_id = $2 AND k.stage IN (` + strings.Join(marks, ", ") + `)
			AND (
				(k.status IN ('new', 'reopened', 'skipped') AND (k.assignee_id IS NULL OR k.assignee_id = $3))
				OR (k.status = 'in_progress' AND (k.assignee_id = $3 OR k.claim_expires_at < $4)))
			AND NOT EXISTS (SELECT 1 FROM task_skips s WHERE s.workspace_id = $1 AND s.task_id = k.id AND s.user_id = $3)
			ORDER BY CASE WHEN k.assignee_id = $3 THEN 0 ELSE 1 END, CASE WHEN k.status = 'skipped' THEN 1 ELSE 0 END,
				k.priority DESC, k.created_at, k.id
			LIMIT 1` + t.d.skipLocked() + `)
		RETURNING ` + strings.ReplaceAll(taskColumns, "k.", "")
	k, err := scanTask(t.queryRow(ctx, q, args...))
	return one(k, err, "no task is waiting for you")
}

// SaveTask writes a task's queue state after a transition.
func (t *Tx) SaveTask(ctx context.Context, k *loupe.Task) error {
	return loupe.Wrap(t.execOne(ctx, "task not found", `UPDATE tasks SET stage = $3, status = $4, priority = $5, assignee_id = $6, attempts = $7,
		claimed_at = $8, claim_expires_at = $9, label_revision = $10, annotator_id = $11, time_spent_ms = $12, review_notes = $13, updated_at = $14
		WHERE workspace_id = $1 AND id = $2`, k.WorkspaceID, k.ID, k.Stage, k.Status, k.Priority, k.AssigneeID, k.Attempts,
		k.ClaimedAt, k.ClaimExpiresAt, k.LabelRevision, k.AnnotatorID, k.TimeSpentMS, k.ReviewNotes, k.UpdatedAt), "save task")
}

// AddLabel inserts a label revision; a revision taken already is a Conflict (someone else saved first).
func (t *Tx) AddLabel(ctx context.Context, workspaceID loupe.ID, l *loupe.Label) error {
	_, err := t.exec(ctx, `INSERT INTO labels (workspace_id, task_id, revision, author_id, stage, ontology_version, document, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, workspaceID, l.TaskID, l.Revision, l.AuthorID, l.Stage, l.OntologyVersion, string(l.Document), l.CreatedAt)
	if isViolation(err, uniqueViolation) {
		return loupe.Errorf(loupe.Conflict, "revision %d of this task's label exists already", l.Revision)
	}
	return loupe.Wrap(err, "insert label")
}

func scanLabel(s scanner) (l loupe.Label, err error) {
	var doc string
	err = s.Scan(&l.TaskID, &l.Revision, &l.AuthorID, &l.Stage, &l.OntologyVersion, &doc, utc{&l.CreatedAt})
	l.Document = json.RawMessage(doc)
	return l, err
}

// Label returns one revision of a task's label; revision 0 is the newest.
func (t *Tx) Label(ctx context.Context, workspaceID, taskID loupe.ID, revision int) (loupe.Label, error) {
	q := `SELECT task_id, revision, author_id, stage, ontology_version, document, created_at FROM labels
		WHERE workspace_id = $1 AND task_id = $2`
	args := []any{workspaceID, taskID}
	if revision > 0 {
		q += ` AND revision = $3`
		args = append(args, revision)
	} else {
		q += ` ORDER BY revision DESC LIMIT 1`
	}
	l, err := scanLabel(t.queryRow(ctx, q, args...))
	return one(l, err, "no such label revision")
}

// LabelHistory lists every revision of a task's label, newest first, without their documents.
func (t *Tx) LabelHistory(ctx context.Context, workspaceID, taskID loupe.ID) ([]loupe.Label, error) {
	ls, err := list(ctx, t, func(s scanner) (l loupe.Label, err error) {
		return l, s.Scan(&l.TaskID, &l.Revision, &l.AuthorID, &l.Stage, &l.OntologyVersion, utc{&l.CreatedAt})
	}, `SELECT task_id, revision, author_id, stage, ontology_version, created_at FROM labels WHERE workspace_id = $1 AND task_id = $2 ORDER BY revision DESC`,
		workspaceID, taskID)
	return ls, loupe.Wrap(err, "list label revisions")
}

// SaveDraft keeps a user's unsubmitted label of a task, replacing the one before.
func (t *Tx) SaveDraft(ctx context.Context, workspaceID, taskID, userID loupe.ID, doc json.RawMessage, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO label_drafts (workspace_id, task_id, user_id, document, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (workspace_id, task_id, user_id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`,
		workspaceID, taskID, userID, string(doc), at)
	return loupe.Wrap(err, "save draft")
}

// Draft returns a user's draft of a task's label; NotFound when there is none.
func (t *Tx) Draft(ctx context.Context, workspaceID, taskID, userID loupe.ID) (json.RawMessage, time.Time, error) {
	var doc string
	var at time.Time
	err := t.queryRow(ctx, `SELECT document, updated_at FROM label_drafts WHERE workspace_id = $1 AND task_id = $2 AND user_id = $3`,
		workspaceID, taskID, userID).Scan(&doc, utc{&at})
	_, err = one(doc, err, "no draft")
	return json.RawMessage(doc), at, err
}

// DeleteDrafts drops every draft of a task once a label is submitted.
func (t *Tx) DeleteDrafts(ctx context.Context, workspaceID, taskID loupe.ID) error {
	_, err := t.exec(ctx, `DELETE FROM label_drafts WHERE workspace_id = $1 AND task_id = $2`, workspaceID, taskID)
	return loupe.Wrap(err, "delete drafts")
}

// AddReview records a reviewer's decision.
func (t *Tx) AddReview(ctx context.Context, workspaceID loupe.ID, r *loupe.Review) error {
	_, err := t.exec(ctx, `INSERT INTO reviews (workspace_id, task_id, revision, reviewer_id, stage, approved, notes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		workspaceID, r.TaskID, r.Revision, r.ReviewerID, r.Stage, r.Approved, r.Notes, r.CreatedAt)
	if isViolation(err, uniqueViolation) {
		return loupe.Errorf(loupe.Conflict, "you reviewed this revision in this stage already")
	}
	return loupe.Wrap(err, "insert review")
}

// Reviews lists a task's reviews, newest first.
func (t *Tx) Reviews(ctx context.Context, workspaceID, taskID loupe.ID) ([]loupe.Review, error) {
	rs, err := list(ctx, t, func(s scanner) (r loupe.Review, err error) {
		return r, s.Scan(&r.TaskID, &r.Revision, &r.ReviewerID, &r.Stage, &r.Approved, &r.Notes, utc{&r.CreatedAt})
	}, `SELECT task_id, revision, reviewer_id, stage, approved, notes, created_at FROM reviews WHERE workspace_id = $1 AND task_id = $2
		ORDER BY created_at DESC, revision DESC`, workspaceID, taskID)
	return rs, loupe.Wrap(err, "list reviews")
}

// SkipTask records that a user skipped a task, so that it is not offered to them again.
func (t *Tx) SkipTask(ctx context.Context, workspaceID, taskID, userID loupe.ID, reason string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO task_skips (workspace_id, task_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (workspace_id, task_id, user_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at`,
		workspaceID, taskID, userID, reason, at)
	return loupe.Wrap(err, "record skip")
}

// AddTaskEvent appends to the analytics record.
func (t *Tx) AddTaskEvent(ctx context.Context, workspaceID loupe.ID, e *loupe.TaskEvent) error {
	_, err := t.exec(ctx, `INSERT INTO task_events (workspace_id, id, project_id, task_id, stage, user_id, kind, active_ms, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, workspaceID, e.ID, e.ProjectID, e.TaskID, e.Stage, e.UserID, e.Kind, e.ActiveMS, e.CreatedAt)
	return loupe.Wrap(err, "insert task event")
}

// TaskEvents lists a task's events in order.
func (t *Tx) TaskEvents(ctx context.Context, workspaceID, taskID loupe.ID) ([]loupe.TaskEvent, error) {
	es, err := list(ctx, t, func(s scanner) (e loupe.TaskEvent, err error) {
		return e, s.Scan(&e.ID, &e.ProjectID, &e.TaskID, &e.Stage, &e.UserID, &e.Kind, &e.ActiveMS, utc{&e.CreatedAt})
	}, `SELECT id, project_id, task_id, stage, user_id, kind, active_ms, created_at FROM task_events WHERE workspace_id = $1 AND task_id = $2
		ORDER BY created_at, id`, workspaceID, taskID)
	return es, loupe.Wrap(err, "list task events")
}

// GroupsOfUser lists the groups a member belongs to, for stage bindings and routers.
func (t *Tx) GroupsOfUser(ctx context.Context, workspaceID, userID loupe.ID) ([]loupe.ID, error) {
	ids, err := list(ctx, t, func(s scanner) (id loupe.ID, err error) { return id, s.Scan(&id) },
		`SELECT group_id FROM group_members WHERE workspace_id = $1 AND user_id = $2 ORDER BY group_id`, workspaceID, userID)
	return ids, loupe.Wrap(err, "list the member's groups")
}

// TaskSort orders a queue listing.
type TaskSort string

const (
	SortPriority TaskSort = "priority" // highest first, then oldest
	SortAge      TaskSort = "age"      // oldest first
	SortName     TaskSort = "name"     // by the item's name
)

// TaskFilter narrows a project's queue; zero fields do not.
type TaskFilter struct {
	DatasetID   *loupe.ID
	Stage       string
	Status      loupe.TaskStatus
	AssigneeID  *loupe.ID
	Unassigned  bool
	ItemType    loupe.ItemType
	MinPriority *int
	MaxPriority *int
}

// TaskCursor is where a page of a sorted listing ends: the sort key of its last row and the row's id.
type TaskCursor struct {
	Priority  int       `json:"p,omitempty"`
	CreatedAt time.Time `json:"c,omitzero"`
	Name      string    `json:"n,omitempty"`
	ID        loupe.ID  `json:"i"`
}

// QueueRow is a task as the queue view lists it, with its item's name and type.
type QueueRow struct {
	loupe.Task
	ItemName string
	ItemType loupe.ItemType
}

// Queue lists a project's tasks by filter and sort, a page at a time (keyset pagination: the cost
// of a page does not grow with how deep it is).
func (t *Tx) Queue(ctx context.Context, workspaceID, projectID loupe.ID, f TaskFilter, sort TaskSort, after *TaskCursor, limit int) ([]QueueRow, *TaskCursor, error) {
	q := `SELECT ` + taskColumns + `, i.name, i.type FROM tasks k JOIN data_items i ON i.id = k.item_id WHERE k.workspace_id = $1 AND k.project_id = $2`
	args := []any{workspaceID, projectID}
	add := func(cond string, vs ...any) {
		for _, v := range vs {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		q += ` AND ` + cond
	}
	if f.DatasetID != nil {
		add("k.dataset_id = ?", *f.DatasetID)
	}
	if f.Stage != "" {
		add("k.stage = ?", f.Stage)
	}
	if f.Status != "" {
		add("k.status = ?", f.Status)
	}
	if f.AssigneeID != nil {
		add("k.assignee_id = ?", *f.AssigneeID)
	}
	if f.Unassigned {
		q += ` AND k.assignee_id IS NULL`
	}
	if f.ItemType != "" {
		add("i.type = ?", f.ItemType)
	}
	if f.MinPriority != nil {
		add("k.priority >= ?", *f.MinPriority)
	}
	if f.MaxPriority != nil {
		add("k.priority <= ?", *f.MaxPriority)
	}
	var order string
	switch sort {
	case SortAge:
		order = ` ORDER BY k.created_at, k.id`
		if after != nil {
			add("(k.created_at > ? OR (k.created_at = ? AND k.id > ?))", after.CreatedAt, after.CreatedAt, after.ID)
		}
	case SortName:
		order = ` ORDER BY i.name, k.id`
		if after != nil {
			add("(i.name > ? OR (i.name = ? AND k.id > ?))", after.Name, after.Name, after.ID)
		}
	default:
		order = ` ORDER BY k.priority DESC, k.created_at, k.id`
		if after != nil {
			add("(k.priority < ? OR (k.priority = ? AND (k.created_at > ? OR (k.created_at = ? AND k.id > ?))))",
				after.Priority, after.Priority, after.CreatedAt, after.CreatedAt, after.ID)
		}
	}
	args = append(args, limit+1)
	q += order + ` LIMIT $` + strconv.Itoa(len(args))
	rows, err := list(ctx, t, func(s scanner) (r QueueRow, err error) {
		return r, s.Scan(&r.ID, &r.WorkspaceID, &r.ProjectID, &r.DatasetID, &r.ItemID, &r.Stage, &r.Status, &r.Priority, &r.AssigneeID, &r.Attempts,
			nullUTC{&r.ClaimedAt}, nullUTC{&r.ClaimExpiresAt}, &r.LabelRevision, &r.AnnotatorID, &r.TimeSpentMS, &r.ReviewNotes, utc{&r.CreatedAt}, utc{&r.UpdatedAt},
			&r.ItemName, &r.ItemType)
	}, q, args...)
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list the queue")
	}
	if len(rows) <= limit {
		return rows, nil, nil
	}
	rows = rows[:limit]
	last := rows[limit-1]
	return rows, &TaskCursor{Priority: last.Priority, CreatedAt: last.CreatedAt, Name: last.ItemName, ID: last.ID}, nil
}

// LockTasks reads a selection of a project's tasks under their row locks, for a bulk change.
func (t *Tx) LockTasks(ctx context.Context, workspaceID, projectID loupe.ID, ids []loupe.ID) ([]loupe.Task, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{workspaceID, projectID}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	ks, err := list(ctx, t, scanTask, `SELECT `+taskColumns+` FROM tasks k WHERE k.workspace_id = $1 AND k.project_id = $2 AND k.id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY k.id`+t.d.forUpdate(), args...)
	return ks, loupe.Wrap(err, "lock tasks")
}
