package service

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/blob"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// IntegrationInput describes a customer's bucket.
type IntegrationInput struct {
	Name        string
	Kind        loupe.StorageKind
	Config      loupe.BucketConfig
	Credentials *loupe.BucketCredentials // nil: the environment's credentials
}

func checkBucketConfig(v *loupe.Validation, kind loupe.StorageKind, c *loupe.BucketConfig) {
	c.Bucket, c.Prefix = strings.TrimSpace(c.Bucket), strings.Trim(strings.TrimSpace(c.Prefix), "/")
	c.Region, c.Endpoint, c.Account = strings.TrimSpace(c.Region), strings.TrimSpace(c.Endpoint), strings.TrimSpace(c.Account)
	if !kind.Valid() {
		v.Add("kind", "must be one of s3, gcs, azure")
	}
	if c.Bucket == "" {
		v.Add("config.bucket", "is required")
	}
	for _, seg := range strings.Split(c.Prefix, "/") {
		if seg == "." || seg == ".." {
			v.Add("config.prefix", "must not contain . or .. segments")
			break
		}
	}
	if c.Endpoint != "" {
		if u, err := url.Parse(c.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.Add("config.endpoint", "must be an http(s) URL such as https://minio.example.com:9000")
		}
	}
	if kind == loupe.StorageAzure && c.Account == "" {
		v.Add("config.account", "is required for Azure")
	}
}

// CreateIntegration adds a customer's bucket to a workspace; its credentials are sealed under the
// workspace key before they reach the database.
func (s *Service) CreateIntegration(ctx context.Context, workspaceID loupe.ID, in IntegrationInput) (loupe.Integration, error) {
	var v loupe.Validation
	name := cleanName(&v, "name", in.Name)
	checkBucketConfig(&v, in.Kind, &in.Config)
	now := s.clock()
	g := loupe.Integration{ID: loupe.NewID(), WorkspaceID: workspaceID, Name: name, Kind: in.Kind, Config: in.Config, CreatedAt: now, UpdatedAt: now}
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		p, err := authorize(ctx, tx, access.ManageIntegration, access.Resource{WorkspaceID: workspaceID})
		g.CreatedBy = p.UserID
		return err
	})
	if err != nil {
		return g, err
	}
	if err := v.Err(); err != nil {
		return g, err
	}
	if err := s.sealCredentials(ctx, &g, in.Credentials); err != nil {
		return g, err
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ManageIntegration, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.CreateIntegration(ctx, &g), AuditEvent{Action: "integration.created", TargetType: "integration",
			TargetID: g.ID.String(), Detail: map[string]any{"name": g.Name, "kind": g.Kind, "bucket": g.Config.Bucket, "prefix": g.Config.Prefix}})
	})
	return g, err
}

func (s *Service) sealCredentials(ctx context.Context, g *loupe.Integration, creds *loupe.BucketCredentials) error {
	if creds == nil || *creds == (loupe.BucketCredentials{}) {
		g.Credentials, g.KeyVersion = nil, 0
		return nil
	}
	raw, err := json.Marshal(creds)
	if err != nil {
		return loupe.Wrap(err, "encode credentials")
	}
	g.Credentials, g.KeyVersion, err = s.keys.seal(ctx, g.WorkspaceID, raw, g.ID[:])
	return err
}

func (s *Service) credentials(ctx context.Context, g loupe.Integration) (*loupe.BucketCredentials, error) {
	if g.Credentials == nil {
		return nil, nil
	}
	raw, err := s.keys.open(ctx, g.WorkspaceID, g.KeyVersion, g.Credentials, g.ID[:])
	if err != nil {
		return nil, err
	}
	var c loupe.BucketCredentials
	return &c, loupe.Wrap(json.Unmarshal(raw, &c), "decode credentials")
}

// Integrations lists a workspace's storage integrations.
func (s *Service) Integrations(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.Integration, *loupe.ID, error) {
	var gs []loupe.Integration
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListIntegrations, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		gs, next, err = tx.Integrations(ctx, workspaceID, p)
		return err
	})
	return gs, next, err
}

