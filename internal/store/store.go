// Package store holds all of Loupe's SQL. One code path serves SQLite and PostgreSQL; the few
// differences between them live in dialect.go.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/loupehq/loupe/internal/loupe"
)

//go:embed migrations
var migrations embed.FS

// Store is the database. Reads go through a pool of connections; on SQLite writes go through one
// connection of their own, so that writers queue in Go rather than fail on a busy database.
type Store struct {
	dialect dialect
	read    *sql.DB
	write   *sql.DB
}

// Open connects to the database named by dsn: "postgres://…" or "postgresql://…" for PostgreSQL,
// "sqlite://PATH", "file:PATH" or a bare path for SQLite. It does not migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(ctx, dsn)
	case dsn == "":
		return nil, errors.New("store: empty database URL")
	default:
		return openSQLite(ctx, dsn)
	}
}

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(max(8, 4*runtime.NumCPU()))
	db.SetMaxIdleConns(max(8, 4*runtime.NumCPU()))
	s := &Store{dialect: postgresDialect, read: db, write: db}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return s, nil
}

// SQLitePath returns the file a SQLite DSN names.
func SQLitePath(dsn string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

func openSQLite(ctx context.Context, dsn string) (*Store, error) {
	path := SQLitePath(dsn)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: create database directory: %w", err)
	}
	// busy_timeout comes first so that the pragmas after it wait instead of failing. FULL
	// synchronous makes a committed transaction survive a power cut, not only a process crash.
	params := url.Values{}
	params.Add("_pragma", "busy_timeout(10000)")
	params.Add("_pragma", "journal_mode(WAL)")
	params.Add("_pragma", "foreign_keys(1)")
	params.Add("_pragma", "synchronous(FULL)")
	params.Set("_time_format", "sqlite")
	base := "file:" + path + "?" + params.Encode()

	// Writers take the lock when they begin, so a transaction never fails to upgrade from reader to writer.
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	read.SetMaxIdleConns(max(4, runtime.NumCPU()))
	return &Store{dialect: sqliteDialect, read: read, write: write}, nil
}

// Close closes every connection.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// WriteDB is the pool that writes, for the job queue, which keeps its own tables beside the store's.
func (s *Store) WriteDB() *sql.DB { return s.write }

// SQL is the transaction itself, for the job queue to enqueue in the same transaction as a change.
func (t *Tx) SQL() *sql.Tx { return t.tx }

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return string(s.dialect) }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.write.PingContext(ctx) }

// Migrate brings the schema up to date and returns the versions it applied.
func (s *Store) Migrate(ctx context.Context) ([]int64, error) {
	p, err := s.migrator()
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// SchemaVersion returns the version the database is at and the newest version this binary knows.
func (s *Store) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := s.migrator()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	sources := p.ListSources()
	if len(sources) > 0 {
		latest = sources[len(sources)-1].Version
	}
	return current, latest, nil
}

func (s *Store) migrator() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return nil, err
	}
	d := goose.DialectSQLite3
	if s.dialect == postgresDialect {
		d = goose.DialectPostgres
	}
	p, err := goose.NewProvider(d, s.write, sub)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Tx is one transaction. Every query method of the store hangs off it, so that a use case composes
// several of them into one atomic change.
type Tx struct {
	tx *sql.Tx
	d  dialect
}

// Read runs fn in a read-only transaction.
func (s *Store) Read(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, s.read, &sql.TxOptions{ReadOnly: s.dialect == postgresDialect}, fn)
}

// Write runs fn in a read-write transaction, committed only when fn returns nil.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, s.write, nil, fn)
}

func (s *Store) run(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*Tx) error) error {
	sqlTx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return loupe.Wrap(err, "begin transaction")
	}
	defer sqlTx.Rollback()
	if err := fn(&Tx{tx: sqlTx, d: s.dialect}); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return loupe.Wrap(err, "commit")
	}
	return nil
}

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(query), args...)
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(query), args...)
}

func (t *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(query), args...)
}

// execOne runs a statement that must touch exactly one row; zero rows is NotFound with msg.
func (t *Tx) execOne(ctx context.Context, msg, query string, args ...any) error {
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return loupe.Wrap(err, "rows affected")
	}
	if n == 0 {
		return loupe.Errorf(loupe.NotFound, "%s", msg)
	}
	return nil
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// list runs a query and reads every row with scan.
func list[T any](ctx context.Context, t *Tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// one maps "no rows" to a NotFound error with msg.
func one[T any](v T, err error, msg string) (T, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return v, loupe.Errorf(loupe.NotFound, "%s", msg)
	}
	return v, err
}

// pageLimit returns a page's row limit, plus one so the caller learns whether more follow.
func pageLimit(p loupe.Page) int {
	l := p.Limit
	if l <= 0 {
		l = loupe.DefaultPageLimit
	}
	return min(l, loupe.MaxPageLimit) + 1
}

// trimPage cuts the extra row that pageLimit asked for and returns the cursor of the next page.
func trimPage[T any](items []T, p loupe.Page, id func(T) loupe.ID) ([]T, *loupe.ID) {
	limit := pageLimit(p) - 1
	if len(items) <= limit {
		return items, nil
	}
	items = items[:limit]
	next := id(items[limit-1])
	return items, &next
}
