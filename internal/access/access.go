// Package access is Loupe's one authorization policy: given who acts, what they want to do and on
// what, it decides. It is pure: callers load the facts, the policy only reads them.
package access

import (
	"slices"
	"strings"

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
	// WorkTasks claims, labels, reviews and skips a project's tasks: a write, which a read-only
	// API key may not do. Which stages a collaborator works is the queue's to decide from the
	// workflow and their project role.
	WorkTasks Action = "project.tasks.work"
	// ManageTasks assigns, unassigns, reprioritizes and moves a project's tasks.
	ManageTasks Action = "project.tasks.manage"

	// ReadAudit browses, exports and anchors a workspace's audit log.
	ReadAudit Action = "audit.read"

	// ListAPIKeys and RevokeAPIKey are the admins' over every key bound to their workspace.
	ListAPIKeys  Action = "api_key.list"
	RevokeAPIKey Action = "api_key.revoke"
)

// Actions on the principal's own account, decided without any workspace. They are actions all the
// same, so that a credential narrower than its user (an API key's scope) can be refused them.
const (
	// ReadOwnAccount reads one's own profile, memberships, sessions and API keys.
	ReadOwnAccount Action = "account.read"
	// UseOwnAccount is what the account use cases check, reads and changes alike (profile,
	// password, sessions). An API key gets to them only through an operation whose entry in the
	// API's route table names the precise action it needs (get-me names account.read); the others
	// are for signed-in sessions only, so that a leaked key cannot take the account over.
	UseOwnAccount Action = "account.use"
	// ManageOwnAPIKeys creates and revokes one's own API keys.
	ManageOwnAPIKeys Action = "account.api_keys.manage"
	CreateWorkspace  Action = "workspace.create"
)

// keyAccess says which API keys may do an account action; sessions may do every one.
type keyAccess int

const (
	// everyKey: every key of the user, however narrow its scope (reading one's own account).
	everyKey keyAccess = iota
	// listedKeys: only a key whose scope lists the action, never a full or read-only key by default.
	listedKeys
	// noKey: sign in for it.
	noKey
)

type accountEntry struct {
	what   string
	effect effect
	keys   keyAccess
}

var accountPolicy = map[Action]accountEntry{
	ReadOwnAccount: {"read your account", reads, everyKey},
	// See UseOwnAccount: the route table refuses keys every account change before a use case runs.
	UseOwnAccount: {"use your account", reads, everyKey},
	// A key that may make keys makes none broader than itself (the service checks ScopeWithin).
	ManageOwnAPIKeys: {"create or revoke API keys", writes, listedKeys},
	// A key reaches one workspace; making another is the user's own, signed-in business.
	CreateWorkspace: {"create workspaces", writes, noKey},
}

// CheckAccount returns nil when p may do an action on their own account. Every signed-in user may;
// an API key only what its scope and accountPolicy let it.
func CheckAccount(p Principal, a Action) error {
	e, ok := accountPolicy[a]
	switch {
	case p.UserID == (loupe.ID{}):
		return loupe.Errorf(loupe.Unauthenticated, "sign in to continue")
	case !ok:
		return loupe.Errorf(loupe.Forbidden, "unknown action %q", a)
	case p.Key == nil:
		return nil
	case p.Key.UserID != p.UserID:
		return loupe.Errorf(loupe.Unauthenticated, "this API key is not valid")
	case e.keys == noKey:
		return loupe.Errorf(loupe.Forbidden, "this API key may not %s: sign in to do that", e.what)
	case e.keys == listedKeys && !slices.Contains(p.Key.Scope.Actions, string(a)):
		return loupe.Errorf(loupe.Forbidden, "this API key may not %s: its scope does not include %s", e.what, a)
	case e.effect == writes && p.Key.Scope.ReadOnly:
		return loupe.Errorf(loupe.Forbidden, "this API key may not %s: it is read-only", e.what)
	}
	return nil
}

// Principal is the acting user as the policy sees them in one workspace.
type Principal struct {
	UserID loupe.ID
	// Membership is the principal's membership in the resource's workspace; nil when they have none.
	// It is read afresh for every request, so that a key of a demoted member loses the rights with them.
	Membership *loupe.Membership
	// Key is the API key the request came with, nil for a session. It narrows the user's rights:
	// to its one workspace (others do not exist for it) and to its scope.
	Key *loupe.APIKey
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
	// effect says whether the action only reads: a read-only API key may do nothing else.
	effect effect
}

