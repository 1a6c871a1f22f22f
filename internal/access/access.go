// Package access is Loupe's one authorization policy: given who acts, what they want to do and on
// what, it decides. It is pure: callers load the facts, the policy only reads them.
package access

import (
	"github.com/loupehq/loupe/internal/loupe"
)

// Action is something a principal may want to do.
type Action string

const (
	ReadWorkspace   Action = "workspace.read"
	UpdateWorkspace Action = "workspace.update"

	ListMembers  Action = "member.list"
	UpdateMember Action = "member.update"
	RemoveMember Action = "member.remove"

	ListInvitations  Action = "invitation.list"
	CreateInvitation Action = "invitation.create"
	RevokeInvitation Action = "invitation.revoke"

	ListGroups         Action = "group.list"
	ReadGroup          Action = "group.read"
	CreateGroup        Action = "group.create"
	UpdateGroup        Action = "group.update"
	DeleteGroup        Action = "group.delete"
	ManageGroupMembers Action = "group.members.manage"

	ListIntegrations  Action = "integration.list"
	ManageIntegration Action = "integration.manage"

	CreateDataset       Action = "dataset.create"
	ListDatasets        Action = "dataset.list"
	ReadDataset         Action = "dataset.read"
	UpdateDataset       Action = "dataset.update"
	DeleteDataset       Action = "dataset.delete"
	ManageDatasetAccess Action = "dataset.access.manage"
	WriteItems          Action = "dataset.items.write"

	ListOntologies Action = "ontology.list"
	ReadOntology   Action = "ontology.read"
	CreateOntology Action = "ontology.create"
	// UpdateOntology edits, renames and deletes an ontology: its creator's and admins' to do.
	UpdateOntology Action = "ontology.update"

	ListWorkflowTemplates  Action = "workflow_template.list"
	CreateWorkflowTemplate Action = "workflow_template.create"
	DeleteWorkflowTemplate Action = "workflow_template.delete"

	ListTags   Action = "tag.list"
	ManageTags Action = "tag.manage"

	CreateProject Action = "project.create"
	ListProjects  Action = "project.list"
	ReadProject   Action = "project.read"
	// UpdateProject changes a project's settings: name, status, tags, datasets, ontology version, workflow.
	UpdateProject Action = "project.update"
	DeleteProject Action = "project.delete"
	// ManageCollaborators adds and removes the project's people; team managers may only bring in
	// annotators and reviewers.
	ManageCollaborators Action = "project.collaborators.manage"
	ReadCollaborators   Action = "project.collaborators.read"
	// JoinProject lets a workspace admin make themselves a project's admin, for oversight.
	JoinProject Action = "project.join"
	// ReadProjectTasks shows where a project's tasks stand, which managers follow.
	ReadProjectTasks Action = "project.tasks.read"

	// ReadAudit browses, exports and anchors a workspace's audit log.
	ReadAudit Action = "audit.read"
)

// Actions on the principal's own account, decided without any workspace. They are actions all the
// same, so that a credential narrower than its user (an API key's scope) can be refused them.
const (
	UseOwnAccount   Action = "account.use" // read and change one's own account and sessions
	CreateWorkspace Action = "workspace.create"
)

var accountActions = map[Action]bool{UseOwnAccount: true, CreateWorkspace: true}

// CheckAccount returns nil when p may do an action on their own account. Every signed-in user may.
func CheckAccount(p Principal, a Action) error {
	switch {
	case p.UserID == (loupe.ID{}):
		return loupe.Errorf(loupe.Unauthenticated, "sign in to continue")
	case !accountActions[a]:
		return loupe.Errorf(loupe.Forbidden, "unknown action %q", a)
	}
	return nil
}

// Principal is the acting user as the policy sees them in one workspace.
type Principal struct {
	UserID loupe.ID
	// Membership is the principal's membership in the resource's workspace; nil when they have none.
	Membership *loupe.Membership
}

// Resource is what an action is done to.
type Resource struct {
	WorkspaceID loupe.ID
	// TargetUserID and TargetRole describe the member an action changes, when it changes one.
	TargetUserID loupe.ID
	TargetRole   loupe.Role
	// GrantRole is the role an action would give: a new role, or an invitation's role.
	GrantRole loupe.Role
	// DatasetRole is the principal's role on the dataset an action is about, "" for none.
	DatasetRole loupe.DatasetRole
	// ProjectRole is the principal's role in the project an action is about, "" for none.
	ProjectRole loupe.ProjectRole
	// GrantProjectRole is the project role an action would give a collaborator.
	GrantProjectRole loupe.ProjectRole
	// Owned says the principal created the resource (an ontology, a template).
	Owned bool
}

