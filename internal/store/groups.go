package store

import (
	"time"

	"context"

	"github.com/loupehq/loupe/internal/loupe"
)

const groupColumns = `g.id, g.workspace_id, g.name, g.created_at, g.updated_at,
	(SELECT COUNT(*) FROM group_members gm WHERE gm.group_id = g.id)`

func scanGroup(s scanner) (g loupe.Group, err error) {
	return g, s.Scan(&g.ID, &g.WorkspaceID, &g.Name, utc{&g.CreatedAt}, utc{&g.UpdatedAt}, &g.MemberCount)
}

func groupNameTaken(err error) error {
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "name: a group with this name already exists",
			Fields: []loupe.FieldError{{Field: "name", Message: "a group with this name already exists"}}}
	}
	return nil
}

// CreateGroup inserts g; a name used by another group of the workspace is a Conflict.
func (t *Tx) CreateGroup(ctx context.Context, g *loupe.Group) error {
	_, err := t.exec(ctx, `INSERT INTO user_groups (id, workspace_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)`,
		g.ID, g.WorkspaceID, g.Name, g.CreatedAt, g.UpdatedAt)
	if e := groupNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "insert group")
}

// Group returns a workspace's group.
func (t *Tx) Group(ctx context.Context, workspaceID, id loupe.ID) (loupe.Group, error) {
	g, err := scanGroup(t.queryRow(ctx, `SELECT `+groupColumns+` FROM user_groups g WHERE g.workspace_id = $1 AND g.id = $2`, workspaceID, id))
	return one(g, err, "group not found")
}

// RenameGroup saves g's name.
func (t *Tx) RenameGroup(ctx context.Context, g *loupe.Group) error {
	err := t.execOne(ctx, "group not found", `UPDATE user_groups SET name = $3, updated_at = $4 WHERE workspace_id = $1 AND id = $2`,
		g.WorkspaceID, g.ID, g.Name, g.UpdatedAt)
	if e := groupNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "rename group")
}

// DeleteGroup deletes a group; its members stay in the workspace.
func (t *Tx) DeleteGroup(ctx context.Context, workspaceID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "group not found", `DELETE FROM user_groups WHERE workspace_id = $1 AND id = $2`, workspaceID, id), "delete group")
}

// Groups lists a workspace's groups in order of creation.
func (t *Tx) Groups(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Group, *loupe.ID, error) {
	gs, err := list(ctx, t, scanGroup, `SELECT `+groupColumns+` FROM user_groups g WHERE g.workspace_id = $1 AND g.id > $2 ORDER BY g.id LIMIT $3`,
		workspaceID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list groups")
	}
	gs, next := trimPage(gs, p, func(g loupe.Group) loupe.ID { return g.ID })
	return gs, next, nil
}

// AddGroupMember puts a workspace member into a group; adding a member twice changes nothing.
func (t *Tx) AddGroupMember(ctx context.Context, workspaceID, groupID, userID loupe.ID, at time.Time) error {
	if _, err := t.Group(ctx, workspaceID, groupID); err != nil {
		return err
	}
	if _, err := t.Membership(ctx, workspaceID, userID); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO group_members (workspace_id, group_id, user_id, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (group_id, user_id) DO NOTHING`, workspaceID, groupID, userID, at)
	return loupe.Wrap(err, "insert group member")
}

// RemoveGroupMember takes a user out of a group.
func (t *Tx) RemoveGroupMember(ctx context.Context, workspaceID, groupID, userID loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "the user is not in this group", `DELETE FROM group_members WHERE workspace_id = $1 AND group_id = $2 AND user_id = $3`,
		workspaceID, groupID, userID), "delete group member")
}

// GroupMembers lists a group's members in order of user id.
func (t *Tx) GroupMembers(ctx context.Context, workspaceID, groupID loupe.ID, p loupe.Page) ([]loupe.User, *loupe.ID, error) {
	us, err := list(ctx, t, scanUser, `SELECT `+userColumns+` FROM group_members gm JOIN users u ON u.id = gm.user_id
		WHERE gm.workspace_id = $1 AND gm.group_id = $2 AND gm.user_id > $3 ORDER BY gm.user_id LIMIT $4`,
		workspaceID, groupID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list group members")
	}
	us, next := trimPage(us, p, func(u loupe.User) loupe.ID { return u.ID })
	return us, next, nil
}
