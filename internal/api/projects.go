package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/workflow"
)

// --- workflow templates ---

type WorkflowTemplate struct {
	ID          string         `json:"id" doc:"A built-in template's name, or a saved template's id."`
	BuiltIn     bool           `json:"built_in"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Graph       workflow.Graph `json:"graph"`
	CreatedBy   *loupe.ID      `json:"created_by"`
}

func toTemplate(t service.Template) WorkflowTemplate {
	return WorkflowTemplate{ID: t.ID, BuiltIn: t.BuiltIn, Name: t.Name, Description: t.Description, Graph: t.Graph, CreatedBy: t.CreatedBy}
}

type TemplatesOutput struct {
	Body struct {
		Items []WorkflowTemplate `json:"items"`
	}
}

func (s *Server) listTemplates(ctx context.Context, in *WorkspacePath) (*TemplatesOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	ts, err := s.svc.WorkflowTemplates(ctx, ws)
	if err != nil {
		return nil, err
	}
	out := &TemplatesOutput{}
	out.Body.Items = make([]WorkflowTemplate, 0, len(ts))
	for _, t := range ts {
		out.Body.Items = append(out.Body.Items, toTemplate(t))
	}
	return out, nil
}

type CreateTemplateInput struct {
	WorkspacePath
	Body struct {
		Name        string           `json:"name" maxLength:"100"`
		Description string           `json:"description,omitempty" maxLength:"2000"`
		Graph       workflowDocument `json:"graph"`
	}
}

type TemplateOutput struct{ Body WorkflowTemplate }

func (s *Server) createTemplate(ctx context.Context, in *CreateTemplateInput) (*TemplateOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	t, err := s.svc.CreateWorkflowTemplate(ctx, ws, service.TemplateInput{Name: in.Body.Name, Description: in.Body.Description, Graph: json.RawMessage(in.Body.Graph)})
	if err != nil {
		return nil, err
	}
	return &TemplateOutput{Body: toTemplate(t)}, nil
}

type TemplatePath struct {
	WorkspacePath
	TemplateID string `path:"templateID" maxLength:"64"`
}

func (s *Server) deleteTemplate(ctx context.Context, in *TemplatePath) (*struct{}, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteWorkflowTemplate(ctx, ws, in.TemplateID)
}

type ValidateWorkflowInput struct {
	WorkspacePath
	Body struct {
		Graph workflowDocument `json:"graph"`
	}
}

type ValidateWorkflowOutput struct {
	Body struct {
		Valid bool `json:"valid" doc:"Always true: an invalid graph is answered with a 422 problem naming the stages and edges at fault."`
	}
}

func (s *Server) validateWorkflow(ctx context.Context, in *ValidateWorkflowInput) (*ValidateWorkflowOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.ValidateWorkflow(ctx, ws, json.RawMessage(in.Body.Graph)); err != nil {
		return nil, err
	}
	out := &ValidateWorkflowOutput{}
	out.Body.Valid = true
	return out, nil
}

// --- tags ---

type Tag struct {
	ID    loupe.ID `json:"id"`
	Name  string   `json:"name"`
	Color string   `json:"color"`
}

func toTag(g loupe.Tag) Tag { return Tag{ID: g.ID, Name: g.Name, Color: g.Color} }

type TagsOutput struct {
	Body struct {
		Items []Tag `json:"items"`
	}
}

func (s *Server) listTags(ctx context.Context, in *WorkspacePath) (*TagsOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	ts, err := s.svc.Tags(ctx, ws)
	if err != nil {
		return nil, err
	}
	out := &TagsOutput{}
	out.Body.Items = make([]Tag, 0, len(ts))
	for _, t := range ts {
		out.Body.Items = append(out.Body.Items, toTag(t))
	}
	return out, nil
}

type CreateTagInput struct {
	WorkspacePath
	Body struct {
		Name  string `json:"name" maxLength:"100"`
		Color string `json:"color,omitempty" maxLength:"7" doc:"#rrggbb; a neutral grey when left out."`
	}
}

type TagOutput struct{ Body Tag }

func (s *Server) createTag(ctx context.Context, in *CreateTagInput) (*TagOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	g, err := s.svc.CreateTag(ctx, ws, in.Body.Name, in.Body.Color)
	if err != nil {
		return nil, err
	}
	return &TagOutput{Body: toTag(g)}, nil
}

type TagPath struct {
	WorkspacePath
	TagID string `path:"tagID" format:"uuid"`
}

func (p TagPath) ids() (workspace, tag loupe.ID, err error) {
	if workspace, err = p.workspace(); err == nil {
		tag, err = loupe.ParseID(p.TagID)
	}
	return workspace, tag, err
}

type UpdateTagInput struct {
	TagPath
	Body struct {
		Name  *string `json:"name,omitempty" maxLength:"100"`
		Color *string `json:"color,omitempty" maxLength:"7"`
	}
}

func (s *Server) updateTag(ctx context.Context, in *UpdateTagInput) (*TagOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	g, err := s.svc.UpdateTag(ctx, ws, id, in.Body.Name, in.Body.Color)
	if err != nil {
		return nil, err
	}
	return &TagOutput{Body: toTag(g)}, nil
}

func (s *Server) deleteTag(ctx context.Context, in *TagPath) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteTag(ctx, ws, id)
}

// --- projects ---

type Project struct {
	ID               loupe.ID       `json:"id"`
	Name             string         `json:"name"`
	Description      string         `json:"description"`
	Status           string         `json:"status" enum:"not_started,in_progress,paused,completed,cancelled,archived"`
	NextStatuses     []string       `json:"next_statuses" doc:"The statuses the project may move to from this one."`
	OntologyID       loupe.ID       `json:"ontology_id"`
	OntologyVersion  int            `json:"ontology_version"`
	Workflow         workflow.Graph `json:"workflow"`
	WorkflowRevision int            `json:"workflow_revision"`
	Tags             []Tag          `json:"tags"`
	TaskCount        int64          `json:"task_count"`
	CreatedBy        loupe.ID       `json:"created_by"`
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
}

func toProject(p loupe.Project) Project {
	out := Project{ID: p.ID, Name: p.Name, Description: p.Description, Status: string(p.Status), OntologyID: p.OntologyID, OntologyVersion: p.OntologyVersion,
		WorkflowRevision: p.WorkflowRevision, Tags: make([]Tag, 0, len(p.Tags)), NextStatuses: []string{}, TaskCount: p.TaskCount,
		CreatedBy: p.CreatedBy, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	for _, s := range p.Status.Next() {
		out.NextStatuses = append(out.NextStatuses, string(s))
	}
	for _, t := range p.Tags {
		out.Tags = append(out.Tags, toTag(t))
	}
	// Stored workflows were validated when saved.
	_ = json.Unmarshal(p.Workflow, &out.Workflow)
	return out
}

type ProjectDataset struct {
	DatasetID loupe.ID  `json:"dataset_id"`
	Name      string    `json:"name"`
	ItemCount int64     `json:"item_count"`
	TaskCount int64     `json:"task_count"`
	Populated bool      `json:"populated" doc:"False while a background job still turns the dataset's items into tasks."`
	AddedAt   time.Time `json:"added_at"`
}

type ProjectDetail struct {
	Project
	MyRole   *string          `json:"my_role" enum:"admin,team_manager,annotator,reviewer,annotator_reviewer" doc:"My role in the project; null for a workspace admin who has not joined it."`
	Datasets []ProjectDataset `json:"datasets"`
}

func toProjectDetail(v service.ProjectView) ProjectDetail {
	d := ProjectDetail{Project: toProject(v.Project), Datasets: make([]ProjectDataset, 0, len(v.Datasets))}
	if v.MyRole != "" {
		r := string(v.MyRole)
		d.MyRole = &r
	}
	for _, pd := range v.Datasets {
		d.Datasets = append(d.Datasets, ProjectDataset{DatasetID: pd.DatasetID, Name: pd.DatasetName, ItemCount: pd.ItemCount, TaskCount: pd.TaskCount,
			Populated: pd.Populated, AddedAt: pd.AddedAt})
	}
	return d
}

type ProjectPath struct {
	WorkspacePath
	ProjectID string `path:"projectID" format:"uuid"`
}

func (p ProjectPath) ids() (workspace, project loupe.ID, err error) {
	if workspace, err = p.workspace(); err == nil {
		project, err = loupe.ParseID(p.ProjectID)
	}
	return workspace, project, err
}

type ListProjectsInput struct {
	WorkspacePath
	PageQuery
	Status string `query:"status" enum:"not_started,in_progress,paused,completed,cancelled,archived" doc:"Only projects of this status."`
	TagID  string `query:"tag_id" format:"uuid" doc:"Only projects with this tag."`
}

type ProjectsOutput struct{ Body List[Project] }

func (s *Server) listProjects(ctx context.Context, in *ListProjectsInput) (*ProjectsOutput, error) {
	tag, err := optionalID(in.TagID)
	if err != nil {
		return nil, err
	}
	f := service.ProjectListFilter{Status: loupe.ProjectStatus(in.Status), TagID: tag}
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, func(ctx context.Context, ws loupe.ID, p loupe.Page) ([]loupe.Project, *loupe.ID, error) {
		return s.svc.Projects(ctx, ws, f, p)
	}, toProject)
	return &ProjectsOutput{Body: l}, err
}

type CollaboratorBody struct {
	UserID  *loupe.ID `json:"user_id,omitempty"`
	Email   string    `json:"email,omitempty" maxLength:"254" doc:"A user by email; an internal member of a workforce workspace joins this one as a workforce member."`
	GroupID *loupe.ID `json:"group_id,omitempty"`
	Role    string    `json:"role" enum:"admin,team_manager,annotator,reviewer,annotator_reviewer"`
}

func (c CollaboratorBody) input() service.CollaboratorInput {
	return service.CollaboratorInput{UserID: c.UserID, Email: c.Email, GroupID: c.GroupID, Role: loupe.ProjectRole(c.Role)}
}

type CreateProjectInput struct {
	WorkspacePath
	Body struct {
		Name            string             `json:"name" maxLength:"100"`
		Description     string             `json:"description,omitempty" maxLength:"2000"`
		OntologyID      *loupe.ID          `json:"ontology_id,omitempty" doc:"The ontology the project labels against (required)."`
		OntologyVersion int                `json:"ontology_version,omitempty" minimum:"0" doc:"The version to pin; the latest when left out."`
		Workflow        workflowDocument   `json:"workflow,omitempty" doc:"The workflow graph; or give template_id."`
		TemplateID      string             `json:"template_id,omitempty" maxLength:"64" doc:"Start from a template: a built-in's name or a saved template's id."`
		DatasetIDs      []loupe.ID         `json:"dataset_ids,omitempty" maxItems:"100"`
		Collaborators   []CollaboratorBody `json:"collaborators,omitempty" maxItems:"500"`
		TagIDs          []loupe.ID         `json:"tag_ids,omitempty" maxItems:"50"`
	}
}

type ProjectOutput struct{ Body ProjectDetail }

func (s *Server) createProject(ctx context.Context, in *CreateProjectInput) (*ProjectOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	b := in.Body
	pin := service.ProjectInput{Name: b.Name, Description: b.Description, OntologyVersion: b.OntologyVersion, Workflow: json.RawMessage(b.Workflow),
		TemplateID: b.TemplateID, DatasetIDs: b.DatasetIDs, TagIDs: b.TagIDs}
	if b.OntologyID != nil {
		pin.OntologyID = *b.OntologyID
	}
	for _, c := range b.Collaborators {
		pin.Collaborators = append(pin.Collaborators, c.input())
	}
	v, err := s.svc.CreateProject(ctx, ws, pin)
	if err != nil {
		return nil, err
	}
	return &ProjectOutput{Body: toProjectDetail(v)}, nil
}

func (s *Server) getProject(ctx context.Context, in *ProjectPath) (*ProjectOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.Project(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	return &ProjectOutput{Body: toProjectDetail(v)}, nil
}

type UpdateProjectInput struct {
	ProjectPath
	Body struct {
		Name        *string     `json:"name,omitempty" maxLength:"100"`
		Description *string     `json:"description,omitempty" maxLength:"2000"`
		TagIDs      *[]loupe.ID `json:"tag_ids,omitempty" maxItems:"50" doc:"Replaces the project's tags."`
	}
}

func (s *Server) updateProject(ctx context.Context, in *UpdateProjectInput) (*ProjectOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.UpdateProject(ctx, ws, id, service.ProjectPatch{Name: in.Body.Name, Description: in.Body.Description, TagIDs: in.Body.TagIDs})
	if err != nil {
		return nil, err
	}
	return &ProjectOutput{Body: toProjectDetail(v)}, nil
}

type SetStatusInput struct {
	ProjectPath
	Body struct {
		Status string `json:"status" enum:"not_started,in_progress,paused,completed,cancelled,archived"`
	}
}

func (s *Server) setProjectStatus(ctx context.Context, in *SetStatusInput) (*ProjectOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.SetProjectStatus(ctx, ws, id, loupe.ProjectStatus(in.Body.Status))
	if err != nil {
		return nil, err
	}
	return &ProjectOutput{Body: toProjectDetail(v)}, nil
}

func (s *Server) deleteProject(ctx context.Context, in *ProjectPath) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteProject(ctx, ws, id)
}

func (s *Server) joinProject(ctx context.Context, in *ProjectPath) (*ProjectOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.JoinProject(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	return &ProjectOutput{Body: toProjectDetail(v)}, nil
}

type ProjectDatasetPath struct {
	ProjectPath
	DatasetID string `path:"datasetID" format:"uuid"`
}

func (p ProjectDatasetPath) ids3() (workspace, project, dataset loupe.ID, err error) {
	if workspace, project, err = p.ids(); err == nil {
		dataset, err = loupe.ParseID(p.DatasetID)
	}
	return workspace, project, dataset, err
}

func (s *Server) attachDataset(ctx context.Context, in *ProjectDatasetPath) (*ProjectOutput, error) {
	ws, id, d, err := in.ids3()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.AttachDataset(ctx, ws, id, d)
	if err != nil {
		return nil, err
	}
	return &ProjectOutput{Body: toProjectDetail(v)}, nil
}

func (s *Server) detachDataset(ctx context.Context, in *ProjectDatasetPath) (*struct{}, error) {
	ws, id, d, err := in.ids3()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DetachDataset(ctx, ws, id, d)
}

type Collaborator struct {
	User      *UserRef  `json:"user,omitempty"`
	Group     *GroupRef `json:"group,omitempty"`
	Role      string    `json:"role" enum:"admin,team_manager,annotator,reviewer,annotator_reviewer"`
	CreatedAt time.Time `json:"created_at"`
}

type CollaboratorsOutput struct {
	Body struct {
		Items []Collaborator `json:"items"`
	}
}

func (s *Server) listCollaborators(ctx context.Context, in *ProjectPath) (*CollaboratorsOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	cs, err := s.svc.Collaborators(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	out := &CollaboratorsOutput{}
	out.Body.Items = make([]Collaborator, 0, len(cs))
	for _, c := range cs {
		pc := Collaborator{Role: string(c.Role), CreatedAt: c.CreatedAt}
		if c.User != nil {
			u := toUserRef(*c.User)
			pc.User = &u
		} else {
			pc.Group = &GroupRef{ID: c.Group.ID, Name: c.Group.Name}
		}
		out.Body.Items = append(out.Body.Items, pc)
	}
	return out, nil
}

type SetCollaboratorInput struct {
	ProjectPath
	Body CollaboratorBody
}

func (s *Server) setCollaborator(ctx context.Context, in *SetCollaboratorInput) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.SetCollaborator(ctx, ws, id, in.Body.input())
}

type RemoveCollaboratorInput struct {
	ProjectPath
	UserID  string `query:"user_id" format:"uuid" doc:"The member to take off the project; or give group_id."`
	GroupID string `query:"group_id" format:"uuid"`
}

func (s *Server) removeCollaborator(ctx context.Context, in *RemoveCollaboratorInput) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	u, err := optionalID(in.UserID)
	if err != nil {
		return nil, err
	}
	g, err := optionalID(in.GroupID)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RemoveCollaborator(ctx, ws, id, u, g)
}

type StageCount struct {
	Stage  string `json:"stage"`
	Status string `json:"status" enum:"new,in_progress,reopened,skipped,completed"`
	Count  int64  `json:"count"`
}

type StageCountsOutput struct {
	Body struct {
		Items []StageCount `json:"items"`
	}
}

func (s *Server) stageCounts(ctx context.Context, in *ProjectPath) (*StageCountsOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	cs, err := s.svc.StageCounts(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	out := &StageCountsOutput{}
	out.Body.Items = make([]StageCount, 0, len(cs))
	for _, c := range cs {
		out.Body.Items = append(out.Body.Items, StageCount{Stage: c.Stage, Status: string(c.Status), Count: c.Count})
	}
	return out, nil
}

type ChangeWorkflowInput struct {
	ProjectPath
	DryRun bool `query:"dry_run" doc:"Plan the change, and change nothing."`
	Body   struct {
		Workflow workflowDocument  `json:"workflow"`
		Revision int               `json:"revision" minimum:"1" doc:"The workflow revision the change was made from."`
		Mapping  map[string]string `json:"mapping,omitempty" doc:"For stages of the current workflow, the stage of the new one their waiting tasks move to; a stage whose id the new workflow keeps maps to itself."`
	}
}

type Move struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Tasks int    `json:"tasks"`
}

type WorkflowPlanOutput struct {
	Body struct {
		Moves   []Move `json:"moves"`
		Applied bool   `json:"applied"`
	}
}

func (s *Server) changeWorkflow(ctx context.Context, in *ChangeWorkflowInput) (*WorkflowPlanOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	plan, err := s.svc.ChangeWorkflow(ctx, ws, id, service.WorkflowChange{Workflow: json.RawMessage(in.Body.Workflow), Mapping: in.Body.Mapping, Revision: in.Body.Revision, DryRun: in.DryRun})
	if err != nil {
		return nil, err
	}
	out := &WorkflowPlanOutput{}
	out.Body.Moves = make([]Move, 0, len(plan.Moves))
	for _, m := range plan.Moves {
		out.Body.Moves = append(out.Body.Moves, Move{From: m.From, To: m.To, Tasks: m.Tasks})
	}
	out.Body.Applied = !in.DryRun
	return out, nil
}

type MoveOntologyInput struct {
	ProjectPath
	DryRun bool `query:"dry_run" doc:"Report what the move changes, and move nothing."`
	Body   struct {
		Version int `json:"version" minimum:"1"`
	}
}

type OntologyMoveOutput struct {
	Body struct {
		From     int      `json:"from"`
		To       int      `json:"to"`
		Changes  []Change `json:"changes"`
		Breaking bool     `json:"breaking" doc:"Whether labels made under the current version may be invalid under the new one."`
		Tasks    int64    `json:"tasks"`
		Applied  bool     `json:"applied"`
	}
}

func (s *Server) moveOntology(ctx context.Context, in *MoveOntologyInput) (*OntologyMoveOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	mv, err := s.svc.MoveOntologyVersion(ctx, ws, id, in.Body.Version, in.DryRun)
	if err != nil {
		return nil, err
	}
	out := &OntologyMoveOutput{}
	out.Body.From, out.Body.To, out.Body.Changes, out.Body.Breaking, out.Body.Tasks = mv.From, mv.To, toChanges(mv.Changes), mv.Breaking, mv.Tasks
	out.Body.Applied = !in.DryRun
	return out, nil
}
