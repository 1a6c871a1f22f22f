package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// --- workflow templates ---

func scanTemplate(s scanner) (w loupe.WorkflowTemplate, err error) {
	var graph string
	err = s.Scan(&w.ID, &w.WorkspaceID, &w.Name, &w.Description, &graph, &w.CreatedBy, utc{&w.CreatedAt})
	w.Graph = json.RawMessage(graph)
	return w, err
}

const templateColumns = `w.id, w.workspace_id, w.name, w.description, w.graph, w.created_by, w.created_at`

// CreateWorkflowTemplate inserts w.
func (t *Tx) CreateWorkflowTemplate(ctx context.Context, w *loupe.WorkflowTemplate) error {
	_, err := t.exec(ctx, `INSERT INTO workflow_templates (id, workspace_id, name, description, graph, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		w.ID, w.WorkspaceID, w.Name, w.Description, string(w.Graph), w.CreatedBy, w.CreatedAt)
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "name: a workflow template with this name already exists",
			Fields: []loupe.FieldError{{Field: "name", Message: "a workflow template with this name already exists"}}}
	}
	return loupe.Wrap(err, "insert workflow template")
}

// WorkflowTemplate returns one of a workspace's templates.
func (t *Tx) WorkflowTemplate(ctx context.Context, workspaceID, id loupe.ID) (loupe.WorkflowTemplate, error) {
	w, err := scanTemplate(t.queryRow(ctx, `SELECT `+templateColumns+` FROM workflow_templates w WHERE w.workspace_id = $1 AND w.id = $2`, workspaceID, id))
	return one(w, err, "workflow template not found")
}

// WorkflowTemplates lists a workspace's own templates by name.
func (t *Tx) WorkflowTemplates(ctx context.Context, workspaceID loupe.ID) ([]loupe.WorkflowTemplate, error) {
	ws, err := list(ctx, t, scanTemplate, `SELECT `+templateColumns+` FROM workflow_templates w WHERE w.workspace_id = $1 ORDER BY lower(w.name)`, workspaceID)
	return ws, loupe.Wrap(err, "list workflow templates")
}

// DeleteWorkflowTemplate deletes a template; projects started from it keep their own copy.
func (t *Tx) DeleteWorkflowTemplate(ctx context.Context, workspaceID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "workflow template not found", `DELETE FROM workflow_templates WHERE workspace_id = $1 AND id = $2`, workspaceID, id),
		"delete workflow template")
}

// --- tags ---

func scanTag(s scanner) (g loupe.Tag, err error) {
	return g, s.Scan(&g.ID, &g.WorkspaceID, &g.Name, &g.Color, utc{&g.CreatedAt})
}

func tagNameTaken(err error) error {
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "name: a tag with this name already exists",
			Fields: []loupe.FieldError{{Field: "name", Message: "a tag with this name already exists"}}}
	}
	return nil
}

// CreateTag inserts g.
func (t *Tx) CreateTag(ctx context.Context, g *loupe.Tag) error {
	_, err := t.exec(ctx, `INSERT INTO tags (id, workspace_id, name, color, created_at) VALUES ($1, $2, $3, $4, $5)`, g.ID, g.WorkspaceID, g.Name, g.Color, g.CreatedAt)
	if e := tagNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "insert tag")
}

// Tag returns one of a workspace's tags.
func (t *Tx) Tag(ctx context.Context, workspaceID, id loupe.ID) (loupe.Tag, error) {
	g, err := scanTag(t.queryRow(ctx, `SELECT id, workspace_id, name, color, created_at FROM tags WHERE workspace_id = $1 AND id = $2`, workspaceID, id))
	return one(g, err, "tag not found")
}

// Tags lists a workspace's tags by name.
func (t *Tx) Tags(ctx context.Context, workspaceID loupe.ID) ([]loupe.Tag, error) {
	gs, err := list(ctx, t, scanTag, `SELECT id, workspace_id, name, color, created_at FROM tags WHERE workspace_id = $1 ORDER BY lower(name)`, workspaceID)
	return gs, loupe.Wrap(err, "list tags")
}

// UpdateTag saves g's name and color.
func (t *Tx) UpdateTag(ctx context.Context, g *loupe.Tag) error {
	err := t.execOne(ctx, "tag not found", `UPDATE tags SET name = $3, color = $4 WHERE workspace_id = $1 AND id = $2`, g.WorkspaceID, g.ID, g.Name, g.Color)
	if e := tagNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "update tag")
}

// DeleteTag deletes a tag and takes it off every project.
func (t *Tx) DeleteTag(ctx context.Context, workspaceID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "tag not found", `DELETE FROM tags WHERE workspace_id = $1 AND id = $2`, workspaceID, id), "delete tag")
}

// --- projects ---

const projectColumns = `p.id, p.workspace_id, p.name, p.description, p.status, p.ontology_id, p.ontology_version, p.workflow, p.workflow_revision,
	p.created_by, p.created_at, p.updated_at, (SELECT COUNT(*) FROM tasks k WHERE k.workspace_id = p.workspace_id AND k.project_id = p.id)`

func scanProject(s scanner) (p loupe.Project, err error) {
	var workflow string
	err = s.Scan(&p.ID, &p.WorkspaceID, &p.Name, &p.Description, &p.Status, &p.OntologyID, &p.OntologyVersion, &workflow, &p.WorkflowRevision,
		&p.CreatedBy, utc{&p.CreatedAt}, utc{&p.UpdatedAt}, &p.TaskCount)
	p.Workflow = json.RawMessage(workflow)
	p.Tags = []loupe.Tag{}
	return p, err
}

func projectNameTaken(err error) error {
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "name: a project with this name already exists",
			Fields: []loupe.FieldError{{Field: "name", Message: "a project with this name already exists"}}}
	}
	return nil
}

// CreateProject inserts p; its tags, datasets and collaborators are added apart.
func (t *Tx) CreateProject(ctx context.Context, p *loupe.Project) error {
	_, err := t.exec(ctx, `INSERT INTO projects (id, workspace_id, name, description, status, ontology_id, ontology_version, workflow, workflow_revision,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		p.ID, p.WorkspaceID, p.Name, p.Description, p.Status, p.OntologyID, p.OntologyVersion, string(p.Workflow), p.WorkflowRevision,
		p.CreatedBy, p.CreatedAt, p.UpdatedAt)
	if e := projectNameTaken(err); e != nil {
		return e
	}
	if isViolation(err, foreignKeyViolation) {
		return loupe.InvalidField("ontology_version", "no such version of the ontology")
	}
	return loupe.Wrap(err, "insert project")
}

// Project returns one of a workspace's projects with its tags.
func (t *Tx) Project(ctx context.Context, workspaceID, id loupe.ID) (loupe.Project, error) {
	p, err := scanProject(t.queryRow(ctx, `SELECT `+projectColumns+` FROM projects p WHERE p.workspace_id = $1 AND p.id = $2`, workspaceID, id))
	if p, err = one(p, err, "project not found"); err != nil {
		return p, err
	}
	err = t.withTags(ctx, workspaceID, []*loupe.Project{&p})
	return p, err
}

// LockProject reads a project under its row lock, for changes decided from what it holds.
func (t *Tx) LockProject(ctx context.Context, workspaceID, id loupe.ID) (loupe.Project, error) {
	p, err := scanProject(t.queryRow(ctx, `SELECT `+projectColumns+` FROM projects p WHERE p.workspace_id = $1 AND p.id = $2`+t.d.forUpdate(), workspaceID, id))
	if p, err = one(p, err, "project not found"); err != nil {
		return p, err
	}
	err = t.withTags(ctx, workspaceID, []*loupe.Project{&p})
	return p, err
}

func (t *Tx) withTags(ctx context.Context, workspaceID loupe.ID, ps []*loupe.Project) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[loupe.ID]*loupe.Project, len(ps))
	args := []any{workspaceID}
	marks := make([]string, 0, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
		args = append(args, p.ID)
		marks = append(marks, "$"+strconv.Itoa(len(args)))
	}
	type row struct {
		project loupe.ID
		tag     loupe.Tag
	}
	rows, err := list(ctx, t, func(s scanner) (r row, err error) {
		return r, s.Scan(&r.project, &r.tag.ID, &r.tag.WorkspaceID, &r.tag.Name, &r.tag.Color, utc{&r.tag.CreatedAt})
	}, `SELECT pt.project_id, g.id, g.workspace_id, g.name, g.color, g.created_at FROM project_tags pt
		JOIN tags g ON g.workspace_id = pt.workspace_id AND g.id = pt.tag_id
		WHERE pt.workspace_id = $1 AND pt.project_id IN (`+strings.Join(marks, ", ")+`) ORDER BY lower(g.name)`, args...)
	if err != nil {
		return loupe.Wrap(err, "read project tags")
	}
	for _, r := range rows {
		p := byID[r.project]
		p.Tags = append(p.Tags, r.tag)
	}
	return nil
}

