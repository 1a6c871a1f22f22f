package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	gblob "gocloud.dev/blob"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/blob"
	"github.com/loupehq/loupe/internal/envelope"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/media"
	"github.com/loupehq/loupe/internal/store"
)

// datasetAuth checks an action on a dataset and returns the dataset and the actor's effective role
// on it (admin for workspace admins, who oversee every dataset).
func datasetAuth(ctx context.Context, tx *store.Tx, workspaceID, datasetID loupe.ID, a access.Action) (access.Principal, loupe.Dataset, loupe.DatasetRole, error) {
	p, err := principal(ctx, tx, workspaceID)
	if err != nil {
		return p, loupe.Dataset{}, "", err
	}
	d, err := tx.Dataset(ctx, workspaceID, datasetID)
	if err != nil {
		return p, d, "", err
	}
	role, err := tx.DatasetRole(ctx, workspaceID, datasetID, p.UserID)
	if err != nil {
		return p, d, "", err
	}
	if err := access.Check(p, a, access.Resource{WorkspaceID: workspaceID, DatasetRole: role}); err != nil {
		return p, d, role, err
	}
	if p.Membership.Role == loupe.RoleAdmin {
		role = loupe.DatasetAdmin
	}
	return p, d, role, nil
}

// CreateDataset creates a dataset in Loupe's own storage (integrationID nil) or in a customer's
// bucket; its creator becomes its admin.
func (s *Service) CreateDataset(ctx context.Context, workspaceID loupe.ID, name, description string, integrationID *loupe.ID) (loupe.Dataset, error) {
	var v loupe.Validation
	n := cleanName(&v, "name", name)
	desc := strings.TrimSpace(description)
	if utf8.RuneCountInString(desc) > 2000 {
		v.Add("description", "must be at most 2000 characters")
	}
	var d loupe.Dataset
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		p, err := authorize(ctx, tx, access.CreateDataset, access.Resource{WorkspaceID: workspaceID})
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if integrationID != nil {
			if _, err := tx.Integration(ctx, workspaceID, *integrationID); err != nil {
				return loupe.InvalidField("integration_id", "no such storage integration in this workspace")
			}
		}
		now := s.clock()
		d = loupe.Dataset{ID: loupe.NewID(), WorkspaceID: workspaceID, Name: n, Description: desc, IntegrationID: integrationID,
			CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateDataset(ctx, &d); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.GrantDataset(ctx, workspaceID, d.ID, &p.UserID, nil, loupe.DatasetAdmin, now), AuditEvent{
			Action: "dataset.created", TargetType: "dataset", TargetID: d.ID.String(), Detail: map[string]any{"name": d.Name, "integration_id": integrationID}})
	})
	return d, err
}

// Datasets lists the datasets the actor may see.
func (s *Service) Datasets(ctx context.Context, workspaceID loupe.ID, pg loupe.Page) ([]loupe.Dataset, *loupe.ID, error) {
	var ds []loupe.Dataset
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		p, err := authorize(ctx, tx, access.ListDatasets, access.Resource{WorkspaceID: workspaceID})
		if err != nil {
			return err
		}
		ds, next, err = tx.Datasets(ctx, workspaceID, p.UserID, p.Membership.Role == loupe.RoleAdmin, pg)
		return err
	})
	return ds, next, err
}

// Dataset returns a dataset and the actor's role on it.
func (s *Service) Dataset(ctx context.Context, workspaceID, id loupe.ID) (loupe.Dataset, loupe.DatasetRole, error) {
	var d loupe.Dataset
	var role loupe.DatasetRole
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		_, d, role, err = datasetAuth(ctx, tx, workspaceID, id, access.ReadDataset)
		return err
	})
	return d, role, err
}

// UpdateDataset renames or describes a dataset; nil fields stay.
func (s *Service) UpdateDataset(ctx context.Context, workspaceID, id loupe.ID, name, description *string) (loupe.Dataset, error) {
	var v loupe.Validation
	var n, desc string
	if name != nil {
		n = cleanName(&v, "name", *name)
	}
	if description != nil {
		if desc = strings.TrimSpace(*description); utf8.RuneCountInString(desc) > 2000 {
			v.Add("description", "must be at most 2000 characters")
		}
	}
	var d loupe.Dataset
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, d, _, err = datasetAuth(ctx, tx, workspaceID, id, access.UpdateDataset); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if name != nil {
			d.Name = n
		}
		if description != nil {
			d.Description = desc
		}
		d.UpdatedAt = s.clock()
		return tx.UpdateDataset(ctx, &d)
	})
	return d, err
}

