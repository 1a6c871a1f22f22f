package loupe

import (
	"encoding/json"
	"time"
)

// Ontology is a workspace's labeling schema. Its document lives in versions: an edit that keeps
// every existing label valid changes the latest version in place; one that could invalidate a
// label makes a new version, so that projects pinned to the old one keep working.
type Ontology struct {
	ID          ID
	WorkspaceID ID
	Name        string
	Description string
	// Version is the latest version; Revision counts the in-place edits of it.
	Version      int
	Revision     int
	CreatedBy    ID
	ProjectCount int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// OntologyVersion is one version of an ontology's document.
type OntologyVersion struct {
	OntologyID ID
	Version    int
	Revision   int
	// Schema is the ontology document (see internal/ontology), stored as the client sent it once validated.
	Schema    json.RawMessage
	CreatedBy ID
	UpdatedBy ID
	// ProjectCount is how many projects pin this version.
	ProjectCount int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ProjectStatus is where a project is in its life.
type ProjectStatus string

const (
	ProjectNotStarted ProjectStatus = "not_started"
	ProjectInProgress ProjectStatus = "in_progress"
	ProjectPaused     ProjectStatus = "paused"
	ProjectCompleted  ProjectStatus = "completed"
	ProjectCancelled  ProjectStatus = "cancelled"
	ProjectArchived   ProjectStatus = "archived"
)

// ProjectStatuses lists every status in the order of a project's life.
var ProjectStatuses = []ProjectStatus{ProjectNotStarted, ProjectInProgress, ProjectPaused, ProjectCompleted, ProjectCancelled, ProjectArchived}

// projectMoves is which status a project may move to from each: a paused project resumes, a
// completed one can be reopened, and only finished work is archived. Archived projects are
// read-only until restored to completed.
var projectMoves = map[ProjectStatus][]ProjectStatus{
	ProjectNotStarted: {ProjectInProgress, ProjectCancelled},
	ProjectInProgress: {ProjectPaused, ProjectCompleted, ProjectCancelled},
	ProjectPaused:     {ProjectInProgress, ProjectCancelled},
	ProjectCompleted:  {ProjectInProgress, ProjectArchived},
	ProjectCancelled:  {ProjectInProgress, ProjectArchived},
	ProjectArchived:   {ProjectCompleted},
}

func (s ProjectStatus) Valid() bool { _, ok := projectMoves[s]; return ok }

// Next lists the statuses s may move to.
func (s ProjectStatus) Next() []ProjectStatus { return projectMoves[s] }

// CanBecome reports whether a project of status s may move to t.
func (s ProjectStatus) CanBecome(t ProjectStatus) bool {
	for _, n := range projectMoves[s] {
		if n == t {
			return true
		}
	}
	return false
}

// HandsOutTasks reports whether annotators may be given tasks of a project in this status.
func (s ProjectStatus) HandsOutTasks() bool { return s == ProjectNotStarted || s == ProjectInProgress }

// ProjectRole is what a collaborator does in a project.
type ProjectRole string

const (
	ProjectAdmin             ProjectRole = "admin"
	ProjectTeamManager       ProjectRole = "team_manager"
	ProjectAnnotator         ProjectRole = "annotator"
	ProjectReviewer          ProjectRole = "reviewer"
	ProjectAnnotatorReviewer ProjectRole = "annotator_reviewer"
)

// ProjectRoles lists every project role, most powerful first.
var ProjectRoles = []ProjectRole{ProjectAdmin, ProjectTeamManager, ProjectAnnotatorReviewer, ProjectReviewer, ProjectAnnotator}

func (r ProjectRole) Valid() bool { return r.rank() > 0 }

func (r ProjectRole) rank() int {
	switch r {
	case ProjectAdmin:
		return 4
	case ProjectTeamManager:
		return 3
	case ProjectAnnotatorReviewer:
		return 2
	case ProjectAnnotator, ProjectReviewer:
		return 1
	}
	return 0
}

// Annotates reports whether the role works annotate stages.
func (r ProjectRole) Annotates() bool { return r.rank() >= 2 || r == ProjectAnnotator }

// Reviews reports whether the role works review stages.
func (r ProjectRole) Reviews() bool { return r.rank() >= 2 || r == ProjectReviewer }

// Manages reports whether the role manages the project's tasks and people.
func (r ProjectRole) Manages() bool { return r.rank() >= 3 }

// Combine returns what holding both roles amounts to: the stronger one, and an annotator who is
// also a reviewer is an annotator-reviewer.
func (r ProjectRole) Combine(o ProjectRole) ProjectRole {
	if (r == ProjectAnnotator && o == ProjectReviewer) || (r == ProjectReviewer && o == ProjectAnnotator) {
		return ProjectAnnotatorReviewer
	}
	if o.rank() > r.rank() {
		return o
	}
	return r
}

// HeldBy reports whether a member of this workspace role and user type may hold project role r.
// Taskers only label and review; a contracted (workforce) member may lead a team but never
// administer the customer's project.
func (r ProjectRole) HeldBy(role Role, t UserType) bool {
	switch r {
	case ProjectAdmin:
		return role != RoleTasker && t != UserWorkforce
	case ProjectTeamManager:
		return role != RoleTasker
	}
	return r.Valid()
}

// Tag labels projects for filtering and reporting; a workspace defines its own.
type Tag struct {
	ID          ID
	WorkspaceID ID
	Name        string
	Color       string
	CreatedAt   time.Time
}

// Project binds datasets, one ontology version, one workflow and the people who work on it.
type Project struct {
	ID              ID
	WorkspaceID     ID
	Name            string
	Description     string
	Status          ProjectStatus
	OntologyID      ID
	OntologyVersion int
	// Workflow is the project's workflow graph (see internal/workflow); WorkflowRevision counts its changes.
	Workflow         json.RawMessage
	WorkflowRevision int
	Tags             []Tag
	CreatedBy        ID
	TaskCount        int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// ProjectDataset is a dataset attached to a project: each of its items is a task of the project.
type ProjectDataset struct {
	ProjectID   ID
	DatasetID   ID
	DatasetName string
	ItemCount   int64
	TaskCount   int64
	// Populated is false while a background job still turns the dataset's items into tasks.
	Populated bool
	AddedAt   time.Time
}

// Collaborator is a user or a group with a role in a project.
type Collaborator struct {
	ProjectID ID
	// Exactly one of User and Group is set.
	User      *User
	Group     *Group
	Role      ProjectRole
	CreatedAt time.Time
}

// WorkflowTemplate is a workflow graph a workspace saved to start projects from.
type WorkflowTemplate struct {
	ID          ID
	WorkspaceID ID
	Name        string
	Description string
	Graph       json.RawMessage
	CreatedBy   ID
	CreatedAt   time.Time
}

// TaskStatus is where a task is within its stage.
type TaskStatus string

const (
	TaskNew        TaskStatus = "new"
	TaskInProgress TaskStatus = "in_progress"
	TaskReopened   TaskStatus = "reopened"
	TaskSkipped    TaskStatus = "skipped"
	TaskCompleted  TaskStatus = "completed"
)

// DefaultTaskPriority is a new task's priority, in the middle of 0–100.
const DefaultTaskPriority = 50

// Task is one data item moving through one project's workflow.
type Task struct {
	ID          ID
	WorkspaceID ID
	ProjectID   ID
	DatasetID   ID
	ItemID      ID
	// Stage is the id of the workflow stage the task waits in.
	Stage      string
	Status     TaskStatus
	Priority   int
	AssigneeID *ID
	Attempts   int
	// ClaimedAt and ClaimExpiresAt are the assignee's lease while the task is in progress.
	ClaimedAt      *time.Time
	ClaimExpiresAt *time.Time
	// LabelRevision is the newest label's revision, 0 before the first submit.
	LabelRevision int
	// AnnotatorID submitted the newest annotation: rework goes back to them.
	AnnotatorID *ID
	TimeSpentMS int64
	// ReviewNotes are the last rejection's, for whoever reworks the task.
	ReviewNotes string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Label is one revision of a task's annotation. Every revision is kept.
type Label struct {
	TaskID          ID
	Revision        int
	AuthorID        ID
	Stage           string
	OntologyVersion int
	// Document is the label (see internal/ontology), canonical as validated.
	Document  json.RawMessage
	CreatedAt time.Time
}

// Review is a reviewer's decision on one label revision.
type Review struct {
	TaskID     ID
	Revision   int
	ReviewerID ID
	Stage      string
	Approved   bool
	Notes      string
	CreatedAt  time.Time
}

// TaskEvent records a task's transition and the active time it took: the source of analytics.
type TaskEvent struct {
	ID        ID
	ProjectID ID
	TaskID    ID
	Stage     string
	UserID    *ID
	Kind      string
	ActiveMS  int64
	CreatedAt time.Time
}

// StageCount is how many of a project's tasks wait in one stage with one status.
type StageCount struct {
	Stage  string
	Status TaskStatus
	Count  int64
}
