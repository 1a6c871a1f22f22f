package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

const uploadColumns = `u.id, u.workspace_id, u.dataset_id, u.name, u.size, u.received, u.parts, u.metadata, u.key_version, u.created_by, u.created_at, u.expires_at`

func scanUpload(s scanner) (u loupe.Upload, err error) {
	var meta string
	err = s.Scan(&u.ID, &u.WorkspaceID, &u.DatasetID, &u.Name, &u.Size, &u.Received, &u.Parts, &meta, &u.KeyVersion, &u.CreatedBy,
		utc{&u.CreatedAt}, utc{&u.ExpiresAt})
	u.Metadata = json.RawMessage(meta)
	return u, err
}

// CreateUpload inserts u.
func (t *Tx) CreateUpload(ctx context.Context, u *loupe.Upload) error {
	_, err := t.exec(ctx, `INSERT INTO uploads (id, workspace_id, dataset_id, name, size, metadata, key_version, created_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		u.ID, u.WorkspaceID, u.DatasetID, u.Name, u.Size, string(u.Metadata), u.KeyVersion, u.CreatedBy, u.CreatedAt, u.ExpiresAt)
	return loupe.Wrap(err, "insert upload")
}

// Upload returns one upload of a dataset.
func (t *Tx) Upload(ctx context.Context, workspaceID, datasetID, id loupe.ID) (loupe.Upload, error) {
	u, err := scanUpload(t.queryRow(ctx, `SELECT `+uploadColumns+` FROM uploads u WHERE u.workspace_id = $1 AND u.dataset_id = $2 AND u.id = $3`,
		workspaceID, datasetID, id))
	return one(u, err, "upload not found")
}

// AdvanceUpload records a part of n bytes that began at offset. It is a Conflict when another part
// was recorded since, so that two clients sending the same part cannot both count it.
func (t *Tx) AdvanceUpload(ctx context.Context, workspaceID, id loupe.ID, offset, n int64) error {
	err := t.execOne(ctx, "moved", `UPDATE uploads SET received = received + $4, parts = parts + 1 WHERE workspace_id = $1 AND id = $2 AND received = $3`,
		workspaceID, id, offset, n)
	if loupe.IsCode(err, loupe.NotFound) {
		return loupe.Errorf(loupe.Conflict, "another part arrived meanwhile; ask for the upload's offset and go on from there")
	}
	return loupe.Wrap(err, "advance upload")
}

// DeleteUpload removes an upload's row; its parts are the caller's to delete.
func (t *Tx) DeleteUpload(ctx context.Context, workspaceID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "upload not found", `DELETE FROM uploads WHERE workspace_id = $1 AND id = $2`, workspaceID, id), "delete upload")
}

// ExpiredUploads returns up to limit uploads abandoned before now.
func (t *Tx) ExpiredUploads(ctx context.Context, now time.Time, limit int) ([]loupe.Upload, error) {
	us, err := list(ctx, t, scanUpload, `SELECT `+uploadColumns+` FROM uploads u WHERE u.expires_at < $1 ORDER BY u.expires_at LIMIT $2`, now, limit)
	return us, loupe.Wrap(err, "list expired uploads")
}
