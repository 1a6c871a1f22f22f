package api

import (
	"context"

	"github.com/loupehq/loupe/internal/loupe"
)

type ListGroupsInput struct {
	WorkspacePath
	PageQuery
}

type GroupsOutput struct{ Body List[Group] }

func (s *Server) listGroups(ctx context.Context, in *ListGroupsInput) (*GroupsOutput, error) {
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, s.svc.Groups, toGroup)
	return &GroupsOutput{Body: l}, err
}

type GroupNameInput struct {
	WorkspacePath
	Body struct {
		Name string `json:"name" maxLength:"100"`
	}
}

type GroupOutput struct{ Body Group }

func (s *Server) createGroup(ctx context.Context, in *GroupNameInput) (*GroupOutput, error) {
	id, err := in.workspace()
	if err != nil {
		return nil, err
	}
	g, err := s.svc.CreateGroup(ctx, id, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &GroupOutput{Body: toGroup(g)}, nil
}

type GroupPath struct {
	WorkspacePath
	GroupID string `path:"groupID" format:"uuid"`
}

func (p GroupPath) ids() (workspace, group loupe.ID, err error) {
	if workspace, err = p.workspace(); err == nil {
		group, err = loupe.ParseID(p.GroupID)
	}
	return workspace, group, err
}

func (s *Server) getGroup(ctx context.Context, in *GroupPath) (*GroupOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	g, err := s.svc.Group(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	return &GroupOutput{Body: toGroup(g)}, nil
}

type RenameGroupInput struct {
	GroupPath
	Body struct {
		Name string `json:"name" maxLength:"100"`
	}
}

func (s *Server) renameGroup(ctx context.Context, in *RenameGroupInput) (*GroupOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	g, err := s.svc.RenameGroup(ctx, ws, id, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &GroupOutput{Body: toGroup(g)}, nil
}

func (s *Server) deleteGroup(ctx context.Context, in *GroupPath) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteGroup(ctx, ws, id)
}

type ListGroupMembersInput struct {
	GroupPath
	PageQuery
}

type UserRefsOutput struct{ Body List[UserRef] }

func (s *Server) listGroupMembers(ctx context.Context, in *ListGroupMembersInput) (*UserRefsOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	p, err := in.page()
	if err != nil {
		return nil, err
	}
	us, next, err := s.svc.GroupMembers(ctx, ws, id, p)
	if err != nil {
		return nil, err
	}
	return &UserRefsOutput{Body: list(us, next, toUserRef)}, nil
}

type GroupMemberPath struct {
	GroupPath
	UserID string `path:"userID" format:"uuid"`
}

func (p GroupMemberPath) all() (workspace, group, user loupe.ID, err error) {
	if workspace, group, err = p.ids(); err == nil {
		user, err = loupe.ParseID(p.UserID)
	}
	return workspace, group, user, err
}

func (s *Server) addGroupMember(ctx context.Context, in *GroupMemberPath) (*struct{}, error) {
	ws, g, u, err := in.all()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.AddGroupMember(ctx, ws, g, u)
}

func (s *Server) removeGroupMember(ctx context.Context, in *GroupMemberPath) (*struct{}, error) {
	ws, g, u, err := in.all()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RemoveGroupMember(ctx, ws, g, u)
}
