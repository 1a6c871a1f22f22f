package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/loupehq/loupe/internal/loupe"
)

const importColumns = `m.id, m.workspace_id, m.dataset_id, m.source, m.prefix, m.manifest_key, m.key_version, m.status, m.seen, m.added, m.existing, m.failed,
	m.errors, m.error, m.created_by, m.created_at, m.finished_at`

func scanImport(s scanner) (m loupe.Import, err error) {
	var manifest sql.NullString
	var version sql.NullInt64
	var errs string
	if err = s.Scan(&m.ID, &m.WorkspaceID, &m.DatasetID, &m.Source, &m.Prefix, &manifest, &version, &m.Status, &m.Seen, &m.Added, &m.Existing, &m.Failed,
		&errs, &m.Error, &m.CreatedBy, utc{&m.CreatedAt}, nullUTC{&m.FinishedAt}); err != nil {
		return m, err
	}
	m.ManifestKey, m.KeyVersion = manifest.String, int(version.Int64)
	return m, json.Unmarshal([]byte(errs), &m.Errors)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateImport inserts m.
func (t *Tx) CreateImport(ctx context.Context, m *loupe.Import) error {
	var version any
	if m.ManifestKey != "" {
		version = m.KeyVersion
	}
	_, err := t.exec(ctx, `INSERT INTO imports (id, workspace_id, dataset_id, source, prefix, manifest_key, key_version, status, errors, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', $9, $10)`,
		m.ID, m.WorkspaceID, m.DatasetID, m.Source, m.Prefix, nullString(m.ManifestKey), version, m.Status, m.CreatedBy, m.CreatedAt)
	return loupe.Wrap(err, "insert import")
}

// SaveImportProgress writes an import's status, counts, errors and end.
func (t *Tx) SaveImportProgress(ctx context.Context, m *loupe.Import) error {
	errs, err := json.Marshal(m.Errors)
	if err != nil {
		return loupe.Wrap(err, "encode import errors")
	}
	if m.Errors == nil {
		errs = []byte("[]")
	}
	return loupe.Wrap(t.execOne(ctx, "import not found", `UPDATE imports SET status = $3, seen = $4, added = $5, existing = $6, failed = $7,
		errors = $8, error = $9, finished_at = $10 WHERE workspace_id = $1 AND id = $2`,
		m.WorkspaceID, m.ID, m.Status, m.Seen, m.Added, m.Existing, m.Failed, string(errs), m.Error, m.FinishedAt), "save import progress")
}

// Import returns one import of a dataset.
func (t *Tx) Import(ctx context.Context, workspaceID, id loupe.ID) (loupe.Import, error) {
	m, err := scanImport(t.queryRow(ctx, `SELECT `+importColumns+` FROM imports m WHERE m.workspace_id = $1 AND m.id = $2`, workspaceID, id))
	return one(m, err, "import not found")
}

// Imports lists a dataset's imports, newest first.
func (t *Tx) Imports(ctx context.Context, workspaceID, datasetID loupe.ID, limit int) ([]loupe.Import, error) {
	ms, err := list(ctx, t, scanImport, `SELECT `+importColumns+` FROM imports m WHERE m.workspace_id = $1 AND m.dataset_id = $2
		ORDER BY m.id DESC LIMIT $3`, workspaceID, datasetID, limit)
	return ms, loupe.Wrap(err, "list imports")
}
