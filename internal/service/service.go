// Package service holds Loupe's use cases. Each one authorizes through the access policy, validates
// its input and makes its change in one transaction of the store.
package service

import (
	"context"
	"log/slog"
	"time"

	"gocloud.dev/secrets"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/blob"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// Config holds the settings the use cases need.
type Config struct {
	// BaseURL is where browsers reach Loupe; links in invitations start with it.
	BaseURL string
	// SessionLifetime is how long a session lasts at most; SessionIdleTimeout ends one sooner when unused.
	SessionLifetime    time.Duration
	SessionIdleTimeout time.Duration
	InvitationLifetime time.Duration
	Argon2             auth.Argon2Params
	Throttle           Throttle
	// MaxUploadBytes bounds one uploaded file.
	MaxUploadBytes int64
}

// Deps are what the use cases reach beyond the database: the master key, Loupe's own bucket, and
// the job queue.
type Deps struct {
	// Master wraps every workspace's key.
	Master *secrets.Keeper
	// Managed is Loupe's own bucket, where uploads to datasets without an integration are sealed.
	Managed *blob.Bucket
	// Queue runs long work in the background.
	Queue Queue
}

// Queue enqueues background work in the caller's transaction, so that the work exists exactly when
// the change that asks for it commits.
type Queue interface {
	EnqueueImport(ctx context.Context, tx *store.Tx, workspaceID, importID loupe.ID) error
	EnqueuePopulate(ctx context.Context, tx *store.Tx, workspaceID, projectID, datasetID loupe.ID) error
}

// Throttle limits failed sign-ins within a sliding window, per account and per client address.
type Throttle struct {
	Window     time.Duration
	PerAccount int
	PerAddress int
}

// Mailer delivers a message to one address.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Service is the set of use cases over one store.
type Service struct {
	store   *store.Store
	cfg     Config
	clock   loupe.Clock
	log     *slog.Logger
	mailer  Mailer
	keys    *keyring
	managed *blob.Bucket
	queue   Queue
	buckets bucketCache
	// dummyHash is verified against when an email is unknown, so that a sign-in takes as long for a
	// stranger as for a member and does not reveal which addresses have accounts.
	dummyHash string
}

// New returns the use cases over st. mailer may be nil: invitation links are then only logged and
// shown to whoever invited.
func New(st *store.Store, cfg Config, deps Deps, clock loupe.Clock, log *slog.Logger, mailer Mailer) (*Service, error) {
	h, err := auth.HashPassword("not a password anyone has", cfg.Argon2)
	if err != nil {
		return nil, err
	}
	return &Service{store: st, cfg: cfg, clock: clock, log: log, mailer: mailer, dummyHash: h,
		keys: newKeyring(st, deps.Master, clock), managed: deps.Managed, queue: deps.Queue, buckets: bucketCache{m: map[loupe.ID]cachedBucket{}}}, nil
}

// actor returns who is acting, or Unauthenticated.
func actor(ctx context.Context) (*loupe.Actor, error) {
	a := loupe.ActorFrom(ctx)
	if a == nil {
		return nil, loupe.Errorf(loupe.Unauthenticated, "sign in to continue")
	}
	return a, nil
}

// self returns the actor once the policy allows an action on their own account.
func self(ctx context.Context, action access.Action) (*loupe.Actor, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return a, access.CheckAccount(access.Principal{UserID: a.User.ID, Key: a.APIKey}, action)
}

// principal returns the actor as the policy sees them in a workspace. An actor outside it gets
// NotFound from the policy before anything else of the workspace is read. A member without a second
// factor of a workspace that requires one gets Forbidden here, whether a session or an API key of
// theirs acts: every use case of a workspace passes this way.
func principal(ctx context.Context, tx *store.Tx, workspaceID loupe.ID) (access.Principal, error) {
	a, err := actor(ctx)
	if err != nil {
		return access.Principal{}, err
	}
	p := access.Principal{UserID: a.User.ID, Key: a.APIKey}
	m, err := tx.Membership(ctx, workspaceID, a.User.ID)
	switch {
	case err == nil:
		p.Membership = &m
		if err := mfaGate(ctx, tx, workspaceID, a.User.ID); err != nil {
			return p, err
		}
	case !loupe.IsCode(err, loupe.NotFound):
		return p, err
	}
	return p, access.Inside(p, workspaceID)
}

// authorize checks an action on a workspace-level resource.
func authorize(ctx context.Context, tx *store.Tx, a access.Action, r access.Resource) (access.Principal, error) {
	p, err := principal(ctx, tx, r.WorkspaceID)
	if err != nil {
		return p, err
	}
	return p, access.Check(p, a, r)
}

// readOrWrite runs fn in a read transaction for a dry run, which changes nothing, and in a write
// transaction otherwise.
func (s *Service) readOrWrite(ctx context.Context, dryRun bool, fn func(*store.Tx) error) error {
	if dryRun {
		return s.store.Read(ctx, fn)
	}
	return s.store.Write(ctx, fn)
}