// DeleteDataset deletes a dataset and its items. Blobs in Loupe's own storage are deleted with
// it; a customer's objects stay in the customer's bucket, except those uploaded through Loupe.
func (s *Service) DeleteDataset(ctx context.Context, workspaceID, id loupe.ID) error {
	var d loupe.Dataset
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, d, _, err = datasetAuth(ctx, tx, workspaceID, id, access.DeleteDataset); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteDataset(ctx, workspaceID, id), AuditEvent{Action: "dataset.deleted", TargetType: "dataset",
			TargetID: id.String(), Detail: map[string]any{"name": d.Name, "items": d.ItemCount}})
	})
	if err != nil {
		return err
	}
	b, prefix, err := s.uploadTarget(ctx, d)
	if err == nil {
		err = deletePrefix(ctx, b, prefix)
	}
	if err != nil {
		// The dataset is gone; orphaned blobs are a storage cost, not a correctness problem.
		s.log.WarnContext(ctx, "dataset blobs not deleted", "dataset", id, "err", err)
	}
	return nil
}

func deletePrefix(ctx context.Context, b *blob.Bucket, prefix string) error {
	it := b.List(&gblob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := b.Delete(ctx, obj.Key); err != nil && !blob.IsNotFound(err) {
			return err
		}
	}
}

// DatasetGrants lists who may reach a dataset.
func (s *Service) DatasetGrants(ctx context.Context, workspaceID, id loupe.ID) ([]loupe.DatasetGrant, error) {
	var gs []loupe.DatasetGrant
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err = datasetAuth(ctx, tx, workspaceID, id, access.ReadDataset); err != nil {
			return err
		}
		gs, err = tx.DatasetGrants(ctx, workspaceID, id)
		return err
	})
	return gs, err
}

// GrantInput names who gets a role on a dataset: a user by email or id, or a group.
type GrantInput struct {
	Email   string
	UserID  *loupe.ID
	GroupID *loupe.ID
	Role    loupe.DatasetRole
}

// GrantDataset gives a user or a group a role on a dataset. A user from outside the workspace joins
// it as a collaborator, by the workforce rule.
func (s *Service) GrantDataset(ctx context.Context, workspaceID, id loupe.ID, in GrantInput) error {
	var v loupe.Validation
	if !in.Role.Valid() {
		v.Add("role", "must be one of viewer, editor, admin")
	}
	email := ""
	switch targets := btoi(in.Email != "") + btoi(in.UserID != nil) + btoi(in.GroupID != nil); {
	case targets != 1:
		v.Add("email", "name exactly one of email, user_id and group_id")
	case in.Email != "":
		email = normalizeEmail(&v, "email", in.Email)
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, _, _, err := datasetAuth(ctx, tx, workspaceID, id, access.ManageDatasetAccess); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		userID := in.UserID
		if email != "" {
			u, err := tx.UserByEmail(ctx, email)
			if loupe.IsCode(err, loupe.NotFound) {
				return &loupe.Error{Code: loupe.NotFound, Message: "email: no account has this address; invite them to the workspace first",
					Fields: []loupe.FieldError{{Field: "email", Message: "no account has this address; invite them first"}}}
			} else if err != nil {
				return err
			}
			if _, err := s.JoinAsCollaborator(ctx, tx, workspaceID, u.ID); err != nil {
				return err
			}
			userID = &u.ID
		}
		if in.GroupID != nil {
			if _, err := tx.Group(ctx, workspaceID, *in.GroupID); err != nil {
				return err
			}
		}
		return s.audited(ctx, tx, workspaceID, tx.GrantDataset(ctx, workspaceID, id, userID, in.GroupID, in.Role, s.clock()), AuditEvent{
			Action: "dataset.access_granted", TargetType: "dataset", TargetID: id.String(), Detail: map[string]any{"user_id": userID, "group_id": in.GroupID, "role": in.Role}})
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// RevokeDataset removes a user's or a group's grant on a dataset.
func (s *Service) RevokeDataset(ctx context.Context, workspaceID, id loupe.ID, userID, groupID *loupe.ID) error {
	if (userID == nil) == (groupID == nil) {
		return loupe.Errorf(loupe.Invalid, "name exactly one of user_id and group_id")
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, _, _, err := datasetAuth(ctx, tx, workspaceID, id, access.ManageDatasetAccess); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.RevokeDataset(ctx, workspaceID, id, userID, groupID), AuditEvent{
			Action: "dataset.access_revoked", TargetType: "dataset", TargetID: id.String(), Detail: map[string]any{"user_id": userID, "group_id": groupID}})
	})
}

