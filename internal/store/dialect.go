package store

import (
	"errors"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is the one place where SQLite and PostgreSQL differ. Queries are written once, with
// PostgreSQL's $N placeholders; SQLite gets them as ?N, which it numbers the same way.
type dialect string

const (
	sqliteDialect   dialect = "sqlite"
	postgresDialect dialect = "postgres"
)

var rebound sync.Map // query text → SQLite form

func (d dialect) rebind(q string) string {
	if d == postgresDialect {
		return q
	}
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	r := strings.ReplaceAll(q, "$", "?")
	rebound.Store(q, r)
	return r
}

// forUpdate is the row-locking suffix of a SELECT. SQLite needs none: a write transaction holds
// the whole database from its first statement.
func (d dialect) forUpdate() string {
	if d == postgresDialect {
		return " FOR UPDATE"
	}
	return ""
}

// forShare is the suffix of a SELECT that locks rows against change but not against other
// sharers. SQLite needs none, as for forUpdate.
func (d dialect) forShare() string {
	if d == postgresDialect {
		return " FOR SHARE"
	}
	return ""
}

// skipLocked is the suffix of a SELECT that locks the rows it returns and passes over rows other
// transactions hold, so that concurrent claimers each get a different task. SQLite needs none: its
// one writer at a time makes the claim exact by itself.
func (d dialect) skipLocked() string {
	if d == postgresDialect {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// constraint is the kind of integrity rule a statement broke, the same for both databases.
type constraint int

const (
	noConstraint constraint = iota
	uniqueViolation
	foreignKeyViolation
	checkViolation
)

// violated tells which integrity rule err reports, and the rule's name where the database says
// it: PostgreSQL names the constraint, SQLite the columns ("users.email") or the CHECK's name.
func violated(err error) (constraint, string) {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return uniqueViolation, pg.ConstraintName
		case "23503":
			return foreignKeyViolation, pg.ConstraintName
		case "23514":
			return checkViolation, pg.ConstraintName
		}
		return noConstraint, ""
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		detail := se.Error()
		if i := strings.LastIndex(detail, "failed: "); i >= 0 {
			detail = strings.TrimSuffix(detail[i+len("failed: "):], ")")
		}
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return uniqueViolation, detail
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return foreignKeyViolation, detail
		case sqlite3.SQLITE_CONSTRAINT_CHECK:
			return checkViolation, detail
		}
	}
	return noConstraint, ""
}

// isViolation reports whether err broke a rule of kind c.
func isViolation(err error, c constraint) bool {
	got, _ := violated(err)
	return got == c
}

// jsonParam is the SQL that turns a parameter holding JSON text into a value comparable with
// `column -> 'key'`, which both databases read as JSON.
func (d dialect) jsonParam(placeholder string) string {
	if d == postgresDialect {
		return placeholder + "::jsonb"
	}
	return "json(" + placeholder + ")"
}
