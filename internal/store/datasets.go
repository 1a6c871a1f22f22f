package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// WorkspaceKeys returns every version of a workspace's wrapped key, newest first.
func (t *Tx) WorkspaceKeys(ctx context.Context, workspaceID loupe.ID) (map[int][]byte, int, error) {
	type row struct {
		v int
		k []byte
	}
	rows, err := list(ctx, t, func(s scanner) (r row, err error) { return r, s.Scan(&r.v, &r.k) },
		`SELECT version, wrapped_key FROM workspace_keys WHERE workspace_id = $1`, workspaceID)
	if err != nil {
		return nil, 0, loupe.Wrap(err, "list workspace keys")
	}
	keys, latest := map[int][]byte{}, 0
	for _, r := range rows {
		keys[r.v] = r.k
		latest = max(latest, r.v)
	}
	return keys, latest, nil
}

// AddWorkspaceKey stores a new version of a workspace's wrapped key. Two replicas adding the same
// version at once is a Conflict; the loser reads the winner's.
func (t *Tx) AddWorkspaceKey(ctx context.Context, workspaceID loupe.ID, version int, wrapped []byte, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO workspace_keys (workspace_id, version, wrapped_key, created_at) VALUES ($1, $2, $3, $4)`,
		workspaceID, version, wrapped, at)
	if isViolation(err, uniqueViolation) {
		return loupe.Errorf(loupe.Conflict, "workspace key version %d exists", version)
	}
	return loupe.Wrap(err, "insert workspace key")
}

// RewrapWorkspaceKey replaces the wrapping of one key version (after the master key changed).
func (t *Tx) RewrapWorkspaceKey(ctx context.Context, workspaceID loupe.ID, version int, wrapped []byte) error {
	return loupe.Wrap(t.execOne(ctx, "workspace key not found", `UPDATE workspace_keys SET wrapped_key = $3 WHERE workspace_id = $1 AND version = $2`,
		workspaceID, version, wrapped), "rewrap workspace key")
}

// AllWorkspaceIDs lists every workspace, for maintenance across tenants (key rotation).
func (t *Tx) AllWorkspaceIDs(ctx context.Context) ([]loupe.ID, error) {
	ids, err := list(ctx, t, func(s scanner) (id loupe.ID, err error) { return id, s.Scan(&id) }, `SELECT id FROM workspaces ORDER BY id`)
	return ids, loupe.Wrap(err, "list workspaces")
}

const integrationColumns = `g.id, g.workspace_id, g.name, g.kind, g.config, g.credentials, g.key_version, g.created_by, g.created_at, g.updated_at`

func scanIntegration(s scanner) (g loupe.Integration, err error) {
	var config string
	var version sql.NullInt64
	if err = s.Scan(&g.ID, &g.WorkspaceID, &g.Name, &g.Kind, &config, &g.Credentials, &version, &g.CreatedBy, utc{&g.CreatedAt}, utc{&g.UpdatedAt}); err != nil {
		return g, err
	}
	g.KeyVersion = int(version.Int64)
	return g, json.Unmarshal([]byte(config), &g.Config)
}

func integrationNameTaken(err error) error {
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "name: a storage integration with this name already exists",
			Fields: []loupe.FieldError{{Field: "name", Message: "a storage integration with this name already exists"}}}
	}
	return nil
}

func nullVersion(g *loupe.Integration) any {
	if g.Credentials == nil {
		return nil
	}
	return g.KeyVersion
}

// CreateIntegration inserts g.
func (t *Tx) CreateIntegration(ctx context.Context, g *loupe.Integration) error {
	config, err := json.Marshal(g.Config)
	if err != nil {
		return loupe.Wrap(err, "encode bucket config")
	}
	_, err = t.exec(ctx, `INSERT INTO storage_integrations (id, workspace_id, name, kind, config, credentials, key_version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		g.ID, g.WorkspaceID, g.Name, g.Kind, string(config), g.Credentials, nullVersion(g), g.CreatedBy, g.CreatedAt, g.UpdatedAt)
	if e := integrationNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "insert storage integration")
}

