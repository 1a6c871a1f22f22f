package service

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/ontology"
	"github.com/loupehq/loupe/internal/store"
)

// OntologyInput describes a new ontology: its name and its first document.
type OntologyInput struct {
	Name        string
	Description string
	Schema      json.RawMessage
}

func cleanDescription(v *loupe.Validation, field, d string) string {
	d = strings.TrimSpace(d)
	if utf8.RuneCountInString(d) > 2000 {
		v.Add(field, "must be at most 2000 characters")
	}
	return d
}

// parseSchema validates an ontology document and returns it in canonical form. Its field errors
// are prefixed with field, so that a client sees where in its request the problem is.
func parseSchema(field string, raw json.RawMessage) (ontology.Ontology, json.RawMessage, error) {
	o, err := ontology.Parse(raw)
	if err != nil {
		return o, nil, prefixFields(err, field)
	}
	canon, err := json.Marshal(o)
	return o, canon, loupe.Wrap(err, "encode ontology")
}

// prefixFields moves an error's field paths under field: "objects[2].name" → "schema.objects[2].name".
func prefixFields(err error, field string) error {
	if err == nil {
		return nil
	}
	le, ok := err.(*loupe.Error)
	if !ok || le.Code != loupe.Invalid {
		return err
	}
	out := *le
	out.Fields = make([]loupe.FieldError, len(le.Fields))
	for i, f := range le.Fields {
		out.Fields[i] = loupe.FieldError{Field: joinField(field, f.Field), Message: f.Message}
	}
	switch {
	case len(le.Fields) == 0:
		out.Fields = []loupe.FieldError{{Field: field, Message: le.Message}}
		out.Message = field + ": " + le.Message
	case strings.HasPrefix(le.Message, le.Fields[0].Field+":"):
		out.Message = joinField(field, le.Fields[0].Field) + le.Message[len(le.Fields[0].Field):]
	default:
		out.Message = field + ": " + le.Message
	}
	return &out
}

func joinField(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case strings.HasPrefix(field, "["):
		return prefix + field
	}
	return prefix + "." + field
}

// CreateOntology creates an ontology with its first version.
func (s *Service) CreateOntology(ctx context.Context, workspaceID loupe.ID, in OntologyInput) (loupe.Ontology, loupe.OntologyVersion, error) {
	var v loupe.Validation
	name := cleanName(&v, "name", in.Name)
	desc := cleanDescription(&v, "description", in.Description)
	if err := v.Err(); err != nil {
		return loupe.Ontology{}, loupe.OntologyVersion{}, err
	}
	_, canon, err := parseSchema("schema", in.Schema)
	if err != nil {
		return loupe.Ontology{}, loupe.OntologyVersion{}, err
	}
	now := s.clock()
	o := loupe.Ontology{ID: loupe.NewID(), WorkspaceID: workspaceID, Name: name, Description: desc, Version: 1, Revision: 1, CreatedAt: now, UpdatedAt: now}
	ver := loupe.OntologyVersion{OntologyID: o.ID, Version: 1, Revision: 1, Schema: canon, CreatedAt: now, UpdatedAt: now}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		p, err := authorize(ctx, tx, access.CreateOntology, access.Resource{WorkspaceID: workspaceID})
		if err != nil {
			return err
		}
		o.CreatedBy, ver.CreatedBy, ver.UpdatedBy = p.UserID, p.UserID, p.UserID
		return s.audited(ctx, tx, workspaceID, tx.CreateOntology(ctx, &o, &ver), AuditEvent{Action: "ontology.created", TargetType: "ontology",
			TargetID: o.ID.String(), Detail: map[string]any{"name": o.Name}})
	})
	return o, ver, err
}

// Ontologies lists a workspace's ontologies.
func (s *Service) Ontologies(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Ontology, *loupe.ID, error) {
	var os []loupe.Ontology
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListOntologies, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		os, next, err = tx.Ontologies(ctx, workspaceID, p)
		return err
	})
	return os, next, err
}

