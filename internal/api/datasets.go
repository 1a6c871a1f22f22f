package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
)

type BucketConfig struct {
	Bucket    string `json:"bucket" maxLength:"255"`
	Prefix    string `json:"prefix,omitempty" maxLength:"1024" doc:"Confines the integration to keys under this prefix."`
	Region    string `json:"region,omitempty" maxLength:"64"`
	Endpoint  string `json:"endpoint,omitempty" maxLength:"1024" doc:"An S3-compatible endpoint other than AWS (MinIO, Ceph, …), or Azure's blob endpoint."`
	PathStyle bool   `json:"path_style,omitempty" doc:"S3 path-style addressing, which most S3-compatible servers need."`
	Account   string `json:"account,omitempty" maxLength:"64" doc:"Azure's storage account."`
}

type BucketCredentials struct {
	AccessKeyID        string `json:"access_key_id,omitempty" maxLength:"256"`
	SecretAccessKey    string `json:"secret_access_key,omitempty" maxLength:"256"`
	SessionToken       string `json:"session_token,omitempty" maxLength:"4096"`
	ServiceAccountJSON string `json:"service_account_json,omitempty" maxLength:"16384"`
	AccountKey         string `json:"account_key,omitempty" maxLength:"256"`
	SASToken           string `json:"sas_token,omitempty" maxLength:"4096"`
}

type Integration struct {
	ID             loupe.ID     `json:"id"`
	Name           string       `json:"name"`
	Kind           string       `json:"kind" enum:"s3,gcs,azure"`
	Config         BucketConfig `json:"config"`
	HasCredentials bool         `json:"has_credentials" doc:"Whether credentials are stored (sealed; they are never shown). Without them the server's environment's are used."`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

func toIntegration(g loupe.Integration) Integration {
	c := g.Config
	return Integration{ID: g.ID, Name: g.Name, Kind: string(g.Kind), HasCredentials: g.Credentials != nil, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt,
		Config: BucketConfig{Bucket: c.Bucket, Prefix: c.Prefix, Region: c.Region, Endpoint: c.Endpoint, PathStyle: c.PathStyle, Account: c.Account}}
}

func (c BucketConfig) domain() loupe.BucketConfig {
	return loupe.BucketConfig{Bucket: c.Bucket, Prefix: c.Prefix, Region: c.Region, Endpoint: c.Endpoint, PathStyle: c.PathStyle, Account: c.Account}
}

func (c *BucketCredentials) domain() *loupe.BucketCredentials {
	if c == nil {
		return nil
	}
	d := loupe.BucketCredentials(*c)
	return &d
}

type IntegrationPath struct {
	WorkspacePath
	IntegrationID string `path:"integrationID" format:"uuid"`
}

func (p IntegrationPath) ids() (workspace, integration loupe.ID, err error) {
	if workspace, err = p.workspace(); err == nil {
		integration, err = loupe.ParseID(p.IntegrationID)
	}
	return workspace, integration, err
}

type ListIntegrationsInput struct {
	WorkspacePath
	PageQuery
}

type IntegrationsOutput struct{ Body List[Integration] }

func (s *Server) listIntegrations(ctx context.Context, in *ListIntegrationsInput) (*IntegrationsOutput, error) {
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, s.svc.Integrations, toIntegration)
	return &IntegrationsOutput{Body: l}, err
}

type CreateIntegrationInput struct {
	WorkspacePath
	Body struct {
		Name        string             `json:"name" maxLength:"100"`
		Kind        string             `json:"kind" enum:"s3,gcs,azure"`
		Config      BucketConfig       `json:"config"`
		Credentials *BucketCredentials `json:"credentials,omitempty" doc:"Omit to use the server's environment's credentials."`
	}
}

type IntegrationOutput struct{ Body Integration }

