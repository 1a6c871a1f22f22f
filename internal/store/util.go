package store

import (
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

func fieldIndex(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// utc scans a timestamp as UTC, whatever zone the driver attached: SQLite's parser gives a fixed
// "+00:00" zone and PostgreSQL's the session's, and callers compare times with ==.
type utc struct{ p *time.Time }

func (u utc) Scan(src any) error {
	t, ok := src.(time.Time)
	if !ok {
		return fmt.Errorf("store: cannot scan %T into a time", src)
	}
	*u.p = t.UTC()
	return nil
}

// nullUTC scans a nullable timestamp into a pointer that stays nil for NULL.
type nullUTC struct{ p **time.Time }

func (u nullUTC) Scan(src any) error {
	if src == nil {
		*u.p = nil
		return nil
	}
	var t time.Time
	if err := (utc{&t}).Scan(src); err != nil {
		return err
	}
	*u.p = &t
	return nil
}

// grantee is the user or the group a grant row names, as a LEFT JOIN of both reads it.
type grantee struct{ uid, email, name, gid, group sql.NullString }

func (g grantee) resolve(workspaceID loupe.ID) (*loupe.User, *loupe.Group, error) {
	if g.uid.Valid {
		id, err := loupe.ParseID(g.uid.String)
		return &loupe.User{ID: id, Email: g.email.String, Name: g.name.String}, nil, err
	}
	id, err := loupe.ParseID(g.gid.String)
	return nil, &loupe.Group{ID: id, WorkspaceID: workspaceID, Name: g.group.String}, err
}
