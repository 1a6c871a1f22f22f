package service

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/ontology"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/workflow"
)

// ClaimLease is how long a claimed task stays its annotator's without a sign of life (a draft
// saved, a heartbeat); then it returns to the queue.
const ClaimLease = 30 * time.Minute

// TaskView is what the editor needs of one task: the task, its item and a URL to the item's file,
// the ontology version to label against, the newest label (or the worker's draft) and the notes
// of the last rejection.
type TaskView struct {
	Task      loupe.Task
	StageKind workflow.Kind
	Item      loupe.DataItem
	ItemURL   string
	Ontology  json.RawMessage
	Label     json.RawMessage
	// Draft is set when Label is the worker's unsubmitted draft rather than the newest revision.
	Draft bool
}

// worker loads a project, the actor's role in it and the stages of its workflow they may work.
type worker struct {
	p       access.Principal
	project loupe.Project
	role    loupe.ProjectRole
	graph   workflow.Graph
	groups  []loupe.ID
}

func (s *Service) loadWorker(ctx context.Context, tx *store.Tx, workspaceID, projectID loupe.ID, a access.Action) (worker, error) {
	p, pr, role, err := projectAuth(ctx, tx, workspaceID, projectID, a, access.Resource{})
	if err != nil {
		return worker{}, err
	}
	w := worker{p: p, project: pr, role: role}
	if err := json.Unmarshal(pr.Workflow, &w.graph); err != nil {
		return w, loupe.Wrap(err, "decode workflow of project %s", projectID)
	}
	w.groups, err = tx.GroupsOfUser(ctx, workspaceID, p.UserID)
	return w, err
}

// mayWork reports whether the worker may work tasks waiting in stage st: their project role fits
// the stage's kind, and when the stage names its people they are among them.
func (w worker) mayWork(st workflow.Stage) bool {
	switch st.Kind {
	case workflow.Annotate, workflow.KindConsensus:
		if !w.role.Annotates() {
			return false
		}
	case workflow.Review:
		if !w.role.Reviews() {
			return false
		}
	default:
		return false
	}
	if len(st.Assignees) == 0 {
		return true
	}
	for _, a := range st.Assignees {
		if a.Type == workflow.AssigneeUser && a.ID == w.p.UserID {
			return true
		}
		if a.Type == workflow.AssigneeGroup {
			for _, g := range w.groups {
				if g == a.ID {
					return true
				}
			}
		}
	}
	return false
}

func (w worker) stages() []string {
	var out []string
	for _, st := range w.graph.Stages {
		if w.mayWork(st) {
			out = append(out, st.ID)
		}
	}
	return out
}

// ClaimNextTask hands the actor the next task they may work in a project, or NotFound when none
// waits for them. A paused project hands out nothing; the first claim starts a project not started.
func (s *Service) ClaimNextTask(ctx context.Context, workspaceID, projectID loupe.ID) (TaskView, error) {
	var view TaskView
	var src taskItemSource
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		w, err := s.loadWorker(ctx, tx, workspaceID, projectID, access.WorkTasks)
		if err != nil {
			return err
		}
		if !w.project.Status.HandsOutTasks() {
			return loupe.Errorf(loupe.Conflict, "the project is %s: it hands out no tasks", strings.ReplaceAll(string(w.project.Status), "_", " "))
		}
		stages := w.stages()
		if len(stages) == 0 {
			return loupe.Errorf(loupe.Forbidden, "your role in this project (%s) works none of its stages", w.role)
		}
		now := s.clock()
		k, err := tx.ClaimNext(ctx, store.Claim{WorkspaceID: workspaceID, ProjectID: projectID, UserID: w.p.UserID, Stages: stages, Now: now, Lease: ClaimLease})
		if err != nil {
			return err
		}
		if w.project.Status == loupe.ProjectNotStarted {
			w.project.Status, w.project.UpdatedAt = loupe.ProjectInProgress, now
			if err := s.audited(ctx, tx, workspaceID, tx.UpdateProject(ctx, &w.project), AuditEvent{Action: "project.status_changed", TargetType: "project",
				TargetID: projectID.String(), Detail: map[string]any{"from": loupe.ProjectNotStarted, "to": loupe.ProjectInProgress, "by": "first claim"}}); err != nil {
				return err
			}
		}
		if err := tx.AddTaskEvent(ctx, workspaceID, &loupe.TaskEvent{ID: loupe.NewID(), ProjectID: projectID, TaskID: k.ID, Stage: k.Stage, UserID: &w.p.UserID,
			Kind: "claimed", CreatedAt: now}); err != nil {
			return err
		}
		view, src, err = s.taskView(ctx, tx, w, k)
		return err
	})
	if err != nil {
		return view, err
	}
	return view, s.signTaskItem(ctx, &view, src)
}