func (s *Server) createIntegration(ctx context.Context, in *CreateIntegrationInput) (*IntegrationOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	b := in.Body
	g, err := s.svc.CreateIntegration(ctx, ws, service.IntegrationInput{Name: b.Name, Kind: loupe.StorageKind(b.Kind), Config: b.Config.domain(), Credentials: b.Credentials.domain()})
	if err != nil {
		return nil, err
	}
	return &IntegrationOutput{Body: toIntegration(g)}, nil
}

func (s *Server) getIntegration(ctx context.Context, in *IntegrationPath) (*IntegrationOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	g, err := s.svc.Integration(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	return &IntegrationOutput{Body: toIntegration(g)}, nil
}

type UpdateIntegrationInput struct {
	IntegrationPath
	Body struct {
		Name        *string            `json:"name,omitempty" maxLength:"100"`
		Config      *BucketConfig      `json:"config,omitempty"`
		Credentials *BucketCredentials `json:"credentials,omitempty" doc:"Replaces the stored credentials; an empty object switches to the environment's."`
	}
}

func (s *Server) updateIntegration(ctx context.Context, in *UpdateIntegrationInput) (*IntegrationOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	p := service.IntegrationPatch{Name: in.Body.Name, Credentials: in.Body.Credentials.domain()}
	if in.Body.Config != nil {
		c := in.Body.Config.domain()
		p.Config = &c
	}
	g, err := s.svc.UpdateIntegration(ctx, ws, id, p)
	if err != nil {
		return nil, err
	}
	return &IntegrationOutput{Body: toIntegration(g)}, nil
}

func (s *Server) deleteIntegration(ctx context.Context, in *IntegrationPath) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteIntegration(ctx, ws, id)
}

type CheckOutput struct {
	Body struct {
		OK      bool   `json:"ok"`
		Problem string `json:"problem,omitempty" doc:"What failed, in words for whoever configured the bucket."`
	}
}

