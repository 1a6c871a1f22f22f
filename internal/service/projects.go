package service

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/ontology"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/workflow"
)

// CollaboratorInput names who joins a project: a member or a user by email, or a group.
type CollaboratorInput struct {
	UserID  *loupe.ID
	Email   string
	GroupID *loupe.ID
	Role    loupe.ProjectRole
}

// ProjectInput describes a new project.
type ProjectInput struct {
	Name        string
	Description string
	OntologyID  loupe.ID
	// OntologyVersion pins a version; 0 takes the latest.
	OntologyVersion int
	// Workflow is a graph; TemplateID names a template to start from instead.
	Workflow      json.RawMessage
	TemplateID    string
	DatasetIDs    []loupe.ID
	Collaborators []CollaboratorInput
	TagIDs        []loupe.ID
}

// ProjectView is a project as one principal sees it.
type ProjectView struct {
	loupe.Project
	// MyRole is the viewer's role in the project; workspace admins who have not joined see "".
	MyRole   loupe.ProjectRole
	Datasets []loupe.ProjectDataset
}

// populateInline is how many items a dataset may hold for its tasks to be made in the request
// that attaches it; a larger one is turned into tasks by a background job.
const populateInline = 2000

// projectAuth loads a project and the principal's role in it, and checks an action.
func projectAuth(ctx context.Context, tx *store.Tx, workspaceID, projectID loupe.ID, a access.Action, r access.Resource) (access.Principal, loupe.Project, loupe.ProjectRole, error) {
	p, err := principal(ctx, tx, workspaceID)
	if err != nil {
		return p, loupe.Project{}, "", err
	}
	pr, err := tx.Project(ctx, workspaceID, projectID)
	if err != nil {
		return p, pr, "", err
	}
	role, err := tx.ProjectRole(ctx, workspaceID, projectID, p.UserID)
	if err != nil {
		return p, pr, "", err
	}
	r.WorkspaceID, r.ProjectRole = workspaceID, role
	return p, pr, role, access.Check(p, a, r)
}

// writable refuses changes to an archived project.
func writable(p loupe.Project) error {
	if p.Status == loupe.ProjectArchived {
		return loupe.Errorf(loupe.Conflict, "the project is archived and read-only; restore it to completed first")
	}
	return nil
}

var tagColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// CreateProject creates a project with its datasets, ontology version, workflow, people and tags
// in one transaction; its creator becomes its admin. Attached datasets' items become tasks.
func (s *Service) CreateProject(ctx context.Context, workspaceID loupe.ID, in ProjectInput) (ProjectView, error) {
	var v loupe.Validation
	name := cleanName(&v, "name", in.Name)
	desc := cleanDescription(&v, "description", in.Description)
	if in.OntologyID == (loupe.ID{}) {
		v.Add("ontology_id", "is required: a project labels against one ontology")
	}
	if in.OntologyVersion < 0 {
		v.Add("ontology_version", "must be a version number, or 0 for the latest")
	}
	if (len(in.Workflow) == 0) == (in.TemplateID == "") {
		v.Add("workflow", "give either a workflow graph or a template_id")
	}
	seen := map[loupe.ID]bool{}
	for i, id := range in.DatasetIDs {
		if seen[id] {
			v.Add(fmt.Sprintf("dataset_ids[%d]", i), "is listed twice")
		}
		seen[id] = true
	}
	if err := v.Err(); err != nil {
		return ProjectView{}, err
	}
	now := s.clock()
	pr := loupe.Project{ID: loupe.NewID(), WorkspaceID: workspaceID, Name: name, Description: desc, Status: loupe.ProjectNotStarted,
		OntologyID: in.OntologyID, WorkflowRevision: 1, CreatedAt: now, UpdatedAt: now}
	var view ProjectView
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		p, err := authorize(ctx, tx, access.CreateProject, access.Resource{WorkspaceID: workspaceID})
		if err != nil {
			return err
		}
		pr.CreatedBy = p.UserID
		if !loupe.ProjectAdmin.HeldBy(p.Membership.Role, p.Membership.Type) {
			return loupe.Errorf(loupe.Forbidden, "a project's creator becomes its admin, which a %s member may not be", p.Membership.Type)
		}
		o, err := tx.Ontology(ctx, workspaceID, in.OntologyID)
		if loupe.IsCode(err, loupe.NotFound) {
			return loupe.InvalidField("ontology_id", "no such ontology in this workspace")
		}
		if err != nil {
			return err
		}
		if err := access.Check(p, access.ReadOntology, access.Resource{WorkspaceID: workspaceID, Owned: o.CreatedBy == p.UserID}); err != nil {
			return err
		}
		pr.OntologyVersion = in.OntologyVersion
		if pr.OntologyVersion == 0 {
			pr.OntologyVersion = o.Version
		} else if pr.OntologyVersion > o.Version {
			return loupe.InvalidField("ontology_version", "the ontology has versions 1 to %d", o.Version)
		}
		raw := in.Workflow
		if in.TemplateID != "" {
			if raw, err = templateGraph(ctx, tx, workspaceID, in.TemplateID); err != nil {
				return err
			}
		}
		g, canon, err := parseWorkflow("workflow", raw)
		if err != nil {
			return err
		}
		if err := checkAssignees(ctx, tx, workspaceID, "workflow", g); err != nil {
			return err
		}
		pr.Workflow = canon
		if err := tx.CreateProject(ctx, &pr); err != nil {
			return err
		}
		if err := tx.SetProjectTags(ctx, workspaceID, pr.ID, in.TagIDs); err != nil {
			return asField(err, "tag_ids")
		}
		if err := tx.SetCollaborator(ctx, workspaceID, pr.ID, &p.UserID, nil, loupe.ProjectAdmin, now); err != nil {
			return err
		}
		for i, c := range in.Collaborators {
			if err := s.addCollaborator(ctx, tx, p, loupe.ProjectAdmin, pr, c, fmt.Sprintf("collaborators[%d]", i)); err != nil {
				return err
			}
		}
		for i, id := range in.DatasetIDs {
			if err := s.attachDataset(ctx, tx, p, pr, id); err != nil {
				return asField(err, fmt.Sprintf("dataset_ids[%d]", i))
			}
		}
		if err := s.audit(ctx, tx, workspaceID, AuditEvent{Action: "project.created", TargetType: "project", TargetID: pr.ID.String(),
			Detail: map[string]any{"name": pr.Name, "ontology_id": pr.OntologyID, "ontology_version": pr.OntologyVersion, "datasets": len(in.DatasetIDs)}}); err != nil {
			return err
		}
		view, err = projectView(ctx, tx, workspaceID, pr.ID, loupe.ProjectAdmin)
		return err
	})
	return view, err
}

// asField turns a NotFound or Invalid about a referenced row into an Invalid naming the field
// that referenced it.
func asField(err error, field string) error {
	if le, ok := err.(*loupe.Error); ok && (le.Code == loupe.NotFound || (le.Code == loupe.Invalid && len(le.Fields) == 0)) {
		return loupe.InvalidField(field, "%s", le.Message)
	}
	return err
}

func projectView(ctx context.Context, tx *store.Tx, workspaceID, projectID loupe.ID, role loupe.ProjectRole) (ProjectView, error) {
	pr, err := tx.Project(ctx, workspaceID, projectID)
	if err != nil {
		return ProjectView{}, err
	}
	ds, err := tx.ProjectDatasets(ctx, workspaceID, projectID)
	return ProjectView{Project: pr, MyRole: role, Datasets: ds}, err
}

