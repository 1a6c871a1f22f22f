package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // substrings of the error; none means valid
	}{
		{"defaults", nil, nil, nil},
		{"bad address", []string{"--addr", "8080"}, nil, []string{"--addr (LOUPE_ADDR)", "host:port"}},
		{"bad level from env", nil, map[string]string{"LOUPE_LOG_LEVEL": "loud"}, []string{"--log-level (LOUPE_LOG_LEVEL)", `"loud"`}},
		{"flag beats env", []string{"--log-level", "debug"}, map[string]string{"LOUPE_LOG_LEVEL": "loud"}, nil},
		{"unknown database", []string{"--database-url", "mysql://u:secret@h/db"}, nil, []string{"--database-url", "neither postgres"}},
		{"password not echoed", []string{"--database-url", "mysql://u:secret@h/db"}, nil, []string{"xxxxx"}},
		{"relative base url", []string{"--base-url", "/loupe"}, nil, []string{"--base-url (LOUPE_BASE_URL)", "absolute"}},
		{"zero duration", []string{"--session-idle-timeout", "0s"}, nil, []string{"--session-idle-timeout", "positive"}},
		{"unparsable duration in env", nil, map[string]string{"LOUPE_SESSION_LIFETIME": "a week"}, []string{"LOUPE_SESSION_LIFETIME", "a week"}},
		{"bad smtp", []string{"--smtp-url", "smtp://mail.test"}, nil, []string{"--smtp-url", "from="}},
		{"several at once", []string{"--addr", "x", "--log-format", "xml"}, nil, []string{"--addr", "--log-format"}},
		{"tls key without certificate", []string{"--tls-key", "k.pem"}, nil, []string{"--tls-cert (LOUPE_TLS_CERT)", "give both or neither"}},
		{"tls files missing", []string{"--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"}, nil, []string{"--tls-cert", "cannot use the certificate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var c config
			fs := newFlagSet("serve", &bytes.Buffer{})
			c.bindFlags(fs, true)
			err := c.parse(fs, tt.args)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if w == "xxxxx" {
					if strings.Contains(err.Error(), "secret") {
						t.Fatalf("error shows the password: %v", err)
					}
					continue
				}
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	var c config
	fs := newFlagSet("serve", &bytes.Buffer{})
	c.bindFlags(fs, true)
	if err := c.parse(fs, []string{"--data-dir", "/tmp/x", "--addr", ":9000"}); err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite:///tmp/x/loupe.db" || c.BaseURL != "http://localhost:9000" {
		t.Fatalf("derived defaults: %q %q", c.DatabaseURL, c.BaseURL)
	}
}

func TestRun_WorkspaceCreateAndMigrate(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			db := storetest.DSN(t, dialect)
			var out, errs bytes.Buffer
			// The data directory holds the master key the bootstrap creates: a temporary one keeps
			// the key out of the source tree.
			dataDir := t.TempDir()
			args := []string{"workspace", "create", "--data-dir", dataDir, "--database-url", db, "--log-level", "warn", "--name", "Acme", "--admin-email", "ada@acme.test", "--admin-name", "Ada"}
			if err := runWithInput(args, strings.NewReader("a long password\n"), &out, &errs); err != nil {
				t.Fatalf("%v\n%s", err, errs.String())
			}
			if !strings.Contains(out.String(), `created workspace "Acme"`) {
				t.Fatalf("output %q", out.String())
			}
			err := runWithInput([]string{"workspace", "create", "--data-dir", dataDir, "--database-url", db, "--name", "", "--admin-email", "x"}, strings.NewReader("pw\n"), &out, &errs)
			if err == nil || !strings.Contains(err.Error(), "workspace_name: is required") || !strings.Contains(err.Error(), "email: is not a valid") {
				t.Fatalf("bad input error: %v", err)
			}
			out.Reset()
			if err := runWithInput([]string{"migrate", "--data-dir", dataDir, "--database-url", db}, nil, &out, &errs); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "schema at version") {
				t.Fatalf("migrate said %q", out.String())
			}
		})
	}
}

// TestServe_GracefulShutdown runs the real binary: it migrates, serves, and on SIGTERM stops
// cleanly with status 0.
func TestServe_GracefulShutdown(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "loupe")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data-dir", t.TempDir())
	cmd.Env = append(os.Environ(), "LOUPE_LOG_FORMAT=json")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		select {
		case <-ctx.Done():
			cmd.Process.Kill()
			t.Fatal("server never became ready")
		case <-time.After(50 * time.Millisecond):
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	var log []string
	for l := range lines {
		log = append(log, l)
	}
	all := strings.Join(log, "\n")
	for _, want := range []string{`"msg":"migrated the database"`, `"msg":"serving"`, `"msg":"shutting down: finishing in-flight requests"`, `"msg":"stopped"`} {
		if !strings.Contains(all, want) {
			t.Errorf("log lacks %s:\n%s", want, all)
		}
	}
}

// TestRun_KeysRotate rotates workspace keys and then the master key, and shows that an uploaded
// file still opens through each step.
func TestRun_KeysRotate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "loupe.db")
	common := []string{"--database-url", db, "--data-dir", dir, "--log-level", "warn"}
	var out, errs bytes.Buffer
	if err := runWithInput(append([]string{"workspace", "create", "--name", "Acme", "--admin-email", "a@acme.test", "--admin-name", "A"}, common...),
		strings.NewReader("a long password\n"), &out, &errs); err != nil {
		t.Fatalf("%v: %s", err, errs.String())
	}
	text := strings.Repeat("keep me readable\n", 1000)
	open := uploadAndOpen(t, common, text)
	out.Reset()
	if err := runWithInput(append([]string{"keys", "rotate"}, common...), nil, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "rewrapped 1 data keys") {
		t.Fatalf("rotate said %q", out.String())
	}
	if got := open(common); got != text {
		t.Fatal("the file does not open after the workspace keys rotated")
	}
	newKey := filepath.Join(t.TempDir(), "new.key")
	out.Reset()
	if err := runWithInput(append([]string{"keys", "rotate", "--to-key-file", newKey}, common...), nil, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "rewrapped 2 workspace keys") {
		t.Fatalf("master rotation said %q", out.String())
	}
	if got := open(append(common, "--key-file", newKey)); got != text {
		t.Fatal("the file does not open under the new master key")
	}
}

