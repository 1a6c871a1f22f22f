// Package blobtest runs a real S3-compatible server, versitygw, for tests. Only tests import it.
//
// The server starts once per test process, on 127.0.0.1 with random root credentials and a POSIX
// backend in a temporary directory, and dies with the process. Each caller of S3 gets a bucket of
// its own, so tests may run in parallel against the one server.
package blobtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Version is the versitygw release the tests run; scripts/versitygw.sh builds the same one.
const Version = "v1.8.0"

const (
	region       = "us-east-1"
	healthPath   = "/health"
	startTimeout = 30 * time.Second
	dirPrefix    = "loupe-versitygw-"
)

// S3Server is the shared S3 server as one test sees it: where it is, how to sign in, and the
// test's own bucket.
type S3Server struct {
	Endpoint  string // http://127.0.0.1:PORT
	Region    string
	AccessKey string
	SecretKey string
	Bucket    string
}

// S3 returns the shared server, starting it on first use, with a fresh bucket for this test.
// Without a versitygw binary the test is skipped, or fails when CI=true.
func S3(tb testing.TB) *S3Server {
	tb.Helper()
	shared.once.Do(func() { shared.gw, shared.err = start() })
	switch {
	case errors.Is(shared.err, errNoBinary) && os.Getenv("CI") == "true":
		tb.Fatalf("blobtest: %v; CI must run scripts/versitygw.sh before the tests", shared.err)
	case errors.Is(shared.err, errNoBinary):
		tb.Skipf("blobtest: %v; `make test` builds it (scripts/versitygw.sh)", shared.err)
	case shared.err != nil:
		tb.Fatalf("blobtest: %v", shared.err)
	}
	s := &S3Server{
		Endpoint:  shared.gw.endpoint,
		Region:    region,
		AccessKey: shared.gw.accessKey,
		SecretKey: shared.gw.secretKey,
	}
	s.Bucket = s.NewBucket(tb)
	return s
}

// Client returns an S3 client for raw calls, signed with the server's root credentials.
func (s *S3Server) Client() *s3.Client {
	// s3.New rather than config.LoadDefaultConfig, so that no AWS_* variable or ~/.aws file of the
	// developer's can change where the tests sign in.
	return s3.New(s3.Options{
		Region:       s.Region,
		BaseEndpoint: aws.String(s.Endpoint),
		UsePathStyle: true, // bucket.127.0.0.1 does not resolve
		Credentials:  credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
		HTTPClient:   httpClient,
	})
}

// httpClient is shared by every Client, so that the many clients of a test run share one pool
// of connections instead of each leaving its idle ones open.
var httpClient = awshttp.NewBuildableClient()