// addCollaborator gives someone a project role, applying the workforce rule to users who are
// not yet members of the workspace. granter is the role of whoever adds them.
func (s *Service) addCollaborator(ctx context.Context, tx *store.Tx, p access.Principal, granter loupe.ProjectRole, pr loupe.Project, c CollaboratorInput, field string) error {
	if !c.Role.Valid() {
		return loupe.InvalidField(joinField(field, "role"), "must be one of admin, team_manager, annotator, reviewer, annotator_reviewer")
	}
	if err := access.Check(p, access.ManageCollaborators, access.Resource{WorkspaceID: pr.WorkspaceID, ProjectRole: granter, GrantProjectRole: c.Role}); err != nil {
		return err
	}
	n := 0
	for _, set := range []bool{c.UserID != nil, c.Email != "", c.GroupID != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return loupe.InvalidField(joinField(field, "user_id"), "name exactly one of user_id, email and group_id")
	}
	now := s.clock()
	if c.GroupID != nil {
		if c.Role.Manages() {
			return loupe.InvalidField(joinField(field, "role"), "a group may annotate and review; give management roles to people")
		}
		if _, err := tx.Group(ctx, pr.WorkspaceID, *c.GroupID); err != nil {
			return asField(err, joinField(field, "group_id"))
		}
		return s.audited(ctx, tx, pr.WorkspaceID, tx.SetCollaborator(ctx, pr.WorkspaceID, pr.ID, nil, c.GroupID, c.Role, now), AuditEvent{
			Action: "project.collaborator_set", TargetType: "project", TargetID: pr.ID.String(), Detail: map[string]any{"group_id": c.GroupID, "role": c.Role}})
	}
	var userID loupe.ID
	if c.UserID != nil {
		userID = *c.UserID
	} else {
		u, err := tx.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(c.Email)))
		if loupe.IsCode(err, loupe.NotFound) {
			return loupe.InvalidField(joinField(field, "email"), "no account has this address; invite them to the workspace first")
		}
		if err != nil {
			return err
		}
		userID = u.ID
	}
	m, err := tx.Membership(ctx, pr.WorkspaceID, userID)
	if loupe.IsCode(err, loupe.NotFound) && c.Email != "" {
		m, err = s.JoinAsCollaborator(ctx, tx, pr.WorkspaceID, userID)
	}
	if loupe.IsCode(err, loupe.NotFound) {
		return loupe.InvalidField(joinField(field, "user_id"), "is not a member of this workspace")
	}
	if err != nil {
		return err
	}
	if !c.Role.HeldBy(m.Role, m.Type) {
		return loupe.InvalidField(joinField(field, "role"), "a %s %s may not be a project %s", m.Type, m.Role, c.Role)
	}
	return s.audited(ctx, tx, pr.WorkspaceID, tx.SetCollaborator(ctx, pr.WorkspaceID, pr.ID, &userID, nil, c.Role, now), AuditEvent{
		Action: "project.collaborator_set", TargetType: "project", TargetID: pr.ID.String(), Detail: map[string]any{"user_id": userID, "role": c.Role}})
}

// attachDataset attaches a dataset the principal may see and makes its items tasks: at once for a
// small dataset, by a background job for a large one.
func (s *Service) attachDataset(ctx context.Context, tx *store.Tx, p access.Principal, pr loupe.Project, datasetID loupe.ID) error {
	if err := tx.LockDataset(ctx, pr.WorkspaceID, datasetID, true); err != nil {
		return err
	}
	d, err := tx.Dataset(ctx, pr.WorkspaceID, datasetID)
	if err != nil {
		return err
	}
	role, err := tx.DatasetRole(ctx, pr.WorkspaceID, datasetID, p.UserID)
	if err != nil {
		return err
	}
	if err := access.Check(p, access.ReadDataset, access.Resource{WorkspaceID: pr.WorkspaceID, DatasetRole: role}); err != nil {
		return err
	}
	inline := d.ItemCount <= populateInline || s.queue == nil
	if err := s.audited(ctx, tx, pr.WorkspaceID, tx.AttachDataset(ctx, pr.WorkspaceID, pr.ID, datasetID, inline, s.clock()), AuditEvent{
		Action: "project.dataset_attached", TargetType: "project", TargetID: pr.ID.String(), Detail: map[string]any{"dataset_id": datasetID, "items": d.ItemCount}}); err != nil {
		return err
	}
	if !inline {
		return s.queue.EnqueuePopulate(ctx, tx, pr.WorkspaceID, pr.ID, datasetID)
	}
	for after := (loupe.ID{}); ; {
		done, last, err := s.populateBatch(ctx, tx, pr, datasetID, after)
		if err != nil || done {
			return err
		}
		after = last
	}
}

// populateBatch makes tasks of one page of a dataset's items after the cursor.
func (s *Service) populateBatch(ctx context.Context, tx *store.Tx, pr loupe.Project, datasetID, after loupe.ID) (done bool, last loupe.ID, err error) {
	items, next, err := tx.Items(ctx, pr.WorkspaceID, datasetID, store.ItemFilter{}, loupe.Page{After: after, Limit: loupe.MaxPageLimit})
	if err != nil {
		return false, after, err
	}
	if _, err := s.addTasks(ctx, tx, []loupe.Project{pr}, items); err != nil {
		return false, after, err
	}
	if next == nil {
		return true, after, nil
	}
	return false, *next, nil
}