// Task returns one task as the editor shows it: to its worker, to managers, and read-only to
// reviewers of it.
func (s *Service) Task(ctx context.Context, workspaceID, projectID, taskID loupe.ID) (TaskView, error) {
	var view TaskView
	var src taskItemSource
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		w, err := s.loadWorker(ctx, tx, workspaceID, projectID, access.ReadProject)
		if err != nil {
			return err
		}
		k, err := tx.Task(ctx, workspaceID, projectID, taskID)
		if err != nil {
			return err
		}
		mine := k.AssigneeID != nil && *k.AssigneeID == w.p.UserID
		if !mine && !w.role.Manages() && w.p.Membership.Role != loupe.RoleAdmin {
			// To a worker, another's task does not exist, as tasks they may not see do not.
			return loupe.Errorf(loupe.NotFound, "task not found")
		}
		view, src, err = s.taskView(ctx, tx, w, k)
		return err
	})
	if err != nil {
		return view, err
	}
	return view, s.signTaskItem(ctx, &view, src)
}

// taskItemSource is what signing a task's item URL needs once the transaction is over.
type taskItemSource struct {
	dataset  loupe.Dataset
	lifetime time.Duration
}

// signTaskItem signs the item URL outside the transaction that loaded the task: signing may read
// the keyring through a connection of its own, and a transaction waiting on a second connection
// starves the pool when every connection is held by one.
func (s *Service) signTaskItem(ctx context.Context, view *TaskView, src taskItemSource) (err error) {
	view.ItemURL, _, err = s.signedItemURL(ctx, src.dataset, view.Item, src.lifetime)
	return err
}

func (s *Service) taskView(ctx context.Context, tx *store.Tx, w worker, k loupe.Task) (TaskView, taskItemSource, error) {
	view := TaskView{Task: k}
	var src taskItemSource
	if st, ok := w.graph.Stage(k.Stage); ok {
		view.StageKind = st.Kind
	}
	d, err := tx.Dataset(ctx, k.WorkspaceID, k.DatasetID)
	if err != nil {
		return view, src, err
	}
	if view.Item, err = tx.Item(ctx, k.WorkspaceID, k.DatasetID, k.ItemID); err != nil {
		return view, src, err
	}
	ws, err := tx.Workspace(ctx, k.WorkspaceID)
	if err != nil {
		return view, src, err
	}
	// Working a task lets one see its item, whatever one's role on the dataset.
	src = taskItemSource{dataset: d, lifetime: ws.SignedURLLifetime}
	v, err := tx.OntologyVersion(ctx, k.WorkspaceID, w.project.OntologyID, w.project.OntologyVersion)
	if err != nil {
		return view, src, err
	}
	view.Ontology = v.Schema
	if doc, _, err := tx.Draft(ctx, k.WorkspaceID, k.ID, w.p.UserID); err == nil {
		view.Label, view.Draft = doc, true
		return view, src, nil
	} else if !loupe.IsCode(err, loupe.NotFound) {
		return view, src, err
	}
	if l, err := tx.Label(ctx, k.WorkspaceID, k.ID, 0); err == nil {
		view.Label = l.Document
	} else if !loupe.IsCode(err, loupe.NotFound) {
		return view, src, err
	}
	return view, src, nil
}

// heldBy checks that a task is in progress in the actor's hands, in a stage of kind.
func heldBy(k loupe.Task, w worker, kinds ...workflow.Kind) error {
	if k.Status == loupe.TaskCompleted {
		return loupe.Errorf(loupe.Conflict, "the task is completed")
	}
	if k.Status != loupe.TaskInProgress || k.AssigneeID == nil || *k.AssigneeID != w.p.UserID {
		return loupe.Errorf(loupe.Conflict, "the task is not yours: claim it first")
	}
	st, ok := w.graph.Stage(k.Stage)
	if !ok {
		return loupe.Errorf(loupe.Conflict, "the task waits in a stage the workflow no longer has")
	}
	for _, kind := range kinds {
		if st.Kind == kind {
			return nil
		}
	}
	return loupe.Errorf(loupe.Conflict, "the task is in %s, where that cannot be done", st.Name)
}

