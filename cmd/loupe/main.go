// Command loupe is the Loupe server and its administration tool.
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/loupehq/loupe/internal/api"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/blob"
	"github.com/loupehq/loupe/internal/jobs"
	"github.com/loupehq/loupe/internal/keys"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/mail"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/webui"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `Loupe turns raw data into labels you can trust.

Usage:
  loupe serve              start the server (API and web UI); migrates the database first
  loupe migrate            bring the database schema up to date and exit
  loupe workspace create   create a workspace and its first admin
  loupe keys rotate        rewrap every data key under new workspace keys, or every workspace key
                           under a new master key (--to-master-key-url, --to-key-file)
  loupe audit verify       recompute every workspace's audit chain and name the first entry that
                           was altered or removed; exits non-zero when one was
  loupe openapi            print the API's OpenAPI document
  loupe version            print the version

Run "loupe COMMAND -h" for a command's flags. Every flag can also be set by its LOUPE_* environment
variable: --data-dir is LOUPE_DATA_DIR, --database-url is LOUPE_DATABASE_URL, and so on.
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "loupe:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	return runWithInput(args, os.Stdin, stdout, stderr)
}

func runWithInput(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(rest, stderr)
	case "migrate":
		return migrate(rest, stdout, stderr)
	case "workspace":
		if len(rest) == 0 || rest[0] != "create" {
			return errors.New(`usage: loupe workspace create --name NAME --admin-email EMAIL [--admin-name NAME]`)
		}
		return createWorkspace(rest[1:], stdin, stdout, stderr)
	case "keys":
		if len(rest) == 0 || rest[0] != "rotate" {
			return errors.New("usage: loupe keys rotate [--to-master-key-url URL | --to-key-file PATH]")
		}
		return rotateKeys(rest[1:], stdout, stderr)
	case "audit":
		if len(rest) == 0 || rest[0] != "verify" {
			return errors.New("usage: loupe audit verify")
		}
		return verifyAudit(rest[1:], stdout, stderr)
	case "openapi":
		return printOpenAPI(stdout)
	case "version":
		fmt.Fprintln(stdout, "loupe", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("loupe "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// openStore opens and migrates the configured database.
func openStore(ctx context.Context, c *config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, c.DatabaseURL)
	if err != nil {
		return nil, err
	}
	applied, err := st.Migrate(ctx)
	if err == nil {
		err = jobs.Migrate(ctx, st)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("migrated the database", "dialect", st.Dialect(), "versions", applied)
	}
	return st, nil
}

func migrate(args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("migrate", stderr)
	c.bindFlags(fs, false)
	if err := c.parse(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openStore(ctx, &c, c.logger())
	if err != nil {
		return err
	}
	defer st.Close()
	cur, latest, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s schema at version %d (latest %d)\n", st.Dialect(), cur, latest)
	return nil
}

// openStorage opens the master key and Loupe's own bucket.
func openStorage(ctx context.Context, c *config) (service.Deps, error) {
	master, err := keys.OpenMaster(ctx, c.MasterKeyURL, c.KeyFile)
	if err != nil {
		return service.Deps{}, err
	}
	managed, err := blob.OpenManaged(ctx, c.BlobURL)
	if err != nil {
		return service.Deps{}, err
	}
	return service.Deps{Master: master, Managed: managed}, nil
}

func newService(ctx context.Context, st *store.Store, c *config, log *slog.Logger, queue service.Queue) (*service.Service, error) {
	deps, err := openStorage(ctx, c)
	if err != nil {
		return nil, err
	}
	deps.Queue = queue
	var mailer service.Mailer
	if c.SMTPURL != "" {
		m, err := mail.ParseSMTPURL(c.SMTPURL)
		if err != nil {
			return nil, err
		}
		mailer = m
	}
	return service.New(st, service.Config{
		BaseURL:            c.BaseURL,
		SessionLifetime:    c.SessionLifetime,
		SessionIdleTimeout: c.SessionIdleTimeout,
		InvitationLifetime: c.InvitationLifetime,
		Argon2:             auth.DefaultArgon2,
		Throttle:           service.Throttle{Window: 15 * time.Minute, PerAccount: 5, PerAddress: 50},
		MaxUploadBytes:     c.MaxUploadBytes,
	}, deps, loupe.SystemClock, log, mailer)
}

func serve(args []string, stderr io.Writer) error {
	var c config
	fs := newFlagSet("serve", stderr)
	c.bindFlags(fs, true)
	if err := c.parse(fs, args); err != nil {
		return err
	}
	log := c.logger()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	st, err := openStore(ctx, &c, log)
	if err != nil {
		return err
	}
	defer st.Close()
	queue, err := jobs.New(st, log)
	if err != nil {
		return err
	}
	svc, err := newService(ctx, st, &c, log, queue)
	if err != nil {
		return err
	}
	// Jobs outlive the signal's context: on shutdown they get the same grace as requests.
	if err := queue.Start(context.WithoutCancel(ctx), svc); err != nil {
		return err
	}
	if !webui.Built() {
		log.Warn("this binary has no web app; build it with `make build`")
	}
	srv := api.New(svc, st, api.Config{
		SecureCookies:   strings.HasPrefix(c.BaseURL, "https://") || c.TLSCert != "",
		SessionLifetime: c.SessionLifetime,
		UI:              webui.Handler(),
	}, log, prometheus.NewRegistry())

	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go purgeStale(ctx, svc, log)
	if needed, err := svc.SetupNeeded(ctx); err == nil && needed {
		log.Info("no account exists yet: open the web app to set up Loupe", "url", c.BaseURL+"/setup")
	}
	log.Info("serving", "addr", ln.Addr().String(), "url", c.BaseURL, "database", st.Dialect(), "version", version)

	errc := make(chan error, 1)
	go func() {
		if c.TLSCert != "" {
			httpServer.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			errc <- httpServer.ServeTLS(ln, c.TLSCert, c.TLSKey)
			return
		}
		errc <- httpServer.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "timeout", c.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := queue.Stop(shutdownCtx); err != nil {
		return fmt.Errorf("stop jobs: %w", err)
	}
	log.Info("stopped")
	return nil
}

// purgeStale removes expired sessions and old sign-in failures every hour.
func purgeStale(ctx context.Context, svc *service.Service, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := svc.PurgeStale(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge stale sessions", "err", err)
		} else if n > 0 {
			log.Info("purged stale sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func createWorkspace(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("workspace create", stderr)
	c.bindFlags(fs, false)
	name := fs.String("name", "", "the workspace's name (required)")
	email := fs.String("admin-email", "", "the first admin's email (required); an existing account is reused")
	adminName := fs.String("admin-name", "", "the admin's display name, when the account is new")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: loupe workspace create --name NAME --admin-email EMAIL [--admin-name NAME]")
		fmt.Fprintln(stderr, "A new admin's password is read from LOUPE_ADMIN_PASSWORD or, when that is unset, from the first line of standard input.")
		fs.PrintDefaults()
	}
	if err := c.parse(fs, args); err != nil {
		return err
	}
	password := os.Getenv("LOUPE_ADMIN_PASSWORD")
	if password == "" {
		line, err := readLine(stdin)
		if err != nil {
			return fmt.Errorf("read the admin's password from standard input: %w", err)
		}
		password = line
	}
	ctx := context.Background()
	svc, closeStore, err := maintenanceService(ctx, &c)
	if err != nil {
		return err
	}
	defer closeStore()
	ws, u, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: *name, AdminName: *adminName, AdminEmail: *email, AdminPassword: password})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created workspace %q (%s) with admin %s (%s)\n", ws.Name, ws.ID, u.Email, u.ID)
	return nil
}

func rotateKeys(args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("keys rotate", stderr)
	c.bindFlags(fs, false)
	toURL := fs.String("to-master-key-url", "", "rewrap every workspace key under this KMS key instead of rotating workspace keys")
	toFile := fs.String("to-key-file", "", "rewrap every workspace key under the key in this file (created if missing)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	svc, closeStore, err := maintenanceService(ctx, &c)
	if err != nil {
		return err
	}
	defer closeStore()
	if *toURL == "" && *toFile == "" {
		r, err := svc.RotateWorkspaceKeys(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "rotated the keys of %d workspaces: rewrapped %d data keys and %d integrations' credentials; no blob was re-encrypted\n",
			r.Workspaces, r.Items, r.Integrations)
		return nil
	}
	next, err := keys.OpenMaster(ctx, *toURL, *toFile)
	if err != nil {
		return err
	}
	n, err := svc.RewrapMasterKey(ctx, next)
	if err != nil {
		return err
	}
	target := "--master-key-url " + *toURL
	if *toURL == "" {
		target = "--key-file " + *toFile
	}
	fmt.Fprintf(stdout, "rewrapped %d workspace keys under the new master key; from now on start Loupe with %s\n", n, target)
	return nil
}

func verifyAudit(args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("audit verify", stderr)
	c.bindFlags(fs, false)
	if err := c.parse(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	svc, closeStore, err := maintenanceService(ctx, &c)
	if err != nil {
		return err
	}
	defer closeStore()
	reports, err := svc.VerifyAllAudit(ctx)
	if err != nil {
		return err
	}
	broken := 0
	for _, r := range reports {
		name := "workspace " + r.WorkspaceID.String()
		if r.WorkspaceID == loupe.NoWorkspace {
			name = "entries of no workspace"
		}
		if r.Break != nil {
			broken++
			fmt.Fprintf(stdout, "%s: BROKEN at entry %d: %s\n", name, r.Break.Seq, r.Break.Reason)
			continue
		}
		fmt.Fprintf(stdout, "%s: %d entries, intact\n", name, r.Entries)
	}
	if broken > 0 {
		return fmt.Errorf("%d of %d audit chains are broken", broken, len(reports))
	}
	fmt.Fprintf(stdout, "all %d audit chains are intact\n", len(reports))
	return nil
}

// maintenanceService opens the store and the use cases for a command the operator runs from the
// shell, which serves nothing: the settings only serving needs get harmless values.
func maintenanceService(ctx context.Context, c *config) (*service.Service, func(), error) {
	log := c.logger()
	st, err := openStore(ctx, c, log)
	if err != nil {
		return nil, nil, err
	}
	c.BaseURL, c.SessionLifetime, c.SessionIdleTimeout, c.InvitationLifetime, c.MaxUploadBytes = "http://localhost", time.Hour, time.Hour, time.Hour, 1
	svc, err := newService(ctx, st, c, log, nil)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, func() { st.Close() }, nil
}

// describe turns a use case's error into a message for the shell, field by field.
func describe(err error) error {
	var le *loupe.Error
	if !errors.As(err, &le) || len(le.Fields) == 0 {
		return err
	}
	msgs := make([]string, 0, len(le.Fields))
	for _, f := range le.Fields {
		msgs = append(msgs, f.Field+": "+f.Message)
	}
	return errors.New(strings.Join(msgs, "; "))
}

func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// printOpenAPI writes the API's OpenAPI document.
func printOpenAPI(stdout io.Writer) error {
	doc, err := api.OpenAPIDocument()
	if err != nil {
		return err
	}
	_, err = stdout.Write(doc)
	return err
}
