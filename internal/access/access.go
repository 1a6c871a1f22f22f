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
	// onDataset marks actions on one dataset: to a member who holds no role on it, it does not
	// exist, as another workspace's resources do not.
	onDataset bool
}

// onDataset lets workspace admins (who oversee everything) and holders of at least min on the dataset.
func onDataset(min loupe.DatasetRole) rule {
	return func(p Principal, r Resource) bool {
		return p.Membership.Role == loupe.RoleAdmin || r.DatasetRole.AtLeast(min)
	}
}

var policy = map[Action]entry{
	ReadWorkspace:   {everyone, "see this workspace", false},
	UpdateWorkspace: {adminsOnly, "change workspace settings", false},

	ListMembers:  {staff, "list members", false},
	UpdateMember: {managesTaskers, "change this member's role or type", false},
	RemoveMember: {func(p Principal, r Resource) bool {
		// Anyone may leave a workspace; the last-admin rule is the store's to keep.
		return r.TargetUserID == p.UserID || managesTaskers(p, r)
	}, "remove this member", false},

	ListInvitations:  {workforceAdmins, "list invitations", false},
	CreateInvitation: {managesTaskers, "send this invitation", false},
	RevokeInvitation: {managesTaskers, "revoke this invitation", false},

	ListGroups:         {staff, "list groups", false},
	ReadGroup:          {staff, "see this group", false},
	CreateGroup:        {workforceAdmins, "create groups", false},
	UpdateGroup:        {workforceAdmins, "rename groups", false},
	DeleteGroup:        {workforceAdmins, "delete groups", false},
	ManageGroupMembers: {workforceAdmins, "change group members", false},

	ListIntegrations:  {staff, "list storage integrations", false},
	ManageIntegration: {workforceAdmins, "manage storage integrations", false},

	CreateDataset:       {staff, "create datasets", false},
	ListDatasets:        {everyone, "list datasets", false},
	ReadDataset:         {onDataset(loupe.DatasetViewer), "see this dataset", true},
	UpdateDataset:       {onDataset(loupe.DatasetEditor), "change this dataset", true},
	WriteItems:          {onDataset(loupe.DatasetEditor), "add or remove this dataset's items", true},
	DeleteDataset:       {onDataset(loupe.DatasetAdmin), "delete this dataset", true},
	ManageDatasetAccess: {onDataset(loupe.DatasetAdmin), "manage who may reach this dataset", true},
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
	if !e.allow(p, r) {
		if e.onDataset && r.DatasetRole == "" {
			return loupe.Errorf(loupe.NotFound, "dataset not found")
		}
		if e.onDataset {
			return loupe.Errorf(loupe.Forbidden, "your role on this dataset (%s) may not %s", r.DatasetRole, e.what)
		}
		return loupe.Errorf(loupe.Forbidden, "your role (%s) may not %s", p.Membership.Role, e.what)
	}
	return nil
}