// Items lists a dataset's items.
func (s *Service) Items(ctx context.Context, workspaceID, datasetID loupe.ID, f store.ItemFilter, p loupe.Page) ([]loupe.DataItem, *loupe.ID, error) {
	var is []loupe.DataItem
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.ReadDataset); err != nil {
			return err
		}
		is, next, err = tx.Items(ctx, workspaceID, datasetID, f, p)
		return err
	})
	return is, next, err
}

// Item returns one data item.
func (s *Service) Item(ctx context.Context, workspaceID, datasetID, id loupe.ID) (loupe.DataItem, error) {
	var it loupe.DataItem
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.ReadDataset); err != nil {
			return err
		}
		it, err = tx.Item(ctx, workspaceID, datasetID, id)
		return err
	})
	return it, err
}

// DeleteItem removes an item, and its blob when Loupe stored it.
func (s *Service) DeleteItem(ctx context.Context, workspaceID, datasetID, id loupe.ID) error {
	var d loupe.Dataset
	var it loupe.DataItem
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, d, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems); err != nil {
			return err
		}
		if it, err = tx.Item(ctx, workspaceID, datasetID, id); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteItem(ctx, workspaceID, datasetID, id), AuditEvent{Action: "item.deleted", TargetType: "item",
			TargetID: id.String(), Detail: map[string]any{"dataset_id": datasetID, "name": it.Name, "object_key": it.ObjectKey}})
	})
	if err != nil {
		return err
	}
	b, prefix, err := s.uploadTarget(ctx, d)
	if err == nil && strings.HasPrefix(it.ObjectKey, prefix) {
		err = b.Delete(ctx, it.ObjectKey)
	}
	if err != nil && !blob.IsNotFound(err) {
		s.log.WarnContext(ctx, "item blob not deleted", "item", id, "err", err)
	}
	return nil
}

// uploadTarget is where uploads to a dataset go: Loupe's own storage, or a prefix of Loupe's
// in the customer's bucket.
func (s *Service) uploadTarget(ctx context.Context, d loupe.Dataset) (*blob.Bucket, string, error) {
	if d.IntegrationID == nil {
		return s.managed, "workspaces/" + d.WorkspaceID.String() + "/datasets/" + d.ID.String() + "/", nil
	}
	var g loupe.Integration
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		g, err = tx.Integration(ctx, d.WorkspaceID, *d.IntegrationID)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	b, err := s.openIntegration(ctx, g)
	return b, "loupe-uploads/" + d.ID.String() + "/", err
}

// Upload is one file arriving for a dataset.
type Upload struct {
	Name     string
	Body     io.Reader
	Metadata json.RawMessage
}

const maxMetadataBytes = 64 << 10

// cleanFileName keeps the base name of an uploaded file, as the item's display name.
func cleanFileName(v *loupe.Validation, name string) string {
	n := path.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	switch {
	case n == "" || n == "." || n == "/":
		v.Add("file", "has no file name")
	case len(n) > 255:
		v.Add("file", "name must be at most 255 bytes")
	case !utf8.ValidString(n) || strings.ContainsFunc(n, func(r rune) bool { return r < ' ' || r == 0x7f }):
		v.Add("file", "name must be UTF-8 without control characters")
	}
	return n
}