// ontologyAuth loads an ontology and checks an action on it.
func ontologyAuth(ctx context.Context, tx *store.Tx, workspaceID, id loupe.ID, a access.Action) (access.Principal, loupe.Ontology, error) {
	p, err := principal(ctx, tx, workspaceID)
	if err != nil {
		return p, loupe.Ontology{}, err
	}
	o, err := tx.Ontology(ctx, workspaceID, id)
	if err != nil {
		return p, o, err
	}
	return p, o, access.Check(p, a, access.Resource{WorkspaceID: workspaceID, Owned: o.CreatedBy == p.UserID})
}

// Ontology returns an ontology and its latest version.
func (s *Service) Ontology(ctx context.Context, workspaceID, id loupe.ID) (loupe.Ontology, loupe.OntologyVersion, error) {
	var o loupe.Ontology
	var v loupe.OntologyVersion
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, o, err = ontologyAuth(ctx, tx, workspaceID, id, access.ReadOntology); err != nil {
			return err
		}
		v, err = tx.OntologyVersion(ctx, workspaceID, id, o.Version)
		return err
	})
	return o, v, err
}

// OntologyVersions lists an ontology's versions, newest first.
func (s *Service) OntologyVersions(ctx context.Context, workspaceID, id loupe.ID) ([]loupe.OntologyVersion, error) {
	var vs []loupe.OntologyVersion
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, err = ontologyAuth(ctx, tx, workspaceID, id, access.ReadOntology); err != nil {
			return err
		}
		vs, err = tx.OntologyVersions(ctx, workspaceID, id)
		return err
	})
	return vs, err
}

// OntologyVersion returns one version of an ontology.
func (s *Service) OntologyVersion(ctx context.Context, workspaceID, id loupe.ID, version int) (loupe.OntologyVersion, error) {
	var v loupe.OntologyVersion
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, err = ontologyAuth(ctx, tx, workspaceID, id, access.ReadOntology); err != nil {
			return err
		}
		v, err = tx.OntologyVersion(ctx, workspaceID, id, version)
		return err
	})
	return v, err
}

// OntologyPatch renames or describes an ontology; nil fields stay.
type OntologyPatch struct {
	Name        *string
	Description *string
}

// UpdateOntology renames or describes an ontology.
func (s *Service) UpdateOntology(ctx context.Context, workspaceID, id loupe.ID, patch OntologyPatch) (loupe.Ontology, error) {
	var o loupe.Ontology
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, o, err = ontologyAuth(ctx, tx, workspaceID, id, access.UpdateOntology); err != nil {
			return err
		}
		var v loupe.Validation
		if patch.Name != nil {
			o.Name = cleanName(&v, "name", *patch.Name)
		}
		if patch.Description != nil {
			o.Description = cleanDescription(&v, "description", *patch.Description)
		}
		if err := v.Err(); err != nil {
			return err
		}
		o.UpdatedAt = s.clock()
		return tx.UpdateOntology(ctx, &o)
	})
	return o, err
}

// DeleteOntology deletes an ontology that no project uses.
func (s *Service) DeleteOntology(ctx context.Context, workspaceID, id loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		_, o, err := ontologyAuth(ctx, tx, workspaceID, id, access.UpdateOntology)
		if err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteOntology(ctx, workspaceID, id), AuditEvent{Action: "ontology.deleted", TargetType: "ontology",
			TargetID: id.String(), Detail: map[string]any{"name": o.Name}})
	})
}

// SchemaEdit is a new document for an ontology, made from its latest version at Revision.
type SchemaEdit struct {
	Schema json.RawMessage
	// Version and Revision are those of the latest version the edit was made from; a save
	// from anything older is a Conflict, so that no one overwrites an edit they have not seen.
	Version  int
	Revision int
	// DryRun reports what the save would do and saves nothing.
	DryRun bool
}

// SchemaSave says what saving an ontology's document did (or would do).
type SchemaSave struct {
	Version loupe.OntologyVersion
	// NewVersion is set when the edit could invalidate existing labels, so it became a new
	// version; projects pinned to the previous one keep it until moved.
	NewVersion bool
	Changes    []ontology.Change
}