func (s *Server) checkIntegration(ctx context.Context, in *IntegrationPath) (*CheckOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	problem, err := s.svc.CheckIntegration(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	out := &CheckOutput{}
	out.Body.OK, out.Body.Problem = problem == "", problem
	return out, nil
}

type Dataset struct {
	ID            loupe.ID  `json:"id"`
	Name          string    `json:"name"`
	Description   string    `json:"description"`
	IntegrationID *loupe.ID `json:"integration_id" nullable:"true" doc:"null: Loupe's own storage, where files are encrypted at rest."`
	ItemCount     int64     `json:"item_count"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func toDataset(d loupe.Dataset) Dataset {
	return Dataset{ID: d.ID, Name: d.Name, Description: d.Description, IntegrationID: d.IntegrationID, ItemCount: d.ItemCount, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
}

type DatasetPath struct {
	WorkspacePath
	DatasetID string `path:"datasetID" format:"uuid"`
}

func (p DatasetPath) ids() (workspace, dataset loupe.ID, err error) {
	if workspace, err = p.workspace(); err == nil {
		dataset, err = loupe.ParseID(p.DatasetID)
	}
	return workspace, dataset, err
}

type ListDatasetsInput struct {
	WorkspacePath
	PageQuery
}

type DatasetsOutput struct{ Body List[Dataset] }

func (s *Server) listDatasets(ctx context.Context, in *ListDatasetsInput) (*DatasetsOutput, error) {
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, s.svc.Datasets, toDataset)
	return &DatasetsOutput{Body: l}, err
}

type CreateDatasetInput struct {
	WorkspacePath
	Body struct {
		Name          string    `json:"name" maxLength:"100"`
		Description   string    `json:"description,omitempty" maxLength:"2000"`
		IntegrationID *loupe.ID `json:"integration_id,omitempty" doc:"A storage integration of the workspace; omit for Loupe's own storage."`
	}
}

type DatasetWithRole struct {
	Dataset
	MyRole string `json:"my_role" enum:"viewer,editor,admin" doc:"What the caller may do with it; workspace admins are admins of every dataset."`
}

type DatasetOutput struct{ Body DatasetWithRole }

func (s *Server) createDataset(ctx context.Context, in *CreateDatasetInput) (*DatasetOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	d, err := s.svc.CreateDataset(ctx, ws, in.Body.Name, in.Body.Description, in.Body.IntegrationID)
	if err != nil {
		return nil, err
	}
	return &DatasetOutput{Body: DatasetWithRole{Dataset: toDataset(d), MyRole: string(loupe.DatasetAdmin)}}, nil
}

func (s *Server) getDataset(ctx context.Context, in *DatasetPath) (*DatasetOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	d, role, err := s.svc.Dataset(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	return &DatasetOutput{Body: DatasetWithRole{Dataset: toDataset(d), MyRole: string(role)}}, nil
}

type UpdateDatasetInput struct {
	DatasetPath
	Body struct {
		Name        *string `json:"name,omitempty" maxLength:"100"`
		Description *string `json:"description,omitempty" maxLength:"2000"`
	}
}

type PlainDatasetOutput struct{ Body Dataset }

func (s *Server) updateDataset(ctx context.Context, in *UpdateDatasetInput) (*PlainDatasetOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	d, err := s.svc.UpdateDataset(ctx, ws, id, in.Body.Name, in.Body.Description)
	if err != nil {
		return nil, err
	}
	return &PlainDatasetOutput{Body: toDataset(d)}, nil
}

func (s *Server) deleteDataset(ctx context.Context, in *DatasetPath) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteDataset(ctx, ws, id)
}

type GroupRef struct {
	ID   loupe.ID `json:"id"`
	Name string   `json:"name"`
}

type DatasetGrant struct {
	User  *UserRef  `json:"user,omitempty"`
	Group *GroupRef `json:"group,omitempty"`
	Role  string    `json:"role" enum:"viewer,editor,admin"`
}

type GrantsOutput struct {
	Body struct {
		Items []DatasetGrant `json:"items"`
	}
}

func (s *Server) listDatasetAccess(ctx context.Context, in *DatasetPath) (*GrantsOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	gs, err := s.svc.DatasetGrants(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	out := &GrantsOutput{}
	out.Body.Items = make([]DatasetGrant, 0, len(gs))
	for _, g := range gs {
		dg := DatasetGrant{Role: string(g.Role)}
		if g.User != nil {
			u := toUserRef(*g.User)
			dg.User = &u
		} else {
			dg.Group = &GroupRef{ID: g.Group.ID, Name: g.Group.Name}
		}
		out.Body.Items = append(out.Body.Items, dg)
	}
	return out, nil
}

type GrantDatasetInput struct {
	DatasetPath
	Body struct {
		Email   string    `json:"email,omitempty" maxLength:"254" doc:"A user by email; someone outside the workspace joins it as a collaborator."`
		UserID  *loupe.ID `json:"user_id,omitempty"`
		GroupID *loupe.ID `json:"group_id,omitempty"`
		Role    string    `json:"role" enum:"viewer,editor,admin"`
	}
}

func (s *Server) grantDataset(ctx context.Context, in *GrantDatasetInput) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	b := in.Body
	return nil, s.svc.GrantDataset(ctx, ws, id, service.GrantInput{Email: b.Email, UserID: b.UserID, GroupID: b.GroupID, Role: loupe.DatasetRole(b.Role)})
}

type RevokeDatasetInput struct {
	DatasetPath
	UserID  string `query:"user_id" format:"uuid" doc:"The user whose grant to remove; or give group_id."`
	GroupID string `query:"group_id" format:"uuid"`
}

func optionalID(s string) (*loupe.ID, error) {
	if s == "" {
		return nil, nil
	}
	id, err := loupe.ParseID(s)
	return &id, err
}

func (s *Server) revokeDataset(ctx context.Context, in *RevokeDatasetInput) (*struct{}, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	u, err := optionalID(in.UserID)
	if err != nil {
		return nil, err
	}
	g, err := optionalID(in.GroupID)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RevokeDataset(ctx, ws, id, u, g)
}

type DataItem struct {
	ID         loupe.ID        `json:"id"`
	Name       string          `json:"name"`
	Type       string          `json:"type" enum:"image,video,audio,text,document"`
	MIME       string          `json:"mime"`
	Size       int64           `json:"size"`
	SHA256     string          `json:"sha256"`
	Width      *int            `json:"width"`
	Height     *int            `json:"height"`
	DurationMS *int64          `json:"duration_ms" doc:"Video and audio, when ffprobe could read it."`
	FPS        *float64        `json:"fps"`
	FrameCount *int64          `json:"frame_count"`
	Metadata   json.RawMessage `json:"metadata" doc:"The item's own JSON object." schema:"{\"type\":\"object\"}"`
	Encrypted  bool            `json:"encrypted" doc:"Whether Loupe encrypts the blob at rest."`
	CreatedAt  time.Time       `json:"created_at"`
}

func toItem(d loupe.DataItem) DataItem {
	return DataItem{ID: d.ID, Name: d.Name, Type: string(d.Type), MIME: d.MIME, Size: d.Size, SHA256: d.SHA256, Width: d.Width, Height: d.Height,
		DurationMS: d.DurationMS, FPS: d.FPS, FrameCount: d.FrameCount, Metadata: d.Metadata, Encrypted: d.Sealed(), CreatedAt: d.CreatedAt}
}

type ListItemsInput struct {
	DatasetPath
	PageQuery
	Type     string `query:"type" enum:"image,video,audio,text,document" doc:"Only items of this type."`
	Metadata string `query:"metadata" maxLength:"4096" doc:"A JSON object: only items whose metadata holds each key with that value, such as {\"camera\":\"front\"}."`
}

type ItemsOutput struct{ Body List[DataItem] }

func (s *Server) listItems(ctx context.Context, in *ListItemsInput) (*ItemsOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	p, err := in.page()
	if err != nil {
		return nil, err
	}
	f := store.ItemFilter{Type: loupe.ItemType(in.Type)}
	if in.Metadata != "" {
		if err := json.Unmarshal([]byte(in.Metadata), &f.Metadata); err != nil || f.Metadata == nil {
			return nil, huma.Error422UnprocessableEntity("metadata: must be a JSON object", &huma.ErrorDetail{Location: "query.metadata", Message: "must be a JSON object", Value: in.Metadata})
		}
	}
	is, next, err := s.svc.Items(ctx, ws, id, f, p)
	if err != nil {
		return nil, err
	}
	return &ItemsOutput{Body: list(is, next, toItem)}, nil
}

// UploadInput streams its body: the file goes to storage as it arrives.
type UploadInput struct {
	DatasetPath
	contentType string
	body        io.Reader
}

func (u *UploadInput) Resolve(ctx huma.Context) []error {
	u.contentType, u.body = ctx.Header("Content-Type"), ctx.BodyReader()
	return nil
}

type ItemOutput struct{ Body DataItem }

// uploadBody documents the multipart form the upload takes.
var uploadBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"multipart/form-data": {Schema: &huma.Schema{
	Type: "object", Required: []string{"file"},
	Properties: map[string]*huma.Schema{
		"metadata": {Type: "string", Description: "The item's metadata, a JSON object. It must come before the file part."},
		"file":     {Type: "string", Format: "binary", Description: "The file: an image, video, audio, UTF-8 text or PDF."},
	},
}}}}

func (s *Server) uploadItem(ctx context.Context, in *UploadInput) (*ItemOutput, error) {
	ws, id, err := in.ids()
	if err != nil {
		return nil, err
	}
	mt, params, err := mime.ParseMediaType(in.contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, huma.Error415UnsupportedMediaType("send the file as multipart/form-data, in a part named file")
	}
	mr := multipart.NewReader(in.body, params["boundary"])
	var meta json.RawMessage
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, loupe.InvalidField("file", "is required: the form has no part named file")
		}
		if err != nil {
			return nil, loupe.InvalidField("file", "the multipart body does not parse: %v", err)
		}
		switch part.FormName() {
		case "metadata":
			if meta, err = io.ReadAll(io.LimitReader(part, 64<<10+1)); err != nil {
				return nil, loupe.InvalidField("metadata", "does not read: %v", err)
			}
		case "file":
			it, err := s.svc.AddItem(ctx, ws, id, service.Upload{Name: part.FileName(), Body: part, Metadata: meta})
			if err != nil {
				return nil, err
			}
			return &ItemOutput{Body: toItem(it)}, nil
		default:
			return nil, loupe.InvalidField(part.FormName(), "is not a field of an upload; send metadata, then file")
		}
	}
}

type ItemPath struct {
	DatasetPath
	ItemID string `path:"itemID" format:"uuid"`
}

func (p ItemPath) all() (workspace, dataset, item loupe.ID, err error) {
	if workspace, dataset, err = p.ids(); err == nil {
		item, err = loupe.ParseID(p.ItemID)
	}
	return workspace, dataset, item, err
}

func (s *Server) getItem(ctx context.Context, in *ItemPath) (*ItemOutput, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	it, err := s.svc.Item(ctx, ws, ds, id)
	if err != nil {
		return nil, err
	}
	return &ItemOutput{Body: toItem(it)}, nil
}

func (s *Server) deleteItem(ctx context.Context, in *ItemPath) (*struct{}, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteItem(ctx, ws, ds, id)
}

type ItemURLOutput struct {
	Body struct {
		URL       string    `json:"url" doc:"Fetch the file from here; it supports HTTP ranges."`
		ExpiresAt time.Time `json:"expires_at"`
	}
}

func (s *Server) itemURL(ctx context.Context, in *ItemPath) (*ItemURLOutput, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	u, exp, err := s.svc.ItemURL(ctx, ws, ds, id)
	if err != nil {
		return nil, err
	}
	out := &ItemURLOutput{}
	out.Body.URL, out.Body.ExpiresAt = u, exp
	return out, nil
}

// serveBlob answers a Loupe-signed URL with the item's bytes, decrypted, honouring ranges so that
// video seeks.
func (s *Server) serveBlob(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.OpenSignedBlob(r.Context(), r.PathValue("token"))
	if err != nil {
		var le *loupe.Error
		if !errors.As(err, &le) || le.Code == loupe.Internal {
			s.log.ErrorContext(r.Context(), "serve blob", "request_id", requestID(r.Context()), "err", err)
			writeProblem(w, http.StatusInternalServerError, "something went wrong on our side; the request id is "+requestID(r.Context()))
			return
		}
		writeProblem(w, codeStatus[le.Code], le.Message)
		return
	}
	h := w.Header()
	h.Set("Content-Type", c.Item.MIME)
	h.Set("Cache-Control", "private, max-age=300")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": c.Item.Name}))
	// The blob is the customer's data, never a page: no scripts may run from it.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, strings.ReplaceAll(c.Item.Name, "/", "_"), c.Item.CreatedAt, c.Reader)
}

type SetMetadataInput struct {
	ItemPath
	Body struct {
		Metadata json.RawMessage `json:"metadata" doc:"Replaces the item's metadata: a JSON object." schema:"{\"type\":\"object\"}"`
	}
}

func (s *Server) setItemMetadata(ctx context.Context, in *SetMetadataInput) (*ItemOutput, error) {
	ws, ds, id, err := in.all()
	if err != nil {
		return nil, err
	}
	it, err := s.svc.SetItemMetadata(ctx, ws, ds, id, in.Body.Metadata)
	if err != nil {
		return nil, err
	}
	return &ItemOutput{Body: toItem(it)}, nil
}