// ProjectFilter narrows a project list.
type ProjectFilter struct {
	Status loupe.ProjectStatus
	TagID  *loupe.ID
}

// Projects lists the projects of a workspace a user may see: all of them when all is set (a
// workspace admin), otherwise those the user works on, directly or through a group.
func (t *Tx) Projects(ctx context.Context, workspaceID, userID loupe.ID, all bool, f ProjectFilter, p loupe.Page) ([]loupe.Project, *loupe.ID, error) {
	q := `SELECT ` + projectColumns + ` FROM projects p WHERE p.workspace_id = $1 AND p.id > $2 AND ($3 OR EXISTS (
		SELECT 1 FROM project_members m WHERE m.workspace_id = $1 AND m.project_id = p.id AND (m.user_id = $4 OR m.group_id IN (
			SELECT gm.group_id FROM group_members gm WHERE gm.workspace_id = $1 AND gm.user_id = $4))))`
	args := []any{workspaceID, p.After, all, userID}
	if f.Status != "" {
		args = append(args, f.Status)
		q += ` AND p.status = $` + strconv.Itoa(len(args))
	}
	if f.TagID != nil {
		args = append(args, *f.TagID)
		q += ` AND EXISTS (SELECT 1 FROM project_tags pt WHERE pt.workspace_id = $1 AND pt.project_id = p.id AND pt.tag_id = $` + strconv.Itoa(len(args)) + `)`
	}
	args = append(args, pageLimit(p))
	q += ` ORDER BY p.id LIMIT $` + strconv.Itoa(len(args))
	ps, err := list(ctx, t, scanProject, q, args...)
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list projects")
	}
	ps, next := trimPage(ps, p, func(p loupe.Project) loupe.ID { return p.ID })
	ptrs := make([]*loupe.Project, len(ps))
	for i := range ps {
		ptrs[i] = &ps[i]
	}
	return ps, next, t.withTags(ctx, workspaceID, ptrs)
}