// SaveOntologySchema saves an edit of an ontology's document: in place when every label valid
// under the latest version stays valid, as a new version otherwise.
func (s *Service) SaveOntologySchema(ctx context.Context, workspaceID, id loupe.ID, e SchemaEdit) (SchemaSave, error) {
	next, canon, err := parseSchema("schema", e.Schema)
	if err != nil {
		return SchemaSave{}, err
	}
	var out SchemaSave
	save := func(tx *store.Tx) error {
		p, o, err := ontologyAuth(ctx, tx, workspaceID, id, access.UpdateOntology)
		if err != nil {
			return err
		}
		if !e.DryRun {
			if err := tx.LockOntology(ctx, workspaceID, id); err != nil {
				return err
			}
			if o, err = tx.Ontology(ctx, workspaceID, id); err != nil {
				return err
			}
		}
		if e.Version != o.Version || e.Revision != o.Revision {
			return loupe.Errorf(loupe.Conflict, "the ontology changed while you edited it (it is at version %d, revision %d; you edited version %d, revision %d); reload it and apply your change again",
				o.Version, o.Revision, e.Version, e.Revision)
		}
		latest, err := tx.OntologyVersion(ctx, workspaceID, id, o.Version)
		if err != nil {
			return err
		}
		prev, err := ontology.Parse(latest.Schema)
		if err != nil {
			return loupe.Wrap(err, "stored ontology %s version %d does not parse", id, o.Version)
		}
		out.Changes = ontology.Diff(prev, next)
		out.NewVersion = ontology.Breaking(out.Changes)
		now := s.clock()
		v := latest
		v.Schema, v.UpdatedBy, v.UpdatedAt = canon, p.UserID, now
		if out.NewVersion {
			v = loupe.OntologyVersion{OntologyID: id, Version: o.Version + 1, Revision: 1, Schema: canon, CreatedBy: p.UserID, UpdatedBy: p.UserID, CreatedAt: now, UpdatedAt: now}
		} else {
			v.Revision++
		}
		out.Version = v
		if same, err := json.Marshal(prev); err != nil || bytes.Equal(same, canon) {
			out.Version = latest
			return loupe.Wrap(err, "encode ontology")
		}
		if e.DryRun {
			return nil
		}
		if out.NewVersion {
			err = tx.AddOntologyVersion(ctx, workspaceID, &v)
		} else {
			err = tx.ReviseOntologyVersion(ctx, workspaceID, &v, latest.Revision)
		}
		if err != nil {
			return err
		}
		o.UpdatedAt = now
		if err := tx.TouchOntology(ctx, &o); err != nil {
			return err
		}
		breaking := 0
		for _, c := range out.Changes {
			if c.Breaking {
				breaking++
			}
		}
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: "ontology.edited", TargetType: "ontology", TargetID: id.String(),
			Detail: map[string]any{"version": v.Version, "revision": v.Revision, "new_version": out.NewVersion, "changes": len(out.Changes), "breaking": breaking}})
	}
	err = s.readOrWrite(ctx, e.DryRun, save)
	if out.Changes == nil {
		out.Changes = []ontology.Change{}
	}
	return out, err
}

// CheckLabel validates a label document against a version of an ontology (0: the latest), with
// what is known of the item it labels, and returns nil when it is valid: what pre-labels from a
// model should pass before they are imported.
func (s *Service) CheckLabel(ctx context.Context, workspaceID, id loupe.ID, version int, raw json.RawMessage, it ontology.Item) error {
	var v loupe.OntologyVersion
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		_, o, err := ontologyAuth(ctx, tx, workspaceID, id, access.ReadOntology)
		if err != nil {
			return err
		}
		if version == 0 {
			version = o.Version
		}
		v, err = tx.OntologyVersion(ctx, workspaceID, id, version)
		return err
	})
	if err != nil {
		return err
	}
	doc, err := ontology.Parse(v.Schema)
	if err != nil {
		return loupe.Wrap(err, "stored ontology %s version %d does not parse", id, version)
	}
	l, err := ontology.ParseLabel(raw)
	if err != nil {
		return prefixFields(err, "label")
	}
	return prefixFields(ontology.ValidateLabel(doc, l, it), "label")
}