// UpdateIntegration saves g's name, config and credentials.
func (t *Tx) UpdateIntegration(ctx context.Context, g *loupe.Integration) error {
	config, err := json.Marshal(g.Config)
	if err != nil {
		return loupe.Wrap(err, "encode bucket config")
	}
	err = t.execOne(ctx, "storage integration not found", `UPDATE storage_integrations SET name = $3, config = $4, credentials = $5, key_version = $6, updated_at = $7
		WHERE workspace_id = $1 AND id = $2`, g.WorkspaceID, g.ID, g.Name, string(config), g.Credentials, nullVersion(g), g.UpdatedAt)
	if e := integrationNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "update storage integration")
}

// Integration returns one of a workspace's storage integrations.
func (t *Tx) Integration(ctx context.Context, workspaceID, id loupe.ID) (loupe.Integration, error) {
	g, err := scanIntegration(t.queryRow(ctx, `SELECT `+integrationColumns+` FROM storage_integrations g WHERE g.workspace_id = $1 AND g.id = $2`, workspaceID, id))
	return one(g, err, "storage integration not found")
}

// Integrations lists a workspace's storage integrations.
func (t *Tx) Integrations(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Integration, *loupe.ID, error) {
	gs, err := list(ctx, t, scanIntegration, `SELECT `+integrationColumns+` FROM storage_integrations g
		WHERE g.workspace_id = $1 AND g.id > $2 ORDER BY g.id LIMIT $3`, workspaceID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list storage integrations")
	}
	gs, next := trimPage(gs, p, func(g loupe.Integration) loupe.ID { return g.ID })
	return gs, next, nil
}

// DeleteIntegration deletes an integration no dataset uses.
func (t *Tx) DeleteIntegration(ctx context.Context, workspaceID, id loupe.ID) error {
	err := t.execOne(ctx, "storage integration not found", `DELETE FROM storage_integrations WHERE workspace_id = $1 AND id = $2`, workspaceID, id)
	if isViolation(err, foreignKeyViolation) {
		return loupe.Errorf(loupe.Conflict, "datasets still read from this storage integration; delete them or move them first")
	}
	return loupe.Wrap(err, "delete storage integration")
}

const datasetColumns = `d.id, d.workspace_id, d.name, d.description, d.integration_id, d.created_by, d.created_at, d.updated_at,
	(SELECT COUNT(*) FROM data_items i WHERE i.workspace_id = d.workspace_id AND i.dataset_id = d.id)`

func scanDataset(s scanner) (d loupe.Dataset, err error) {
	var integration *loupe.ID
	err = s.Scan(&d.ID, &d.WorkspaceID, &d.Name, &d.Description, &integration, &d.CreatedBy, utc{&d.CreatedAt}, utc{&d.UpdatedAt}, &d.ItemCount)
	d.IntegrationID = integration
	return d, err
}

func datasetNameTaken(err error) error {
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "name: a dataset with this name already exists",
			Fields: []loupe.FieldError{{Field: "name", Message: "a dataset with this name already exists"}}}
	}
	return nil
}