// PopulateProject is the background job that turns a large attached dataset's items into tasks,
// a page per transaction; run again after a stop, it adds only what is missing.
func (s *Service) PopulateProject(ctx context.Context, workspaceID, projectID, datasetID loupe.ID) error {
	for after := (loupe.ID{}); ; {
		var done bool
		err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
			pr, err := tx.Project(ctx, workspaceID, projectID)
			if err != nil {
				return err
			}
			// Shared with uploads, exclusive to a detach: once detached, no page is added.
			if err := tx.LockDataset(ctx, workspaceID, datasetID, false); err != nil {
				return err
			}
			attached, err := tx.Attached(ctx, workspaceID, projectID, datasetID)
			if err != nil {
				return err
			}
			if !attached {
				return loupe.Errorf(loupe.NotFound, "the dataset is no longer attached")
			}
			if done, after, err = s.populateBatch(ctx, tx, pr, datasetID, after); err != nil || !done {
				return err
			}
			return tx.MarkPopulated(ctx, workspaceID, projectID, datasetID)
		})
		if loupe.IsCode(err, loupe.NotFound) {
			return nil // the project or the attachment went away meanwhile: nothing to do
		}
		if err != nil || done {
			return err
		}
	}
}

// addTasks makes each item a task of each project, entering the project's workflow at its start
// (routers decide from the task and the item's metadata). Items that are tasks already are skipped.
func (s *Service) addTasks(ctx context.Context, tx *store.Tx, projects []loupe.Project, items []loupe.DataItem) (int64, error) {
	if len(items) == 0 {
		return 0, nil
	}
	now := s.clock()
	var added int64
	for _, pr := range projects {
		var g workflow.Graph
		if err := json.Unmarshal(pr.Workflow, &g); err != nil {
			return added, loupe.Wrap(err, "decode workflow of project %s", pr.ID)
		}
		tasks := make([]loupe.Task, len(items))
		for i, it := range items {
			id := loupe.NewID()
			st, err := workflow.Enter(g, workflow.Facts{TaskID: id, Metadata: flatMetadata(it.Metadata)})
			if err != nil {
				return added, loupe.Wrap(err, "enter workflow of project %s", pr.ID)
			}
			tasks[i] = loupe.Task{ID: id, WorkspaceID: pr.WorkspaceID, ProjectID: pr.ID, DatasetID: it.DatasetID, ItemID: it.ID, Stage: st.ID,
				Status: loupe.TaskNew, Priority: loupe.DefaultTaskPriority, CreatedAt: now, UpdatedAt: now}
		}
		n, err := tx.AddTasks(ctx, tasks)
		if err != nil {
			return added, err
		}
		added += n
	}
	return added, nil
}

// tasksForNewItems makes newly registered items of a dataset tasks of every project it is attached to.
func (s *Service) tasksForNewItems(ctx context.Context, tx *store.Tx, workspaceID, datasetID loupe.ID, items []loupe.DataItem) error {
	if len(items) == 0 {
		return nil
	}
	if err := tx.LockDataset(ctx, workspaceID, datasetID, false); err != nil {
		return err
	}
	projects, err := tx.ProjectsOfDataset(ctx, workspaceID, datasetID)
	if err != nil || len(projects) == 0 {
		return err
	}
	_, err = s.addTasks(ctx, tx, projects, items)
	return err
}

// flatMetadata gives routers an item's top-level metadata as strings: strings as they are, other
// values as their JSON text ("3", "true").
func flatMetadata(raw json.RawMessage) map[string]string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		} else {
			out[k] = string(v)
		}
	}
	return out
}

// ProjectListFilter narrows a project list.
type ProjectListFilter = store.ProjectFilter

// Projects lists the projects the actor works on; workspace admins see them all.
func (s *Service) Projects(ctx context.Context, workspaceID loupe.ID, f ProjectListFilter, pg loupe.Page) ([]loupe.Project, *loupe.ID, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, nil, loupe.InvalidField("status", "must be one of not_started, in_progress, paused, completed, cancelled, archived")
	}
	var ps []loupe.Project
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		p, err := authorize(ctx, tx, access.ListProjects, access.Resource{WorkspaceID: workspaceID})
		if err != nil {
			return err
		}
		ps, next, err = tx.Projects(ctx, workspaceID, p.UserID, p.Membership.Role == loupe.RoleAdmin, f, pg)
		return err
	})
	return ps, next, err
}

