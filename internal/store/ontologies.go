package store

import (
	"context"
	"encoding/json"

	"github.com/loupehq/loupe/internal/loupe"
)

const ontologyColumns = `o.id, o.workspace_id, o.name, o.description, o.created_by, o.created_at, o.updated_at,
	v.version, v.revision, (SELECT COUNT(*) FROM projects p WHERE p.workspace_id = o.workspace_id AND p.ontology_id = o.id)`

// ontologyFrom joins each ontology to its latest version.
const ontologyFrom = ` FROM ontologies o JOIN ontology_versions v ON v.workspace_id = o.workspace_id AND v.ontology_id = o.id
	AND v.version = (SELECT MAX(version) FROM ontology_versions m WHERE m.workspace_id = o.workspace_id AND m.ontology_id = o.id)`

func scanOntology(s scanner) (o loupe.Ontology, err error) {
	return o, s.Scan(&o.ID, &o.WorkspaceID, &o.Name, &o.Description, &o.CreatedBy, utc{&o.CreatedAt}, utc{&o.UpdatedAt},
		&o.Version, &o.Revision, &o.ProjectCount)
}

func ontologyNameTaken(err error) error {
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "name: an ontology with this name already exists",
			Fields: []loupe.FieldError{{Field: "name", Message: "an ontology with this name already exists"}}}
	}
	return nil
}