// effect classifies an action as a read or a write.
type effect bool

const (
	reads  effect = false
	writes effect = true
)

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
func worksTasks(r loupe.ProjectRole) bool     { return r.Annotates() || r.Reviews() }
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
	ReadWorkspace:   {everyone, "see this workspace", workspaceWide, reads},
	UpdateWorkspace: {adminsOnly, "change workspace settings", workspaceWide, writes},

	ListMembers:  {staff, "list members", workspaceWide, reads},
	UpdateMember: {managesTaskers, "change this member's role or type", workspaceWide, writes},
	RemoveMember: {func(p Principal, r Resource) bool {
		// Anyone may leave a workspace; the last-admin rule is the store's to keep.
		return r.TargetUserID == p.UserID || managesTaskers(p, r)
	}, "remove this member", workspaceWide, writes},

	ListInvitations:  {workforceAdmins, "list invitations", workspaceWide, reads},
	CreateInvitation: {managesTaskers, "send this invitation", workspaceWide, writes},
	RevokeInvitation: {managesTaskers, "revoke this invitation", workspaceWide, writes},

	ListGroups:         {staff, "list groups", workspaceWide, reads},
	ReadGroup:          {staff, "see this group", workspaceWide, reads},
	CreateGroup:        {workforceAdmins, "create groups", workspaceWide, writes},
	UpdateGroup:        {workforceAdmins, "rename groups", workspaceWide, writes},
	DeleteGroup:        {workforceAdmins, "delete groups", workspaceWide, writes},
	ManageGroupMembers: {workforceAdmins, "change group members", workspaceWide, writes},

	ListIntegrations:  {staff, "list storage integrations", workspaceWide, reads},
	ManageIntegration: {workforceAdmins, "manage storage integrations", workspaceWide, writes},

	CreateDataset:       {staff, "create datasets", workspaceWide, writes},
	ListDatasets:        {everyone, "list datasets", workspaceWide, reads},
	ReadDataset:         {onDataset(loupe.DatasetViewer), "see this dataset", oneDataset, reads},
	UpdateDataset:       {onDataset(loupe.DatasetEditor), "change this dataset", oneDataset, writes},
	WriteItems:          {onDataset(loupe.DatasetEditor), "add or remove this dataset's items", oneDataset, writes},
	DeleteDataset:       {onDataset(loupe.DatasetAdmin), "delete this dataset", oneDataset, writes},
	ManageDatasetAccess: {onDataset(loupe.DatasetAdmin), "manage who may reach this dataset", oneDataset, writes},

	// Ontologies are the workspace's shared vocabulary: staff read and create them; their creator
	// and admins change them. Taskers meet an ontology only through the projects they work on.
	ListOntologies: {staff, "list ontologies", workspaceWide, reads},
	ReadOntology:   {staff, "see ontologies", workspaceWide, reads},
	CreateOntology: {staff, "create ontologies", workspaceWide, writes},
	UpdateOntology: {ownerOrAdmin, "change this ontology (its creator and admins may)", workspaceWide, writes},

	ListWorkflowTemplates:  {staff, "list workflow templates", workspaceWide, reads},
	CreateWorkflowTemplate: {staff, "save workflow templates", workspaceWide, writes},
	DeleteWorkflowTemplate: {ownerOrAdmin, "delete this workflow template (its creator and admins may)", workspaceWide, writes},

	ListTags:   {everyone, "list tags", workspaceWide, reads},
	ManageTags: {workforceAdmins, "manage tags", workspaceWide, writes},

	CreateProject:       {staff, "create projects", workspaceWide, writes},
	ListProjects:        {everyone, "list projects", workspaceWide, reads},
	ReadProject:         {onProject(anyProjectRole), "see this project", oneProject, reads},
	ReadCollaborators:   {onProject(anyProjectRole), "see this project's people", oneProject, reads},
	ReadProjectTasks:    {onProject(managesProject), "follow this project's tasks", oneProject, reads},
	WorkTasks:           {onProject(worksTasks), "work this project's tasks", oneProject, writes},
	ManageTasks:         {onProject(managesProject), "assign, prioritize or move this project's tasks", oneProject, writes},
	UpdateProject:       {onProject(projectAdmin), "change this project's settings", oneProject, writes},
	DeleteProject:       {onProject(projectAdmin), "delete this project", oneProject, writes},
	ManageCollaborators: {managesCollaborators, "give this project role", oneProject, writes},
	JoinProject:         {adminsOnly, "join projects as their admin", oneProject, writes},

	ReadAudit: {adminsOnly, "read the audit log", workspaceWide, reads},

	ListAPIKeys:  {adminsOnly, "list this workspace's API keys", workspaceWide, reads},
	RevokeAPIKey: {adminsOnly, "revoke other members' API keys", workspaceWide, writes},
}