// Project returns a project with its datasets and the actor's role in it.
func (s *Service) Project(ctx context.Context, workspaceID, id loupe.ID) (ProjectView, error) {
	var view ProjectView
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		_, _, role, err := projectAuth(ctx, tx, workspaceID, id, access.ReadProject, access.Resource{})
		if err != nil {
			return err
		}
		view, err = projectView(ctx, tx, workspaceID, id, role)
		return err
	})
	return view, err
}

// ProjectPatch changes a project's settings; nil fields stay.
type ProjectPatch struct {
	Name        *string
	Description *string
	TagIDs      *[]loupe.ID
}

// UpdateProject renames, describes or retags a project.
func (s *Service) UpdateProject(ctx context.Context, workspaceID, id loupe.ID, patch ProjectPatch) (ProjectView, error) {
	var view ProjectView
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		_, pr, role, err := projectAuth(ctx, tx, workspaceID, id, access.UpdateProject, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		var v loupe.Validation
		if patch.Name != nil {
			pr.Name = cleanName(&v, "name", *patch.Name)
		}
		if patch.Description != nil {
			pr.Description = cleanDescription(&v, "description", *patch.Description)
		}
		if err := v.Err(); err != nil {
			return err
		}
		pr.UpdatedAt = s.clock()
		if err := tx.UpdateProject(ctx, &pr); err != nil {
			return err
		}
		if patch.TagIDs != nil {
			if err := tx.SetProjectTags(ctx, workspaceID, id, *patch.TagIDs); err != nil {
				return asField(err, "tag_ids")
			}
		}
		view, err = projectView(ctx, tx, workspaceID, id, role)
		return err
	})
	return view, err
}

// SetProjectStatus moves a project along its life: a paused project hands out no tasks, an
// archived one is read-only.
func (s *Service) SetProjectStatus(ctx context.Context, workspaceID, id loupe.ID, status loupe.ProjectStatus) (ProjectView, error) {
	if !status.Valid() {
		return ProjectView{}, loupe.InvalidField("status", "must be one of not_started, in_progress, paused, completed, cancelled, archived")
	}
	var view ProjectView
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		_, pr, role, err := projectAuth(ctx, tx, workspaceID, id, access.UpdateProject, access.Resource{})
		if err != nil {
			return err
		}
		if pr.Status != status {
			if !pr.Status.CanBecome(status) {
				return loupe.InvalidField("status", "a %s project can become %s, not %s", pr.Status, joinStatuses(pr.Status.Next()), status)
			}
			from := pr.Status
			pr.Status, pr.UpdatedAt = status, s.clock()
			if err := s.audited(ctx, tx, workspaceID, tx.UpdateProject(ctx, &pr), AuditEvent{Action: "project.status_changed", TargetType: "project",
				TargetID: id.String(), Detail: map[string]any{"from": from, "to": status}}); err != nil {
				return err
			}
		}
		view, err = projectView(ctx, tx, workspaceID, id, role)
		return err
	})
	return view, err
}

func joinStatuses(ss []loupe.ProjectStatus) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, " or ")
}

// DeleteProject deletes a project and its tasks; its datasets and ontology stay.
func (s *Service) DeleteProject(ctx context.Context, workspaceID, id loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, _, _, err := projectAuth(ctx, tx, workspaceID, id, access.DeleteProject, access.Resource{}); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteProject(ctx, workspaceID, id), AuditEvent{Action: "project.deleted", TargetType: "project",
			TargetID: id.String()})
	})
}

// AttachDataset attaches one more dataset to a project.
func (s *Service) AttachDataset(ctx context.Context, workspaceID, id, datasetID loupe.ID) (ProjectView, error) {
	var view ProjectView
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		p, pr, role, err := projectAuth(ctx, tx, workspaceID, id, access.UpdateProject, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		if err := s.attachDataset(ctx, tx, p, pr, datasetID); err != nil {
			return err
		}
		view, err = projectView(ctx, tx, workspaceID, id, role)
		return err
	})
	return view, err
}