// itemBounds is what the label validator may know of an item.
func itemBounds(it loupe.DataItem) ontology.Item {
	var b ontology.Item
	if it.Width != nil && it.Height != nil {
		b.Width, b.Height = *it.Width, *it.Height
	}
	if it.Type == loupe.ItemVideo {
		b.Video = true
		if it.FrameCount != nil {
			b.Frames = int(*it.FrameCount)
		}
	}
	if it.DurationMS != nil {
		b.Duration = float64(*it.DurationMS) / 1000
	}
	return b
}

// SubmitInput is an annotator's label for a task.
type SubmitInput struct {
	Label json.RawMessage
	// Revision is the label revision the work started from (0 for none); a submit from a stale
	// one is a Conflict that names the current revision.
	Revision int
	// ActiveMS is the time spent working in the editor since the claim, idle time excluded.
	ActiveMS int64
}

// SubmitLabel validates a label against the project's ontology version, keeps it as the next
// revision, and moves the task on by the workflow. Nothing is saved when anything is refused.
func (s *Service) SubmitLabel(ctx context.Context, workspaceID, projectID, taskID loupe.ID, in SubmitInput) (loupe.Task, error) {
	var k loupe.Task
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		w, err := s.loadWorker(ctx, tx, workspaceID, projectID, access.WorkTasks)
		if err != nil {
			return err
		}
		if err := writable(w.project); err != nil {
			return err
		}
		if k, err = tx.LockTask(ctx, workspaceID, projectID, taskID); err != nil {
			return err
		}
		if err := heldBy(k, w, workflow.Annotate, workflow.KindConsensus); err != nil {
			return err
		}
		if in.Revision != k.LabelRevision {
			return loupe.Errorf(loupe.Conflict, "the label changed since you started: it is at revision %d, you worked from %d", k.LabelRevision, in.Revision)
		}
		v, err := tx.OntologyVersion(ctx, workspaceID, w.project.OntologyID, w.project.OntologyVersion)
		if err != nil {
			return err
		}
		doc, err := ontology.Parse(v.Schema)
		if err != nil {
			return loupe.Wrap(err, "stored ontology does not parse")
		}
		it, err := tx.Item(ctx, workspaceID, k.DatasetID, k.ItemID)
		if err != nil {
			return err
		}
		l, err := ontology.ParseLabel(in.Label)
		if err != nil {
			return prefixFields(err, "label")
		}
		if err := ontology.ValidateLabel(doc, l, itemBounds(it)); err != nil {
			return prefixFields(err, "label")
		}
		canon, err := json.Marshal(l)
		if err != nil {
			return loupe.Wrap(err, "encode label")
		}
		now := s.clock()
		label := loupe.Label{TaskID: k.ID, Revision: k.LabelRevision + 1, AuthorID: w.p.UserID, Stage: k.Stage, OntologyVersion: w.project.OntologyVersion,
			Document: canon, CreatedAt: now}
		if err := tx.AddLabel(ctx, workspaceID, &label); err != nil {
			return err
		}
		if err := tx.DeleteDrafts(ctx, workspaceID, k.ID); err != nil {
			return err
		}
		from := k.Stage
		k.LabelRevision, k.AnnotatorID = label.Revision, &w.p.UserID
		if err := s.advance(ctx, tx, w, &k, workflow.Submitted, it, in.ActiveMS, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: "task.submitted", TargetType: "task", TargetID: k.ID.String(),
			Detail: map[string]any{"project_id": projectID, "revision": label.Revision, "from": from, "to": k.Stage, "objects": len(l.Objects)}})
	})
	return k, err
}

