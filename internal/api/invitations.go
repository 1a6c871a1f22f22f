package api

import (
	"context"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

type ListInvitationsInput struct {
	WorkspacePath
	PageQuery
}

type InvitationsOutput struct{ Body List[Invitation] }

func (s *Server) listInvitations(ctx context.Context, in *ListInvitationsInput) (*InvitationsOutput, error) {
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, s.svc.Invitations, toInvitation)
	return &InvitationsOutput{Body: l}, err
}

type CreateInvitationInput struct {
	WorkspacePath
	Body struct {
		Email    string `json:"email" maxLength:"254"`
		Role     string `json:"role" enum:"admin,workforce_manager,member,tasker"`
		UserType string `json:"user_type" enum:"internal,workforce,external"`
	}
}

type CreatedInvitation struct {
	Invitation
	Link string `json:"link" doc:"The link that accepts the invitation. It is shown once: only its holder can accept."`
}

type CreatedInvitationOutput struct{ Body CreatedInvitation }

func (s *Server) createInvitation(ctx context.Context, in *CreateInvitationInput) (*CreatedInvitationOutput, error) {
	id, err := in.workspace()
	if err != nil {
		return nil, err
	}
	inv, err := s.svc.Invite(ctx, id, service.InviteInput{Email: in.Body.Email, Role: loupe.Role(in.Body.Role), Type: loupe.UserType(in.Body.UserType)})
	if err != nil {
		return nil, err
	}
	return &CreatedInvitationOutput{Body: CreatedInvitation{Invitation: toInvitation(inv.Invitation), Link: inv.Link}}, nil
}

type InvitationPath struct {
	WorkspacePath
	InvitationID string `path:"invitationID" format:"uuid"`
}

func (s *Server) revokeInvitation(ctx context.Context, in *InvitationPath) (*struct{}, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	id, err := loupe.ParseID(in.InvitationID)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RevokeInvitation(ctx, ws, id)
}

type TokenPath struct {
	Token string `path:"token" maxLength:"128"`
}

type InvitationViewOutput struct {
	Body struct {
		WorkspaceName string    `json:"workspace_name"`
		Email         string    `json:"email"`
		Role          string    `json:"role" enum:"admin,workforce_manager,member,tasker"`
		UserType      string    `json:"user_type" enum:"internal,workforce,external"`
		ExpiresAt     time.Time `json:"expires_at"`
		UserExists    bool      `json:"user_exists" doc:"Whether the invited address has an account; if not, accepting creates one."`
	}
}

func (s *Server) getInvitation(ctx context.Context, in *TokenPath) (*InvitationViewOutput, error) {
	v, err := s.svc.InvitationByToken(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	out := &InvitationViewOutput{}
	b := &out.Body
	b.WorkspaceName, b.Email, b.Role, b.UserType = v.WorkspaceName, v.Invitation.Email, string(v.Invitation.Role), string(v.Invitation.Type)
	b.ExpiresAt, b.UserExists = v.Invitation.ExpiresAt, v.UserExists
	return out, nil
}

type AcceptInvitationInput struct {
	TokenPath
	Body struct {
		Name     string `json:"name,omitempty" maxLength:"100" doc:"Required when the invited address has no account."`
		Password string `json:"password,omitempty" maxLength:"256" doc:"Required when the invited address has no account."`
	}
}

type AcceptedOutput struct {
	SetCookie string `header:"Set-Cookie"`
	Body      struct {
		WorkspaceID loupe.ID `json:"workspace_id"`
	}
}

func (s *Server) acceptInvitation(ctx context.Context, in *AcceptInvitationInput) (*AcceptedOutput, error) {
	a, err := s.svc.AcceptInvitation(ctx, in.Token, service.AcceptInput{Name: in.Body.Name, Password: in.Body.Password}, clientFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := &AcceptedOutput{}
	out.Body.WorkspaceID = a.WorkspaceID
	if a.SignedIn != nil {
		out.SetCookie = s.signedInCookie(*a.SignedIn)
	}
	return out, nil
}