// UpdateProject saves p's name, description, status, ontology version and workflow.
func (t *Tx) UpdateProject(ctx context.Context, p *loupe.Project) error {
	err := t.execOne(ctx, "project not found", `UPDATE projects SET name = $3, description = $4, status = $5, ontology_version = $6,
		workflow = $7, workflow_revision = $8, updated_at = $9 WHERE workspace_id = $1 AND id = $2`,
		p.WorkspaceID, p.ID, p.Name, p.Description, p.Status, p.OntologyVersion, string(p.Workflow), p.WorkflowRevision, p.UpdatedAt)
	if e := projectNameTaken(err); e != nil {
		return e
	}
	if isViolation(err, foreignKeyViolation) {
		return loupe.InvalidField("version", "no such version of the ontology")
	}
	return loupe.Wrap(err, "update project")
}

// DeleteProject deletes a project with its tasks; its datasets stay.
func (t *Tx) DeleteProject(ctx context.Context, workspaceID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "project not found", `DELETE FROM projects WHERE workspace_id = $1 AND id = $2`, workspaceID, id), "delete project")
}

// SetProjectTags replaces a project's tags; an id that is not a tag of the workspace is NotFound.
func (t *Tx) SetProjectTags(ctx context.Context, workspaceID, projectID loupe.ID, tagIDs []loupe.ID) error {
	if _, err := t.exec(ctx, `DELETE FROM project_tags WHERE workspace_id = $1 AND project_id = $2`, workspaceID, projectID); err != nil {
		return loupe.Wrap(err, "clear project tags")
	}
	for _, id := range tagIDs {
		_, err := t.exec(ctx, `INSERT INTO project_tags (workspace_id, project_id, tag_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, workspaceID, projectID, id)
		if isViolation(err, foreignKeyViolation) {
			return loupe.Errorf(loupe.NotFound, "tag %s not found", id)
		}
		if err != nil {
			return loupe.Wrap(err, "add project tag")
		}
	}
	return nil
}

// ProjectRole returns what a user's grants on a project amount to, directly and through groups;
// "" when none.
func (t *Tx) ProjectRole(ctx context.Context, workspaceID, projectID, userID loupe.ID) (loupe.ProjectRole, error) {
	roles, err := list(ctx, t, func(s scanner) (r loupe.ProjectRole, err error) { return r, s.Scan(&r) },
		`SELECT m.role FROM project_members m WHERE m.workspace_id = $1 AND m.project_id = $2 AND (m.user_id = $3 OR m.group_id IN (
			SELECT gm.group_id FROM group_members gm WHERE gm.workspace_id = $1 AND gm.user_id = $3))`, workspaceID, projectID, userID)
	var r loupe.ProjectRole
	for _, x := range roles {
		r = r.Combine(x)
	}
	return r, loupe.Wrap(err, "read project role")
}

// SetCollaborator gives a member or a group (exactly one non-nil) a role in a project, replacing
// what they had.
func (t *Tx) SetCollaborator(ctx context.Context, workspaceID, projectID loupe.ID, userID, groupID *loupe.ID, role loupe.ProjectRole, at time.Time) error {
	if err := t.RemoveCollaborator(ctx, workspaceID, projectID, userID, groupID); err != nil && !loupe.IsCode(err, loupe.NotFound) {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO project_members (workspace_id, project_id, user_id, group_id, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		workspaceID, projectID, userID, groupID, role, at)
	if isViolation(err, foreignKeyViolation) {
		return loupe.Errorf(loupe.NotFound, "the user or group is not in this workspace")
	}
	return loupe.Wrap(err, "insert collaborator")
}

// RemoveCollaborator takes a member's or a group's role in a project away.
func (t *Tx) RemoveCollaborator(ctx context.Context, workspaceID, projectID loupe.ID, userID, groupID *loupe.ID) error {
	if userID != nil {
		return loupe.Wrap(t.execOne(ctx, "collaborator not found", `DELETE FROM project_members WHERE workspace_id = $1 AND project_id = $2 AND user_id = $3`,
			workspaceID, projectID, *userID), "remove collaborator")
	}
	return loupe.Wrap(t.execOne(ctx, "collaborator not found", `DELETE FROM project_members WHERE workspace_id = $1 AND project_id = $2 AND group_id = $3`,
		workspaceID, projectID, *groupID), "remove collaborator")
}

// Collaborators lists who works on a project.
func (t *Tx) Collaborators(ctx context.Context, workspaceID, projectID loupe.ID) ([]loupe.Collaborator, error) {
	cs, err := list(ctx, t, func(s scanner) (c loupe.Collaborator, err error) {
		var who grantee
		if err = s.Scan(&c.ProjectID, &c.Role, utc{&c.CreatedAt}, &who.uid, &who.email, &who.name, &who.gid, &who.group); err != nil {
			return c, err
		}
		c.User, c.Group, err = who.resolve(workspaceID)
		return c, err
	}, `SELECT m.project_id, m.role, m.created_at, u.id, u.email, u.name, g.id, g.name
		FROM project_members m LEFT JOIN users u ON u.id = m.user_id LEFT JOIN user_groups g ON g.id = m.group_id
		WHERE m.workspace_id = $1 AND m.project_id = $2 ORDER BY m.created_at, m.role`, workspaceID, projectID)
	return cs, loupe.Wrap(err, "list collaborators")
}

// AttachDataset attaches a dataset to a project; attaching it twice is a Conflict.
func (t *Tx) AttachDataset(ctx context.Context, workspaceID, projectID, datasetID loupe.ID, populated bool, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO project_datasets (workspace_id, project_id, dataset_id, populated, added_at) VALUES ($1, $2, $3, $4, $5)`,
		workspaceID, projectID, datasetID, populated, at)
	if isViolation(err, uniqueViolation) {
		return loupe.Errorf(loupe.Conflict, "the dataset is attached to this project already")
	}
	return loupe.Wrap(err, "attach dataset")
}

// MarkPopulated records that every item of an attached dataset has its task.
func (t *Tx) MarkPopulated(ctx context.Context, workspaceID, projectID, datasetID loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "the dataset is not attached to this project", `UPDATE project_datasets SET populated = $4
		WHERE workspace_id = $1 AND project_id = $2 AND dataset_id = $3`, workspaceID, projectID, datasetID, true), "mark populated")
}

