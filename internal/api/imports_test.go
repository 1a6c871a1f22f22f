package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/loupehq/loupe/internal/blob/blobtest"
)

type importJSON struct {
	ID       string
	Status   string
	Seen     int64
	Added    int64
	Existing int64
	Failed   int64
	Error    string
	Errors   []struct {
		Line    int64
		Key     string
		Message string
	}
}

// s3Dataset makes a dataset on a fresh bucket of the test S3 server, confined to prefix "raw".
func s3Dataset(t *testing.T, e *env, admin *client, a string, srv *blobtest.S3Server) string {
	t.Helper()
	var g struct{ ID string }
	admin.must(201, "POST", "/api/v1/workspaces/"+a+"/storage-integrations", map[string]any{"name": "Bucket " + srv.Bucket, "kind": "s3",
		"config":      map[string]any{"bucket": srv.Bucket, "prefix": "raw", "endpoint": srv.Endpoint, "region": srv.Region, "path_style": true},
		"credentials": map[string]string{"access_key_id": srv.AccessKey, "secret_access_key": srv.SecretKey}}).json(t, &g)
	var d struct{ ID string }
	admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]any{"name": "From " + srv.Bucket, "integration_id": g.ID}).json(t, &d)
	return d.ID
}

func putObjects(t *testing.T, srv *blobtest.S3Server, keys []string) {
	t.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	errs := make(chan error, len(keys))
	for _, k := range keys {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			_, err := srv.Client().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String(k), Body: strings.NewReader("x")})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// waitImport polls an import until it ends; the job runs in the background.
