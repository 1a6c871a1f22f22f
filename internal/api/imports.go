package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

type ImportError struct {
	Line    int64  `json:"line,omitempty" doc:"The manifest line, counting from 1."`
	Key     string `json:"key,omitempty"`
	Message string `json:"message"`
}

type Import struct {
	ID         loupe.ID      `json:"id"`
	Source     string        `json:"source" enum:"prefix,manifest"`
	Prefix     string        `json:"prefix"`
	Status     string        `json:"status" enum:"queued,running,done,failed"`
	Seen       int64         `json:"seen" doc:"Objects or manifest lines read so far."`
	Added      int64         `json:"added"`
	Existing   int64         `json:"existing" doc:"Already registered: registering the same objects again adds nothing."`
	Failed     int64         `json:"failed"`
	Errors     []ImportError `json:"errors" doc:"Why rows were refused (the first 100)."`
	Error      string        `json:"error,omitempty" doc:"Why the whole import failed."`
	CreatedAt  time.Time     `json:"created_at"`
	FinishedAt *time.Time    `json:"finished_at"`
}

func toImport(m loupe.Import) Import {
	out := Import{ID: m.ID, Source: string(m.Source), Prefix: m.Prefix, Status: string(m.Status), Seen: m.Seen, Added: m.Added, Existing: m.Existing,
		Failed: m.Failed, Errors: make([]ImportError, 0, len(m.Errors)), Error: m.Error, CreatedAt: m.CreatedAt, FinishedAt: m.FinishedAt}
	for _, e := range m.Errors {
		out.Errors = append(out.Errors, ImportError(e))
	}
	return out
}

type CreateImportInput struct {
	DatasetPath
	Body struct {
		Prefix string `json:"prefix" maxLength:"1024" doc:"Register every object under this prefix of the integration's bucket (empty: all of it)."`
	}
}

type ImportOutput struct{ Body Import }

func (s *Server) createImport(ctx context.Context, in *CreateImportInput) (*ImportOutput, error) {
	ws, ds, err := in.ids()
	if err != nil {
		return nil, err
	}
	m, err := s.svc.CreateImport(ctx, ws, ds, service.ImportInput{Prefix: in.Body.Prefix})
	if err != nil {
		return nil, err
	}
	return &ImportOutput{Body: toImport(m)}, nil
}

// ManifestInput streams a manifest upload.
type ManifestInput struct {
	DatasetPath
	contentType string
	body        io.Reader
}

func (u *ManifestInput) Resolve(ctx huma.Context) []error {
	u.contentType, u.body = ctx.Header("Content-Type"), ctx.BodyReader()
	return nil
}

var manifestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"multipart/form-data": {Schema: &huma.Schema{
	Type: "object", Required: []string{"manifest"},
	Properties: map[string]*huma.Schema{
		"manifest": {Type: "string", Format: "binary", Description: `JSON Lines, one object per line: {"key": "path/in/bucket.jpg", "metadata": {…}}, optionally with type, size, width, height, duration_ms.`},
	},
}}}}

func (s *Server) uploadManifest(ctx context.Context, in *ManifestInput) (*ImportOutput, error) {
	ws, ds, err := in.ids()
	if err != nil {
		return nil, err
	}
	mt, params, err := mime.ParseMediaType(in.contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, huma.Error415UnsupportedMediaType("send the manifest as multipart/form-data, in a part named manifest")
	}
	mr := multipart.NewReader(in.body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, loupe.InvalidField("manifest", "is required: the form has no part named manifest")
		}
		if err != nil {
			return nil, loupe.InvalidField("manifest", "the multipart body does not parse: %v", err)
		}
		if part.FormName() != "manifest" {
			return nil, loupe.InvalidField(part.FormName(), "is not a field of a manifest upload")
		}
		m, err := s.svc.CreateImport(ctx, ws, ds, service.ImportInput{Manifest: part})
		if err != nil {
			return nil, err
		}
		return &ImportOutput{Body: toImport(m)}, nil
	}
}

type ImportsOutput struct {
	Body struct {
		Items []Import `json:"items"`
	}
}

func (s *Server) listImports(ctx context.Context, in *DatasetPath) (*ImportsOutput, error) {
	ws, ds, err := in.ids()
	if err != nil {
		return nil, err
	}
	ms, err := s.svc.Imports(ctx, ws, ds)
	if err != nil {
		return nil, err
	}
	out := &ImportsOutput{}
	out.Body.Items = make([]Import, 0, len(ms))
	for _, m := range ms {
		out.Body.Items = append(out.Body.Items, toImport(m))
	}
	return out, nil
}

type ImportPath struct {
	DatasetPath
	ImportID string `path:"importID" format:"uuid"`
}

func (s *Server) getImport(ctx context.Context, in *ImportPath) (*ImportOutput, error) {
	ws, ds, err := in.ids()
	if err != nil {
		return nil, err
	}
	id, err := loupe.ParseID(in.ImportID)
	if err != nil {
		return nil, err
	}
	m, err := s.svc.Import(ctx, ws, ds, id)
	if err != nil {
		return nil, err
	}
	return &ImportOutput{Body: toImport(m)}, nil
}
