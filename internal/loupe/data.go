package loupe

import (
	"encoding/json"
	"time"
)

// StorageKind names where a storage integration's bucket lives.
type StorageKind string

const (
	StorageS3    StorageKind = "s3"
	StorageGCS   StorageKind = "gcs"
	StorageAzure StorageKind = "azure"
)

func (k StorageKind) Valid() bool { return k == StorageS3 || k == StorageGCS || k == StorageAzure }

// Integration is a customer's own bucket that datasets read from. Loupe never copies its objects:
// browsers fetch them through short-lived signed URLs.
type Integration struct {
	ID          ID
	WorkspaceID ID
	Name        string
	Kind        StorageKind
	Config      BucketConfig
	// Credentials are sealed under the workspace key; nil means the environment's own credentials.
	Credentials []byte
	KeyVersion  int
	CreatedBy   ID
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// BucketConfig is what locates a bucket; nothing in it is secret.
type BucketConfig struct {
	Bucket string `json:"bucket"`
	// Prefix confines the integration to keys under it.
	Prefix string `json:"prefix,omitempty"`
	// Region, Endpoint and PathStyle are S3's: an endpoint other than AWS's (MinIO, Ceph, …) usually
	// needs path-style addressing.
	Region    string `json:"region,omitempty"`
	Endpoint  string `json:"endpoint,omitempty"`
	PathStyle bool   `json:"path_style,omitempty"`
	// Account is Azure's storage account.
	Account string `json:"account,omitempty"`
}

// BucketCredentials are an integration's secrets, only ever held in memory unsealed.
type BucketCredentials struct {
	AccessKeyID        string `json:"access_key_id,omitempty"`
	SecretAccessKey    string `json:"secret_access_key,omitempty"`
	SessionToken       string `json:"session_token,omitempty"`
	ServiceAccountJSON string `json:"service_account_json,omitempty"`
	AccountKey         string `json:"account_key,omitempty"`
	SASToken           string `json:"sas_token,omitempty"`
}

// Dataset is a collection of data items in one storage location, with its own access list.
type Dataset struct {
	ID          ID
	WorkspaceID ID
	Name        string
	Description string
	// IntegrationID is nil for Loupe's own storage, where blobs are sealed at rest.
	IntegrationID *ID
	CreatedBy     ID
	ItemCount     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// DatasetRole is what a grant on a dataset allows: viewers see, editors add and change items,
// admins also manage access and delete.
type DatasetRole string

const (
	DatasetViewer DatasetRole = "viewer"
	DatasetEditor DatasetRole = "editor"
	DatasetAdmin  DatasetRole = "admin"
)

func (r DatasetRole) Valid() bool { return r.rank() > 0 }

func (r DatasetRole) rank() int {
	switch r {
	case DatasetViewer:
		return 1
	case DatasetEditor:
		return 2
	case DatasetAdmin:
		return 3
	}
	return 0
}

// AtLeast reports whether r allows everything min does.
func (r DatasetRole) AtLeast(min DatasetRole) bool { return r.rank() >= min.rank() && r.rank() > 0 }

// Higher returns the stronger of two roles.
func (r DatasetRole) Higher(o DatasetRole) DatasetRole {
	if o.rank() > r.rank() {
		return o
	}
	return r
}

// DatasetGrant gives a user or a group a role on a dataset.
type DatasetGrant struct {
	DatasetID ID
	// Exactly one of User and Group is set.
	User      *User
	Group     *Group
	Role      DatasetRole
	CreatedAt time.Time
}

// ItemType is the kind of data an item holds, which decides how it is labeled.
type ItemType string

const (
	ItemImage    ItemType = "image"
	ItemVideo    ItemType = "video"
	ItemAudio    ItemType = "audio"
	ItemText     ItemType = "text"
	ItemDocument ItemType = "document"
)

// DataItem is one file of a dataset and what Loupe learned of it when it was registered.
type DataItem struct {
	ID          ID
	WorkspaceID ID
	DatasetID   ID
	// ObjectKey locates the blob in the dataset's bucket.
	ObjectKey string
	Name      string
	Type      ItemType
	MIME      string
	Size      int64
	SHA256    string
	// Width and Height are set for images and videos; the rest for video and audio when ffprobe
	// could read them.
	Width      *int
	Height     *int
	DurationMS *int64
	FPS        *float64
	FrameCount *int64
	// Metadata is the customer's own JSON object, filterable.
	Metadata json.RawMessage
	// WrappedKey is the blob's data key, sealed under the workspace key of KeyVersion; nil for
	// blobs read as they are from a customer's bucket.
	WrappedKey []byte
	KeyVersion int
	CreatedAt  time.Time
}

// Sealed reports whether the item's blob is encrypted at rest by Loupe.
func (d DataItem) Sealed() bool { return d.WrappedKey != nil }

// ImportSource says where an import finds the objects it registers.
type ImportSource string

const (
	ImportPrefix   ImportSource = "prefix"
	ImportManifest ImportSource = "manifest"
)

// ImportStatus is where an import is in its life.
type ImportStatus string

const (
	ImportQueued  ImportStatus = "queued"
	ImportRunning ImportStatus = "running"
	ImportDone    ImportStatus = "done"
	ImportFailed  ImportStatus = "failed"
)

// Import registers objects that already sit in a customer's bucket as items of a dataset, without
// copying a byte. Its counts are its progress.
type Import struct {
	ID          ID
	WorkspaceID ID
	DatasetID   ID
	Source      ImportSource
	Prefix      string
	// ManifestKey locates the uploaded manifest in Loupe's own storage, sealed under a key derived
	// from the workspace key of KeyVersion.
	ManifestKey string
	KeyVersion  int
	Status      ImportStatus
	Seen        int64
	Added       int64
	Existing    int64
	Failed      int64
	Errors      []ImportError
	Error       string
	CreatedBy   ID
	CreatedAt   time.Time
	FinishedAt  *time.Time
}

// ImportError is why one object or manifest line was not registered.
type ImportError struct {
	Line    int64  `json:"line,omitempty"`
	Key     string `json:"key,omitempty"`
	Message string `json:"message"`
}

// MaxImportErrors bounds the row errors an import keeps; the count goes on.
const MaxImportErrors = 100

// Upload is a resumable upload in progress: a file sent in parts, in order, which becomes an item
// when complete.
type Upload struct {
	ID          ID
	WorkspaceID ID
	DatasetID   ID
	Name        string
	Size        int64
	Received    int64
	Parts       int
	Metadata    json.RawMessage
	KeyVersion  int
	CreatedBy   ID
	CreatedAt   time.Time
	ExpiresAt   time.Time
}