// Integration returns one storage integration.
func (s *Service) Integration(ctx context.Context, workspaceID, id loupe.ID) (loupe.Integration, error) {
	var g loupe.Integration
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListIntegrations, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		g, err = tx.Integration(ctx, workspaceID, id)
		return err
	})
	return g, err
}

// IntegrationPatch changes an integration; nil fields stay. Credentials replace the stored ones;
// empty credentials switch to the environment's.
type IntegrationPatch struct {
	Name        *string
	Config      *loupe.BucketConfig
	Credentials *loupe.BucketCredentials
}

// UpdateIntegration changes a storage integration.
func (s *Service) UpdateIntegration(ctx context.Context, workspaceID, id loupe.ID, p IntegrationPatch) (loupe.Integration, error) {
	var g loupe.Integration
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ManageIntegration, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		g, err = tx.Integration(ctx, workspaceID, id)
		return err
	})
	if err != nil {
		return g, err
	}
	var v loupe.Validation
	if p.Name != nil {
		g.Name = cleanName(&v, "name", *p.Name)
	}
	if p.Config != nil {
		g.Config = *p.Config
		checkBucketConfig(&v, g.Kind, &g.Config)
	}
	if err := v.Err(); err != nil {
		return g, err
	}
	if p.Credentials != nil {
		if err := s.sealCredentials(ctx, &g, p.Credentials); err != nil {
			return g, err
		}
	}
	g.UpdatedAt = s.clock()
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ManageIntegration, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.UpdateIntegration(ctx, &g), AuditEvent{Action: "integration.changed", TargetType: "integration",
			TargetID: id.String(), Detail: map[string]any{"name": g.Name, "bucket": g.Config.Bucket, "prefix": g.Config.Prefix, "credentials_changed": p.Credentials != nil}})
	})
	s.buckets.forget(id)
	return g, err
}

// DeleteIntegration removes a storage integration that no dataset uses.
func (s *Service) DeleteIntegration(ctx context.Context, workspaceID, id loupe.ID) error {
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ManageIntegration, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteIntegration(ctx, workspaceID, id), AuditEvent{Action: "integration.deleted", TargetType: "integration",
			TargetID: id.String()})
	})
	s.buckets.forget(id)
	return err
}

// CheckIntegration tries to list and read the bucket, and returns what failed in words for the
// person who configured it; "" when both work.
func (s *Service) CheckIntegration(ctx context.Context, workspaceID, id loupe.ID) (string, error) {
	var g loupe.Integration
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ManageIntegration, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		g, err = tx.Integration(ctx, workspaceID, id)
		return err
	})
	if err != nil {
		return "", err
	}
	b, err := s.openIntegration(ctx, g)
	if err != nil {
		return err.Error(), nil
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := blob.Check(ctx, b); err != nil {
		return err.Error(), nil
	}
	return "", nil
}

// bucketCache keeps opened customer buckets: opening one builds a cloud client.
type bucketCache struct {
	mu sync.Mutex
	m  map[loupe.ID]cachedBucket
}

type cachedBucket struct {
	b       *blob.Bucket
	updated time.Time
}

// forget drops an integration's bucket after its settings change. It is not closed: a request
// may still be reading through it.
func (c *bucketCache) forget(id loupe.ID) {
	c.mu.Lock()
	delete(c.m, id)
	c.mu.Unlock()
}

// openIntegration returns the bucket of an integration, opened once per version of its settings.
func (s *Service) openIntegration(ctx context.Context, g loupe.Integration) (*blob.Bucket, error) {
	s.buckets.mu.Lock()
	cb, ok := s.buckets.m[g.ID]
	s.buckets.mu.Unlock()
	if ok && cb.updated.Equal(g.UpdatedAt) {
		return cb.b, nil
	}
	creds, err := s.credentials(ctx, g)
	if err != nil {
		return nil, err
	}
	b, err := blob.OpenIntegration(ctx, g.Kind, g.Config, creds)
	if err != nil {
		return nil, loupe.Errorf(loupe.Invalid, "the storage integration %q does not open: %v", g.Name, err)
	}
	s.buckets.mu.Lock()
	s.buckets.m[g.ID] = cachedBucket{b: b, updated: g.UpdatedAt}
	s.buckets.mu.Unlock()
	return b, nil
}