// checkMetadata accepts a JSON object of at most 64 KiB, or nothing.
func checkMetadata(v *loupe.Validation, field string, m json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(m)) == 0 {
		return json.RawMessage("{}")
	}
	var obj map[string]any
	switch {
	case len(m) > maxMetadataBytes:
		v.Add(field, "must be at most 64 KiB")
	case json.Unmarshal(m, &obj) != nil || obj == nil:
		v.Add(field, "must be a JSON object")
	}
	return m
}

// errTooLarge is returned when an upload passes the size limit.
type errTooLarge struct{ limit int64 }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("the file is larger than the limit of %d bytes", e.limit)
}

// hashingCopy copies r to w, at most limit bytes, and returns how many it copied and their SHA-256.
// The hash runs on another goroutine, in step with the copy, so that hashing and sealing a large
// upload share the machine's cores instead of taking turns. The buffers are small enough that
// those in flight stay in the cores' caches while they are hashed and sealed: with four of 1 MiB,
// a 1 GiB upload took a fifth longer.
func hashingCopy(w io.Writer, r io.Reader, limit int64) (int64, []byte, error) {
	const bufs, size = 4, 256 << 10
	type chunk struct {
		i int
		n int
	}
	var pool [bufs][]byte
	free := make(chan int, bufs)
	for i := range pool {
		pool[i] = make([]byte, size)
		free <- i
	}
	work := make(chan chunk, bufs)
	sum := make(chan []byte, 1)
	h := sha256.New()
	go func() {
		for c := range work {
			h.Write(pool[c.i][:c.n])
			free <- c.i
		}
		sum <- h.Sum(nil)
	}()
	var total int64
	var err error
	for err == nil {
		i := <-free
		n, rerr := io.ReadFull(r, pool[i])
		if n > 0 {
			total += int64(n)
			if total > limit {
				free <- i
				err = errTooLarge{limit}
				break
			}
			work <- chunk{i, n}
			if _, werr := w.Write(pool[i][:n]); werr != nil {
				err = werr
				break
			}
		} else {
			free <- i
		}
		switch {
		case errors.Is(rerr, io.EOF), errors.Is(rerr, io.ErrUnexpectedEOF):
			close(work)
			return total, <-sum, nil
		case rerr != nil:
			err = rerr
		}
	}
	close(work)
	<-sum
	return total, nil, err
}

// AddItem stores an uploaded file in the dataset's storage — streamed, never held whole in memory,
// sealed at rest in Loupe's own storage — learns what it is, and registers it. A file Loupe does
// not take, or that fails on the way, leaves neither blob nor row behind.
func (s *Service) AddItem(ctx context.Context, workspaceID, datasetID loupe.ID, up Upload) (loupe.DataItem, error) {
	var d loupe.Dataset
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		_, d, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems)
		return err
	})
	if err != nil {
		return loupe.DataItem{}, err
	}
	var v loupe.Validation
	name := cleanFileName(&v, up.Name)
	meta := checkMetadata(&v, "metadata", up.Metadata)
	if err := v.Err(); err != nil {
		return loupe.DataItem{}, err
	}
	return s.storeItem(ctx, d, name, meta, up.Body)
}