// CreateOntology inserts an ontology with its first version.
func (t *Tx) CreateOntology(ctx context.Context, o *loupe.Ontology, v *loupe.OntologyVersion) error {
	_, err := t.exec(ctx, `INSERT INTO ontologies (id, workspace_id, name, description, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, o.ID, o.WorkspaceID, o.Name, o.Description, o.CreatedBy, o.CreatedAt, o.UpdatedAt)
	if e := ontologyNameTaken(err); e != nil {
		return e
	}
	if err != nil {
		return loupe.Wrap(err, "insert ontology")
	}
	return t.AddOntologyVersion(ctx, o.WorkspaceID, v)
}

// Ontology returns one of a workspace's ontologies with its latest version number.
func (t *Tx) Ontology(ctx context.Context, workspaceID, id loupe.ID) (loupe.Ontology, error) {
	o, err := scanOntology(t.queryRow(ctx, `SELECT `+ontologyColumns+ontologyFrom+` WHERE o.workspace_id = $1 AND o.id = $2`, workspaceID, id))
	return one(o, err, "ontology not found")
}

// LockOntology takes an ontology's row lock, so that two edits of its document queue instead of
// both deciding from the same latest version.
func (t *Tx) LockOntology(ctx context.Context, workspaceID, id loupe.ID) error {
	var got loupe.ID
	err := t.queryRow(ctx, `SELECT id FROM ontologies WHERE workspace_id = $1 AND id = $2`+t.d.forUpdate(), workspaceID, id).Scan(&got)
	_, err = one(got, err, "ontology not found")
	return loupe.Wrap(err, "lock ontology")
}

// Ontologies lists a workspace's ontologies.
func (t *Tx) Ontologies(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Ontology, *loupe.ID, error) {
	out, err := list(ctx, t, scanOntology, `SELECT `+ontologyColumns+ontologyFrom+` WHERE o.workspace_id = $1 AND o.id > $2 ORDER BY o.id LIMIT $3`,
		workspaceID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list ontologies")
	}
	out, next := trimPage(out, p, func(o loupe.Ontology) loupe.ID { return o.ID })
	return out, next, nil
}

// UpdateOntology saves o's name and description.
func (t *Tx) UpdateOntology(ctx context.Context, o *loupe.Ontology) error {
	err := t.execOne(ctx, "ontology not found", `UPDATE ontologies SET name = $3, description = $4, updated_at = $5 WHERE workspace_id = $1 AND id = $2`,
		o.WorkspaceID, o.ID, o.Name, o.Description, o.UpdatedAt)
	if e := ontologyNameTaken(err); e != nil {
		return e
	}
	return loupe.Wrap(err, "update ontology")
}

// DeleteOntology deletes an ontology no project uses, with its versions.
func (t *Tx) DeleteOntology(ctx context.Context, workspaceID, id loupe.ID) error {
	if _, err := t.exec(ctx, `DELETE FROM ontology_versions WHERE workspace_id = $1 AND ontology_id = $2`, workspaceID, id); err != nil {
		if isViolation(err, foreignKeyViolation) {
			return loupe.Errorf(loupe.Conflict, "projects use this ontology; move them to another one or delete them first")
		}
		return loupe.Wrap(err, "delete ontology versions")
	}
	return loupe.Wrap(t.execOne(ctx, "ontology not found", `DELETE FROM ontologies WHERE workspace_id = $1 AND id = $2`, workspaceID, id), "delete ontology")
}

const versionColumns = `v.ontology_id, v.version, v.revision, v.schema, v.created_by, v.updated_by, v.created_at, v.updated_at,
	(SELECT COUNT(*) FROM projects p WHERE p.workspace_id = v.workspace_id AND p.ontology_id = v.ontology_id AND p.ontology_version = v.version)`

func scanVersion(s scanner) (v loupe.OntologyVersion, err error) {
	var schema string
	err = s.Scan(&v.OntologyID, &v.Version, &v.Revision, &schema, &v.CreatedBy, &v.UpdatedBy, utc{&v.CreatedAt}, utc{&v.UpdatedAt}, &v.ProjectCount)
	v.Schema = json.RawMessage(schema)
	return v, err
}

// OntologyVersion returns one version of an ontology.
func (t *Tx) OntologyVersion(ctx context.Context, workspaceID, ontologyID loupe.ID, version int) (loupe.OntologyVersion, error) {
	v, err := scanVersion(t.queryRow(ctx, `SELECT `+versionColumns+` FROM ontology_versions v WHERE v.workspace_id = $1 AND v.ontology_id = $2 AND v.version = $3`,
		workspaceID, ontologyID, version))
	return one(v, err, "ontology version not found")
}

// OntologyVersions lists every version of an ontology, newest first.
func (t *Tx) OntologyVersions(ctx context.Context, workspaceID, ontologyID loupe.ID) ([]loupe.OntologyVersion, error) {
	vs, err := list(ctx, t, scanVersion, `SELECT `+versionColumns+` FROM ontology_versions v WHERE v.workspace_id = $1 AND v.ontology_id = $2 ORDER BY v.version DESC`,
		workspaceID, ontologyID)
	return vs, loupe.Wrap(err, "list ontology versions")
}

// AddOntologyVersion inserts a new version of an ontology.
func (t *Tx) AddOntologyVersion(ctx context.Context, workspaceID loupe.ID, v *loupe.OntologyVersion) error {
	_, err := t.exec(ctx, `INSERT INTO ontology_versions (workspace_id, ontology_id, version, revision, schema, created_by, updated_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, workspaceID, v.OntologyID, v.Version, v.Revision, string(v.Schema), v.CreatedBy, v.UpdatedBy, v.CreatedAt, v.UpdatedAt)
	if isViolation(err, uniqueViolation) {
		return loupe.Errorf(loupe.Conflict, "the ontology changed while you edited it; reload it and apply your change again")
	}
	return loupe.Wrap(err, "insert ontology version")
}

// ReviseOntologyVersion saves a compatible edit of a version in place, provided the version is
// still at revision from: a Conflict means someone else saved first.
func (t *Tx) ReviseOntologyVersion(ctx context.Context, workspaceID loupe.ID, v *loupe.OntologyVersion, from int) error {
	err := t.execOne(ctx, "stale", `UPDATE ontology_versions SET schema = $5, revision = $6, updated_by = $7, updated_at = $8
		WHERE workspace_id = $1 AND ontology_id = $2 AND version = $3 AND revision = $4`,
		workspaceID, v.OntologyID, v.Version, from, string(v.Schema), v.Revision, v.UpdatedBy, v.UpdatedAt)
	if loupe.IsCode(err, loupe.NotFound) {
		return loupe.Errorf(loupe.Conflict, "the ontology changed while you edited it; reload it and apply your change again")
	}
	return loupe.Wrap(err, "revise ontology version")
}

// TouchOntology records that an ontology's document changed.
func (t *Tx) TouchOntology(ctx context.Context, o *loupe.Ontology) error {
	return loupe.Wrap(t.execOne(ctx, "ontology not found", `UPDATE ontologies SET updated_at = $3 WHERE workspace_id = $1 AND id = $2`,
		o.WorkspaceID, o.ID, o.UpdatedAt), "touch ontology")
}
