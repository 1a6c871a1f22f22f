package store

import (
	"context"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

const invitationColumns = `i.id, i.workspace_id, i.email, i.role, i.user_type, i.invited_by, i.created_at, i.expires_at, i.accepted_at`

func scanInvitation(s scanner) (i loupe.Invitation, err error) {
	return i, s.Scan(&i.ID, &i.WorkspaceID, &i.Email, &i.Role, &i.Type, &i.InvitedBy, utc{&i.CreatedAt}, utc{&i.ExpiresAt}, nullUTC{&i.AcceptedAt})
}

// CreateInvitation inserts inv with the hash of its token. A pending invitation of the same email
// to the same workspace is a Conflict.
func (t *Tx) CreateInvitation(ctx context.Context, inv *loupe.Invitation, tokenHash string) error {
	_, err := t.exec(ctx, `INSERT INTO invitations (id, workspace_id, email, role, user_type, token_hash, invited_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		inv.ID, inv.WorkspaceID, inv.Email, inv.Role, inv.Type, tokenHash, inv.InvitedBy, inv.CreatedAt, inv.ExpiresAt)
	switch c, _ := violated(err); c {
	case uniqueViolation:
		return &loupe.Error{Code: loupe.Conflict, Message: "email: this address has a pending invitation; revoke it to invite again",
			Fields: []loupe.FieldError{{Field: "email", Message: "this address has a pending invitation"}}}
	case checkViolation:
		return &loupe.Error{Code: loupe.Invalid, Message: "role: only internal users may be admins",
			Fields: []loupe.FieldError{{Field: "role", Message: "only internal users may be admins"}}}
	}
	return loupe.Wrap(err, "insert invitation")
}

// Invitations lists a workspace's pending invitations, expired ones included.
func (t *Tx) Invitations(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Invitation, *loupe.ID, error) {
	is, err := list(ctx, t, scanInvitation, `SELECT `+invitationColumns+` FROM invitations i
		WHERE i.workspace_id = $1 AND i.accepted_at IS NULL AND i.id > $2 ORDER BY i.id LIMIT $3`, workspaceID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list invitations")
	}
	is, next := trimPage(is, p, func(i loupe.Invitation) loupe.ID { return i.ID })
	return is, next, nil
}

// InvitationByTokenHash returns the invitation a link's token opens.
func (t *Tx) InvitationByTokenHash(ctx context.Context, tokenHash string) (loupe.Invitation, error) {
	i, err := scanInvitation(t.queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i WHERE i.token_hash = $1`, tokenHash))
	return one(i, err, "invitation not found")
}

// Invitation returns one of a workspace's invitations.
func (t *Tx) Invitation(ctx context.Context, workspaceID, id loupe.ID) (loupe.Invitation, error) {
	i, err := scanInvitation(t.queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i WHERE i.workspace_id = $1 AND i.id = $2`, workspaceID, id))
	return one(i, err, "invitation not found")
}

// DeleteInvitation revokes a pending invitation.
func (t *Tx) DeleteInvitation(ctx context.Context, workspaceID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "invitation not found", `DELETE FROM invitations WHERE workspace_id = $1 AND id = $2 AND accepted_at IS NULL`,
		workspaceID, id), "delete invitation")
}

// AcceptInvitation marks a pending invitation used; a second acceptance is a Conflict.
func (t *Tx) AcceptInvitation(ctx context.Context, id loupe.ID, at time.Time) error {
	err := t.execOne(ctx, "invitation not found", `UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL`, id, at)
	if loupe.IsCode(err, loupe.NotFound) {
		return loupe.Errorf(loupe.Conflict, "this invitation was already accepted")
	}
	return loupe.Wrap(err, "accept invitation")
}