func waitImport(t *testing.T, c *client, path string) importJSON {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var m importJSON
		c.must(200, "GET", path, nil).json(t, &m)
		if m.Status == "done" || m.Status == "failed" {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("import still %s after 2 minutes: %+v", m.Status, m)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestImports_PrefixAndManifest(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			srv := blobtest.S3(t)
			e := newEnv(t, dialect)
			admin, a := e.setup()
			datasetID := s3Dataset(t, e, admin, a, srv)
			base := "/api/v1/workspaces/" + a + "/datasets/" + datasetID
			// A project already uses the dataset: what the import registers becomes its tasks.
			var o, p struct{ ID string }
			admin.must(201, "POST", "/api/v1/workspaces/"+a+"/ontologies", map[string]any{"name": "O", "schema": json.RawMessage(matrixSchema)}).json(t, &o)
			admin.must(201, "POST", "/api/v1/workspaces/"+a+"/projects", map[string]any{"name": "P", "ontology_id": o.ID, "template_id": "annotate",
				"dataset_ids": []string{datasetID}}).json(t, &p)
			tasks := func() int64 {
				var v struct {
					TaskCount int64 `json:"task_count"`
				}
				admin.must(200, "GET", "/api/v1/workspaces/"+a+"/projects/"+p.ID, nil).json(t, &v)
				return v.TaskCount
			}
			var keys []string
			for i := range 25 {
				keys = append(keys, fmt.Sprintf("raw/cams/front/%03d.jpg", i))
			}
			keys = append(keys, "raw/cams/notes.txt", "raw/cams/clip.mp4", "raw/cams/blob.bin", "raw/cams/archive.zip", "raw/elsewhere/x.jpg")
			putObjects(t, srv, keys)

			var m importJSON
			admin.must(202, "POST", base+"/imports", map[string]string{"prefix": "cams"}).json(t, &m)
			m = waitImport(t, admin, base+"/imports/"+m.ID)
			if m.Status != "done" || m.Seen != 29 || m.Added != 27 || m.Failed != 2 || len(m.Errors) != 2 {
				t.Fatalf("prefix import: %+v", m)
			}
			var page struct {
				Items []struct {
					Name string
					Type string
					Size int64
				}
			}
			admin.must(200, "GET", base+"/items?type=video", nil).json(t, &page)
			if len(page.Items) != 1 || page.Items[0].Name != "clip.mp4" || page.Items[0].Size != 1 {
				t.Fatalf("videos: %+v", page.Items)
			}
			// The same prefix again adds nothing.
			admin.must(202, "POST", base+"/imports", map[string]string{"prefix": "cams/"}).json(t, &m)
			if m = waitImport(t, admin, base+"/imports/"+m.ID); m.Added != 0 || m.Existing != 27 {
				t.Fatalf("second run: %+v", m)
			}
			if n := tasks(); n != 27 {
				t.Fatalf("the project has %d tasks after two runs, want one per registered item (27)", n)
			}

			manifest := strings.Join([]string{
				`{"key": "cams/front/000.jpg", "metadata": {"camera": "front"}}`,
				`{"key": "cams/side/001.png", "metadata": {"camera": "side", "night": true}, "width": 640, "height": 480}`,
				`{"key": "cams/side/002.dat", "type": "image"}`,
				``,
				`{"key": "../secrets/passwd.jpg"}`,
				`{"key": "/etc/shadow.png"}`,
				`{"key": "cams/x.jpg", "colour": "red"}`,
				`not json at all`,
				`{"key": "cams/y.jpg", "metadata": [1]}`,
				`{"key": "cams/z.unknown"}`,
			}, "\n")
			var mm importJSON
			admin.must(202, "POST", base+"/imports/manifest", uploadField(t, "manifest", "items.jsonl", []byte(manifest))).json(t, &mm)
			mm = waitImport(t, admin, base+"/imports/"+mm.ID)
			if mm.Status != "done" || mm.Seen != 9 || mm.Added != 2 || mm.Existing != 1 || mm.Failed != 6 {
				t.Fatalf("manifest import: %+v", mm)
			}
			lines := map[int64]string{}
			for _, er := range mm.Errors {
				lines[er.Line] = er.Message
			}
			for line, says := range map[int64]string{5: "inside the bucket", 6: "inside the bucket", 7: "colour", 8: "not a JSON object", 9: "JSON object", 10: "type"} {
				if !strings.Contains(lines[line], says) {
					t.Errorf("line %d: %q does not say %q", line, lines[line], says)
				}
			}
			admin.must(200, "GET", base+"/items?metadata="+`%7B%22night%22%3Atrue%7D`, nil).json(t, &page)
			if len(page.Items) != 1 || page.Items[0].Name != "001.png" {
				t.Fatalf("manifest metadata: %+v", page.Items)
			}
			// Registering reads no byte, so an object missing from the bucket is found missing when fetched.
			var missing struct{ Items []struct{ ID string } }
			admin.must(200, "GET", base+"/items?metadata="+`%7B%22camera%22%3A%22side%22%7D`, nil).json(t, &missing)
			var link struct{ URL string }
			admin.must(200, "GET", base+"/items/"+missing.Items[0].ID+"/url", nil).json(t, &link)
			if res, err := http.Get(link.URL); err != nil || res.StatusCode != http.StatusNotFound {
				t.Fatalf("fetching a missing object: %v %v", res.StatusCode, err)
			}
			var list struct{ Items []importJSON }
			admin.must(200, "GET", base+"/imports", nil).json(t, &list)
			if len(list.Items) != 3 || list.Items[0].ID != mm.ID {
				t.Fatalf("imports list: %+v", list.Items)
			}
			// Bad requests.
			admin.must(422, "POST", base+"/imports", map[string]string{"prefix": "../up"}).problem(t)
			admin.must(422, "POST", base+"/imports/manifest", uploadField(t, "manifest", "empty.jsonl", nil)).problem(t)
			var own struct{ ID string }
			admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]string{"name": "Own"}).json(t, &own)
			admin.must(422, "POST", "/api/v1/workspaces/"+a+"/datasets/"+own.ID+"/imports", map[string]string{"prefix": ""}).problem(t)
		})
	}
}

// TestImports_TenThousandObjects registers a bucket listing of 10,000 objects.
func TestImports_TenThousandObjects(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("puts 10,000 objects")
	}
	srv := blobtest.S3(t)
	e := newEnv(t, "sqlite")
	admin, a := e.setup()
	base := "/api/v1/workspaces/" + a + "/datasets/" + s3Dataset(t, e, admin, a, srv)
	keys := make([]string, 10_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("raw/big/%05d.png", i)
	}
	putObjects(t, srv, keys)
	var m importJSON
	admin.must(202, "POST", base+"/imports", map[string]string{"prefix": "big"}).json(t, &m)
	if m = waitImport(t, admin, base+"/imports/"+m.ID); m.Status != "done" || m.Added != 10_000 || m.Seen != 10_000 {
		t.Fatalf("%+v", m)
	}
	var d struct {
		ItemCount int64 `json:"item_count"`
	}
	admin.must(200, "GET", base, nil).json(t, &d)
	if d.ItemCount != 10_000 {
		t.Fatalf("item count %d", d.ItemCount)
	}
}
