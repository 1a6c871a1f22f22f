// Package blob reaches the buckets where data items live: Loupe's own storage (local disk by
// default, where blobs are sealed at rest) and customers' S3-compatible, GCS and Azure buckets,
// which Loupe only reads and signs URLs for. It speaks gocloud.dev/blob.
package blob

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"cloud.google.com/go/storage"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"gocloud.dev/blob"
	"gocloud.dev/blob/azureblob"
	_ "gocloud.dev/blob/fileblob" // registers file:// for Loupe's own storage
	"gocloud.dev/blob/gcsblob"
	"gocloud.dev/blob/s3blob"
	"gocloud.dev/gcerrors"
	"gocloud.dev/gcp"
	"golang.org/x/oauth2/google"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"

	"github.com/loupehq/loupe/internal/loupe"
)

// Bucket is gocloud's portable bucket.
type Bucket = blob.Bucket

// OpenManaged opens Loupe's own storage from a gocloud URL: "file:///var/lib/loupe/blobs" by
// default, or "s3://…", "gs://…", "azblob://…" with the environment's credentials.
func OpenManaged(ctx context.Context, url string) (*Bucket, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open blob storage %s: %w", url, err)
	}
	return b, nil
}

// OpenIntegration opens a customer's bucket with its credentials (nil for the environment's),
// confined to the configured prefix.
func OpenIntegration(ctx context.Context, kind loupe.StorageKind, cfg loupe.BucketConfig, creds *loupe.BucketCredentials) (*Bucket, error) {
	var (
		b   *Bucket
		err error
	)
	switch kind {
	case loupe.StorageS3:
		b, err = openS3(ctx, cfg, creds)
	case loupe.StorageGCS:
		b, err = openGCS(ctx, cfg, creds)
	case loupe.StorageAzure:
		b, err = openAzure(ctx, cfg, creds)
	default:
		return nil, fmt.Errorf("unknown storage kind %q", kind)
	}
	if err != nil {
		return nil, err
	}
	if cfg.Prefix != "" {
		b = blob.PrefixedBucket(b, strings.TrimSuffix(cfg.Prefix, "/")+"/")
	}
	return b, nil
}

// S3Client returns the S3 client an integration uses.
func S3Client(ctx context.Context, cfg loupe.BucketConfig, creds *loupe.BucketCredentials) (*s3.Client, error) {
	region := cfg.Region
	if region == "" {
		region = "us-east-1"
	}
	loadOpts := []func(*awsconfig.LoadOptions) error{awsconfig.WithRegion(region)}
	if creds != nil && creds.AccessKeyID != "" {
		loadOpts = append(loadOpts, awsconfig.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken)))
	}
	ac, err := awsconfig.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("S3 configuration: %w", err)
	}
	return s3.NewFromConfig(ac, func(o *s3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
	}), nil
}

func openS3(ctx context.Context, cfg loupe.BucketConfig, creds *loupe.BucketCredentials) (*Bucket, error) {
	client, err := S3Client(ctx, cfg, creds)
	if err != nil {
		return nil, err
	}
	return s3blob.OpenBucket(ctx, client, cfg.Bucket, nil)
}

func openGCS(ctx context.Context, cfg loupe.BucketConfig, creds *loupe.BucketCredentials) (*Bucket, error) {
	var opts gcsblob.Options
	var gc *google.Credentials
	var err error
	if creds != nil && creds.ServiceAccountJSON != "" {
		gc, err = google.CredentialsFromJSON(ctx, []byte(creds.ServiceAccountJSON), storage.ScopeReadWrite)
		if err != nil {
			return nil, fmt.Errorf("GCS service account: %w", err)
		}
		var sa struct {
			ClientEmail string `json:"client_email"`
			PrivateKey  string `json:"private_key"`
		}
		if err := json.Unmarshal([]byte(creds.ServiceAccountJSON), &sa); err == nil {
			opts.GoogleAccessID, opts.PrivateKey = sa.ClientEmail, []byte(sa.PrivateKey)
		}
	} else if gc, err = gcp.DefaultCredentials(ctx); err != nil {
		return nil, fmt.Errorf("GCS credentials from the environment: %w", err)
	}
	client, err := gcp.NewHTTPClient(gcp.DefaultTransport(), gcp.CredentialsTokenSource(gc))
	if err != nil {
		return nil, err
	}
	return gcsblob.OpenBucket(ctx, client, cfg.Bucket, &opts)
}