// Attached reports whether a dataset is attached to a project.
func (t *Tx) Attached(ctx context.Context, workspaceID, projectID, datasetID loupe.ID) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM project_datasets WHERE workspace_id = $1 AND project_id = $2 AND dataset_id = $3`,
		workspaceID, projectID, datasetID).Scan(&n)
	return n > 0, loupe.Wrap(err, "read attachment")
}

// DetachDataset detaches a dataset from a project and deletes the project's tasks of its items.
func (t *Tx) DetachDataset(ctx context.Context, workspaceID, projectID, datasetID loupe.ID) error {
	if _, err := t.exec(ctx, `DELETE FROM tasks WHERE workspace_id = $1 AND project_id = $2 AND dataset_id = $3`, workspaceID, projectID, datasetID); err != nil {
		return loupe.Wrap(err, "delete tasks of dataset")
	}
	return loupe.Wrap(t.execOne(ctx, "the dataset is not attached to this project", `DELETE FROM project_datasets WHERE workspace_id = $1 AND project_id = $2 AND dataset_id = $3`,
		workspaceID, projectID, datasetID), "detach dataset")
}

// ProjectDatasets lists the datasets attached to a project with their item and task counts.
func (t *Tx) ProjectDatasets(ctx context.Context, workspaceID, projectID loupe.ID) ([]loupe.ProjectDataset, error) {
	ds, err := list(ctx, t, func(s scanner) (d loupe.ProjectDataset, err error) {
		return d, s.Scan(&d.ProjectID, &d.DatasetID, &d.DatasetName, &d.Populated, utc{&d.AddedAt}, &d.ItemCount, &d.TaskCount)
	}, `SELECT pd.project_id, pd.dataset_id, d.name, pd.populated, pd.added_at,
		(SELECT COUNT(*) FROM data_items i WHERE i.workspace_id = pd.workspace_id AND i.dataset_id = pd.dataset_id),
		(SELECT COUNT(*) FROM tasks k WHERE k.workspace_id = pd.workspace_id AND k.project_id = pd.project_id AND k.dataset_id = pd.dataset_id)
		FROM project_datasets pd JOIN datasets d ON d.id = pd.dataset_id
		WHERE pd.workspace_id = $1 AND pd.project_id = $2 ORDER BY pd.added_at, d.name`, workspaceID, projectID)
	return ds, loupe.Wrap(err, "list project datasets")
}

// LockDataset takes a dataset's row lock: exclusive to attach it to a project, shared to add items
// to it. Whichever commits first, the other then sees it, so no item misses its task: an
// attachment reads the items committed before it, an item's transaction the attachments.
func (t *Tx) LockDataset(ctx context.Context, workspaceID, id loupe.ID, exclusive bool) error {
	lock := t.d.forShare()
	if exclusive {
		lock = t.d.forUpdate()
	}
	var got loupe.ID
	err := t.queryRow(ctx, `SELECT id FROM datasets WHERE workspace_id = $1 AND id = $2`+lock, workspaceID, id).Scan(&got)
	_, err = one(got, err, "dataset not found")
	return loupe.Wrap(err, "lock dataset")
}

// ProjectsOfDataset lists the projects a dataset is attached to, whose tasks its new items become.
func (t *Tx) ProjectsOfDataset(ctx context.Context, workspaceID, datasetID loupe.ID) ([]loupe.Project, error) {
	ps, err := list(ctx, t, scanProject, `SELECT `+projectColumns+` FROM projects p WHERE p.workspace_id = $1 AND p.id IN (
		SELECT pd.project_id FROM project_datasets pd WHERE pd.workspace_id = $1 AND pd.dataset_id = $2) ORDER BY p.id`, workspaceID, datasetID)
	return ps, loupe.Wrap(err, "list projects of dataset")
}

// --- tasks ---

const insertTask = `INSERT INTO tasks (id, workspace_id, project_id, dataset_id, item_id, stage, status, priority, attempts, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (workspace_id, project_id, item_id) DO NOTHING`

func taskArgs(k *loupe.Task) []any {
	return []any{k.ID, k.WorkspaceID, k.ProjectID, k.DatasetID, k.ItemID, k.Stage, k.Status, k.Priority, k.Attempts, k.CreatedAt, k.UpdatedAt}
}

// AddTasks inserts tasks, skipping items that are tasks of their project already, and reports how
// many it inserted: turning a dataset into tasks twice adds nothing.
func (t *Tx) AddTasks(ctx context.Context, tasks []loupe.Task) (int64, error) {
	if len(tasks) == 0 {
		return 0, nil
	}
	if t.d == sqliteDialect {
		stmt, err := t.tx.PrepareContext(ctx, t.d.rebind(insertTask))
		if err != nil {
			return 0, loupe.Wrap(err, "prepare task insert")
		}
		defer stmt.Close()
		var added int64
		for i := range tasks {
			res, err := stmt.ExecContext(ctx, taskArgs(&tasks[i])...)
			if err != nil {
				return added, loupe.Wrap(err, "insert task")
			}
			n, err := res.RowsAffected()
			if err != nil {
				return added, loupe.Wrap(err, "rows affected")
			}
			added += n
		}
		return added, nil
	}
	// PostgreSQL: one statement per batch, since every statement is a round trip.
	const cols = 11
	var q strings.Builder
	q.WriteString(`INSERT INTO tasks (id, workspace_id, project_id, dataset_id, item_id, stage, status, priority, attempts, created_at, updated_at) VALUES `)
	args := make([]any, 0, len(tasks)*cols)
	for i := range tasks {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteByte('(')
		for c := range cols {
			if c > 0 {
				q.WriteByte(',')
			}
			q.WriteString("$" + strconv.Itoa(i*cols+c+1))
		}
		q.WriteByte(')')
		args = append(args, taskArgs(&tasks[i])...)
	}
	q.WriteString(` ON CONFLICT (workspace_id, project_id, item_id) DO NOTHING`)
	res, err := t.tx.ExecContext(ctx, q.String(), args...)
	if err != nil {
		return 0, loupe.Wrap(err, "insert tasks")
	}
	n, err := res.RowsAffected()
	return n, loupe.Wrap(err, "rows affected")
}

// StageCounts counts a project's tasks by stage and status.
func (t *Tx) StageCounts(ctx context.Context, workspaceID, projectID loupe.ID) ([]loupe.StageCount, error) {
	cs, err := list(ctx, t, func(s scanner) (c loupe.StageCount, err error) { return c, s.Scan(&c.Stage, &c.Status, &c.Count) },
		`SELECT stage, status, COUNT(*) FROM tasks WHERE workspace_id = $1 AND project_id = $2 GROUP BY stage, status ORDER BY stage, status`,
		workspaceID, projectID)
	return cs, loupe.Wrap(err, "count tasks by stage")
}

// MoveStageTasks moves every task of a project waiting in stage from to stage to, as a workflow
// change does, and reports how many moved. Moved tasks start afresh in their new stage.
func (t *Tx) MoveStageTasks(ctx context.Context, workspaceID, projectID loupe.ID, from, to string, status loupe.TaskStatus, at time.Time) (int64, error) {
	res, err := t.exec(ctx, `UPDATE tasks SET stage = $4, status = $5, assignee_id = NULL, updated_at = $6
		WHERE workspace_id = $1 AND project_id = $2 AND stage = $3`, workspaceID, projectID, from, to, status, at)
	if err != nil {
		return 0, loupe.Wrap(err, "move tasks")
	}
	n, err := res.RowsAffected()
	return n, loupe.Wrap(err, "rows affected")
}

// ProjectTasks lists a project's tasks in order of creation, for tests and small views; the
// queue's filtered, prioritized listing is its own query.
func (t *Tx) ProjectTasks(ctx context.Context, workspaceID, projectID loupe.ID, p loupe.Page) ([]loupe.Task, *loupe.ID, error) {
	ks, err := list(ctx, t, scanTask, `SELECT `+taskColumns+` FROM tasks k WHERE k.workspace_id = $1 AND k.project_id = $2 AND k.id > $3 ORDER BY k.id LIMIT $4`,
		workspaceID, projectID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list tasks")
	}
	ks, next := trimPage(ks, p, func(k loupe.Task) loupe.ID { return k.ID })
	return ks, next, nil
}