// NewBucket creates another empty bucket and returns its name, which includes the test's name.
// Buckets are not deleted one by one: the whole server directory goes when the process does.
func (s *S3Server) NewBucket(tb testing.TB) string {
	tb.Helper()
	name := bucketName(tb.Name())
	if _, err := s.Client().CreateBucket(tb.Context(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		tb.Fatalf("blobtest: create bucket %s: %v", name, err)
	}
	return name
}

// bucketName turns a test name into a valid, unique bucket name: lowercase letters, digits and
// single hyphens, at most 63 characters, starting and ending with a letter or digit.
func bucketName(testName string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(testName) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	prefix := strings.TrimSuffix(b.String(), "-")
	if len(prefix) > 45 {
		prefix = strings.TrimSuffix(prefix[:45], "-")
	}
	suffix := randomHex(6)
	if prefix == "" {
		return "t-" + suffix
	}
	return prefix + "-" + suffix
}

var errNoBinary = errors.New("no versitygw " + Version + " binary: LOUPE_VERSITYGW is unset and none is in the cache or on PATH")

// shared is the one server of this process.
var shared struct {
	once sync.Once
	gw   *gateway
	err  error
}

type gateway struct {
	endpoint  string
	accessKey string
	secretKey string
}

// findBinary looks where scripts/versitygw.sh puts the binary, then on PATH.
func findBinary() (string, error) {
	if p := os.Getenv("LOUPE_VERSITYGW"); p != "" {
		if !isExecutable(p) {
			return "", fmt.Errorf("LOUPE_VERSITYGW=%s is not an executable file", p)
		}
		return p, nil
	}
	if p := cachedBinary(); p != "" && isExecutable(p) {
		return p, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	return "", errNoBinary
}

// cachedBinary is where scripts/versitygw.sh caches its build (not os.UserCacheDir, which differs
// from the script's XDG_CACHE_HOME rule on macOS).
func cachedBinary() string {
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "loupe", "versitygw-"+Version, "versitygw")
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// start launches versitygw and waits until it answers.
func start() (*gateway, error) {
	bin, err := findBinary()
	if err != nil {
		return nil, err
	}
	removeStaleDirs()
	// The pid in the name lets a later run tell this directory is no longer in use.
	dir, err := os.MkdirTemp("", dirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("versitygw directory: %w", err)
	}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		return nil, fmt.Errorf("versitygw directory: %w", err)
	}
	// Object metadata goes in xattrs, the backend's default and about twice as fast here as a
	// sidecar directory, where the filesystem has them (tmpfs before Linux 6.6 has no user xattrs).
	posixArgs := []string{data}
	if !userXattrs(data) {
		meta := filepath.Join(dir, "meta")
		if err := os.Mkdir(meta, 0o700); err != nil {
			return nil, fmt.Errorf("versitygw directory: %w", err)
		}
		posixArgs = []string{"--sidecar", meta, data}
	}
	gw := &gateway{accessKey: randomHex(10), secretKey: randomHex(20)}
	// Another process may take the free port between our probe and versitygw's bind: try again.
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		addr := "127.0.0.1:" + strconv.Itoa(port)
		gw.endpoint = "http://" + addr
		err = launch(bin, addr, gw, posixArgs)
		if err == nil {
			return gw, nil
		}
		if attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
			return nil, err
		}
	}
}

// launch starts one versitygw process on addr and waits for its health endpoint.
func launch(bin, addr string, gw *gateway, posixArgs []string) error {
	args := []string{
		"--port", addr,
		"--access", gw.accessKey,
		"--secret", gw.secretKey,
		"--region", region,
		"--health", healthPath,
		"--quiet",
		"posix",
	}
	cmd := exec.Command(bin, append(args, posixArgs...)...)
	// versitygw reads most flags from VGW_* and ROOT_* variables too: give it none of ours.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	cmd.SysProcAttr = dieWithParent()
	var stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr

	// Pdeathsig fires when the OS thread that started the child exits, not the process, and Go
	// may end a thread. So start and wait on one locked thread, which lives as long as the child.
	started, exited := make(chan error, 1), make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		exited <- cmd.Wait()
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("start %s: %w", bin, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("versitygw exited before answering (%v); its output:\n%s", err, stderr.String())
		case <-ctx.Done():
			_ = cmd.Process.Kill()
			return fmt.Errorf("versitygw did not answer on %s within %v; its output:\n%s", addr, startTimeout, stderr.String())
		case <-tick.C:
			if healthy(ctx, "http://"+addr+healthPath) {
				return nil
			}
		}
	}
}

func healthy(ctx context.Context, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// removeStaleDirs deletes the directories of earlier test processes that have exited: their
// servers died with them (Pdeathsig), and no hook runs at a test binary's exit to do it sooner.
func removeStaleDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPrefix+"*"))
	for _, d := range dirs {
		pid, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(d), dirPrefix), "-")
		n, err := strconv.Atoi(pid)
		if !ok || err != nil || n == os.Getpid() {
			continue
		}
		if !processAlive(n) {
			_ = os.RemoveAll(d)
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// lockedBuffer collects the server's output, written by exec's copying goroutine and read by us.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