func openAzure(ctx context.Context, cfg loupe.BucketConfig, creds *loupe.BucketCredentials) (*Bucket, error) {
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = "https://" + cfg.Account + ".blob.core.windows.net"
	}
	url := strings.TrimSuffix(endpoint, "/") + "/" + cfg.Bucket
	var client *container.Client
	var err error
	switch {
	case creds != nil && creds.AccountKey != "":
		var cred *azblob.SharedKeyCredential
		if cred, err = azblob.NewSharedKeyCredential(cfg.Account, creds.AccountKey); err == nil {
			client, err = container.NewClientWithSharedKeyCredential(url, cred, nil)
		}
	case creds != nil && creds.SASToken != "":
		client, err = container.NewClientWithNoCredential(url+"?"+strings.TrimPrefix(creds.SASToken, "?"), nil)
	default:
		client, err = azureblob.NewDefaultClient(azureblob.ServiceURL(endpoint), azureblob.ContainerName(cfg.Bucket))
	}
	if err != nil {
		return nil, fmt.Errorf("Azure client: %w", err)
	}
	return azureblob.OpenBucket(ctx, client, nil)
}

// Check proves that Loupe can list and read the bucket, and says exactly which failed and why.
func Check(ctx context.Context, b *Bucket) error {
	it := b.List(&blob.ListOptions{})
	obj, err := it.Next(ctx)
	switch {
	case errors.Is(err, io.EOF):
		return nil // an empty bucket lists fine; there is nothing to read
	case err != nil:
		return fmt.Errorf("list: %s", Describe(err))
	}
	for obj.IsDir {
		if obj, err = it.Next(ctx); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("list: %s", Describe(err))
		}
	}
	r, err := b.NewRangeReader(ctx, obj.Key, 0, 1, nil)
	if err != nil {
		return fmt.Errorf("read %s: %s", obj.Key, Describe(err))
	}
	defer r.Close()
	if _, err := io.Copy(io.Discard, r); err != nil {
		return fmt.Errorf("read %s: %s", obj.Key, Describe(err))
	}
	return nil
}

// Describe says what a storage error means to the person who configured the bucket.
func Describe(err error) string {
	// S3 names its refusals precisely; gocloud folds several of them into Unknown.
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "SignatureDoesNotMatch", "InvalidAccessKeyId", "XAdminUserNotFound":
			return "the credentials were refused: check the access key and secret (" + api.ErrorCode() + ")"
		case "AccessDenied":
			return "access denied: check the bucket's policy for this key (AccessDenied)"
		case "NoSuchBucket":
			return "no such bucket: check the bucket name, region and endpoint (NoSuchBucket)"
		}
	}
	switch gcerrors.Code(err) {
	case gcerrors.PermissionDenied:
		return "access denied: check the credentials and the bucket's policy (" + short(err) + ")"
	case gcerrors.NotFound:
		return "not found: check the bucket name, region and endpoint (" + short(err) + ")"
	}
	return short(err)
}

// short keeps the first line of a driver's error, which is the informative one.
func short(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// IsNotFound reports whether err says an object does not exist.
func IsNotFound(err error) bool { return gcerrors.Code(err) == gcerrors.NotFound }

// ReaderAt reads an object by ranges, which is how a sealed blob or a video is read: only the
// parts needed.
type ReaderAt struct {
	ctx    context.Context
	bucket *Bucket
	key    string
}

// NewReaderAt reads key of bucket.
func NewReaderAt(ctx context.Context, b *Bucket, key string) *ReaderAt {
	return &ReaderAt{ctx: ctx, bucket: b, key: key}
}

func (r *ReaderAt) ReadAt(p []byte, off int64) (int, error) {
	rr, err := r.bucket.NewRangeReader(r.ctx, r.key, off, int64(len(p)), nil)
	if err != nil {
		return 0, err
	}
	defer rr.Close()
	n, err := io.ReadFull(rr, p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.EOF
	}
	return n, err
}