// DetachDataset detaches a dataset from a project, deleting the project's tasks of its items.
func (s *Service) DetachDataset(ctx context.Context, workspaceID, id, datasetID loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		_, pr, _, err := projectAuth(ctx, tx, workspaceID, id, access.UpdateProject, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		// Exclusive, so that no upload or population job adds a task of the dataset meanwhile.
		if err := tx.LockDataset(ctx, workspaceID, datasetID, true); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DetachDataset(ctx, workspaceID, id, datasetID), AuditEvent{Action: "project.dataset_detached",
			TargetType: "project", TargetID: id.String(), Detail: map[string]any{"dataset_id": datasetID}})
	})
}

// Collaborators lists who works on a project.
func (s *Service) Collaborators(ctx context.Context, workspaceID, id loupe.ID) ([]loupe.Collaborator, error) {
	var cs []loupe.Collaborator
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err := projectAuth(ctx, tx, workspaceID, id, access.ReadCollaborators, access.Resource{}); err != nil {
			return err
		}
		cs, err = tx.Collaborators(ctx, workspaceID, id)
		return err
	})
	return cs, err
}

// SetCollaborator gives a member, a user by email (the workforce rule applies), or a group a
// role in a project.
func (s *Service) SetCollaborator(ctx context.Context, workspaceID, id loupe.ID, c CollaboratorInput) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		p, pr, role, err := projectAuth(ctx, tx, workspaceID, id, access.ReadCollaborators, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		if err := s.replacing(ctx, tx, p, role, pr, c.UserID, c.GroupID); err != nil {
			return err
		}
		return s.addCollaborator(ctx, tx, p, role, pr, c, "")
	})
}

// replacing checks that the principal may change the role someone holds now: a team manager
// may not demote an admin by giving them a lesser role.
func (s *Service) replacing(ctx context.Context, tx *store.Tx, p access.Principal, role loupe.ProjectRole, pr loupe.Project, userID, groupID *loupe.ID) error {
	if userID == nil && groupID == nil {
		return nil
	}
	cs, err := tx.Collaborators(ctx, pr.WorkspaceID, pr.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if (userID != nil && c.User != nil && c.User.ID == *userID) || (groupID != nil && c.Group != nil && c.Group.ID == *groupID) {
			return access.Check(p, access.ManageCollaborators, access.Resource{WorkspaceID: pr.WorkspaceID, ProjectRole: role, GrantProjectRole: c.Role})
		}
	}
	return nil
}

// RemoveCollaborator takes a member's or a group's role in a project away. A project keeps an admin.
func (s *Service) RemoveCollaborator(ctx context.Context, workspaceID, id loupe.ID, userID, groupID *loupe.ID) error {
	if (userID == nil) == (groupID == nil) {
		return loupe.Errorf(loupe.Invalid, "name exactly one of user_id and group_id")
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		p, pr, role, err := projectAuth(ctx, tx, workspaceID, id, access.ReadCollaborators, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		cs, err := tx.Collaborators(ctx, workspaceID, id)
		if err != nil {
			return err
		}
		var target *loupe.Collaborator
		admins := 0
		for i, c := range cs {
			if c.User != nil && c.Role == loupe.ProjectAdmin {
				admins++
			}
			if (userID != nil && c.User != nil && c.User.ID == *userID) || (groupID != nil && c.Group != nil && c.Group.ID == *groupID) {
				target = &cs[i]
			}
		}
		grant := loupe.ProjectAnnotator
		if target != nil {
			grant = target.Role
		}
		if err := access.Check(p, access.ManageCollaborators, access.Resource{WorkspaceID: workspaceID, ProjectRole: role, GrantProjectRole: grant}); err != nil {
			return err
		}
		if target != nil && target.User != nil && target.Role == loupe.ProjectAdmin && admins == 1 {
			return loupe.Errorf(loupe.Conflict, "a project keeps at least one admin; make someone else its admin first")
		}
		return s.audited(ctx, tx, workspaceID, tx.RemoveCollaborator(ctx, workspaceID, id, userID, groupID), AuditEvent{
			Action: "project.collaborator_removed", TargetType: "project", TargetID: id.String(), Detail: map[string]any{"user_id": userID, "group_id": groupID}})
	})
}

