package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// InviteInput asks an email address to join a workspace.
type InviteInput struct {
	Email string
	Role  loupe.Role
	Type  loupe.UserType
}

// Invited is a new invitation and the link that accepts it. The link holds the only copy of the token.
type Invited struct {
	Invitation loupe.Invitation
	Link       string
}

// Invite creates an invitation. Its link is returned to the inviter, logged, and mailed when a mail
// server is configured.
func (s *Service) Invite(ctx context.Context, workspaceID loupe.ID, in InviteInput) (Invited, error) {
	var v loupe.Validation
	email := normalizeEmail(&v, "email", in.Email)
	checkRole(&v, "role", in.Role)
	checkUserType(&v, "user_type", in.Type)
	checkAdminInternal(&v, in.Role, in.Type)
	var out Invited
	var ws loupe.Workspace
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		pr, err := authorize(ctx, tx, access.CreateInvitation, access.Resource{WorkspaceID: workspaceID, GrantRole: in.Role})
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if ws, err = tx.Workspace(ctx, workspaceID); err != nil {
			return err
		}
		if u, err := tx.UserByEmail(ctx, email); err == nil {
			if _, err := tx.Membership(ctx, workspaceID, u.ID); err == nil {
				return &loupe.Error{Code: loupe.Conflict, Message: "email: " + email + " is already a member of this workspace",
					Fields: []loupe.FieldError{{Field: "email", Message: "is already a member of this workspace"}}}
			}
		}
		token, hash := auth.NewToken()
		now := s.clock()
		inv := loupe.Invitation{ID: loupe.NewID(), WorkspaceID: workspaceID, Email: email, Role: in.Role, Type: in.Type,
			InvitedBy: pr.UserID, CreatedAt: now, ExpiresAt: now.Add(s.cfg.InvitationLifetime)}
		if err := tx.CreateInvitation(ctx, &inv, hash); err != nil {
			return err
		}
		out = Invited{Invitation: inv, Link: strings.TrimSuffix(s.cfg.BaseURL, "/") + "/invite/" + token}
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: "invitation.created", TargetType: "invitation", TargetID: inv.ID.String(),
			Detail: map[string]any{"email": email, "role": in.Role, "user_type": in.Type}})
	})
	if err != nil {
		return out, err
	}
	s.log.InfoContext(ctx, "invitation created", "workspace", workspaceID, "email", email, "role", in.Role, "link", out.Link)
	if s.mailer != nil {
		body := fmt.Sprintf("You are invited to join the workspace %q on Loupe as %s.\n\nAccept the invitation: %s\n\nThe link expires on %s.\n",
			ws.Name, in.Role, out.Link, out.Invitation.ExpiresAt.Format("2 January 2006 15:04 MST"))
		if err := s.mailer.Send(ctx, email, "You are invited to "+ws.Name+" on Loupe", body); err != nil {
			// The invitation stands: the inviter holds the link and can pass it on.
			s.log.WarnContext(ctx, "invitation email not sent", "email", email, "err", err)
		}
	}
	return out, nil
}

// Invitations lists a workspace's pending invitations.
func (s *Service) Invitations(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Invitation, *loupe.ID, error) {
	var is []loupe.Invitation
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListInvitations, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		is, next, err = tx.Invitations(ctx, workspaceID, p)
		return err
	})
	return is, next, err
}

// RevokeInvitation deletes a pending invitation, so its link stops working.
func (s *Service) RevokeInvitation(ctx context.Context, workspaceID, id loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		pr, err := principal(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		inv, err := tx.Invitation(ctx, workspaceID, id)
		if err != nil {
			return err
		}
		if err := access.Check(pr, access.RevokeInvitation, access.Resource{WorkspaceID: workspaceID, GrantRole: inv.Role}); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteInvitation(ctx, workspaceID, id), AuditEvent{Action: "invitation.revoked", TargetType: "invitation",
			TargetID: id.String(), Detail: map[string]any{"email": inv.Email, "role": inv.Role}})
	})
}

