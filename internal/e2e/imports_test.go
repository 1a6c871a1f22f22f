package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/chromedp/chromedp"

	"github.com/loupehq/loupe/internal/blob/blobtest"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

// TestBrowser_RegisterFromBucket registers the objects under a prefix of a real S3 bucket from the
// dataset page, watches the import finish, and sees the items appear.
func TestBrowser_RegisterFromBucket(t *testing.T) {
	srv := blobtest.S3(t)
	a := startApp(t)
	ctx := context.Background()
	ws, admin, err := a.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme Vision", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
	g, err := a.svc.CreateIntegration(as, ws.ID, service.IntegrationInput{Name: "Fleet bucket", Kind: loupe.StorageS3,
		Config:      loupe.BucketConfig{Bucket: srv.Bucket, Endpoint: srv.Endpoint, Region: srv.Region, PathStyle: true},
		Credentials: &loupe.BucketCredentials{AccessKeyID: srv.AccessKey, SecretAccessKey: srv.SecretKey}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.svc.CreateDataset(as, ws.ID, "Fleet frames", "", &g.ID)
	if err != nil {
		t.Fatal(err)
	}
	var frame bytes.Buffer
	png.Encode(&frame, image.NewGray(image.Rect(0, 0, 16, 12)))
	for i := range 12 {
		key := fmt.Sprintf("frames/%02d.png", i)
		if _, err := srv.Client().PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String(key), Body: bytes.NewReader(frame.Bytes())}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.Client().PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(srv.Bucket), Key: aws.String("frames/readme.bin"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}

	b := browser(t)
	signIn(t, b, a.url, "ada@acme.test", "correct horse battery")
	run(t, b, "register the objects under a prefix",
		chromedp.Navigate(a.url+"/w/"+ws.ID.String()+"/datasets/"+d.ID.String()),
		heading("Fleet frames"),
		fill(`input[name="prefix"]`, "frames"),
		chromedp.Click(button("Register objects")),
		chromedp.WaitVisible(`[data-testid="import-row"][data-status="done"]`),
		chromedp.WaitVisible(`figure[data-testid="item-card"][data-name="00.png"]`),
	)
	row, err := chromedp.Run(b, chromedp.Text(`[data-testid="import-row"]`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "12") || !strings.Contains(row, "1") {
		t.Fatalf("the import row shows %q", row)
	}
	count := chromedp.Evaluate[int](`document.querySelectorAll('figure[data-testid="item-card"]').length`)
	waitFor(t, func() bool { n, err := chromedp.Run(b, count); return err == nil && n == 12 }, "12 item cards")
}
