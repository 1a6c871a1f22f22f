package store

import (
	"context"

	"github.com/loupehq/loupe/internal/loupe"
)

const membershipColumns = `m.workspace_id, m.user_id, m.role, m.user_type, m.created_at, m.updated_at`

func scanMembership(s scanner, extra ...any) (m loupe.Membership, err error) {
	dest := append([]any{&m.WorkspaceID, &m.UserID, &m.Role, &m.Type, utc{&m.CreatedAt}, utc{&m.UpdatedAt}}, extra...)
	return m, s.Scan(dest...)
}

// CreateMembership adds a user to a workspace. It refuses, as a Conflict, a user who is a member
// already and an internal membership of a user who is internal elsewhere.
func (t *Tx) CreateMembership(ctx context.Context, m *loupe.Membership) error {
	if _, err := t.Membership(ctx, m.WorkspaceID, m.UserID); err == nil {
		return loupe.Errorf(loupe.Conflict, "the user is already a member of this workspace")
	} else if !loupe.IsCode(err, loupe.NotFound) {
		return err
	}
	if m.Type == loupe.UserInternal {
		if err := t.checkNotInternalElsewhere(ctx, m.UserID, m.WorkspaceID); err != nil {
			return err
		}
	}
	_, err := t.exec(ctx, `INSERT INTO memberships (workspace_id, user_id, role, user_type, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, m.WorkspaceID, m.UserID, m.Role, m.Type, m.CreatedAt, m.UpdatedAt)
	return membershipError(err, "insert membership")
}

func (t *Tx) checkNotInternalElsewhere(ctx context.Context, userID, workspaceID loupe.ID) error {
	other, err := t.InternalMembership(ctx, userID)
	switch {
	case err == nil && other.WorkspaceID != workspaceID:
		return &loupe.Error{Code: loupe.Conflict, Message: "user_type: the user is an internal member of another workspace; an internal user belongs to one workspace only",
			Fields: []loupe.FieldError{{Field: "user_type", Message: "the user is an internal member of another workspace"}}}
	case err != nil && !loupe.IsCode(err, loupe.NotFound):
		return err
	}
	return nil
}

func membershipError(err error, what string) error {
	switch c, _ := violated(err); c {
	case checkViolation:
		return &loupe.Error{Code: loupe.Invalid, Message: "role: only internal users may be admins",
			Fields: []loupe.FieldError{{Field: "role", Message: "only internal users may be admins"}}}
	case uniqueViolation:
		return loupe.Errorf(loupe.Conflict, "the membership changed concurrently; try again")
	case foreignKeyViolation:
		return loupe.Errorf(loupe.NotFound, "user or workspace not found")
	}
	return loupe.Wrap(err, "%s", what)
}

// Membership returns a user's membership in a workspace.
func (t *Tx) Membership(ctx context.Context, workspaceID, userID loupe.ID) (loupe.Membership, error) {
	m, err := scanMembership(t.queryRow(ctx, `SELECT `+membershipColumns+` FROM memberships m WHERE m.workspace_id = $1 AND m.user_id = $2`,
		workspaceID, userID))
	return one(m, err, "member not found")
}

// InternalMembership returns the one workspace where the user is internal.
func (t *Tx) InternalMembership(ctx context.Context, userID loupe.ID) (loupe.Membership, error) {
	m, err := scanMembership(t.queryRow(ctx, `SELECT `+membershipColumns+` FROM memberships m WHERE m.user_id = $1 AND m.user_type = 'internal'`, userID))
	return one(m, err, "no internal membership")
}

// UpdateMembership saves m's role and type.
func (t *Tx) UpdateMembership(ctx context.Context, m *loupe.Membership) error {
	if m.Type == loupe.UserInternal {
		if err := t.checkNotInternalElsewhere(ctx, m.UserID, m.WorkspaceID); err != nil {
			return err
		}
	}
	err := t.execOne(ctx, "member not found", `UPDATE memberships SET role = $3, user_type = $4, updated_at = $5 WHERE workspace_id = $1 AND user_id = $2`,
		m.WorkspaceID, m.UserID, m.Role, m.Type, m.UpdatedAt)
	return membershipError(err, "update membership")
}

// DeleteMembership removes a user from a workspace and from its groups.
func (t *Tx) DeleteMembership(ctx context.Context, workspaceID, userID loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "member not found", `DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2`, workspaceID, userID),
		"delete membership")
}

// CountAdmins counts a workspace's admins.
func (t *Tx) CountAdmins(ctx context.Context, workspaceID loupe.ID) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE workspace_id = $1 AND role = 'admin'`, workspaceID).Scan(&n)
	return n, loupe.Wrap(err, "count admins")
}

// Members lists a workspace's members with their accounts, in order of user id.
func (t *Tx) Members(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Member, *loupe.ID, error) {
	ms, err := list(ctx, t, func(s scanner) (m loupe.Member, err error) {
		u := &m.User
		m.Membership, err = scanMembership(s, &u.ID, &u.Email, &u.Name, &u.PasswordHash, utc{&u.CreatedAt}, utc{&u.UpdatedAt})
		return m, err
	}, `SELECT `+membershipColumns+`, `+userColumns+`
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.workspace_id = $1 AND m.user_id > $2 ORDER BY m.user_id LIMIT $3`, workspaceID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list members")
	}
	ms, next := trimPage(ms, p, func(m loupe.Member) loupe.ID { return m.UserID })
	return ms, next, nil
}

// MembershipsOfUser lists the workspaces a user belongs to, oldest workspace first.
func (t *Tx) MembershipsOfUser(ctx context.Context, userID loupe.ID) ([]loupe.WorkspaceMembership, error) {
	ms, err := list(ctx, t, func(s scanner) (m loupe.WorkspaceMembership, err error) {
		w := &m.Workspace
		m.Membership, err = scanMembership(s, &w.ID, &w.Name, &w.IsWorkforce, utc{&w.CreatedAt}, utc{&w.UpdatedAt})
		return m, err
	}, `SELECT `+membershipColumns+`, w.id, w.name, w.is_workforce, w.created_at, w.updated_at
		FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
		WHERE m.user_id = $1 ORDER BY w.id`, userID)
	return ms, loupe.Wrap(err, "list memberships of user")
}
