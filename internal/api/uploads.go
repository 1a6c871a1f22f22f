package api

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
)

type ResumableUpload struct {
	ID        loupe.ID  `json:"id"`
	Name      string    `json:"name"`
	Size      int64     `json:"size"`
	Offset    int64     `json:"offset" doc:"How many bytes arrived: the next part begins here."`
	ExpiresAt time.Time `json:"expires_at" doc:"An upload not completed by then is dropped."`
}

func toUpload(u loupe.Upload) ResumableUpload {
	return ResumableUpload{ID: u.ID, Name: u.Name, Size: u.Size, Offset: u.Received, ExpiresAt: u.ExpiresAt}
}

type StartUploadInput struct {
	DatasetPath
	Body struct {
		Name     string          `json:"name" maxLength:"255"`
		Size     int64           `json:"size" doc:"The whole file's size in bytes."`
		Metadata json.RawMessage `json:"metadata,omitempty" doc:"The item's metadata, a JSON object." schema:"{\"type\":\"object\"}"`
	}
}

type UploadOutput struct{ Body ResumableUpload }

func (s *Server) startUpload(ctx context.Context, in *StartUploadInput) (*UploadOutput, error) {
	ws, ds, err := in.ids()
	if err != nil {
		return nil, err
	}
	u, err := s.svc.StartUpload(ctx, ws, ds, in.Body.Name, in.Body.Size, in.Body.Metadata)
	if err != nil {
		return nil, err
	}
	return &UploadOutput{Body: toUpload(u)}, nil
}

type UploadPath struct {
	DatasetPath
	UploadID string `path:"uploadID" format:"uuid"`
}

func (p UploadPath) all() (workspace, dataset, upload loupe.ID, err error) {
	if workspace, dataset, err = p.ids(); err == nil {
		upload, err = loupe.ParseID(p.UploadID)
	}
	return workspace, dataset, upload, err
}

func (s *Server) getUpload(ctx context.Context, in *UploadPath) (*UploadOutput, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	u, err := s.svc.ResumableUpload(ctx, ws, ds, id)
	if err != nil {
		return nil, err
	}
	return &UploadOutput{Body: toUpload(u)}, nil
}

// PartInput streams one part's raw bytes.
type PartInput struct {
	UploadPath
	Offset int64 `query:"offset" minimum:"0" doc:"Where this part begins in the file: the upload's offset."`
	body   io.Reader
}

func (p *PartInput) Resolve(ctx huma.Context) []error {
	p.body = ctx.BodyReader()
	return nil
}

var partBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{
	Type: "string", Format: "binary", Description: "The part's bytes, at most 64 MiB.",
}}}}

func (s *Server) addPart(ctx context.Context, in *PartInput) (*UploadOutput, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	u, err := s.svc.AddPart(ctx, ws, ds, id, in.Offset, in.body)
	if err != nil {
		return nil, err
	}
	return &UploadOutput{Body: toUpload(u)}, nil
}

func (s *Server) completeUpload(ctx context.Context, in *UploadPath) (*ItemOutput, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	it, err := s.svc.CompleteUpload(ctx, ws, ds, id)
	if err != nil {
		return nil, err
	}
	return &ItemOutput{Body: toItem(it)}, nil
}

func (s *Server) abortUpload(ctx context.Context, in *UploadPath) (*struct{}, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.AbortUpload(ctx, ws, ds, id)
}