// CreateDataset inserts d.
func (t *Tx) CreateDataset(ctx context.Context, d *loupe.Dataset) error {
	_, err := t.exec(ctx, `INSERT INTO datasets (id, workspace_id, name, description, integration_id, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, d.ID, d.WorkspaceID, d.Name, d.Description, d.IntegrationID, d.CreatedBy, d.CreatedAt, d.UpdatedAt)
	if e := datasetNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "insert dataset")
}

// UpdateDataset saves d's name and description.
func (t *Tx) UpdateDataset(ctx context.Context, d *loupe.Dataset) error {
	err := t.execOne(ctx, "dataset not found", `UPDATE datasets SET name = $3, description = $4, updated_at = $5 WHERE workspace_id = $1 AND id = $2`,
		d.WorkspaceID, d.ID, d.Name, d.Description, d.UpdatedAt)
	if e := datasetNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "update dataset")
}

// DeleteDataset deletes a dataset with its items and grants. A dataset that projects use stays:
// its items are their tasks.
func (t *Tx) DeleteDataset(ctx context.Context, workspaceID, id loupe.ID) error {
	err := t.execOne(ctx, "dataset not found", `DELETE FROM datasets WHERE workspace_id = $1 AND id = $2`, workspaceID, id)
	if isViolation(err, foreignKeyViolation) {
		return loupe.Errorf(loupe.Conflict, "projects use this dataset; detach it from them first")
	}
	return loupe.Wrap(err, "delete dataset")
}

// Dataset returns one of a workspace's datasets.
func (t *Tx) Dataset(ctx context.Context, workspaceID, id loupe.ID) (loupe.Dataset, error) {
	d, err := scanDataset(t.queryRow(ctx, `SELECT `+datasetColumns+` FROM datasets d WHERE d.workspace_id = $1 AND d.id = $2`, workspaceID, id))
	return one(d, err, "dataset not found")
}

// Datasets lists the datasets of a workspace a user may see: all of them when all is set (a
// workspace admin), otherwise those granted to the user or to one of the user's groups.
func (t *Tx) Datasets(ctx context.Context, workspaceID, userID loupe.ID, all bool, p loupe.Page) ([]loupe.Dataset, *loupe.ID, error) {
	ds, err := list(ctx, t, scanDataset, `SELECT `+datasetColumns+` FROM datasets d
		WHERE d.workspace_id = $1 AND d.id > $2 AND ($3 OR EXISTS (
			SELECT 1 FROM dataset_access a WHERE a.workspace_id = $1 AND a.dataset_id = d.id AND (a.user_id = $4 OR a.group_id IN (
				SELECT gm.group_id FROM group_members gm WHERE gm.workspace_id = $1 AND gm.user_id = $4))))
		ORDER BY d.id LIMIT $5`, workspaceID, p.After, all, userID, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list datasets")
	}
	ds, next := trimPage(ds, p, func(d loupe.Dataset) loupe.ID { return d.ID })
	return ds, next, nil
}

// DatasetRole returns the strongest role a user holds on a dataset, directly or through a group;
// "" when none.
func (t *Tx) DatasetRole(ctx context.Context, workspaceID, datasetID, userID loupe.ID) (loupe.DatasetRole, error) {
	roles, err := list(ctx, t, func(s scanner) (r loupe.DatasetRole, err error) { return r, s.Scan(&r) },
		`SELECT a.role FROM dataset_access a WHERE a.workspace_id = $1 AND a.dataset_id = $2 AND (a.user_id = $3 OR a.group_id IN (
			SELECT gm.group_id FROM group_members gm WHERE gm.workspace_id = $1 AND gm.user_id = $3))`, workspaceID, datasetID, userID)
	var best loupe.DatasetRole
	for _, r := range roles {
		best = best.Higher(r)
	}
	return best, loupe.Wrap(err, "read dataset role")
}

// GrantDataset gives a user or a group (exactly one non-nil) a role on a dataset, replacing
// what they had.
func (t *Tx) GrantDataset(ctx context.Context, workspaceID, datasetID loupe.ID, userID, groupID *loupe.ID, role loupe.DatasetRole, at time.Time) error {
	if userID != nil {
		if _, err := t.exec(ctx, `DELETE FROM dataset_access WHERE workspace_id = $1 AND dataset_id = $2 AND user_id = $3`, workspaceID, datasetID, *userID); err != nil {
			return loupe.Wrap(err, "replace dataset grant")
		}
	} else if _, err := t.exec(ctx, `DELETE FROM dataset_access WHERE workspace_id = $1 AND dataset_id = $2 AND group_id = $3`, workspaceID, datasetID, *groupID); err != nil {
		return loupe.Wrap(err, "replace dataset grant")
	}
	_, err := t.exec(ctx, `INSERT INTO dataset_access (workspace_id, dataset_id, user_id, group_id, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		workspaceID, datasetID, userID, groupID, role, at)
	if isViolation(err, foreignKeyViolation) {
		return loupe.Errorf(loupe.NotFound, "the user is not a member of this workspace")
	}
	return loupe.Wrap(err, "insert dataset grant")
}

// RevokeDataset removes a user's or a group's grant.
func (t *Tx) RevokeDataset(ctx context.Context, workspaceID, datasetID loupe.ID, userID, groupID *loupe.ID) error {
	if userID != nil {
		return loupe.Wrap(t.execOne(ctx, "grant not found", `DELETE FROM dataset_access WHERE workspace_id = $1 AND dataset_id = $2 AND user_id = $3`,
			workspaceID, datasetID, *userID), "revoke dataset grant")
	}
	return loupe.Wrap(t.execOne(ctx, "grant not found", `DELETE FROM dataset_access WHERE workspace_id = $1 AND dataset_id = $2 AND group_id = $3`,
		workspaceID, datasetID, *groupID), "revoke dataset grant")
}

// DatasetGrants lists who may reach a dataset.
func (t *Tx) DatasetGrants(ctx context.Context, workspaceID, datasetID loupe.ID) ([]loupe.DatasetGrant, error) {
	gs, err := list(ctx, t, func(s scanner) (g loupe.DatasetGrant, err error) {
		var who grantee
		if err = s.Scan(&g.DatasetID, &g.Role, utc{&g.CreatedAt}, &who.uid, &who.email, &who.name, &who.gid, &who.group); err != nil {
			return g, err
		}
		g.User, g.Group, err = who.resolve(workspaceID)
		return g, err
	}, `SELECT a.dataset_id, a.role, a.created_at, u.id, u.email, u.name, g.id, g.name
		FROM dataset_access a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN user_groups g ON g.id = a.group_id
		WHERE a.workspace_id = $1 AND a.dataset_id = $2 ORDER BY a.created_at, a.role`, workspaceID, datasetID)
	return gs, loupe.Wrap(err, "list dataset grants")
}

const itemColumns = `i.id, i.workspace_id, i.dataset_id, i.object_key, i.name, i.type, i.mime, i.size, i.sha256, i.width, i.height,
	i.duration_ms, i.fps, i.frame_count, i.metadata, i.wrapped_key, i.key_version, i.created_at`

func scanItem(s scanner) (d loupe.DataItem, err error) {
	var meta string
	var version sql.NullInt64
	err = s.Scan(&d.ID, &d.WorkspaceID, &d.DatasetID, &d.ObjectKey, &d.Name, &d.Type, &d.MIME, &d.Size, &d.SHA256, &d.Width, &d.Height,
		&d.DurationMS, &d.FPS, &d.FrameCount, &meta, &d.WrappedKey, &version, utc{&d.CreatedAt})
	d.Metadata, d.KeyVersion = json.RawMessage(meta), int(version.Int64)
	return d, err
}

const insertItem = `INSERT INTO data_items (id, workspace_id, dataset_id, object_key, name, type, mime, size, sha256, width, height,
		duration_ms, fps, frame_count, metadata, wrapped_key, key_version, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (dataset_id, object_key) DO NOTHING`

func itemArgs(d *loupe.DataItem) []any {
	var version any
	if d.WrappedKey != nil {
		version = d.KeyVersion
	}
	meta := string(d.Metadata)
	if meta == "" {
		meta = "{}"
	}
	return []any{d.ID, d.WorkspaceID, d.DatasetID, d.ObjectKey, d.Name, d.Type, d.MIME, d.Size, d.SHA256, d.Width, d.Height,
		d.DurationMS, d.FPS, d.FrameCount, meta, d.WrappedKey, version, d.CreatedAt}
}

// AddItem inserts d unless its dataset holds an item of the same object already. It reports whether
// it inserted, so that registering the same objects twice adds nothing.
func (t *Tx) AddItem(ctx context.Context, d *loupe.DataItem) (bool, error) {
	res, err := t.exec(ctx, insertItem, itemArgs(d)...)
	if err != nil {
		return false, loupe.Wrap(err, "insert data item")
	}
	n, err := res.RowsAffected()
	return n == 1, loupe.Wrap(err, "rows affected")
}

// addItemsPrepared is SQLite's batch insert: in-process, a statement per row costs no round trip,
// and one prepared statement spares the parsing.
func (t *Tx) addItemsPrepared(ctx context.Context, items []loupe.DataItem) ([]loupe.ID, error) {
	stmt, err := t.tx.PrepareContext(ctx, t.d.rebind(insertItem))
	if err != nil {
		return nil, loupe.Wrap(err, "prepare item insert")
	}
	defer stmt.Close()
	added := make([]loupe.ID, 0, len(items))
	for i := range items {
		res, err := stmt.ExecContext(ctx, itemArgs(&items[i])...)
		if err != nil {
			return nil, loupe.Wrap(err, "insert data item")
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, loupe.Wrap(err, "rows affected")
		}
		if n == 1 {
			added = append(added, items[i].ID)
		}
	}
	return added, nil
}

// Item returns one item of a dataset.
func (t *Tx) Item(ctx context.Context, workspaceID, datasetID, id loupe.ID) (loupe.DataItem, error) {
	d, err := scanItem(t.queryRow(ctx, `SELECT `+itemColumns+` FROM data_items i WHERE i.workspace_id = $1 AND i.dataset_id = $2 AND i.id = $3`,
		workspaceID, datasetID, id))
	return one(d, err, "data item not found")
}

// DeleteItem deletes one item's row; its blob is the caller's to remove.
func (t *Tx) DeleteItem(ctx context.Context, workspaceID, datasetID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "data item not found", `DELETE FROM data_items WHERE workspace_id = $1 AND dataset_id = $2 AND id = $3`,
		workspaceID, datasetID, id), "delete data item")
}

