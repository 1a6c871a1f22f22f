package api

import (
	"context"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

type WorkspacePath struct {
	WorkspaceID string `path:"workspaceID" format:"uuid"`
}

func (p WorkspacePath) workspace() (loupe.ID, error) { return loupe.ParseID(p.WorkspaceID) }

type CreateWorkspaceInput struct {
	Body struct {
		Name string `json:"name" maxLength:"100"`
	}
}

type WorkspaceOutput struct{ Body Workspace }

func (s *Server) createWorkspace(ctx context.Context, in *CreateWorkspaceInput) (*WorkspaceOutput, error) {
	ws, err := s.svc.CreateWorkspace(ctx, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &WorkspaceOutput{Body: toWorkspace(ws)}, nil
}

func (s *Server) getWorkspace(ctx context.Context, in *WorkspacePath) (*WorkspaceOutput, error) {
	id, err := in.workspace()
	if err != nil {
		return nil, err
	}
	ws, err := s.svc.Workspace(ctx, id)
	if err != nil {
		return nil, err
	}
	return &WorkspaceOutput{Body: toWorkspace(ws)}, nil
}

type UpdateWorkspaceInput struct {
	WorkspacePath
	Body struct {
		Name              *string  `json:"name,omitempty" maxLength:"100"`
		IsWorkforce       *bool    `json:"is_workforce,omitempty"`
		EmailDomains      []string `json:"email_domains,omitempty" maxItems:"100" doc:"Replaces the claimed domains; an empty list releases them all."`
		SignedURLLifetime *int     `json:"signed_url_lifetime_seconds,omitempty" doc:"60 to 86400."`
		MFARequired       *bool    `json:"mfa_required,omitempty" doc:"Require a second factor of every member. Turning it on needs one of my own."`
	}
}

func (s *Server) updateWorkspace(ctx context.Context, in *UpdateWorkspaceInput) (*WorkspaceOutput, error) {
	id, err := in.workspace()
	if err != nil {
		return nil, err
	}
	b := in.Body
	p := service.WorkspacePatch{Name: b.Name, IsWorkforce: b.IsWorkforce, EmailDomains: b.EmailDomains, MFARequired: b.MFARequired}
	if b.SignedURLLifetime != nil {
		l := time.Duration(*b.SignedURLLifetime) * time.Second
		p.SignedURLLifetime = &l
	}
	ws, err := s.svc.UpdateWorkspace(ctx, id, p)
	if err != nil {
		return nil, err
	}
	return &WorkspaceOutput{Body: toWorkspace(ws)}, nil
}

type ListMembersInput struct {
	WorkspacePath
	PageQuery
}

type MembersOutput struct{ Body List[Member] }

func (s *Server) listMembers(ctx context.Context, in *ListMembersInput) (*MembersOutput, error) {
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, s.svc.Members, toMember)
	return &MembersOutput{Body: l}, err
}

type MemberPath struct {
	WorkspacePath
	UserID string `path:"userID" format:"uuid"`
}

func (p MemberPath) ids() (workspace, user loupe.ID, err error) {
	if workspace, err = p.workspace(); err == nil {
		user, err = loupe.ParseID(p.UserID)
	}
	return workspace, user, err
}

type UpdateMemberInput struct {
	MemberPath
	Body struct {
		Role     *string `json:"role,omitempty" enum:"admin,workforce_manager,member,tasker"`
		UserType *string `json:"user_type,omitempty" enum:"internal,workforce,external"`
	}
}

type MemberOutput struct{ Body Member }

func (s *Server) updateMember(ctx context.Context, in *UpdateMemberInput) (*MemberOutput, error) {
	ws, u, err := in.ids()
	if err != nil {
		return nil, err
	}
	var p service.MemberPatch
	if in.Body.Role != nil {
		r := loupe.Role(*in.Body.Role)
		p.Role = &r
	}
	if in.Body.UserType != nil {
		t := loupe.UserType(*in.Body.UserType)
		p.Type = &t
	}
	m, err := s.svc.UpdateMember(ctx, ws, u, p)
	if err != nil {
		return nil, err
	}
	return &MemberOutput{Body: toMember(m)}, nil
}

func (s *Server) removeMember(ctx context.Context, in *MemberPath) (*struct{}, error) {
	ws, u, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RemoveMember(ctx, ws, u)
}