// Actions lists every action the policy knows, for tests that enumerate them.
func Actions() []Action {
	out := make([]Action, 0, len(policy))
	for a := range policy {
		out = append(out, a)
	}
	return out
}

// ActionInfo describes an action for those who choose a key's scope.
type ActionInfo struct {
	Action Action
	// What completes "may …": "see this workspace".
	What   string
	Writes bool
}

// ScopeActions lists the actions a key's scope may name, sorted: every workspace action, and the
// account actions a key may be given by name.
func ScopeActions() []ActionInfo {
	out := make([]ActionInfo, 0, len(policy)+1)
	for a, e := range policy {
		out = append(out, ActionInfo{a, e.what, bool(e.effect)})
	}
	for a, e := range accountPolicy {
		if e.keys == listedKeys {
			out = append(out, ActionInfo{a, e.what, bool(e.effect)})
		}
	}
	slices.SortFunc(out, func(x, y ActionInfo) int { return strings.Compare(string(x.Action), string(y.Action)) })
	return out
}

// ScopeAction reports whether a key's scope may name a.
func ScopeAction(a Action) bool {
	if _, ok := policy[a]; ok {
		return true
	}
	e, ok := accountPolicy[a]
	return ok && e.keys == listedKeys
}

// Writes reports whether a changes something; unknown actions count as writes.
func Writes(a Action) bool {
	if e, ok := policy[a]; ok {
		return bool(e.effect)
	}
	if e, ok := accountPolicy[a]; ok {
		return bool(e.effect)
	}
	return true
}

// ScopeWithin reports whether a key of scope child could do nothing a key of scope parent could
// not: what a key may give the keys it makes.
func ScopeWithin(child, parent loupe.APIKeyScope) bool {
	switch {
	case !parent.ReadOnly && len(parent.Actions) == 0:
		return true
	case len(child.Actions) == 0:
		// A read-only or full child covers every read, more than any list names.
		return parent.ReadOnly && child.ReadOnly
	}
	for _, a := range child.Actions {
		if parent.ReadOnly && Writes(Action(a)) || len(parent.Actions) > 0 && !slices.Contains(parent.Actions, a) {
			return false
		}
	}
	return true
}

// Inside returns nil when p is a member of the workspace, and NotFound otherwise: to an outsider,
// a workspace and everything in it do not exist. Nor do they to an API key bound to another.
func Inside(p Principal, workspaceID loupe.ID) error {
	if p.Membership == nil || p.Membership.WorkspaceID != workspaceID || p.Membership.UserID != p.UserID ||
		p.Key != nil && (p.Key.WorkspaceID != workspaceID || p.Key.UserID != p.UserID) {
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
		return checkKey(p.Key, a, e)
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

// checkKey narrows an allowed action to a key's scope. It runs after the role's verdict, so that a
// key changes nothing of what exists for its user (404 stays 404).
func checkKey(k *loupe.APIKey, a Action, e entry) error {
	switch {
	case k == nil:
		return nil
	case k.Scope.ReadOnly && e.effect == writes:
		return loupe.Errorf(loupe.Forbidden, "this API key may not %s: it is read-only", e.what)
	case len(k.Scope.Actions) > 0 && !slices.Contains(k.Scope.Actions, string(a)):
		return loupe.Errorf(loupe.Forbidden, "this API key may not %s: its scope does not include %s", e.what, a)
	}
	return nil
}