// advance moves a task along the outcome, through routers, into the next stage where it waits:
// unassigned and new, or back to its annotator as reopened after a rejection, or completed.
func (s *Service) advance(ctx context.Context, tx *store.Tx, w worker, k *loupe.Task, outcome workflow.Outcome, it loupe.DataItem, activeMS int64, now time.Time) error {
	facts := workflow.Facts{TaskID: k.ID, Metadata: flatMetadata(it.Metadata)}
	if k.AnnotatorID != nil {
		facts.Annotators = []loupe.ID{*k.AnnotatorID}
		groups, err := tx.GroupsOfUser(ctx, k.WorkspaceID, *k.AnnotatorID)
		if err != nil {
			return err
		}
		facts.AnnotatorGroups = groups
	}
	next, err := workflow.Advance(w.graph, k.Stage, outcome, facts)
	if err != nil {
		return loupe.Wrap(err, "advance task %s", k.ID)
	}
	from := k.Stage
	k.Stage, k.AssigneeID, k.ClaimedAt, k.ClaimExpiresAt = next.ID, nil, nil, nil
	k.TimeSpentMS += max(activeMS, 0)
	k.UpdatedAt = now
	switch {
	case next.Kind == workflow.Complete:
		k.Status = loupe.TaskCompleted
	case outcome == workflow.Rejected && next.Kind == workflow.Annotate && k.AnnotatorID != nil:
		// Rework goes back to whoever made the label.
		k.Status, k.AssigneeID = loupe.TaskReopened, k.AnnotatorID
	case outcome == workflow.Rejected:
		k.Status = loupe.TaskReopened
	default:
		k.Status = loupe.TaskNew
	}
	if err := tx.SaveTask(ctx, k); err != nil {
		return err
	}
	return tx.AddTaskEvent(ctx, k.WorkspaceID, &loupe.TaskEvent{ID: loupe.NewID(), ProjectID: k.ProjectID, TaskID: k.ID, Stage: from,
		UserID: &w.p.UserID, Kind: string(outcome), ActiveMS: max(activeMS, 0), CreatedAt: now})
}

// ReviewInput is a reviewer's decision on a task's newest label.
type ReviewInput struct {
	Approve  bool
	Notes    string
	ActiveMS int64
}

// ReviewTask approves or rejects the newest label of a task in a review stage; a rejection sends
// it to rework with the notes.
func (s *Service) ReviewTask(ctx context.Context, workspaceID, projectID, taskID loupe.ID, in ReviewInput) (loupe.Task, error) {
	notes := strings.TrimSpace(in.Notes)
	switch {
	case utf8.RuneCountInString(notes) > 5000:
		return loupe.Task{}, loupe.InvalidField("notes", "must be at most 5000 characters")
	case !in.Approve && notes == "":
		return loupe.Task{}, loupe.InvalidField("notes", "say what to fix: a rejection needs notes")
	}
	var k loupe.Task
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		w, err := s.loadWorker(ctx, tx, workspaceID, projectID, access.WorkTasks)
		if err != nil {
			return err
		}
		if err := writable(w.project); err != nil {
			return err
		}
		if k, err = tx.LockTask(ctx, workspaceID, projectID, taskID); err != nil {
			return err
		}
		if err := heldBy(k, w, workflow.Review); err != nil {
			return err
		}
		if k.LabelRevision == 0 {
			return loupe.Errorf(loupe.Conflict, "the task has no label to review")
		}
		now := s.clock()
		if err := tx.AddReview(ctx, workspaceID, &loupe.Review{TaskID: k.ID, Revision: k.LabelRevision, ReviewerID: w.p.UserID, Stage: k.Stage,
			Approved: in.Approve, Notes: notes, CreatedAt: now}); err != nil {
			return err
		}
		it, err := tx.Item(ctx, workspaceID, k.DatasetID, k.ItemID)
		if err != nil {
			return err
		}
		outcome, action := workflow.Approved, "task.approved"
		k.ReviewNotes = ""
		if !in.Approve {
			outcome, action = workflow.Rejected, "task.rejected"
			k.ReviewNotes = notes
		}
		from := k.Stage
		if err := s.advance(ctx, tx, w, &k, outcome, it, in.ActiveMS, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: action, TargetType: "task", TargetID: k.ID.String(),
			Detail: map[string]any{"project_id": projectID, "revision": k.LabelRevision, "from": from, "to": k.Stage, "notes": notes}})
	})
	return k, err
}