// InvitationView is what the holder of an invitation link may see before accepting it.
type InvitationView struct {
	Invitation    loupe.Invitation
	WorkspaceName string
	UserExists    bool
}

var errInvitationGone = loupe.Errorf(loupe.NotFound, "this invitation does not exist or was revoked")

// openInvitation returns the pending, unexpired invitation a token opens.
func (s *Service) openInvitation(ctx context.Context, tx *store.Tx, token string) (loupe.Invitation, error) {
	inv, err := tx.InvitationByTokenHash(ctx, auth.HashToken(token))
	switch {
	case loupe.IsCode(err, loupe.NotFound):
		return inv, errInvitationGone
	case err != nil:
		return inv, err
	case inv.AcceptedAt != nil:
		return inv, loupe.Errorf(loupe.Conflict, "this invitation was already accepted")
	case !s.clock().Before(inv.ExpiresAt):
		return inv, loupe.Errorf(loupe.Invalid, "this invitation expired on %s; ask for a new one", inv.ExpiresAt.Format("2 January 2006"))
	}
	return inv, nil
}

// InvitationByToken shows an invitation to whoever holds its link.
func (s *Service) InvitationByToken(ctx context.Context, token string) (InvitationView, error) {
	var view InvitationView
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		inv, err := s.openInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		ws, err := tx.Workspace(ctx, inv.WorkspaceID)
		if err != nil {
			return err
		}
		_, err = tx.UserByEmail(ctx, inv.Email)
		if err != nil && !loupe.IsCode(err, loupe.NotFound) {
			return err
		}
		view = InvitationView{Invitation: inv, WorkspaceName: ws.Name, UserExists: err == nil}
		return nil
	})
	return view, err
}

// AcceptInput completes an invitation. Name and password create the account when the invited
// address has none; otherwise the invited user must be signed in.
type AcceptInput struct {
	Name     string
	Password string
}

// Accepted is the outcome of accepting: the workspace joined, and a session when an account was created.
type Accepted struct {
	WorkspaceID loupe.ID
	SignedIn    *SignedIn
}

// AcceptInvitation makes the invited address a member of the workspace, creating its account if needed.
func (s *Service) AcceptInvitation(ctx context.Context, token string, in AcceptInput, c Client) (Accepted, error) {
	var out Accepted
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		inv, err := s.openInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		u, err := tx.UserByEmail(ctx, inv.Email)
		switch {
		case err == nil:
			a := loupe.ActorFrom(ctx)
			if a == nil {
				return loupe.Errorf(loupe.Unauthenticated, "sign in as %s to accept this invitation", inv.Email)
			}
			if a.User.ID != u.ID {
				return loupe.Errorf(loupe.Forbidden, "this invitation is for %s; sign in with that account to accept it", inv.Email)
			}
		case loupe.IsCode(err, loupe.NotFound):
			var v loupe.Validation
			nu, err := s.newUser(&v, in.Name, inv.Email, in.Password)
			if err != nil {
				return err
			}
			if err := tx.CreateUser(ctx, nu); err != nil {
				return err
			}
			u = *nu
			si, err := s.openSession(ctx, tx, nu, c)
			if err != nil {
				return err
			}
			out.SignedIn = &si
		default:
			return err
		}
		now := s.clock()
		if err := tx.CreateMembership(ctx, &loupe.Membership{WorkspaceID: inv.WorkspaceID, UserID: u.ID, Role: inv.Role, Type: inv.Type,
			CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		out.WorkspaceID = inv.WorkspaceID
		return s.audited(ctx, tx, inv.WorkspaceID, tx.AcceptInvitation(ctx, inv.ID, now), AuditEvent{Action: "member.joined", TargetType: "user",
			TargetID: u.ID.String(), Actor: &u, IP: c.IP, Detail: map[string]any{"email": u.Email, "role": inv.Role, "user_type": inv.Type, "invitation_id": inv.ID}})
	})
	return out, err
}
