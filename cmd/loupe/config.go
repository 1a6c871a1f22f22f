package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/mail"
)

// config is every setting of `loupe serve`. Each comes from a flag or, when the flag is not given,
// from its LOUPE_* environment variable, or else from a default fit for a laptop.
type config struct {
	Addr               string
	DataDir            string
	DatabaseURL        string
	BaseURL            string
	LogLevel           string
	LogFormat          string
	SessionLifetime    time.Duration
	SessionIdleTimeout time.Duration
	InvitationLifetime time.Duration
	ShutdownTimeout    time.Duration
	SMTPURL            string
	BlobURL            string
	MasterKeyURL       string
	KeyFile            string
	MaxUploadBytes     int64
	// TLSCert and TLSKey make serve speak HTTPS itself, TLS 1.2 at least; both or neither.
	TLSCert string
	TLSKey  string
}

// envName is the environment variable of a flag: data-dir → LOUPE_DATA_DIR.
func envName(flagName string) string {
	return "LOUPE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// bindFlags declares the database and log flags every subcommand shares, and, with server true,
// those of serve.
func (c *config) bindFlags(fs *flag.FlagSet, server bool) {
	fs.StringVar(&c.DataDir, "data-dir", "data", "directory for the SQLite database and local blobs")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "postgres://… for PostgreSQL; default: SQLite at DATA_DIR/loupe.db")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "text or json")
	fs.StringVar(&c.BlobURL, "blob-url", "", "Loupe's own blob storage: file:///path, s3://bucket, gs://bucket or azblob://container; default: DATA_DIR/blobs")
	fs.StringVar(&c.MasterKeyURL, "master-key-url", "", "the master key in a KMS: awskms://…, gcpkms://…, azurekeyvault://…; default: the key file")
	fs.StringVar(&c.KeyFile, "key-file", "", "the master key file, created with mode 0600 on first start; default: DATA_DIR/master.key")
	if !server {
		return
	}
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on, host:port")
	fs.StringVar(&c.BaseURL, "base-url", "", "URL where browsers reach Loupe, used in links; default: http://ADDR")
	fs.DurationVar(&c.SessionLifetime, "session-lifetime", 30*24*time.Hour, "longest a session lasts")
	fs.DurationVar(&c.SessionIdleTimeout, "session-idle-timeout", 7*24*time.Hour, "a session unused this long ends")
	fs.DurationVar(&c.InvitationLifetime, "invitation-lifetime", 7*24*time.Hour, "how long an invitation link works")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "how long in-flight requests get to finish on SIGTERM")
	fs.Int64Var(&c.MaxUploadBytes, "max-upload-bytes", 5<<30, "the largest file one upload may hold")
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "smtp://user:pass@host:port?from=addr to email invitations; default: links are only shown and logged")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "PEM certificate (chain) to serve HTTPS with, TLS 1.2 or newer; needs --tls-key")
	fs.StringVar(&c.TLSKey, "tls-key", "", "PEM private key of --tls-cert")
}

// parse reads the arguments, then fills every flag not given from the environment, then validates.
func (c *config) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %v", envName(f.Name), v, err))
			}
		}
	})
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return c.validate(fs.Lookup("addr") != nil)
}

// validate checks every value and names each bad one with the flag and variable that set it.
func (c *config) validate(server bool) error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("--%s (%s): %s", name, envName(name), fmt.Sprintf(format, args...)))
	}
	if c.DataDir == "" {
		bad("data-dir", "must not be empty")
	} else if abs, err := filepath.Abs(c.DataDir); err != nil {
		bad("data-dir", "%v", err)
	} else {
		c.DataDir = abs
	}
	switch {
	case c.DatabaseURL == "":
		c.DatabaseURL = "sqlite://" + filepath.Join(c.DataDir, "loupe.db")
	case strings.HasPrefix(c.DatabaseURL, "postgres://"), strings.HasPrefix(c.DatabaseURL, "postgresql://"):
		if _, err := url.Parse(c.DatabaseURL); err != nil {
			bad("database-url", "not a valid URL: %v", err)
		}
	case strings.HasPrefix(c.DatabaseURL, "sqlite://"):
		if strings.TrimPrefix(c.DatabaseURL, "sqlite://") == "" {
			bad("database-url", "sqlite:// needs a file path, such as sqlite:///var/lib/loupe/loupe.db")
		}
	default:
		bad("database-url", "%q is neither postgres://… nor sqlite://…", redact(c.DatabaseURL))
	}
	if c.BlobURL == "" {
		c.BlobURL = "file://" + filepath.ToSlash(filepath.Join(c.DataDir, "blobs")) + "?create_dir=1&no_tmp_dir=1&metadata=skip"
	} else if u, err := url.Parse(c.BlobURL); err != nil || u.Scheme == "" {
		bad("blob-url", "%q is not a URL such as file:///var/lib/loupe/blobs or s3://bucket", c.BlobURL)
	}
	if c.KeyFile == "" {
		c.KeyFile = filepath.Join(c.DataDir, "master.key")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		bad("log-level", "%q is not one of debug, info, warn, error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("log-format", "%q is not text or json", c.LogFormat)
	}
	if !server {
		return errors.Join(errs...)
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("addr", "%q is not host:port (such as 127.0.0.1:8080 or :8080)", c.Addr)
	}
	switch {
	case (c.TLSCert == "") != (c.TLSKey == ""):
		bad("tls-cert", "--tls-cert and --tls-key go together: give both or neither")
	case c.TLSCert != "":
		if _, err := tls.LoadX509KeyPair(c.TLSCert, c.TLSKey); err != nil {
			bad("tls-cert", "cannot use the certificate and key: %v", err)
		}
	}
	if c.BaseURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		scheme := "http://"
		if c.TLSCert != "" {
			scheme = "https://"
		}
		c.BaseURL = scheme + host
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("base-url", "%q is not an absolute http(s) URL", c.BaseURL)
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"session-lifetime", c.SessionLifetime}, {"session-idle-timeout", c.SessionIdleTimeout},
		{"invitation-lifetime", c.InvitationLifetime}, {"shutdown-timeout", c.ShutdownTimeout},
	} {
		if d.v <= 0 {
			bad(d.name, "must be a positive duration such as 24h")
		}
	}
	if c.MaxUploadBytes <= 0 {
		bad("max-upload-bytes", "must be positive")
	}
	if c.SMTPURL != "" {
		if _, err := mail.ParseSMTPURL(c.SMTPURL); err != nil {
			bad("smtp-url", "%v", err)
		}
	}
	return errors.Join(errs...)
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		return u.Redacted()
	}
	return "(unparseable)"
}

func (c *config) logger() *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