// JoinProject makes a workspace admin an admin of a project they were not on, for oversight.
func (s *Service) JoinProject(ctx context.Context, workspaceID, id loupe.ID) (ProjectView, error) {
	var view ProjectView
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		p, pr, role, err := projectAuth(ctx, tx, workspaceID, id, access.JoinProject, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		if role != loupe.ProjectAdmin {
			if err := tx.SetCollaborator(ctx, workspaceID, id, &p.UserID, nil, loupe.ProjectAdmin, s.clock()); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, workspaceID, AuditEvent{Action: "project.joined_by_admin", TargetType: "project", TargetID: id.String(),
				Detail: map[string]any{"had_role": role}}); err != nil {
				return err
			}
		}
		view, err = projectView(ctx, tx, workspaceID, id, loupe.ProjectAdmin)
		return err
	})
	return view, err
}

// StageCounts counts a project's tasks by stage and status.
func (s *Service) StageCounts(ctx context.Context, workspaceID, id loupe.ID) ([]loupe.StageCount, error) {
	var cs []loupe.StageCount
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err := projectAuth(ctx, tx, workspaceID, id, access.ReadProjectTasks, access.Resource{}); err != nil {
			return err
		}
		cs, err = tx.StageCounts(ctx, workspaceID, id)
		return err
	})
	return cs, err
}

// WorkflowChange replaces a live project's workflow, moving waiting tasks by Mapping.
type WorkflowChange struct {
	Workflow json.RawMessage
	// Mapping names, for stages of the current workflow, the stage of the new one their tasks
	// move to; stages whose id the new workflow keeps map to themselves.
	Mapping map[string]string
	// Revision is the workflow revision the change was made from; an older one is a Conflict.
	Revision int
	DryRun   bool
}

// ChangeWorkflow plans, and unless DryRun applies, a new workflow for a project.
func (s *Service) ChangeWorkflow(ctx context.Context, workspaceID, id loupe.ID, c WorkflowChange) (workflow.Plan, error) {
	next, canon, err := parseWorkflow("workflow", c.Workflow)
	if err != nil {
		return workflow.Plan{}, err
	}
	var plan workflow.Plan
	run := func(tx *store.Tx) error {
		_, pr, _, err := projectAuth(ctx, tx, workspaceID, id, access.UpdateProject, access.Resource{})
		if err != nil {
			return err
		}
		if !c.DryRun {
			if pr, err = tx.LockProject(ctx, workspaceID, id); err != nil {
				return err
			}
		}
		if err := writable(pr); err != nil {
			return err
		}
		if c.Revision != pr.WorkflowRevision {
			return loupe.Errorf(loupe.Conflict, "the workflow changed meanwhile (it is at revision %d, you edited revision %d); reload it", pr.WorkflowRevision, c.Revision)
		}
		if err := checkAssignees(ctx, tx, workspaceID, "workflow", next); err != nil {
			return err
		}
		var current workflow.Graph
		if err := json.Unmarshal(pr.Workflow, &current); err != nil {
			return loupe.Wrap(err, "decode workflow of project %s", id)
		}
		counts, err := tx.StageCounts(ctx, workspaceID, id)
		if err != nil {
			return err
		}
		waiting := map[string]int{}
		for _, sc := range counts {
			waiting[sc.Stage] += int(sc.Count)
		}
		if plan, err = workflow.PlanMigration(current, next, waiting, c.Mapping); err != nil {
			return err
		}
		if c.DryRun {
			return nil
		}
		now := s.clock()
		for _, m := range plan.Moves {
			if m.From == m.To {
				continue
			}
			status := loupe.TaskNew
			if st, _ := next.Stage(m.To); st.Kind == workflow.Complete {
				status = loupe.TaskCompleted
			}
			if _, err := tx.MoveStageTasks(ctx, workspaceID, id, m.From, m.To, status, now); err != nil {
				return err
			}
		}
		pr.Workflow, pr.WorkflowRevision, pr.UpdatedAt = canon, pr.WorkflowRevision+1, now
		return s.audited(ctx, tx, workspaceID, tx.UpdateProject(ctx, &pr), AuditEvent{Action: "project.workflow_changed", TargetType: "project",
			TargetID: id.String(), Detail: map[string]any{"revision": pr.WorkflowRevision, "moves": plan.Moves}})
	}
	err = s.readOrWrite(ctx, c.DryRun, run)
	return plan, err
}

// OntologyMove reports what moving a project to another ontology version changes.
type OntologyMove struct {
	From, To int
	Changes  []ontology.Change
	// Breaking is set when labels made under the current version may not be valid under the new one.
	Breaking bool
	// Tasks is how many tasks the project holds; their labels are checked against the new
	// version when next submitted.
	Tasks int64
}