type rule func(p Principal, r Resource) bool

func roles(allowed ...loupe.Role) rule {
	return func(p Principal, _ Resource) bool {
		for _, a := range allowed {
			if p.Membership.Role == a {
				return true
			}
		}
		return false
	}
}

// managesTaskers lets admins act on anyone and workforce managers act on taskers only, never making
// anyone more than a tasker: workforce managers recruit and organize taskers.
func managesTaskers(p Principal, r Resource) bool {
	switch p.Membership.Role {
	case loupe.RoleAdmin:
		return true
	case loupe.RoleWorkforceManager:
		return (r.TargetRole == "" || r.TargetRole == loupe.RoleTasker) &&
			(r.GrantRole == "" || r.GrantRole == loupe.RoleTasker)
	}
	return false
}

var (
	everyone        = roles(loupe.RoleAdmin, loupe.RoleWorkforceManager, loupe.RoleMember, loupe.RoleTasker)
	staff           = roles(loupe.RoleAdmin, loupe.RoleWorkforceManager, loupe.RoleMember)
	workforceAdmins = roles(loupe.RoleAdmin, loupe.RoleWorkforceManager)
	adminsOnly      = roles(loupe.RoleAdmin)
)

type entry struct {
	allow rule
	// what completes "your role may not …" in a refusal.
	what string
	// on marks actions on one dataset or project: to a member who holds no role on it, it does
	// not exist, as another workspace's resources do not.
	on scopeKind
}

type scopeKind int

const (
	workspaceWide scopeKind = iota
	oneDataset
	oneProject
)

// onDataset lets workspace admins (who oversee everything) and holders of at least min on the dataset.
func onDataset(min loupe.DatasetRole) rule {
	return func(p Principal, r Resource) bool {
		return p.Membership.Role == loupe.RoleAdmin || r.DatasetRole.AtLeast(min)
	}
}

// onProject lets workspace admins and collaborators whose project role passes ok.
func onProject(ok func(loupe.ProjectRole) bool) rule {
	return func(p Principal, r Resource) bool {
		return p.Membership.Role == loupe.RoleAdmin || (r.ProjectRole.Valid() && ok(r.ProjectRole))
	}
}

func anyProjectRole(loupe.ProjectRole) bool   { return true }
func projectAdmin(r loupe.ProjectRole) bool   { return r == loupe.ProjectAdmin }
func managesProject(r loupe.ProjectRole) bool { return r.Manages() }

// managesCollaborators lets project admins bring in anyone and team managers bring in (or take
// out) annotators and reviewers only.
func managesCollaborators(p Principal, r Resource) bool {
	if p.Membership.Role == loupe.RoleAdmin || r.ProjectRole == loupe.ProjectAdmin {
		return true
	}
	return r.ProjectRole == loupe.ProjectTeamManager && !r.GrantProjectRole.Manages()
}

// ownerOrAdmin lets the resource's creator and workspace admins.
func ownerOrAdmin(p Principal, r Resource) bool {
	return p.Membership.Role == loupe.RoleAdmin || (r.Owned && p.Membership.Role != loupe.RoleTasker)
}

