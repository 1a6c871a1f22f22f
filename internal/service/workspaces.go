package service

import (
	"context"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// CreateWorkspace creates a workspace with the actor as its internal admin. An actor who is an
// internal member elsewhere cannot: internal users belong to one workspace.
func (s *Service) CreateWorkspace(ctx context.Context, name string) (loupe.Workspace, error) {
	a, err := self(ctx, access.CreateWorkspace)
	if err != nil {
		return loupe.Workspace{}, err
	}
	var v loupe.Validation
	n := cleanName(&v, "name", name)
	if err := v.Err(); err != nil {
		return loupe.Workspace{}, err
	}
	var ws loupe.Workspace
	err = s.store.Write(ctx, func(tx *store.Tx) (err error) {
		ws, err = s.createWorkspaceWithAdmin(ctx, tx, n, &a.User)
		return err
	})
	return ws, err
}

func (s *Service) createWorkspaceWithAdmin(ctx context.Context, tx *store.Tx, name string, admin *loupe.User) (loupe.Workspace, error) {
	now := s.clock()
	ws := loupe.Workspace{ID: loupe.NewID(), Name: name, EmailDomains: []string{}, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateWorkspace(ctx, &ws); err != nil {
		return ws, err
	}
	err := tx.CreateMembership(ctx, &loupe.Membership{WorkspaceID: ws.ID, UserID: admin.ID, Role: loupe.RoleAdmin,
		Type: loupe.UserInternal, CreatedAt: now, UpdatedAt: now})
	if loupe.IsCode(err, loupe.Conflict) {
		return ws, loupe.Errorf(loupe.Conflict, "you are an internal member of another workspace, and an internal user belongs to one workspace only")
	}
	return ws, s.audited(ctx, tx, ws.ID, err, AuditEvent{Action: "workspace.created", TargetType: "workspace", TargetID: ws.ID.String(), Actor: admin,
		Detail: map[string]any{"name": ws.Name}})
}

// Workspace returns a workspace the actor belongs to.
func (s *Service) Workspace(ctx context.Context, id loupe.ID) (loupe.Workspace, error) {
	var ws loupe.Workspace
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ReadWorkspace, access.Resource{WorkspaceID: id}); err != nil {
			return err
		}
		ws, err = tx.Workspace(ctx, id)
		return err
	})
	return ws, err
}

// WorkspacePatch changes some of a workspace's settings; nil fields stay as they are.
type WorkspacePatch struct {
	Name         *string
	IsWorkforce  *bool
	EmailDomains []string // nil keeps the domains; empty releases them all
	// SignedURLLifetime is how long links to files stay valid: a minute to a day.
	SignedURLLifetime *time.Duration
	// MFARequired keeps members without a second factor out until they enroll one.
	MFARequired *bool
}

// UpdateWorkspace changes a workspace's settings.
func (s *Service) UpdateWorkspace(ctx context.Context, id loupe.ID, p WorkspacePatch) (loupe.Workspace, error) {
	var v loupe.Validation
	var name string
	if p.Name != nil {
		name = cleanName(&v, "name", *p.Name)
	}
	var domains []string
	if p.EmailDomains != nil {
		domains = cleanDomains(&v, "email_domains", p.EmailDomains)
	}
	if l := p.SignedURLLifetime; l != nil && (*l < time.Minute || *l > loupe.MaxSignedURLLifetime) {
		v.Add("signed_url_lifetime_seconds", "must be between 60 (a minute) and 86400 (a day)")
	}
	var ws loupe.Workspace
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: id}); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if ws, err = tx.Workspace(ctx, id); err != nil {
			return err
		}
		before := ws
		if p.Name != nil {
			ws.Name = name
		}
		if p.IsWorkforce != nil {
			ws.IsWorkforce = *p.IsWorkforce
		}
		if p.EmailDomains != nil {
			ws.EmailDomains = domains
		}
		if p.SignedURLLifetime != nil {
			ws.SignedURLLifetime = *p.SignedURLLifetime
		}
		if p.MFARequired != nil {
			if err := s.checkRequireMFA(ctx, tx, ws, *p.MFARequired); err != nil {
				return err
			}
			ws.MFARequired = *p.MFARequired
		}
		ws.UpdatedAt = s.clock()
		if err := tx.UpdateWorkspace(ctx, &ws); err != nil {
			return err
		}
		return s.audit(ctx, tx, id, AuditEvent{Action: "workspace.settings_changed", TargetType: "workspace", TargetID: id.String(),
			Detail: settingsChanges(before, ws)})
	})
	return ws, err
}

// settingsChanges names each setting an update changed, with its old and new value.
func settingsChanges(a, b loupe.Workspace) map[string]any {
	out := map[string]any{}
	change := func(name string, from, to any) {
		out[name] = map[string]any{"from": from, "to": to}
	}
	if a.Name != b.Name {
		change("name", a.Name, b.Name)
	}
	if a.IsWorkforce != b.IsWorkforce {
		change("is_workforce", a.IsWorkforce, b.IsWorkforce)
	}
	if strings.Join(a.EmailDomains, ",") != strings.Join(b.EmailDomains, ",") {
		change("email_domains", a.EmailDomains, b.EmailDomains)
	}
	if a.SignedURLLifetime != b.SignedURLLifetime {
		change("signed_url_lifetime_seconds", int(a.SignedURLLifetime.Seconds()), int(b.SignedURLLifetime.Seconds()))
	}
	if a.MFARequired != b.MFARequired {
		change("mfa_required", a.MFARequired, b.MFARequired)
	}
	return out
}