// ItemFilter narrows a dataset's item list.
type ItemFilter struct {
	Type loupe.ItemType
	// Metadata keeps items whose metadata holds each key with the given JSON value.
	Metadata map[string]json.RawMessage
}

// Items lists a dataset's items in order of registration.
func (t *Tx) Items(ctx context.Context, workspaceID, datasetID loupe.ID, f ItemFilter, p loupe.Page) ([]loupe.DataItem, *loupe.ID, error) {
	q := `SELECT ` + itemColumns + ` FROM data_items i WHERE i.workspace_id = $1 AND i.dataset_id = $2 AND i.id > $3`
	args := []any{workspaceID, datasetID, p.After}
	if f.Type != "" {
		args = append(args, f.Type)
		q += ` AND i.type = $` + strconv.Itoa(len(args))
	}
	for k, v := range f.Metadata {
		args = append(args, k, string(v))
		q += ` AND i.metadata -> $` + strconv.Itoa(len(args)-1) + ` = ` + t.d.jsonParam("$"+strconv.Itoa(len(args)))
	}
	args = append(args, pageLimit(p))
	q += ` ORDER BY i.id LIMIT $` + strconv.Itoa(len(args))
	ds, err := list(ctx, t, scanItem, q, args...)
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list data items")
	}
	ds, next := trimPage(ds, p, func(d loupe.DataItem) loupe.ID { return d.ID })
	return ds, next, nil
}

