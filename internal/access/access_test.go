package access

import (
	"strings"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	ws, other := loupe.NewID(), loupe.NewID()
	me, someone := loupe.NewID(), loupe.NewID()
	as := func(r loupe.Role) Principal {
		return Principal{UserID: me, Membership: &loupe.Membership{WorkspaceID: ws, UserID: me, Role: r, Type: loupe.UserInternal}}
	}
	tests := []struct {
		name string
		p    Principal
		a    Action
		r    Resource
		want loupe.Code // "" allows
	}{
		{"no membership is not found", Principal{UserID: me}, ReadWorkspace, Resource{WorkspaceID: ws}, loupe.NotFound},
		{"membership elsewhere is not found", as(loupe.RoleAdmin), ReadWorkspace, Resource{WorkspaceID: other}, loupe.NotFound},
		{"someone else's membership is not found", Principal{UserID: someone, Membership: as(loupe.RoleAdmin).Membership}, ReadWorkspace, Resource{WorkspaceID: ws}, loupe.NotFound},
		{"tasker reads the workspace", as(loupe.RoleTasker), ReadWorkspace, Resource{WorkspaceID: ws}, ""},
		{"tasker lists no members", as(loupe.RoleTasker), ListMembers, Resource{WorkspaceID: ws}, loupe.Forbidden},
		{"member lists members", as(loupe.RoleMember), ListMembers, Resource{WorkspaceID: ws}, ""},
		{"member changes no settings", as(loupe.RoleMember), UpdateWorkspace, Resource{WorkspaceID: ws}, loupe.Forbidden},
		{"admin changes settings", as(loupe.RoleAdmin), UpdateWorkspace, Resource{WorkspaceID: ws}, ""},
		{"manager changes a tasker", as(loupe.RoleWorkforceManager), UpdateMember, Resource{WorkspaceID: ws, TargetUserID: someone, TargetRole: loupe.RoleTasker}, ""},
		{"manager promotes no tasker", as(loupe.RoleWorkforceManager), UpdateMember, Resource{WorkspaceID: ws, TargetRole: loupe.RoleTasker, GrantRole: loupe.RoleMember}, loupe.Forbidden},
		{"manager touches no member", as(loupe.RoleWorkforceManager), UpdateMember, Resource{WorkspaceID: ws, TargetRole: loupe.RoleMember}, loupe.Forbidden},
		{"manager invites taskers", as(loupe.RoleWorkforceManager), CreateInvitation, Resource{WorkspaceID: ws, GrantRole: loupe.RoleTasker}, ""},
		{"manager invites no admin", as(loupe.RoleWorkforceManager), CreateInvitation, Resource{WorkspaceID: ws, GrantRole: loupe.RoleAdmin}, loupe.Forbidden},
		{"anyone leaves", as(loupe.RoleTasker), RemoveMember, Resource{WorkspaceID: ws, TargetUserID: me, TargetRole: loupe.RoleTasker}, ""},
		{"tasker removes nobody else", as(loupe.RoleTasker), RemoveMember, Resource{WorkspaceID: ws, TargetUserID: someone, TargetRole: loupe.RoleTasker}, loupe.Forbidden},
		{"manager creates groups", as(loupe.RoleWorkforceManager), CreateGroup, Resource{WorkspaceID: ws}, ""},
		{"member creates no groups", as(loupe.RoleMember), CreateGroup, Resource{WorkspaceID: ws}, loupe.Forbidden},
		{"unknown action is refused", as(loupe.RoleAdmin), Action("nuke"), Resource{WorkspaceID: ws}, loupe.Forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := loupe.ErrorCode(Check(tt.p, tt.a, tt.r)); got != tt.want {
				t.Fatalf("Check = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCheck_AdminMayDoEverything guards the one role that has no exceptions.
func TestCheck_AdminMayDoEverything(t *testing.T) {
	t.Parallel()
	ws, me := loupe.NewID(), loupe.NewID()
	p := Principal{UserID: me, Membership: &loupe.Membership{WorkspaceID: ws, UserID: me, Role: loupe.RoleAdmin}}
	for _, a := range Actions() {
		if err := Check(p, a, Resource{WorkspaceID: ws, TargetUserID: loupe.NewID(), TargetRole: loupe.RoleAdmin, GrantRole: loupe.RoleAdmin}); err != nil {
			t.Errorf("admin may not %s: %v", a, err)
		}
	}
}

func TestCheckAccount(t *testing.T) {
	t.Parallel()
	me := Principal{UserID: loupe.NewID()}
	for _, tt := range []struct {
		p    Principal
		a    Action
		want loupe.Code
	}{
		{me, UseOwnAccount, ""},
		{me, CreateWorkspace, ""},
		{Principal{}, UseOwnAccount, loupe.Unauthenticated},
		{me, ReadWorkspace, loupe.Forbidden}, // a workspace action needs a workspace
	} {
		if got := loupe.ErrorCode(CheckAccount(tt.p, tt.a)); got != tt.want {
			t.Errorf("CheckAccount(%v, %s) = %q, want %q", tt.p.UserID, tt.a, got, tt.want)
		}
	}
}

// keyed returns a principal of role r in ws acting through an API key of scope s bound to ws.
func keyed(ws loupe.ID, r loupe.Role, s loupe.APIKeyScope) Principal {
	me := loupe.NewID()
	return Principal{UserID: me, Membership: &loupe.Membership{WorkspaceID: ws, UserID: me, Role: r, Type: loupe.UserInternal},
		Key: &loupe.APIKey{ID: loupe.NewID(), UserID: me, WorkspaceID: ws, Scope: s}}
}

// TestCheck_ReadOnlyKeyIsRefusedEveryWrite enumerates every action of the policy, on workspaces
// and on accounts: a read-only key of an admin (who may do everything) does every read and no write.
func TestCheck_ReadOnlyKeyIsRefusedEveryWrite(t *testing.T) {
	t.Parallel()
	ws := loupe.NewID()
	p := keyed(ws, loupe.RoleAdmin, loupe.APIKeyScope{ReadOnly: true})
	r := Resource{WorkspaceID: ws, TargetUserID: loupe.NewID(), TargetRole: loupe.RoleAdmin, GrantRole: loupe.RoleAdmin,
		DatasetRole: loupe.DatasetAdmin, ProjectRole: loupe.ProjectAdmin}
	for _, a := range Actions() {
		err := Check(p, a, r)
		switch {
		case Writes(a) && (loupe.ErrorCode(err) != loupe.Forbidden || !strings.Contains(err.Error(), "this API key may not") || !strings.Contains(err.Error(), "read-only")):
			t.Errorf("a read-only key may %s (a write): %v", a, err)
		case !Writes(a) && err != nil:
			t.Errorf("a read-only key may not %s (a read): %v", a, err)
		}
	}
	for a := range accountPolicy {
		err := CheckAccount(p, a)
		if Writes(a) != (loupe.ErrorCode(err) == loupe.Forbidden) {
			t.Errorf("CheckAccount(read-only key, %s (writes: %v)) = %v", a, Writes(a), err)
		}
	}
}

// TestActions_ClassifiedByName guards the classification of actions yet to come: the reads are
// exactly the actions named *.read and *.list, so a new action's name says what it does.
func TestActions_ClassifiedByName(t *testing.T) {
	t.Parallel()
	all := Actions()
	for a := range accountPolicy {
		all = append(all, a)
	}
	for _, a := range all {
		read := strings.HasSuffix(string(a), ".read") || strings.HasSuffix(string(a), ".list")
		if a == UseOwnAccount {
			read = true // the umbrella of the account use cases; see its comment
		}
		if Writes(a) == read {
			t.Errorf("%s is classified writes=%v, but its name says otherwise", a, Writes(a))
		}
	}
	if !Writes("no.such.action") {
		t.Error("an unknown action counts as a read")
	}
}

func TestCheck_APIKeys(t *testing.T) {
	t.Parallel()
	ws, other := loupe.NewID(), loupe.NewID()
	full := loupe.APIKeyScope{}
	groups := loupe.APIKeyScope{Actions: []string{string(CreateGroup), string(ReadWorkspace)}}
	elsewhere := keyed(ws, loupe.RoleAdmin, full)
	elsewhere.Key.WorkspaceID = other
	stolen := keyed(ws, loupe.RoleAdmin, full)
	stolen.Key.UserID = loupe.NewID()
	tests := []struct {
		name string
		p    Principal
		a    Action
		r    Resource
		want loupe.Code
		says string
	}{
		{"a full key does what its user may", keyed(ws, loupe.RoleAdmin, full), UpdateWorkspace, Resource{WorkspaceID: ws}, "", ""},
		{"a full key of a tasker is a tasker", keyed(ws, loupe.RoleTasker, full), ListMembers, Resource{WorkspaceID: ws}, loupe.Forbidden, "your role (tasker)"},
		{"a tasker's key sees the projects it works on", keyed(ws, loupe.RoleTasker, full), ReadProject, Resource{WorkspaceID: ws, ProjectRole: loupe.ProjectAnnotator}, "", ""},
		{"a tasker's key sees no other project", keyed(ws, loupe.RoleTasker, full), ReadProject, Resource{WorkspaceID: ws}, loupe.NotFound, ""},
		{"a key reaches its workspace only", elsewhere, ReadWorkspace, Resource{WorkspaceID: ws}, loupe.NotFound, ""},
		{"a key of another user is nobody", stolen, ReadWorkspace, Resource{WorkspaceID: ws}, loupe.NotFound, ""},
		{"a listed action is allowed", keyed(ws, loupe.RoleAdmin, groups), CreateGroup, Resource{WorkspaceID: ws}, "", ""},
		{"an action not listed is refused", keyed(ws, loupe.RoleAdmin, groups), ListMembers, Resource{WorkspaceID: ws}, loupe.Forbidden, "its scope does not include member.list"},
		{"a listed action the role lacks is still refused by the role", keyed(ws, loupe.RoleMember, groups), CreateGroup, Resource{WorkspaceID: ws}, loupe.Forbidden, "your role (member)"},
		{"a dataset without a role stays hidden to a read-only key", keyed(ws, loupe.RoleMember, loupe.APIKeyScope{ReadOnly: true}), UpdateDataset, Resource{WorkspaceID: ws}, loupe.NotFound, ""},
		{"a read-only key reads a dataset it views", keyed(ws, loupe.RoleMember, loupe.APIKeyScope{ReadOnly: true}), ReadDataset, Resource{WorkspaceID: ws, DatasetRole: loupe.DatasetViewer}, "", ""},
		{"a read-only key edits no dataset it edits", keyed(ws, loupe.RoleMember, loupe.APIKeyScope{ReadOnly: true}), WriteItems, Resource{WorkspaceID: ws, DatasetRole: loupe.DatasetEditor}, loupe.Forbidden, "read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Check(tt.p, tt.a, tt.r)
			if got := loupe.ErrorCode(err); got != tt.want || tt.says != "" && !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("Check = %v, want %q saying %q", err, tt.want, tt.says)
			}
		})
	}
}

func TestCheckAccount_APIKeys(t *testing.T) {
	t.Parallel()
	ws := loupe.NewID()
	full := keyed(ws, loupe.RoleAdmin, loupe.APIKeyScope{})
	narrow := keyed(ws, loupe.RoleAdmin, loupe.APIKeyScope{Actions: []string{string(ReadWorkspace)}})
	keys := keyed(ws, loupe.RoleAdmin, loupe.APIKeyScope{Actions: []string{string(ManageOwnAPIKeys)}})
	for _, tt := range []struct {
		name string
		p    Principal
		a    Action
		want loupe.Code
	}{
		{"any key reads its account", narrow, ReadOwnAccount, ""},
		{"a full key makes no keys", full, ManageOwnAPIKeys, loupe.Forbidden},
		{"a key that lists it makes keys", keys, ManageOwnAPIKeys, ""},
		{"no key creates workspaces", full, CreateWorkspace, loupe.Forbidden},
		{"even one that lists it", keyed(ws, loupe.RoleAdmin, loupe.APIKeyScope{Actions: []string{string(CreateWorkspace)}}), CreateWorkspace, loupe.Forbidden},
	} {
		if got := loupe.ErrorCode(CheckAccount(tt.p, tt.a)); got != tt.want {
			t.Errorf("%s: CheckAccount = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestScopeWithin(t *testing.T) {
	t.Parallel()
	full := loupe.APIKeyScope{}
	ro := loupe.APIKeyScope{ReadOnly: true}
	list := func(as ...Action) loupe.APIKeyScope {
		s := loupe.APIKeyScope{}
		for _, a := range as {
			s.Actions = append(s.Actions, string(a))
		}
		return s
	}
	for _, tt := range []struct {
		name          string
		child, parent loupe.APIKeyScope
		want          bool
	}{
		{"anything under a full key", full, full, true},
		{"read-only under read-only", ro, ro, true},
		{"full under read-only", full, ro, false},
		{"reads under read-only", list(ListMembers, ReadDataset), ro, true},
		{"a write under read-only", list(ListMembers, CreateGroup), ro, false},
		{"a subset of a list", list(CreateGroup), list(CreateGroup, ListGroups), true},
		{"beyond a list", list(CreateGroup, DeleteGroup), list(CreateGroup), false},
		{"read-only under a list", ro, list(ListGroups), false},
	} {
		if got := ScopeWithin(tt.child, tt.parent); got != tt.want {
			t.Errorf("%s: ScopeWithin = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestScopeActions(t *testing.T) {
	t.Parallel()
	infos := ScopeActions()
	if len(infos) != len(policy)+1 {
		t.Fatalf("%d actions a scope may name, want every workspace action and %s", len(infos), ManageOwnAPIKeys)
	}
	for _, i := range infos {
		if !ScopeAction(i.Action) || i.What == "" || i.Writes != Writes(i.Action) {
			t.Errorf("%+v is not described as the policy has it", i)
		}
	}
	for _, a := range []Action{UseOwnAccount, CreateWorkspace, ReadOwnAccount, "nuke"} {
		if ScopeAction(a) {
			t.Errorf("a scope may name %s", a)
		}
	}
}
