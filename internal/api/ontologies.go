package api

import (
	"context"
	"encoding/json"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/ontology"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/workflow"
)

// document is a JSON document (an ontology, a workflow graph) exactly as the client sent it:
// described by T's schema in the OpenAPI document and validated by it, but handed on as bytes, so
// that the strict parser behind it sees duplicate keys and nulls that decoding into T would hide.
type document[T any] json.RawMessage

func (document[T]) Schema(r huma.Registry) *huma.Schema {
	return r.Schema(reflect.TypeFor[T](), true, "")
}

func (d *document[T]) UnmarshalJSON(b []byte) error {
	*d = append((*d)[:0], b...)
	return nil
}

func (d document[T]) MarshalJSON() ([]byte, error) {
	if d == nil {
		return []byte("null"), nil
	}
	return d, nil
}

type (
	ontologyDocument = document[ontology.Ontology]
	workflowDocument = document[workflow.Graph]
)

// maxDocumentBytes bounds a request that carries an ontology or a workflow: a schema of a
// thousand classes with their attributes runs to a few hundred kilobytes.
const maxDocumentBytes = 4 << 20

type OntologyInfo struct {
	ID           loupe.ID  `json:"id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	Version      int       `json:"version" doc:"The latest version."`
	Revision     int       `json:"revision" doc:"How many times the latest version was edited in place; send it back with an edit."`
	ProjectCount int       `json:"project_count"`
	CreatedBy    loupe.ID  `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toOntology(o loupe.Ontology) OntologyInfo {
	return OntologyInfo{ID: o.ID, Name: o.Name, Description: o.Description, Version: o.Version, Revision: o.Revision, ProjectCount: o.ProjectCount,
		CreatedBy: o.CreatedBy, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

type OntologyVersion struct {
	Version      int                `json:"version"`
	Revision     int                `json:"revision"`
	Schema       *ontology.Ontology `json:"schema,omitempty" doc:"The ontology document; left out of version lists."`
	ProjectCount int                `json:"project_count" doc:"How many projects pin this version."`
	CreatedBy    loupe.ID           `json:"created_by"`
	UpdatedBy    loupe.ID           `json:"updated_by"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
}

func toVersion(v loupe.OntologyVersion, withSchema bool) (OntologyVersion, error) {
	out := OntologyVersion{Version: v.Version, Revision: v.Revision, ProjectCount: v.ProjectCount, CreatedBy: v.CreatedBy, UpdatedBy: v.UpdatedBy,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if withSchema {
		var o ontology.Ontology
		if err := json.Unmarshal(v.Schema, &o); err != nil {
			return out, loupe.Wrap(err, "decode stored ontology")
		}
		out.Schema = &o
	}
	return out, nil
}

type OntologyDetail struct {
	OntologyInfo
	Latest OntologyVersion `json:"latest"`
}

type OntologyPath struct {
	WorkspacePath
	OntologyID string `path:"ontologyID" format:"uuid"`
}

func (p OntologyPath) ids() (workspace, ontologyID loupe.ID, err error) {
	if workspace, err = p.workspace(); err == nil {
		ontologyID, err = loupe.ParseID(p.OntologyID)
	}
	return workspace, ontologyID, err
}

type ListOntologiesInput struct {
	WorkspacePath
	PageQuery
}

type OntologiesOutput struct{ Body List[OntologyInfo] }

func (s *Server) listOntologies(ctx context.Context, in *ListOntologiesInput) (*OntologiesOutput, error) {
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, s.svc.Ontologies, toOntology)
	return &OntologiesOutput{Body: l}, err
}

type CreateOntologyInput struct {
	WorkspacePath
	Body struct {
		Name        string           `json:"name" maxLength:"100"`
		Description string           `json:"description,omitempty" maxLength:"2000"`
		Schema      ontologyDocument `json:"schema" doc:"The ontology document: object classes and classifications (see docs/ontologies.md)."`
	}
}

type OntologyOutput struct{ Body OntologyDetail }

func ontologyOutput(o loupe.Ontology, v loupe.OntologyVersion) (*OntologyOutput, error) {
	ver, err := toVersion(v, true)
	return &OntologyOutput{Body: OntologyDetail{OntologyInfo: toOntology(o), Latest: ver}}, err
}

func (s *Server) createOntology(ctx context.Context, in *CreateOntologyInput) (*OntologyOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	o, v, err := s.svc.CreateOntology(ctx, ws, service.OntologyInput{Name: in.Body.Name, Description: in.Body.Description, Schema: json.RawMessage(in.Body.Schema)})
	if err != nil {
		return nil, err
	}
	return ontologyOutput(o, v)
}

func (s *Server) getOntology(ctx context.Context, in *OntologyPath) (*OntologyOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	o, v, err := s.svc.Ontology(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	return ontologyOutput(o, v)
}

type UpdateOntologyInput struct {
	OntologyPath
	Body struct {
		Name        *string `json:"name,omitempty" maxLength:"100"`
		Description *string `json:"description,omitempty" maxLength:"2000"`
	}
}

type OntologySummaryOutput struct{ Body OntologyInfo }

func (s *Server) updateOntology(ctx context.Context, in *UpdateOntologyInput) (*OntologySummaryOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	o, err := s.svc.UpdateOntology(ctx, ws, id, service.OntologyPatch{Name: in.Body.Name, Description: in.Body.Description})
	if err != nil {
		return nil, err
	}
	return &OntologySummaryOutput{Body: toOntology(o)}, nil
}

func (s *Server) deleteOntology(ctx context.Context, in *OntologyPath) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteOntology(ctx, ws, id)
}

type SaveSchemaInput struct {
	OntologyPath
	DryRun bool `query:"dry_run" doc:"Report what the save would change, and save nothing."`
	Body   struct {
		Schema   ontologyDocument `json:"schema"`
		Version  int              `json:"version" minimum:"1" doc:"The latest version the edit was made from."`
		Revision int              `json:"revision" minimum:"1" doc:"Its revision; an edit made from an older one is refused with 409."`
	}
}

type Change struct {
	Path        string `json:"path"`
	Breaking    bool   `json:"breaking" doc:"Whether the change could make an existing label invalid."`
	Description string `json:"description"`
}

func toChanges(cs []ontology.Change) []Change {
	out := make([]Change, len(cs))
	for i, c := range cs {
		out[i] = Change{Path: c.Path, Breaking: c.Breaking, Description: c.Description}
	}
	return out
}

type SchemaSaveOutput struct {
	Body struct {
		Version    OntologyVersion `json:"version" doc:"The version the document is (or would be) saved as."`
		NewVersion bool            `json:"new_version" doc:"Whether the edit could invalidate existing labels and so became a new version; projects keep their pinned version until moved."`
		Changes    []Change        `json:"changes"`
		Saved      bool            `json:"saved"`
	}
}

func (s *Server) saveSchema(ctx context.Context, in *SaveSchemaInput) (*SchemaSaveOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	r, err := s.svc.SaveOntologySchema(ctx, ws, id, service.SchemaEdit{Schema: json.RawMessage(in.Body.Schema), Version: in.Body.Version, Revision: in.Body.Revision, DryRun: in.DryRun})
	if err != nil {
		return nil, err
	}
	out := &SchemaSaveOutput{}
	if out.Body.Version, err = toVersion(r.Version, true); err != nil {
		return nil, err
	}
	out.Body.NewVersion, out.Body.Changes, out.Body.Saved = r.NewVersion, toChanges(r.Changes), !in.DryRun && len(r.Changes) > 0
	return out, nil
}

type VersionsOutput struct {
	Body struct {
		Items []OntologyVersion `json:"items"`
	}
}

func (s *Server) listOntologyVersions(ctx context.Context, in *OntologyPath) (*VersionsOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	vs, err := s.svc.OntologyVersions(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	out := &VersionsOutput{}
	out.Body.Items = make([]OntologyVersion, 0, len(vs))
	for _, v := range vs {
		ov, _ := toVersion(v, false)
		out.Body.Items = append(out.Body.Items, ov)
	}
	return out, nil
}

type OntologyVersionPath struct {
	OntologyPath
	Version int `path:"version" minimum:"1"`
}

type VersionOutput struct{ Body OntologyVersion }

func (s *Server) getOntologyVersion(ctx context.Context, in *OntologyVersionPath) (*VersionOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	v, err := s.svc.OntologyVersion(ctx, ws, id, in.Version)
	if err != nil {
		return nil, err
	}
	ov, err := toVersion(v, true)
	return &VersionOutput{Body: ov}, err
}

type OntologySchemaOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (s *Server) ontologyJSONSchema(context.Context, *struct{}) (*OntologySchemaOutput, error) {
	return &OntologySchemaOutput{ContentType: "application/schema+json", Body: ontology.JSONSchema()}, nil
}

// labelDocument is a label as the client sent it, for the strict label parser.
type labelDocument = document[ontology.Label]

type CheckLabelInput struct {
	OntologyPath
	Version int `query:"version" minimum:"0" doc:"The version to check against; the latest when left out."`
	Body    struct {
		Label labelDocument `json:"label" doc:"A label document (see docs/ontologies.md)."`
		Item  *struct {
			Width      int     `json:"width,omitempty" minimum:"0" doc:"Pixels; coordinates must lie within the item when its size is given."`
			Height     int     `json:"height,omitempty" minimum:"0"`
			Video      bool    `json:"video,omitempty" doc:"Whether objects may carry frames."`
			Frames     int     `json:"frames,omitempty" minimum:"0"`
			Duration   float64 `json:"duration,omitempty" minimum:"0" doc:"Seconds."`
			TextLength int     `json:"text_length,omitempty" minimum:"0" doc:"Unicode code points."`
		} `json:"item,omitempty" doc:"What is known of the item the label is for; bounds are checked only where given."`
	}
}

type CheckLabelOutput struct {
	Body struct {
		Valid bool `json:"valid" doc:"Always true: an invalid label is answered with a 422 problem naming each field at fault."`
	}
}

func (s *Server) checkLabel(ctx context.Context, in *CheckLabelInput) (*CheckLabelOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	var it ontology.Item
	if b := in.Body.Item; b != nil {
		it = ontology.Item{Width: b.Width, Height: b.Height, Video: b.Video, Frames: b.Frames, Duration: b.Duration, TextLength: b.TextLength}
	}
	if err := s.svc.CheckLabel(ctx, ws, id, in.Version, json.RawMessage(in.Body.Label), it); err != nil {
		return nil, err
	}
	out := &CheckLabelOutput{}
	out.Body.Valid = true
	return out, nil
}