// uploadAndOpen uploads text as the bootstrapped admin through a service configured by the flags,
// and returns a function that opens it again through a service configured by other flags.
func uploadAndOpen(t *testing.T, flags []string, text string) func([]string) string {
	t.Helper()
	ctx := context.Background()
	serviceFor := func(args []string) (*service.Service, *store.Store) {
		var c config
		fs := newFlagSet("test", io.Discard)
		c.bindFlags(fs, false)
		if err := c.parse(fs, args); err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.DiscardHandler)
		st, err := openStore(ctx, &c, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		c.BaseURL, c.SessionLifetime, c.SessionIdleTimeout, c.InvitationLifetime, c.MaxUploadBytes = "http://loupe.test", time.Hour, time.Hour, time.Hour, 1<<20
		svc, err := newService(ctx, st, &c, log, nil)
		if err != nil {
			t.Fatal(err)
		}
		return svc, st
	}
	svc, st := serviceFor(flags)
	var u loupe.User
	if err := st.Read(ctx, func(tx *store.Tx) (err error) { u, err = tx.UserByEmail(ctx, "a@acme.test"); return err }); err != nil {
		t.Fatal(err)
	}
	as := loupe.WithActor(ctx, &loupe.Actor{User: u})
	_, ms, err := svc.Me(as)
	if err != nil || len(ms) != 1 {
		t.Fatalf("memberships %v, %v", ms, err)
	}
	ws := ms[0].WorkspaceID
	d, err := svc.CreateDataset(as, ws, "D", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	it, err := svc.AddItem(as, ws, d.ID, service.Upload{Name: "t.txt", Body: strings.NewReader(text)})
	if err != nil {
		t.Fatal(err)
	}
	return func(args []string) string {
		svc, _ := serviceFor(args)
		link, _, err := svc.ItemURL(as, ws, d.ID, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.OpenSignedBlob(ctx, link[strings.LastIndex(link, "/")+1:])
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(c.Reader)
		return string(b)
	}
}

// TestRun_AuditVerify bootstraps a workspace (which writes its first audit entry), verifies the
// chain from the shell, edits the entry in the database behind Loupe's back, and verifies again.
func TestRun_AuditVerify(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			db := storetest.DSN(t, dialect)
			dataDir := t.TempDir()
			var out, errs bytes.Buffer
			args := []string{"workspace", "create", "--data-dir", dataDir, "--database-url", db, "--log-level", "warn", "--name", "Acme", "--admin-email", "ada@acme.test", "--admin-name", "Ada"}
			if err := runWithInput(args, strings.NewReader("a long password\n"), &out, &errs); err != nil {
				t.Fatalf("%v\n%s", err, errs.String())
			}
			verify := []string{"audit", "verify", "--data-dir", dataDir, "--database-url", db, "--log-level", "warn"}
			out.Reset()
			if err := run(verify, &out, &errs); err != nil || !strings.Contains(out.String(), "1 entries, intact") {
				t.Fatalf("intact chain: %v\n%s", err, out.String())
			}
			st, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.WriteDB().Exec(`UPDATE audit_entries SET actor_email = 'mallory@evil.test'`); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			err = run(verify, &out, &errs)
			if err == nil || !strings.Contains(out.String(), "BROKEN at entry 1: altered") {
				t.Fatalf("after tampering: %v\n%s", err, out.String())
			}
		})
	}
}

// selfSigned writes a certificate and key for 127.0.0.1 into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "loupe test"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// TestServe_TLS serves HTTPS itself: TLS 1.1 is refused, TLS 1.2 answers with HSTS, and session
// cookies are Secure.
func TestServe_TLS(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "loupe")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	certFile, keyFile := selfSigned(t, dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data-dir", filepath.Join(dir, "data"), "--tls-cert", certFile, "--tls-key", keyFile, "--log-level", "warn")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()

	pool := x509.NewCertPool()
	pemBytes, _ := os.ReadFile(certFile)
	pool.AppendCertsFromPEM(pemBytes)
	client := func(max uint16) *http.Client {
		return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS10, MaxVersion: max}}}
	}
	deadline := time.Now().Add(30 * time.Second)
	var res *http.Response
	for {
		res, err = client(tls.VersionTLS12).Get("https://" + addr + "/readyz")
		if err == nil && res.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never became ready over TLS 1.2: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	res.Body.Close()
	if h := res.Header.Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=") {
		t.Errorf("no HSTS over TLS: %q", h)
	}
	if _, err := client(tls.VersionTLS11).Get("https://" + addr + "/readyz"); err == nil {
		t.Error("a TLS 1.1 client was served")
	}
	res, err = client(tls.VersionTLS13).Post("https://"+addr+"/api/v1/setup", "application/json",
		strings.NewReader(`{"workspace_name":"Acme","name":"Ada","email":"ada@acme.test","password":"a long password"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cookies := res.Cookies()
	if res.StatusCode != 201 || len(cookies) == 0 || !cookies[0].Secure || !cookies[0].HttpOnly {
		t.Fatalf("setup over TLS: status %d, cookies %+v", res.StatusCode, cookies)
	}
}