// storeItem stores a file for a dataset, probes it, and registers it; see AddItem.
func (s *Service) storeItem(ctx context.Context, d loupe.Dataset, name string, meta json.RawMessage, body io.Reader) (loupe.DataItem, error) {
	workspaceID, datasetID := d.WorkspaceID, d.ID
	// The head decides whether Loupe takes the file at all, before a byte is stored.
	head := make([]byte, 512)
	n, err := io.ReadFull(body, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return loupe.DataItem{}, loupe.Wrap(err, "read upload")
	}
	if _, _, err := media.Sniff(head[:n]); err != nil {
		return loupe.DataItem{}, loupe.InvalidField("file", "%v", err)
	}

	b, prefix, err := s.uploadTarget(ctx, d)
	if err != nil {
		return loupe.DataItem{}, err
	}
	it := loupe.DataItem{ID: loupe.NewID(), WorkspaceID: workspaceID, DatasetID: datasetID, Name: name, Metadata: meta, CreatedAt: s.clock()}
	it.ObjectKey = prefix + it.ID.String()
	if d.IntegrationID != nil {
		it.ObjectKey += "/" + name
	}
	var dataKey []byte
	if d.IntegrationID == nil {
		dataKey = envelope.NewKey()
	}
	size, sum, err := writeBlob(ctx, b, it.ObjectKey, io.MultiReader(bytes.NewReader(head[:n]), body), dataKey, s.cfg.MaxUploadBytes)
	if err != nil {
		var tl errTooLarge
		if errors.As(err, &tl) {
			return it, loupe.InvalidField("file", "%v", tl)
		}
		return it, loupe.Wrap(err, "store upload")
	}
	it.Size, it.SHA256 = size, hex.EncodeToString(sum)

	// From here on a failure removes the stored blob.
	keep := false
	defer func() {
		if !keep {
			if err := b.Delete(context.WithoutCancel(ctx), it.ObjectKey); err != nil && !blob.IsNotFound(err) {
				s.log.WarnContext(ctx, "refused upload's blob not deleted", "key", it.ObjectKey, "err", err)
			}
		}
	}()
	var ra io.ReaderAt = blob.NewReaderAt(ctx, b, it.ObjectKey)
	if dataKey != nil {
		if ra, err = envelope.NewReader(ra, envelope.SealedSize(it.Size), dataKey); err != nil {
			return it, loupe.Wrap(err, "reopen sealed upload")
		}
		var v int
		var wsKey []byte
		if v, wsKey, err = s.keys.current(ctx, workspaceID); err != nil {
			return it, err
		}
		if it.WrappedKey, err = envelope.Wrap(wsKey, dataKey, it.ID[:]); err != nil {
			return it, loupe.Wrap(err, "wrap data key")
		}
		it.KeyVersion = v
	}
	info, err := media.Probe(ctx, ra, it.Size)
	if err != nil {
		if le := (*loupe.Error)(nil); errors.As(err, &le) && le.Code == loupe.Invalid {
			return it, loupe.InvalidField("file", "%s", le.Message)
		}
		return it, err
	}
	it.Type, it.MIME, it.Width, it.Height = info.Type, info.MIME, info.Width, info.Height
	it.DurationMS, it.FPS, it.FrameCount = info.DurationMS, info.FPS, info.FrameCount
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if _, _, _, err := datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems); err != nil {
			return err
		}
		added, err := tx.AddItem(ctx, &it)
		if err != nil || !added {
			return err
		}
		return s.tasksForNewItems(ctx, tx, workspaceID, datasetID, []loupe.DataItem{it})
	})
	keep = err == nil
	return it, err
}

// writeBlob streams r, at most limit bytes, into one object, sealing it when dataKey is set, and
// returns its size and SHA-256. A failed copy aborts the write, so no partial object is left.
func writeBlob(ctx context.Context, b *blob.Bucket, key string, r io.Reader, dataKey []byte, limit int64) (int64, []byte, error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := b.NewWriter(wctx, key, &gblob.WriterOptions{ContentType: "application/octet-stream", BufferSize: 4 << 20})
	if err != nil {
		return 0, nil, err
	}
	var dst io.Writer = w
	var sealer *envelope.Writer
	if dataKey != nil {
		if sealer, err = envelope.NewWriter(w, dataKey); err != nil {
			cancel()
			w.Close()
			return 0, nil, err
		}
		dst = sealer
	}
	n, sum, err := hashingCopy(dst, r, limit)
	if err == nil && sealer != nil {
		err = sealer.Close()
	}
	if err != nil {
		cancel() // gocloud discards a write whose context is cancelled before Close
		w.Close()
		return 0, nil, err
	}
	return n, sum, w.Close()
}

// ItemURL returns a short-lived URL from which a browser fetches an item's blob: signed by the
// customer's cloud for their buckets, by Loupe for its own storage.
func (s *Service) ItemURL(ctx context.Context, workspaceID, datasetID, id loupe.ID) (string, time.Time, error) {
	var d loupe.Dataset
	var it loupe.DataItem
	var ws loupe.Workspace
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, d, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.ReadDataset); err != nil {
			return err
		}
		if ws, err = tx.Workspace(ctx, workspaceID); err != nil {
			return err
		}
		it, err = tx.Item(ctx, workspaceID, datasetID, id)
		return err
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return s.signedItemURL(ctx, d, it, ws.SignedURLLifetime)
}