// SkipTask gives a claimed task back with a reason; it goes to the back of the queue and is not
// offered to the same worker again.
func (s *Service) SkipTask(ctx context.Context, workspaceID, projectID, taskID loupe.ID, reason string, activeMS int64) (loupe.Task, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return loupe.Task{}, loupe.InvalidField("reason", "say why you skip it")
	case utf8.RuneCountInString(reason) > 500:
		return loupe.Task{}, loupe.InvalidField("reason", "must be at most 500 characters")
	}
	var k loupe.Task
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		w, err := s.loadWorker(ctx, tx, workspaceID, projectID, access.WorkTasks)
		if err != nil {
			return err
		}
		if k, err = tx.LockTask(ctx, workspaceID, projectID, taskID); err != nil {
			return err
		}
		if err := heldBy(k, w, workflow.Annotate, workflow.KindConsensus, workflow.Review); err != nil {
			return err
		}
		now := s.clock()
		k.Status, k.AssigneeID, k.ClaimedAt, k.ClaimExpiresAt, k.UpdatedAt = loupe.TaskSkipped, nil, nil, nil, now
		k.TimeSpentMS += max(activeMS, 0)
		if err := tx.SaveTask(ctx, &k); err != nil {
			return err
		}
		if err := tx.SkipTask(ctx, workspaceID, k.ID, w.p.UserID, reason, now); err != nil {
			return err
		}
		return tx.AddTaskEvent(ctx, workspaceID, &loupe.TaskEvent{ID: loupe.NewID(), ProjectID: projectID, TaskID: k.ID, Stage: k.Stage,
			UserID: &w.p.UserID, Kind: "skipped", ActiveMS: max(activeMS, 0), CreatedAt: now})
	})
	return k, err
}

// SaveDraft keeps the worker's unsubmitted label, so that a closed tab loses nothing, and renews
// their claim. It is checked only for being JSON: drafts are work in progress.
func (s *Service) SaveDraft(ctx context.Context, workspaceID, projectID, taskID loupe.ID, doc json.RawMessage) error {
	if !json.Valid(doc) || len(doc) == 0 || doc[0] != '{' {
		return loupe.InvalidField("label", "must be a JSON object")
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		w, err := s.loadWorker(ctx, tx, workspaceID, projectID, access.WorkTasks)
		if err != nil {
			return err
		}
		k, err := tx.LockTask(ctx, workspaceID, projectID, taskID)
		if err != nil {
			return err
		}
		if err := heldBy(k, w, workflow.Annotate, workflow.KindConsensus, workflow.Review); err != nil {
			return err
		}
		now := s.clock()
		expires := now.Add(ClaimLease)
		k.ClaimExpiresAt, k.UpdatedAt = &expires, now
		if err := tx.SaveTask(ctx, &k); err != nil {
			return err
		}
		return tx.SaveDraft(ctx, workspaceID, taskID, w.p.UserID, doc, now)
	})
}

// QueuePage is one page of a project's queue as managers see it.
type QueuePage struct {
	Rows []store.QueueRow
	Next *store.TaskCursor
}

// Queue lists a project's tasks by filter and sort, for the managers who follow them.
func (s *Service) Queue(ctx context.Context, workspaceID, projectID loupe.ID, f store.TaskFilter, sort store.TaskSort, after *store.TaskCursor, limit int) (QueuePage, error) {
	if limit <= 0 || limit > loupe.MaxPageLimit {
		limit = loupe.DefaultPageLimit
	}
	var v loupe.Validation
	for field, p := range map[string]*int{"min_priority": f.MinPriority, "max_priority": f.MaxPriority} {
		if p != nil && (*p < 0 || *p > 100) {
			v.Add(field, "must be between 0 and 100")
		}
	}
	if f.Status != "" && !validTaskStatus(f.Status) {
		v.Add("status", "must be one of new, in_progress, reopened, skipped, completed")
	}
	if err := v.Err(); err != nil {
		return QueuePage{}, err
	}
	var page QueuePage
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err := projectAuth(ctx, tx, workspaceID, projectID, access.ReadProjectTasks, access.Resource{}); err != nil {
			return err
		}
		page.Rows, page.Next, err = tx.Queue(ctx, workspaceID, projectID, f, sort, after, limit)
		return err
	})
	return page, err
}

func validTaskStatus(s loupe.TaskStatus) bool {
	switch s {
	case loupe.TaskNew, loupe.TaskInProgress, loupe.TaskReopened, loupe.TaskSkipped, loupe.TaskCompleted:
		return true
	}
	return false
}

// TaskChange is a manager's change to a selection of tasks; nil and zero fields change nothing.
type TaskChange struct {
	// AssignTo gives the tasks to a collaborator, who gets them first when claiming.
	AssignTo *loupe.ID
	Unassign bool
	Priority *int
	// MoveTo puts the tasks in another stage of the workflow, afresh.
	MoveTo string
}

