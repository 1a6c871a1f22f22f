package service

import (
	"context"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// Groups lists a workspace's user groups.
func (s *Service) Groups(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Group, *loupe.ID, error) {
	var gs []loupe.Group
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListGroups, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		gs, next, err = tx.Groups(ctx, workspaceID, p)
		return err
	})
	return gs, next, err
}

// Group returns one group.
func (s *Service) Group(ctx context.Context, workspaceID, id loupe.ID) (loupe.Group, error) {
	var g loupe.Group
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ReadGroup, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		g, err = tx.Group(ctx, workspaceID, id)
		return err
	})
	return g, err
}

// CreateGroup creates a group with a name unique in the workspace.
func (s *Service) CreateGroup(ctx context.Context, workspaceID loupe.ID, name string) (loupe.Group, error) {
	var v loupe.Validation
	n := cleanName(&v, "name", name)
	var g loupe.Group
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.CreateGroup, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.clock()
		g = loupe.Group{ID: loupe.NewID(), WorkspaceID: workspaceID, Name: n, CreatedAt: now, UpdatedAt: now}
		return s.audited(ctx, tx, workspaceID, tx.CreateGroup(ctx, &g), AuditEvent{Action: "group.created", TargetType: "group", TargetID: g.ID.String(),
			Detail: map[string]any{"name": g.Name}})
	})
	return g, err
}

// RenameGroup renames a group.
func (s *Service) RenameGroup(ctx context.Context, workspaceID, id loupe.ID, name string) (loupe.Group, error) {
	var v loupe.Validation
	n := cleanName(&v, "name", name)
	var g loupe.Group
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.UpdateGroup, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if g, err = tx.Group(ctx, workspaceID, id); err != nil {
			return err
		}
		old := g.Name
		g.Name, g.UpdatedAt = n, s.clock()
		return s.audited(ctx, tx, workspaceID, tx.RenameGroup(ctx, &g), AuditEvent{Action: "group.renamed", TargetType: "group", TargetID: id.String(),
			Detail: map[string]any{"name": map[string]any{"from": old, "to": g.Name}}})
	})
	return g, err
}

// DeleteGroup deletes a group; its members stay in the workspace.
func (s *Service) DeleteGroup(ctx context.Context, workspaceID, id loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.DeleteGroup, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		g, err := tx.Group(ctx, workspaceID, id)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteGroup(ctx, workspaceID, id), AuditEvent{Action: "group.deleted", TargetType: "group", TargetID: id.String(),
			Detail: map[string]any{"name": g.Name}})
	})
}

// GroupMembers lists a group's members.
func (s *Service) GroupMembers(ctx context.Context, workspaceID, id loupe.ID, p loupe.Page) ([]loupe.User, *loupe.ID, error) {
	var us []loupe.User
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ReadGroup, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		if _, err := tx.Group(ctx, workspaceID, id); err != nil {
			return err
		}
		us, next, err = tx.GroupMembers(ctx, workspaceID, id, p)
		return err
	})
	return us, next, err
}

// AddGroupMember puts a workspace member into a group.
func (s *Service) AddGroupMember(ctx context.Context, workspaceID, groupID, userID loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ManageGroupMembers, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.AddGroupMember(ctx, workspaceID, groupID, userID, s.clock()), AuditEvent{Action: "group.member_added",
			TargetType: "group", TargetID: groupID.String(), Detail: map[string]any{"user_id": userID}})
	})
}

// RemoveGroupMember takes a user out of a group.
func (s *Service) RemoveGroupMember(ctx context.Context, workspaceID, groupID, userID loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ManageGroupMembers, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		if _, err := tx.Group(ctx, workspaceID, groupID); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.RemoveGroupMember(ctx, workspaceID, groupID, userID), AuditEvent{Action: "group.member_removed",
			TargetType: "group", TargetID: groupID.String(), Detail: map[string]any{"user_id": userID}})
	})
}