// StaleItemKeys returns up to limit sealed items of a workspace whose data key is wrapped by a
// workspace key older than version.
func (t *Tx) StaleItemKeys(ctx context.Context, workspaceID loupe.ID, version, limit int) ([]loupe.DataItem, error) {
	is, err := list(ctx, t, scanItem, `SELECT `+itemColumns+` FROM data_items i
		WHERE i.workspace_id = $1 AND i.wrapped_key IS NOT NULL AND i.key_version < $2 ORDER BY i.id LIMIT $3`, workspaceID, version, limit)
	return is, loupe.Wrap(err, "list stale item keys")
}

// RewrapItemKey replaces an item's wrapped data key.
func (t *Tx) RewrapItemKey(ctx context.Context, workspaceID, id loupe.ID, wrapped []byte, version int) error {
	return loupe.Wrap(t.execOne(ctx, "data item not found", `UPDATE data_items SET wrapped_key = $3, key_version = $4 WHERE workspace_id = $1 AND id = $2`,
		workspaceID, id, wrapped, version), "rewrap item key")
}

// AllIntegrations lists every storage integration of a workspace.
func (t *Tx) AllIntegrations(ctx context.Context, workspaceID loupe.ID) ([]loupe.Integration, error) {
	gs, err := list(ctx, t, scanIntegration, `SELECT `+integrationColumns+` FROM storage_integrations g WHERE g.workspace_id = $1 ORDER BY g.id`, workspaceID)
	return gs, loupe.Wrap(err, "list storage integrations")
}

