package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

const apiKeyColumns = `k.id, k.user_id, k.workspace_id, k.name, k.prefix, k.read_only, k.actions, k.created_at, k.expires_at,
	k.revoked_at, k.revoked_by, k.last_used_at, k.last_used_ip`

func scanAPIKey(s scanner, extra ...any) (k loupe.APIKey, err error) {
	var actions sql.NullString
	var revokedBy *loupe.ID
	err = s.Scan(append([]any{&k.ID, &k.UserID, &k.WorkspaceID, &k.Name, &k.Prefix, &k.Scope.ReadOnly, &actions, utc{&k.CreatedAt},
		nullUTC{&k.ExpiresAt}, nullUTC{&k.RevokedAt}, &revokedBy, nullUTC{&k.LastUsedAt}, &k.LastUsedIP}, extra...)...)
	if err == nil && actions.Valid {
		err = json.Unmarshal([]byte(actions.String), &k.Scope.Actions)
	}
	k.RevokedBy = revokedBy
	return k, err
}

// CreateAPIKey inserts k with the hash of its secret. A prefix already taken is a Conflict (the
// caller draws another key); a user who is not a member of k's workspace is NotFound.
func (t *Tx) CreateAPIKey(ctx context.Context, k *loupe.APIKey, secretHash string) error {
	var actions *string
	if len(k.Scope.Actions) > 0 {
		b, err := json.Marshal(k.Scope.Actions)
		if err != nil {
			return loupe.Wrap(err, "encode API key actions")
		}
		s := string(b)
		actions = &s
	}
	_, err := t.exec(ctx, `INSERT INTO api_keys (id, workspace_id, user_id, name, prefix, secret_hash, read_only, actions, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		k.ID, k.WorkspaceID, k.UserID, k.Name, k.Prefix, secretHash, k.Scope.ReadOnly, actions, k.CreatedAt, k.ExpiresAt)
	switch c, _ := violated(err); c {
	case uniqueViolation:
		return loupe.Errorf(loupe.Conflict, "an API key with this prefix exists")
	case foreignKeyViolation:
		return loupe.Errorf(loupe.NotFound, "workspace not found")
	}
	return loupe.Wrap(err, "insert API key")
}

// APIKeyByPrefix returns the key with a prefix, revoked or not, the hash of its secret, and its user.
func (t *Tx) APIKeyByPrefix(ctx context.Context, prefix string) (loupe.APIKey, string, loupe.User, error) {
	var hash string
	var u loupe.User
	k, err := scanAPIKey(t.queryRow(ctx, `SELECT `+apiKeyColumns+`, k.secret_hash, `+userColumns+`
		FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.prefix = $1`, prefix),
		&hash, &u.ID, &u.Email, &u.Name, &u.PasswordHash, utc{&u.CreatedAt}, utc{&u.UpdatedAt})
	k, err = one(k, err, "API key not found")
	return k, hash, u, err
}

// APIKey returns a key that is not revoked.
func (t *Tx) APIKey(ctx context.Context, id loupe.ID) (loupe.APIKey, error) {
	k, err := scanAPIKey(t.queryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys k WHERE k.id = $1 AND k.revoked_at IS NULL`, id))
	return one(k, err, "API key not found")
}

// TouchAPIKey records when and from where a key was last used.
func (t *Tx) TouchAPIKey(ctx context.Context, id loupe.ID, at time.Time, ip string) error {
	_, err := t.exec(ctx, `UPDATE api_keys SET last_used_at = $2, last_used_ip = $3 WHERE id = $1`, id, at, ip)
	return loupe.Wrap(err, "touch API key")
}

// RevokeAPIKey revokes a key that is not revoked yet.
func (t *Tx) RevokeAPIKey(ctx context.Context, id loupe.ID, at time.Time, by loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "API key not found", `UPDATE api_keys SET revoked_at = $2, revoked_by = $3
		WHERE id = $1 AND revoked_at IS NULL`, id, at, by), "revoke API key")
}

// APIKeysOfUser lists a user's keys that are not revoked, expired ones included, oldest first;
// in one workspace when workspaceID is not the zero id.
func (t *Tx) APIKeysOfUser(ctx context.Context, userID, workspaceID loupe.ID, p loupe.Page) ([]loupe.APIKey, *loupe.ID, error) {
	q, args := `SELECT `+apiKeyColumns+` FROM api_keys k WHERE k.user_id = $1 AND k.revoked_at IS NULL AND k.id > $2`, []any{userID, p.After}
	if workspaceID != (loupe.ID{}) {
		q, args = q+` AND k.workspace_id = $3`, append(args, workspaceID)
	}
	ks, err := list(ctx, t, func(s scanner) (loupe.APIKey, error) { return scanAPIKey(s) }, q+` ORDER BY k.id LIMIT `+strconv.Itoa(pageLimit(p)), args...)
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list API keys")
	}
	ks, next := trimPage(ks, p, func(k loupe.APIKey) loupe.ID { return k.ID })
	return ks, next, nil
}

// WorkspaceAPIKeys lists the keys bound to a workspace that are not revoked, with their owners.
func (t *Tx) WorkspaceAPIKeys(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.OwnedAPIKey, *loupe.ID, error) {
	ks, err := list(ctx, t, func(s scanner) (loupe.OwnedAPIKey, error) {
		var o loupe.OwnedAPIKey
		var err error
		o.APIKey, err = scanAPIKey(s, &o.Owner.ID, &o.Owner.Email, &o.Owner.Name)
		return o, err
	}, `SELECT `+apiKeyColumns+`, u.id, u.email, u.name FROM api_keys k JOIN users u ON u.id = k.user_id
		WHERE k.workspace_id = $1 AND k.revoked_at IS NULL AND k.id > $2 ORDER BY k.id LIMIT $3`, workspaceID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list workspace API keys")
	}
	ks, next := trimPage(ks, p, func(k loupe.OwnedAPIKey) loupe.ID { return k.ID })
	return ks, next, nil
}
