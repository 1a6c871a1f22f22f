package access

import (
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
