package store

import (
	"fmt"
	"strconv"
	"time"
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