// MaxBulkTasks bounds one bulk change.
const MaxBulkTasks = 1000

// ChangeTasks applies a manager's change to a selection of a project's tasks, all or none, and
// returns them as they end up. Moves and assignments are audited.
func (s *Service) ChangeTasks(ctx context.Context, workspaceID, projectID loupe.ID, ids []loupe.ID, c TaskChange) ([]loupe.Task, error) {
	var v loupe.Validation
	switch {
	case len(ids) == 0:
		v.Add("task_ids", "name at least one task")
	case len(ids) > MaxBulkTasks:
		v.Add("task_ids", "at most %d tasks at once", MaxBulkTasks)
	}
	if c.Priority != nil && (*c.Priority < 0 || *c.Priority > 100) {
		v.Add("priority", "must be between 0 and 100")
	}
	if c.AssignTo != nil && c.Unassign {
		v.Add("assign_to", "assign or unassign, not both")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if c.AssignTo == nil && !c.Unassign && c.Priority == nil && c.MoveTo == "" {
		return nil, loupe.Errorf(loupe.Invalid, "say what to change: assign_to, unassign, priority or move_to")
	}
	var out []loupe.Task
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		_, pr, _, err := projectAuth(ctx, tx, workspaceID, projectID, access.ManageTasks, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		var g workflow.Graph
		if err := json.Unmarshal(pr.Workflow, &g); err != nil {
			return loupe.Wrap(err, "decode workflow of project %s", projectID)
		}
		var target workflow.Stage
		if c.MoveTo != "" {
			st, ok := g.Stage(c.MoveTo)
			if !ok || !st.Kind.Holds() {
				return loupe.InvalidField("move_to", "no stage %q that holds tasks in the project's workflow", c.MoveTo)
			}
			target = st
		}
		if c.AssignTo != nil {
			role, err := tx.ProjectRole(ctx, workspaceID, projectID, *c.AssignTo)
			if err != nil {
				return err
			}
			if !role.Annotates() && !role.Reviews() {
				return loupe.InvalidField("assign_to", "is not an annotator or reviewer of this project")
			}
		}
		ks, err := tx.LockTasks(ctx, workspaceID, projectID, ids)
		if err != nil {
			return err
		}
		if len(ks) != len(uniqueIDs(ids)) {
			return loupe.InvalidField("task_ids", "%d of the tasks are not tasks of this project", len(uniqueIDs(ids))-len(ks))
		}
		now := s.clock()
		for i := range ks {
			k := &ks[i]
			from := k.Stage
			if c.MoveTo != "" {
				k.Stage, k.AssigneeID, k.ClaimedAt, k.ClaimExpiresAt = target.ID, nil, nil, nil
				k.Status = loupe.TaskNew
				if target.Kind == workflow.Complete {
					k.Status = loupe.TaskCompleted
				}
			}
			if c.Unassign {
				k.AssigneeID, k.ClaimedAt, k.ClaimExpiresAt = nil, nil, nil
				if k.Status == loupe.TaskInProgress {
					k.Status = loupe.TaskNew
				}
			}
			if c.AssignTo != nil && k.Status != loupe.TaskCompleted {
				k.AssigneeID, k.ClaimedAt, k.ClaimExpiresAt = c.AssignTo, nil, nil
				if k.Status == loupe.TaskInProgress {
					k.Status = loupe.TaskNew
				}
			}
			if c.Priority != nil {
				k.Priority = *c.Priority
			}
			k.UpdatedAt = now
			if err := tx.SaveTask(ctx, k); err != nil {
				return err
			}
			if c.MoveTo != "" || c.AssignTo != nil || c.Unassign {
				if err := s.audit(ctx, tx, workspaceID, AuditEvent{Action: "task.changed_by_manager", TargetType: "task", TargetID: k.ID.String(),
					Detail: map[string]any{"project_id": projectID, "from": from, "to": k.Stage, "assignee_id": k.AssigneeID, "priority": k.Priority}}); err != nil {
					return err
				}
			}
		}
		out = ks
		return nil
	})
	return out, err
}

func uniqueIDs(ids []loupe.ID) map[loupe.ID]bool {
	m := make(map[loupe.ID]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