// AddItems inserts a batch of items, skipping those whose object the dataset holds already (or
// that an earlier item of the batch names), and returns the ids of those it inserted.
func (t *Tx) AddItems(ctx context.Context, items []loupe.DataItem) ([]loupe.ID, error) {
	if len(items) == 0 {
		return nil, nil
	}
	if t.d == sqliteDialect {
		return t.addItemsPrepared(ctx, items)
	}
	return t.addItemsArrays(ctx, items)
}

// insertItemArrays is PostgreSQL's batch insert: each column travels as one array, unnested into
// rows, so that a batch of any size is one statement of 18 parameters — parsed and planned once per
// connection, its values encoded column by column — where a multi-row VALUES list took 18 per row.
const insertItemArrays = `INSERT INTO data_items (id, workspace_id, dataset_id, object_key, name, type, mime, size, sha256, width, height,
		duration_ms, fps, frame_count, metadata, wrapped_key, key_version, created_at)
	SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[],
		$10::integer[], $11::integer[], $12::bigint[], $13::double precision[], $14::bigint[], $15::jsonb[], $16::bytea[], $17::integer[],
		$18::timestamptz[])
	ON CONFLICT (dataset_id, object_key) DO NOTHING RETURNING id`

// addItemsArrays is PostgreSQL's batch insert: one round trip for the whole batch.
func (t *Tx) addItemsArrays(ctx context.Context, items []loupe.DataItem) ([]loupe.ID, error) {
	n := len(items)
	// Ids go as [16]byte, which pgx encodes directly; a uuid.UUID would take the slower
	// driver.Valuer path, through its text form.
	ids, workspaces, datasets := make([][16]byte, n), make([][16]byte, n), make([][16]byte, n)
	keys, names, types, mimes, sums, metas := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	sizes := make([]int64, n)
	widths, heights, versions := make([]*int, n), make([]*int, n), make([]*int, n)
	durations, frames := make([]*int64, n), make([]*int64, n)
	fps := make([]*float64, n)
	wrapped := make([][]byte, n)
	created := make([]time.Time, n)
	for i := range items {
		d := &items[i]
		ids[i], workspaces[i], datasets[i] = d.ID, d.WorkspaceID, d.DatasetID
		keys[i], names[i], types[i], mimes[i], sums[i] = d.ObjectKey, d.Name, string(d.Type), d.MIME, d.SHA256
		sizes[i], widths[i], heights[i], durations[i], fps[i], frames[i] = d.Size, d.Width, d.Height, d.DurationMS, d.FPS, d.FrameCount
		if metas[i] = string(d.Metadata); metas[i] == "" {
			metas[i] = "{}"
		}
		if d.WrappedKey != nil {
			wrapped[i], versions[i] = d.WrappedKey, &d.KeyVersion
		}
		created[i] = d.CreatedAt
	}
	rows, err := t.tx.QueryContext(ctx, insertItemArrays, ids, workspaces, datasets, keys, names, types, mimes, sizes, sums,
		widths, heights, durations, fps, frames, metas, wrapped, versions, created)
	if err != nil {
		return nil, loupe.Wrap(err, "insert data items")
	}
	defer rows.Close()
	added := make([]loupe.ID, 0, n)
	for rows.Next() {
		var id loupe.ID
		if err := rows.Scan(&id); err != nil {
			return nil, loupe.Wrap(err, "read inserted item id")
		}
		added = append(added, id)
	}
	return added, loupe.Wrap(rows.Err(), "insert data items")
}

// SetItemMetadata replaces an item's metadata.
func (t *Tx) SetItemMetadata(ctx context.Context, workspaceID, datasetID, id loupe.ID, meta json.RawMessage) error {
	return loupe.Wrap(t.execOne(ctx, "data item not found", `UPDATE data_items SET metadata = $4 WHERE workspace_id = $1 AND dataset_id = $2 AND id = $3`,
		workspaceID, datasetID, id, string(meta)), "set item metadata")
}
