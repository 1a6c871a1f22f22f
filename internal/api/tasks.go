package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/ontology"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
)

type Task struct {
	ID             loupe.ID   `json:"id"`
	ProjectID      loupe.ID   `json:"project_id"`
	DatasetID      loupe.ID   `json:"dataset_id"`
	ItemID         loupe.ID   `json:"item_id"`
	Stage          string     `json:"stage"`
	Status         string     `json:"status" enum:"new,in_progress,reopened,skipped,completed"`
	Priority       int        `json:"priority"`
	AssigneeID     *loupe.ID  `json:"assignee_id"`
	Attempts       int        `json:"attempts"`
	ClaimExpiresAt *time.Time `json:"claim_expires_at" doc:"When the claim lapses without a sign of life (a draft saved)."`
	LabelRevision  int        `json:"label_revision" doc:"The newest label's revision; send it back with a submit."`
	AnnotatorID    *loupe.ID  `json:"annotator_id"`
	TimeSpentMS    int64      `json:"time_spent_ms"`
	ReviewNotes    string     `json:"review_notes" doc:"The last rejection's notes, for whoever reworks the task."`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func toTask(k loupe.Task) Task {
	return Task{ID: k.ID, ProjectID: k.ProjectID, DatasetID: k.DatasetID, ItemID: k.ItemID, Stage: k.Stage, Status: string(k.Status), Priority: k.Priority,
		AssigneeID: k.AssigneeID, Attempts: k.Attempts, ClaimExpiresAt: k.ClaimExpiresAt, LabelRevision: k.LabelRevision, AnnotatorID: k.AnnotatorID,
		TimeSpentMS: k.TimeSpentMS, ReviewNotes: k.ReviewNotes, CreatedAt: k.CreatedAt, UpdatedAt: k.UpdatedAt}
}

type TaskView struct {
	Task      Task              `json:"task"`
	StageKind string            `json:"stage_kind" enum:"annotate,review,consensus,complete"`
	Item      DataItem          `json:"item"`
	ItemURL   string            `json:"item_url" doc:"A short-lived URL to the item's file."`
	Ontology  ontology.Ontology `json:"ontology" doc:"The ontology version the project labels against."`
	Label     *ontology.Label   `json:"label" doc:"The newest label, or the worker's draft; null before the first."`
	Draft     bool              `json:"draft" doc:"Whether label is the worker's unsubmitted draft."`
}

func toTaskView(v service.TaskView) (TaskView, error) {
	out := TaskView{Task: toTask(v.Task), StageKind: string(v.StageKind), Item: toItem(v.Item), ItemURL: v.ItemURL, Draft: v.Draft}
	if err := json.Unmarshal(v.Ontology, &out.Ontology); err != nil {
		return out, loupe.Wrap(err, "decode stored ontology")
	}
	if len(v.Label) > 0 {
		var l ontology.Label
		if err := json.Unmarshal(v.Label, &l); err != nil && !v.Draft {
			return out, loupe.Wrap(err, "decode stored label")
		} else if err == nil {
			out.Label = &l
		}
	}
	return out, nil
}

type TaskPath struct {
	ProjectPath
	TaskID string `path:"taskID" format:"uuid"`
}

func (p TaskPath) ids3() (workspace, project, task loupe.ID, err error) {
	if workspace, project, err = p.ids(); err == nil {
		task, err = loupe.ParseID(p.TaskID)
	}
	return workspace, project, task, err
}

type TaskViewOutput struct{ Body TaskView }

func (s *Server) claimNextTask(ctx context.Context, in *ProjectPath) (*TaskViewOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.ClaimNextTask(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	out, err := toTaskView(v)
	return &TaskViewOutput{Body: out}, err
}

func (s *Server) getTask(ctx context.Context, in *TaskPath) (*TaskViewOutput, error) {
	ws, p, id, err := in.ids3()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.Task(ctx, ws, p, id)
	if err != nil {
		return nil, err
	}
	out, err := toTaskView(v)
	return &TaskViewOutput{Body: out}, err
}

type SubmitTaskInput struct {
	TaskPath
	Body struct {
		Label    labelDocument `json:"label"`
		Revision int           `json:"revision" minimum:"0" doc:"The label revision the work started from (the task's label_revision)."`
		ActiveMS int64         `json:"active_ms,omitempty" minimum:"0" doc:"Time spent working in the editor, idle time excluded."`
	}
}

type TaskOutput struct{ Body Task }

func (s *Server) submitTask(ctx context.Context, in *SubmitTaskInput) (*TaskOutput, error) {
	ws, p, id, err := in.ids3()
	if err != nil {
		return nil, err
	}
	k, err := s.svc.SubmitLabel(ctx, ws, p, id, service.SubmitInput{Label: json.RawMessage(in.Body.Label), Revision: in.Body.Revision, ActiveMS: in.Body.ActiveMS})
	if err != nil {
		return nil, err
	}
	return &TaskOutput{Body: toTask(k)}, nil
}

type ReviewTaskInput struct {
	TaskPath
	Body struct {
		Decision string `json:"decision" enum:"approve,reject"`
		Notes    string `json:"notes,omitempty" maxLength:"5000" doc:"What to fix; required with a rejection."`
		ActiveMS int64  `json:"active_ms,omitempty" minimum:"0"`
	}
}

func (s *Server) reviewTask(ctx context.Context, in *ReviewTaskInput) (*TaskOutput, error) {
	ws, p, id, err := in.ids3()
	if err != nil {
		return nil, err
	}
	k, err := s.svc.ReviewTask(ctx, ws, p, id, service.ReviewInput{Approve: in.Body.Decision == "approve", Notes: in.Body.Notes, ActiveMS: in.Body.ActiveMS})
	if err != nil {
		return nil, err
	}
	return &TaskOutput{Body: toTask(k)}, nil
}

type SkipTaskInput struct {
	TaskPath
	Body struct {
		Reason   string `json:"reason" maxLength:"500"`
		ActiveMS int64  `json:"active_ms,omitempty" minimum:"0"`
	}
}

func (s *Server) skipTask(ctx context.Context, in *SkipTaskInput) (*TaskOutput, error) {
	ws, p, id, err := in.ids3()
	if err != nil {
		return nil, err
	}
	k, err := s.svc.SkipTask(ctx, ws, p, id, in.Body.Reason, in.Body.ActiveMS)
	if err != nil {
		return nil, err
	}
	return &TaskOutput{Body: toTask(k)}, nil
}

type SaveDraftInput struct {
	TaskPath
	Body struct {
		Label json.RawMessage `json:"label" doc:"The label as it stands; checked when submitted, not now."`
	}
}

func (s *Server) saveDraft(ctx context.Context, in *SaveDraftInput) (*struct{}, error) {
	ws, p, id, err := in.ids3()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.SaveDraft(ctx, ws, p, id, in.Body.Label)
}

type QueueRow struct {
	Task
	ItemName string `json:"item_name"`
	ItemType string `json:"item_type" enum:"image,video,audio,text,document"`
}

type ListQueueInput struct {
	ProjectPath
	DatasetID   string `query:"dataset_id" format:"uuid"`
	Stage       string `query:"stage" maxLength:"64"`
	Status      string `query:"status" enum:"new,in_progress,reopened,skipped,completed"`
	AssigneeID  string `query:"assignee_id" format:"uuid"`
	Unassigned  bool   `query:"unassigned" doc:"Only tasks nobody holds."`
	ItemType    string `query:"item_type" enum:"image,video,audio,text,document"`
	MinPriority int    `query:"min_priority" minimum:"0" maximum:"100" default:"0"`
	MaxPriority int    `query:"max_priority" minimum:"0" maximum:"100" default:"100"`
	Sort        string `query:"sort" enum:"priority,age,name" default:"priority" doc:"priority: highest first, then oldest; age: oldest first; name: by the item's name."`
	Cursor      string `query:"cursor" doc:"Opaque cursor from the next_cursor of the previous page."`
	Limit       int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

type QueueOutput struct{ Body List[QueueRow] }

func (s *Server) listQueue(ctx context.Context, in *ListQueueInput) (*QueueOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	f := store.TaskFilter{Stage: in.Stage, Status: loupe.TaskStatus(in.Status), Unassigned: in.Unassigned, ItemType: loupe.ItemType(in.ItemType)}
	if in.MinPriority > 0 {
		f.MinPriority = &in.MinPriority
	}
	if in.MaxPriority < 100 {
		f.MaxPriority = &in.MaxPriority
	}
	if f.DatasetID, err = optionalID(in.DatasetID); err != nil {
		return nil, err
	}
	if f.AssigneeID, err = optionalID(in.AssigneeID); err != nil {
		return nil, err
	}
	var after *store.TaskCursor
	if in.Cursor != "" {
		raw, err := base64.RawURLEncoding.DecodeString(in.Cursor)
		after = &store.TaskCursor{}
		if err != nil || json.Unmarshal(raw, after) != nil {
			return nil, loupe.InvalidField("cursor", "is not a cursor this API returned")
		}
	}
	page, err := s.svc.Queue(ctx, ws, id, f, store.TaskSort(in.Sort), after, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &QueueOutput{Body: List[QueueRow]{Items: make([]QueueRow, 0, len(page.Rows))}}
	for _, r := range page.Rows {
		out.Body.Items = append(out.Body.Items, QueueRow{Task: toTask(r.Task), ItemName: r.ItemName, ItemType: string(r.ItemType)})
	}
	if page.Next != nil {
		raw, err := json.Marshal(page.Next)
		if err != nil {
			return nil, err
		}
		c := base64.RawURLEncoding.EncodeToString(raw)
		out.Body.NextCursor = &c
	}
	return out, nil
}

type ChangeTasksInput struct {
	ProjectPath
	Body struct {
		TaskIDs  []loupe.ID `json:"task_ids" minItems:"1" maxItems:"1000"`
		AssignTo *loupe.ID  `json:"assign_to,omitempty" doc:"Give the tasks to this collaborator, who gets them first when claiming."`
		Unassign bool       `json:"unassign,omitempty"`
		Priority *int       `json:"priority,omitempty" minimum:"0" maximum:"100"`
		MoveTo   string     `json:"move_to,omitempty" maxLength:"64" doc:"Put the tasks in this stage of the workflow, afresh."`
	}
}

type TasksOutput struct {
	Body struct {
		Items []Task `json:"items"`
	}
}

func (s *Server) changeTasks(ctx context.Context, in *ChangeTasksInput) (*TasksOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	b := in.Body
	ks, err := s.svc.ChangeTasks(ctx, ws, id, b.TaskIDs, service.TaskChange{AssignTo: b.AssignTo, Unassign: b.Unassign, Priority: b.Priority, MoveTo: b.MoveTo})
	if err != nil {
		return nil, err
	}
	out := &TasksOutput{}
	out.Body.Items = make([]Task, 0, len(ks))
	for _, k := range ks {
		out.Body.Items = append(out.Body.Items, toTask(k))
	}
	return out, nil
}