// signedItemURL is a short-lived URL to an item's file, for someone the policy let see the item.
func (s *Service) signedItemURL(ctx context.Context, d loupe.Dataset, it loupe.DataItem, lifetime time.Duration) (string, time.Time, error) {
	workspaceID, datasetID, id := d.WorkspaceID, d.ID, it.ID
	expires := s.clock().Add(lifetime)
	if !it.Sealed() {
		b, _, err := s.uploadTarget(ctx, d)
		if err != nil {
			return "", expires, err
		}
		u, err := b.SignedURL(ctx, it.ObjectKey, &gblob.SignedURLOptions{Expiry: lifetime})
		if err != nil {
			return "", expires, loupe.Wrap(err, "sign URL")
		}
		return u, expires, nil
	}
	key, err := s.keys.version(ctx, workspaceID, it.KeyVersion)
	if err != nil {
		return "", expires, err
	}
	tok := blob.URLToken{WorkspaceID: workspaceID, DatasetID: datasetID, ItemID: id, KeyVersion: it.KeyVersion, Expires: expires.Truncate(time.Second)}
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/api/v1/blobs/" + tok.Sign(key), expires, nil
}

// BlobContent is an item's plaintext, readable at any offset (for HTTP ranges).
type BlobContent struct {
	Item   loupe.DataItem
	Reader io.ReadSeeker
}

// OpenSignedBlob opens the item a Loupe-signed URL names. The signature is the authorization: it
// was issued only to someone the policy let see the item, and it expires.
func (s *Service) OpenSignedBlob(ctx context.Context, token string) (BlobContent, error) {
	claims, err := blob.ParseURLToken(token)
	if err != nil {
		return BlobContent{}, loupe.Errorf(loupe.Forbidden, "%v", err)
	}
	key, err := s.keys.version(ctx, claims.WorkspaceID, claims.KeyVersion)
	if err != nil {
		return BlobContent{}, loupe.Errorf(loupe.Forbidden, "%v", blob.ErrBadToken)
	}
	if _, err := blob.Verify(token, key, s.clock()); err != nil {
		return BlobContent{}, loupe.Errorf(loupe.Forbidden, "%v", err)
	}
	var it loupe.DataItem
	err = s.store.Read(ctx, func(tx *store.Tx) (err error) {
		it, err = tx.Item(ctx, claims.WorkspaceID, claims.DatasetID, claims.ItemID)
		return err
	})
	if err != nil {
		return BlobContent{}, err
	}
	if !it.Sealed() {
		return BlobContent{}, loupe.Errorf(loupe.NotFound, "data item not found")
	}
	wsKey, err := s.keys.version(ctx, it.WorkspaceID, it.KeyVersion)
	if err != nil {
		return BlobContent{}, err
	}
	dataKey, err := envelope.Unwrap(wsKey, it.WrappedKey, it.ID[:])
	if err != nil {
		return BlobContent{}, loupe.Wrap(err, "unwrap data key of %s", it.ID)
	}
	r, err := envelope.NewReader(blob.NewReaderAt(ctx, s.managed, it.ObjectKey), envelope.SealedSize(it.Size), dataKey)
	if err != nil {
		return BlobContent{}, loupe.Wrap(err, "open sealed blob %s", it.ID)
	}
	return BlobContent{Item: it, Reader: r}, nil
}

// SetItemMetadata replaces an item's metadata with a JSON object.
func (s *Service) SetItemMetadata(ctx context.Context, workspaceID, datasetID, id loupe.ID, meta json.RawMessage) (loupe.DataItem, error) {
	var v loupe.Validation
	if len(bytes.TrimSpace(meta)) == 0 {
		v.Add("metadata", "is required: send {} to clear it")
	}
	meta = checkMetadata(&v, "metadata", meta)
	var it loupe.DataItem
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.SetItemMetadata(ctx, workspaceID, datasetID, id, meta); err != nil {
			return err
		}
		it, err = tx.Item(ctx, workspaceID, datasetID, id)
		return err
	})
	return it, err
}