// Members lists a workspace's members.
func (s *Service) Members(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Member, *loupe.ID, error) {
	var ms []loupe.Member
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListMembers, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		ms, next, err = tx.Members(ctx, workspaceID, p)
		return err
	})
	return ms, next, err
}

// MemberPatch changes a member's role or type; nil fields stay as they are.
type MemberPatch struct {
	Role *loupe.Role
	Type *loupe.UserType
}

// UpdateMember changes a member's role or user type, keeping every workspace's last admin.
func (s *Service) UpdateMember(ctx context.Context, workspaceID, userID loupe.ID, p MemberPatch) (loupe.Member, error) {
	var v loupe.Validation
	if p.Role != nil {
		checkRole(&v, "role", *p.Role)
	}
	if p.Type != nil {
		checkUserType(&v, "user_type", *p.Type)
	}
	var out loupe.Member
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		pr, err := principal(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.LockWorkspace(ctx, workspaceID); err != nil {
			return err
		}
		m, err := tx.Membership(ctx, workspaceID, userID)
		if err != nil {
			return err
		}
		next := m
		if p.Role != nil {
			next.Role = *p.Role
		}
		if p.Type != nil {
			next.Type = *p.Type
		}
		grant := loupe.Role("")
		if next.Role != m.Role {
			grant = next.Role
		}
		if err := access.Check(pr, access.UpdateMember, access.Resource{WorkspaceID: workspaceID, TargetUserID: userID,
			TargetRole: m.Role, GrantRole: grant}); err != nil {
			return err
		}
		var rv loupe.Validation
		checkAdminInternal(&rv, next.Role, next.Type)
		if err := rv.Err(); err != nil {
			return err
		}
		if m.Role == loupe.RoleAdmin && next.Role != loupe.RoleAdmin {
			if err := keepLastAdmin(ctx, tx, workspaceID, "demoted"); err != nil {
				return err
			}
		}
		next.UpdatedAt = s.clock()
		if err := tx.UpdateMembership(ctx, &next); err != nil {
			return err
		}
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		out = loupe.Member{Membership: next, User: u}
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: "member.changed", TargetType: "user", TargetID: userID.String(), Detail: map[string]any{
			"email": u.Email, "role": map[string]any{"from": m.Role, "to": next.Role}, "user_type": map[string]any{"from": m.Type, "to": next.Type}}})
	})
	return out, err
}

// keepLastAdmin refuses a change that would leave a workspace without an admin. The caller holds
// the workspace's lock, so two admins cannot demote each other at once.
func keepLastAdmin(ctx context.Context, tx *store.Tx, workspaceID loupe.ID, verb string) error {
	n, err := tx.CountAdmins(ctx, workspaceID)
	if err != nil {
		return err
	}
	if n <= 1 {
		return loupe.Errorf(loupe.Conflict, "the last admin of a workspace cannot be %s; make another member admin first", verb)
	}
	return nil
}

// RemoveMember takes a user out of a workspace (and its groups). Members may remove themselves.
func (s *Service) RemoveMember(ctx context.Context, workspaceID, userID loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		pr, err := principal(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		if err := tx.LockWorkspace(ctx, workspaceID); err != nil {
			return err
		}
		m, err := tx.Membership(ctx, workspaceID, userID)
		if err != nil {
			return err
		}
		if err := access.Check(pr, access.RemoveMember, access.Resource{WorkspaceID: workspaceID, TargetUserID: userID, TargetRole: m.Role}); err != nil {
			return err
		}
		if m.Role == loupe.RoleAdmin {
			if err := keepLastAdmin(ctx, tx, workspaceID, "removed"); err != nil {
				return err
			}
		}
		if err := tx.DeleteMembership(ctx, workspaceID, userID); err != nil {
			return err
		}
		action := "member.removed"
		if userID == pr.UserID {
			action = "member.left"
		}
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: action, TargetType: "user", TargetID: userID.String(), Detail: map[string]any{"role": m.Role, "user_type": m.Type}})
	})
}

// CollaboratorType decides the user type of someone joining a workspace as a collaborator on one of
// its projects or datasets, from the memberships they already have: an internal member of a
// workforce workspace comes as workforce; anyone else as external.
func CollaboratorType(existing []loupe.WorkspaceMembership) loupe.UserType {
	for _, m := range existing {
		if m.Type == loupe.UserInternal && m.Workspace.IsWorkforce {
			return loupe.UserWorkforce
		}
	}
	return loupe.UserExternal
}

// JoinAsCollaborator makes sure a user added to a project or dataset of a workspace is a member of
// it, in the caller's transaction. A new member comes as a tasker of the type CollaboratorType
// decides; an existing membership is returned unchanged.
func (s *Service) JoinAsCollaborator(ctx context.Context, tx *store.Tx, workspaceID, userID loupe.ID) (loupe.Membership, error) {
	m, err := tx.Membership(ctx, workspaceID, userID)
	if err == nil || !loupe.IsCode(err, loupe.NotFound) {
		return m, err
	}
	existing, err := tx.MembershipsOfUser(ctx, userID)
	if err != nil {
		return m, err
	}
	now := s.clock()
	m = loupe.Membership{WorkspaceID: workspaceID, UserID: userID, Role: loupe.RoleTasker, Type: CollaboratorType(existing),
		CreatedAt: now, UpdatedAt: now}
	return m, tx.CreateMembership(ctx, &m)
}
