package store

import (
	"context"
	"slices"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// CreateWorkspace inserts w and its claimed domains.
func (t *Tx) CreateWorkspace(ctx context.Context, w *loupe.Workspace) error {
	if w.SignedURLLifetime == 0 {
		w.SignedURLLifetime = loupe.DefaultSignedURLLifetime
	}
	if _, err := t.exec(ctx, `INSERT INTO workspaces (id, name, is_workforce, signed_url_ttl_seconds, mfa_required, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, w.ID, w.Name, w.IsWorkforce, int(w.SignedURLLifetime.Seconds()), w.MFARequired, w.CreatedAt, w.UpdatedAt); err != nil {
		return loupe.Wrap(err, "insert workspace")
	}
	return t.insertDomains(ctx, w.ID, w.EmailDomains, nil)
}

// insertDomains claims the domains that are not in existing already.
func (t *Tx) insertDomains(ctx context.Context, id loupe.ID, domains, existing []string) error {
	for i, d := range domains {
		if slices.Contains(existing, d) {
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO workspace_domains (domain, workspace_id) VALUES ($1, $2)`, d, id); err != nil {
			if isViolation(err, uniqueViolation) {
				return loupe.InvalidField(fieldIndex("email_domains", i), "%s is already claimed by another workspace", d)
			}
			return loupe.Wrap(err, "insert workspace domain")
		}
	}
	return nil
}

// Workspace returns the workspace with id.
func (t *Tx) Workspace(ctx context.Context, id loupe.ID) (loupe.Workspace, error) {
	var w loupe.Workspace
	var ttl int
	err := t.queryRow(ctx, `SELECT id, name, is_workforce, signed_url_ttl_seconds, mfa_required, created_at, updated_at FROM workspaces WHERE id = $1`, id).
		Scan(&w.ID, &w.Name, &w.IsWorkforce, &ttl, &w.MFARequired, utc{&w.CreatedAt}, utc{&w.UpdatedAt})
	w.SignedURLLifetime = time.Duration(ttl) * time.Second
	if w, err = one(w, err, "workspace not found"); err != nil {
		return w, err
	}
	w.EmailDomains, err = t.domains(ctx, id)
	return w, err
}

func (t *Tx) domains(ctx context.Context, id loupe.ID) ([]string, error) {
	ds, err := list(ctx, t, func(s scanner) (d string, err error) { return d, s.Scan(&d) }, `SELECT domain FROM workspace_domains WHERE workspace_id = $1 ORDER BY domain`, id)
	if ds == nil {
		ds = []string{}
	}
	return ds, loupe.Wrap(err, "list workspace domains")
}

// LockWorkspace takes the workspace's row lock until the transaction ends, so that changes to its
// members are serialized and rules over all of them (the last admin) hold.
func (t *Tx) LockWorkspace(ctx context.Context, id loupe.ID) error {
	var got loupe.ID
	err := t.queryRow(ctx, `SELECT id FROM workspaces WHERE id = $1`+t.d.forUpdate(), id).Scan(&got)
	_, err = one(got, err, "workspace not found")
	return err
}

// UpdateWorkspace saves w's settings and domains.
func (t *Tx) UpdateWorkspace(ctx context.Context, w *loupe.Workspace) error {
	if err := t.execOne(ctx, "workspace not found", `UPDATE workspaces SET name = $2, is_workforce = $3, signed_url_ttl_seconds = $4, mfa_required = $5, updated_at = $6 WHERE id = $1`,
		w.ID, w.Name, w.IsWorkforce, int(w.SignedURLLifetime.Seconds()), w.MFARequired, w.UpdatedAt); err != nil {
		return loupe.Wrap(err, "update workspace")
	}
	old, err := t.domains(ctx, w.ID)
	if err != nil {
		return err
	}
	for _, d := range old {
		if !slices.Contains(w.EmailDomains, d) {
			if _, err := t.exec(ctx, `DELETE FROM workspace_domains WHERE domain = $1`, d); err != nil {
				return loupe.Wrap(err, "delete workspace domain")
			}
		}
	}
	return t.insertDomains(ctx, w.ID, w.EmailDomains, old)
}

// WorkspaceByDomain returns the workspace that claims an email domain.
func (t *Tx) WorkspaceByDomain(ctx context.Context, domain string) (loupe.Workspace, error) {
	var id loupe.ID
	err := t.queryRow(ctx, `SELECT workspace_id FROM workspace_domains WHERE domain = $1`, domain).Scan(&id)
	if _, err := one(id, err, "no workspace claims "+domain); err != nil {
		return loupe.Workspace{}, err
	}
	return t.Workspace(ctx, id)
}