// MoveOntologyVersion reports, and unless dryRun applies, pinning a project to another version of its ontology.
func (s *Service) MoveOntologyVersion(ctx context.Context, workspaceID, id loupe.ID, version int, dryRun bool) (OntologyMove, error) {
	var mv OntologyMove
	run := func(tx *store.Tx) error {
		_, pr, _, err := projectAuth(ctx, tx, workspaceID, id, access.UpdateProject, access.Resource{})
		if err != nil {
			return err
		}
		if err := writable(pr); err != nil {
			return err
		}
		from, err := tx.OntologyVersion(ctx, workspaceID, pr.OntologyID, pr.OntologyVersion)
		if err != nil {
			return err
		}
		to, err := tx.OntologyVersion(ctx, workspaceID, pr.OntologyID, version)
		if loupe.IsCode(err, loupe.NotFound) {
			return loupe.InvalidField("version", "the ontology has no version %d", version)
		}
		if err != nil {
			return err
		}
		a, err := ontology.Parse(from.Schema)
		if err != nil {
			return loupe.Wrap(err, "stored ontology version does not parse")
		}
		b, err := ontology.Parse(to.Schema)
		if err != nil {
			return loupe.Wrap(err, "stored ontology version does not parse")
		}
		mv = OntologyMove{From: pr.OntologyVersion, To: version, Changes: ontology.Diff(a, b), Tasks: pr.TaskCount}
		mv.Breaking = ontology.Breaking(mv.Changes)
		if mv.Changes == nil {
			mv.Changes = []ontology.Change{}
		}
		if dryRun || version == pr.OntologyVersion {
			return nil
		}
		pr.OntologyVersion, pr.UpdatedAt = version, s.clock()
		return s.audited(ctx, tx, workspaceID, tx.UpdateProject(ctx, &pr), AuditEvent{Action: "project.ontology_moved", TargetType: "project",
			TargetID: id.String(), Detail: map[string]any{"from": mv.From, "to": mv.To, "breaking": mv.Breaking}})
	}
	err := s.readOrWrite(ctx, dryRun, run)
	return mv, err
}

// Tags lists a workspace's tags.
func (s *Service) Tags(ctx context.Context, workspaceID loupe.ID) ([]loupe.Tag, error) {
	var ts []loupe.Tag
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListTags, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		ts, err = tx.Tags(ctx, workspaceID)
		return err
	})
	return ts, err
}

func cleanTag(v *loupe.Validation, name, color string) (string, string) {
	n := cleanName(v, "name", name)
	if color == "" {
		color = "#64748b"
	}
	if !tagColor.MatchString(color) {
		v.Add("color", "must be a colour like #1d4ed8")
	}
	return n, strings.ToLower(color)
}

// CreateTag defines a tag for projects.
func (s *Service) CreateTag(ctx context.Context, workspaceID loupe.ID, name, color string) (loupe.Tag, error) {
	var v loupe.Validation
	n, c := cleanTag(&v, name, color)
	if err := v.Err(); err != nil {
		return loupe.Tag{}, err
	}
	g := loupe.Tag{ID: loupe.NewID(), WorkspaceID: workspaceID, Name: n, Color: c, CreatedAt: s.clock()}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ManageTags, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return tx.CreateTag(ctx, &g)
	})
	return g, err
}

// UpdateTag renames or recolours a tag; nil fields stay.
func (s *Service) UpdateTag(ctx context.Context, workspaceID, id loupe.ID, name, color *string) (loupe.Tag, error) {
	var g loupe.Tag
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ManageTags, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		if g, err = tx.Tag(ctx, workspaceID, id); err != nil {
			return err
		}
		n, c := g.Name, g.Color
		if name != nil {
			n = *name
		}
		if color != nil {
			c = *color
		}
		var v loupe.Validation
		g.Name, g.Color = cleanTag(&v, n, c)
		if err := v.Err(); err != nil {
			return err
		}
		return tx.UpdateTag(ctx, &g)
	})
	return g, err
}

// DeleteTag deletes a tag and takes it off every project.
func (s *Service) DeleteTag(ctx context.Context, workspaceID, id loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ManageTags, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return tx.DeleteTag(ctx, workspaceID, id)
	})
}
