package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/loupehq/loupe/internal/blob/blobtest"
)

// TestIntegrations_S3 runs a dataset on a customer's bucket in a real S3 server: the connection
// check, uploads stored as plain objects under Loupe's prefix, and the cloud's own signed URLs.
func TestIntegrations_S3(t *testing.T) {
	t.Parallel()
	srv := blobtest.S3(t)
	e := newEnv(t, "sqlite")
	admin, a := e.setup()
	base := "/api/v1/workspaces/" + a + "/storage-integrations"
	integration := func(name, secret, bucket string) string {
		var g struct{ ID string }
		admin.must(201, "POST", base, map[string]any{"name": name, "kind": "s3",
			"config":      map[string]any{"bucket": bucket, "prefix": "raw", "endpoint": srv.Endpoint, "region": srv.Region, "path_style": true},
			"credentials": map[string]string{"access_key_id": srv.AccessKey, "secret_access_key": secret}}).json(t, &g)
		return g.ID
	}
	check := func(id string) string {
		var c struct {
			OK      bool
			Problem string
		}
		admin.must(200, "POST", base+"/"+id+"/check", nil).json(t, &c)
		if c.OK != (c.Problem == "") {
			t.Fatalf("check %+v", c)
		}
		return c.Problem
	}
	good := integration("Customer bucket", srv.SecretKey, srv.Bucket)
	if p := check(good); p != "" {
		t.Fatalf("a good bucket fails its check: %s", p)
	}
	if p := check(integration("Wrong secret", "not-the-secret", srv.Bucket)); !strings.Contains(p, "credentials were refused") {
		t.Fatalf("wrong secret: %q", p)
	}
	if p := check(integration("No such bucket", srv.SecretKey, "no-such-bucket-here")); !strings.Contains(p, "bucket") {
		t.Fatalf("missing bucket: %q", p)
	}

	// An object already in the bucket lists and reads through the check.
	ctx := context.Background()
	if _, err := srv.Client().PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String("raw/existing.txt"), Body: strings.NewReader("hello")}); err != nil {
		t.Fatal(err)
	}
	if p := check(good); p != "" {
		t.Fatalf("check with an object: %s", p)
	}

	var d struct{ ID string }
	admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]any{"name": "In S3", "integration_id": good}).json(t, &d)
	items := "/api/v1/workspaces/" + a + "/datasets/" + d.ID + "/items"
	data := pngBytes(t, 33, 22)
	var it itemJSON
	admin.must(201, "POST", items, upload(t, "cat.png", data, `{"source": "s3"}`)).json(t, &it)
	if it.Encrypted || *it.Width != 33 {
		t.Fatalf("item %+v", it)
	}
	// Customer buckets hold plain objects, under Loupe's prefix inside the integration's.
	obj, err := srv.Client().GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String("raw/loupe-uploads/" + d.ID + "/" + it.ID + "/cat.png")})
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := io.ReadAll(obj.Body)
	if !bytes.Equal(stored, data) {
		t.Fatal("the object in the bucket is not the uploaded file")
	}
	var link struct{ URL string }
	admin.must(200, "GET", items+"/"+it.ID+"/url", nil).json(t, &link)
	if !strings.HasPrefix(link.URL, srv.Endpoint+"/"+srv.Bucket+"/raw/loupe-uploads/") || !strings.Contains(link.URL, "X-Amz-Signature=") {
		t.Fatalf("not an S3 presigned URL: %s", link.URL)
	}
	res, err := http.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(got, data) {
		t.Fatalf("the presigned URL answered %d with %d bytes", res.StatusCode, len(got))
	}
	tampered := strings.Replace(link.URL, "X-Amz-Signature=", "X-Amz-Signature=0", 1)
	if res, err := http.Get(tampered); err != nil || res.StatusCode != 403 {
		t.Fatalf("a tampered presigned URL: %v %v", res.StatusCode, err)
	}
	// Deleting the item removes the object Loupe uploaded; objects it did not upload stay.
	admin.must(204, "DELETE", items+"/"+it.ID, nil)
	if _, err := srv.Client().HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String("raw/loupe-uploads/" + d.ID + "/" + it.ID + "/cat.png")}); err == nil {
		t.Fatal("the uploaded object survived its item")
	}
	admin.must(204, "DELETE", "/api/v1/workspaces/"+a+"/datasets/"+d.ID, nil)
	if _, err := srv.Client().HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String("raw/existing.txt")}); err != nil {
		t.Fatalf("deleting the dataset touched the customer's own object: %v", err)
	}
}