var policy = map[Action]entry{
	ReadWorkspace:   {everyone, "see this workspace", workspaceWide},
	UpdateWorkspace: {adminsOnly, "change workspace settings", workspaceWide},

	ListMembers:  {staff, "list members", workspaceWide},
	UpdateMember: {managesTaskers, "change this member's role or type", workspaceWide},
	RemoveMember: {func(p Principal, r Resource) bool {
		// Anyone may leave a workspace; the last-admin rule is the store's to keep.
		return r.TargetUserID == p.UserID || managesTaskers(p, r)
	}, "remove this member", workspaceWide},

	ListInvitations:  {workforceAdmins, "list invitations", workspaceWide},
	CreateInvitation: {managesTaskers, "send this invitation", workspaceWide},
	RevokeInvitation: {managesTaskers, "revoke this invitation", workspaceWide},

	ListGroups:         {staff, "list groups", workspaceWide},
	ReadGroup:          {staff, "see this group", workspaceWide},
	CreateGroup:        {workforceAdmins, "create groups", workspaceWide},
	UpdateGroup:        {workforceAdmins, "rename groups", workspaceWide},
	DeleteGroup:        {workforceAdmins, "delete groups", workspaceWide},
	ManageGroupMembers: {workforceAdmins, "change group members", workspaceWide},

	ListIntegrations:  {staff, "list storage integrations", workspaceWide},
	ManageIntegration: {workforceAdmins, "manage storage integrations", workspaceWide},

	CreateDataset:       {staff, "create datasets", workspaceWide},
	ListDatasets:        {everyone, "list datasets", workspaceWide},
	ReadDataset:         {onDataset(loupe.DatasetViewer), "see this dataset", oneDataset},
	UpdateDataset:       {onDataset(loupe.DatasetEditor), "change this dataset", oneDataset},
	WriteItems:          {onDataset(loupe.DatasetEditor), "add or remove this dataset's items", oneDataset},
	DeleteDataset:       {onDataset(loupe.DatasetAdmin), "delete this dataset", oneDataset},
	ManageDatasetAccess: {onDataset(loupe.DatasetAdmin), "manage who may reach this dataset", oneDataset},

	// Ontologies are the workspace's shared vocabulary: staff read and create them; their creator
	// and admins change them. Taskers meet an ontology only through the projects they work on.
	ListOntologies: {staff, "list ontologies", workspaceWide},
	ReadOntology:   {staff, "see ontologies", workspaceWide},
	CreateOntology: {staff, "create ontologies", workspaceWide},
	UpdateOntology: {ownerOrAdmin, "change this ontology (its creator and admins may)", workspaceWide},

	ListWorkflowTemplates:  {staff, "list workflow templates", workspaceWide},
	CreateWorkflowTemplate: {staff, "save workflow templates", workspaceWide},
	DeleteWorkflowTemplate: {ownerOrAdmin, "delete this workflow template (its creator and admins may)", workspaceWide},

	ListTags:   {everyone, "list tags", workspaceWide},
	ManageTags: {workforceAdmins, "manage tags", workspaceWide},

	CreateProject:       {staff, "create projects", workspaceWide},
	ListProjects:        {everyone, "list projects", workspaceWide},
	ReadProject:         {onProject(anyProjectRole), "see this project", oneProject},
	ReadCollaborators:   {onProject(anyProjectRole), "see this project's people", oneProject},
	ReadProjectTasks:    {onProject(managesProject), "follow this project's tasks", oneProject},
	UpdateProject:       {onProject(projectAdmin), "change this project's settings", oneProject},
	DeleteProject:       {onProject(projectAdmin), "delete this project", oneProject},
	ManageCollaborators: {managesCollaborators, "give this project role", oneProject},
	JoinProject:         {adminsOnly, "join projects as their admin", oneProject},

	ReadAudit: {adminsOnly, "read the audit log", workspaceWide},
}

// Actions lists every action the policy knows, for tests that enumerate them.
func Actions() []Action {
	out := make([]Action, 0, len(policy))
	for a := range policy {
		out = append(out, a)
	}
	return out
}

// Inside returns nil when p is a member of the workspace, and NotFound otherwise: to an outsider,
// a workspace and everything in it do not exist.
func Inside(p Principal, workspaceID loupe.ID) error {
	if p.Membership == nil || p.Membership.WorkspaceID != workspaceID || p.Membership.UserID != p.UserID {
		return loupe.Errorf(loupe.NotFound, "workspace not found")
	}
	return nil
}

// Check returns nil when p may do a to r. A principal outside r's workspace gets NotFound, so that
// the existence of another tenant's resources never leaks; one inside it gets Forbidden.
func Check(p Principal, a Action, r Resource) error {
	if err := Inside(p, r.WorkspaceID); err != nil {
		return err
	}
	e, ok := policy[a]
	if !ok {
		return loupe.Errorf(loupe.Forbidden, "unknown action %q", a)
	}
	if e.allow(p, r) {
		return nil
	}
	switch {
	case e.on == oneDataset && r.DatasetRole == "":
		return loupe.Errorf(loupe.NotFound, "dataset not found")
	case e.on == oneDataset:
		return loupe.Errorf(loupe.Forbidden, "your role on this dataset (%s) may not %s", r.DatasetRole, e.what)
	case e.on == oneProject && r.ProjectRole == "":
		return loupe.Errorf(loupe.NotFound, "project not found")
	case e.on == oneProject:
		return loupe.Errorf(loupe.Forbidden, "your role in this project (%s) may not %s", r.ProjectRole, e.what)
	}
	return loupe.Errorf(loupe.Forbidden, "your role (%s) may not %s", p.Membership.Role, e.what)
}
