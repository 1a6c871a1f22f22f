package blobtest_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"gocloud.dev/blob"
	"gocloud.dev/blob/s3blob"

	"github.com/loupehq/loupe/internal/blob/blobtest"
)

func TestS3_RawClient(t *testing.T) {
	t.Parallel()
	srv := blobtest.S3(t)
	client, ctx := srv.Client(), t.Context()

	body := []byte("hello, loupe")
	if _, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(srv.Bucket), Key: aws.String("dir/hello.txt"), Body: bytes.NewReader(body),
	}); err != nil {
		t.Fatalf("put: %v", err)
	}

	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String("dir/hello.txt")})
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("get = %q, %v; want %q", got, err, body)
	}

	list, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(srv.Bucket)})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(list.Contents) != 1 || aws.ToString(list.Contents[0].Key) != "dir/hello.txt" {
		t.Fatalf("list = %+v; want the one object dir/hello.txt", list.Contents)
	}
}

func TestS3_BucketsAreFreshAndSeparate(t *testing.T) {
	t.Parallel()
	srv := blobtest.S3(t)
	other := srv.NewBucket(t)
	if other == srv.Bucket {
		t.Fatalf("NewBucket returned the test's own bucket %q", other)
	}
	for _, b := range []string{srv.Bucket, other} {
		list, err := srv.Client().ListObjectsV2(t.Context(), &s3.ListObjectsV2Input{Bucket: aws.String(b)})
		if err != nil {
			t.Fatalf("list %s: %v", b, err)
		}
		if len(list.Contents) != 0 {
			t.Errorf("bucket %s holds %d objects; want a fresh, empty one", b, len(list.Contents))
		}
	}
}

func TestS3_BucketNamesAreValid(t *testing.T) {
	t.Parallel()
	// S3's rule: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a
	// letter or digit (versitygw checks it strictly).
	valid := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	for _, name := range []string{
		"Upper_Case/Sub Test#01",
		strings.Repeat("VeryLong", 20),
		"---",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := blobtest.S3(t)
			if !valid.MatchString(srv.Bucket) {
				t.Errorf("bucket name %q breaks S3's naming rule", srv.Bucket)
			}
		})
	}
}

// openBucket opens the test's bucket the way the storage layer will: gocloud.dev over the
// harness's client.
func openBucket(t *testing.T, srv *blobtest.S3Server) *blob.Bucket {
	t.Helper()
	b, err := s3blob.OpenBucket(t.Context(), srv.Client(), srv.Bucket, nil)
	if err != nil {
		t.Fatalf("open bucket: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestS3_GoCloudBucket(t *testing.T) {
	t.Parallel()
	srv := blobtest.S3(t)
	bucket := openBucket(t, srv)
	body := []byte("pixels")
	if err := bucket.WriteAll(t.Context(), "images/a b.png", body, &blob.WriterOptions{ContentType: "image/png"}); err != nil {
		t.Fatalf("write: %v", err)
	}
	got, err := bucket.ReadAll(t.Context(), "images/a b.png")
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("read = %q, %v; want %q", got, err, body)
	}
	attrs, err := bucket.Attributes(t.Context(), "images/a b.png")
	if err != nil {
		t.Fatalf("attributes: %v", err)
	}
	if attrs.ContentType != "image/png" || attrs.Size != int64(len(body)) {
		t.Errorf("attributes = %s, %d bytes; want image/png, %d bytes", attrs.ContentType, attrs.Size, len(body))
	}
}

func TestS3_SignedURL(t *testing.T) {
	t.Parallel()
	srv := blobtest.S3(t)
	bucket := openBucket(t, srv)
	body := []byte("signed bytes")
	if err := bucket.WriteAll(t.Context(), "signed/item.bin", body, nil); err != nil {
		t.Fatalf("write: %v", err)
	}

	tests := []struct {
		name       string
		expiry     time.Duration
		wait       time.Duration // before the fetch
		wantStatus int
	}{
		{name: "Fresh", expiry: time.Hour, wantStatus: http.StatusOK},
		// The signature carries its time to the second: two seconds are past any 1 s expiry.
		{name: "Expired", expiry: time.Second, wait: 2 * time.Second, wantStatus: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url, err := bucket.SignedURL(t.Context(), "signed/item.bin", &blob.SignedURLOptions{Expiry: tt.expiry})
			if err != nil {
				t.Fatalf("sign: %v", err)
			}
			time.Sleep(tt.wait)
			resp, err := http.Get(url)
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d (%s); want %d", resp.StatusCode, got, tt.wantStatus)
			}
			if tt.wantStatus == http.StatusOK && !bytes.Equal(got, body) {
				t.Errorf("body = %q; want %q", got, body)
			}
		})
	}
}

// A wrong secret key must fail loudly on either path. Note that gocloud.dev's gcerrors.Code maps
// SignatureDoesNotMatch to Unknown, not PermissionDenied: check the S3 error code itself.
func TestS3_WrongSecretKey(t *testing.T) {
	t.Parallel()
	srv := blobtest.S3(t)
	bad := *srv
	bad.SecretKey += "x"

	tests := []struct {
		name string
		list func(*testing.T) error
	}{
		{name: "RawClient", list: func(t *testing.T) error {
			_, err := bad.Client().ListObjectsV2(t.Context(), &s3.ListObjectsV2Input{Bucket: aws.String(bad.Bucket)})
			return err
		}},
		{name: "GoCloud", list: func(t *testing.T) error {
			_, err := openBucket(t, &bad).List(nil).Next(t.Context())
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.list(t)
			var apiErr smithy.APIError
			var respErr *awshttp.ResponseError
			if !errors.As(err, &apiErr) || !errors.As(err, &respErr) {
				t.Fatalf("list = %v; want an S3 error response", err)
			}
			if respErr.HTTPStatusCode() != http.StatusForbidden || apiErr.ErrorCode() != "SignatureDoesNotMatch" {
				t.Errorf("list = %d %s; want 403 SignatureDoesNotMatch", respErr.HTTPStatusCode(), apiErr.ErrorCode())
			}
		})
	}
}
