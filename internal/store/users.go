package store

import (
	"context"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

const userColumns = `u.id, u.email, u.name, u.password_hash, u.created_at, u.updated_at`

func scanUser(s scanner) (u loupe.User, err error) {
	return u, s.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, utc{&u.CreatedAt}, utc{&u.UpdatedAt})
}

// CreateUser inserts u; an email already in use is a Conflict.
func (t *Tx) CreateUser(ctx context.Context, u *loupe.User) error {
	_, err := t.exec(ctx, `INSERT INTO users (id, email, name, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, u.ID, u.Email, u.Name, u.PasswordHash, u.CreatedAt, u.UpdatedAt)
	if isViolation(err, uniqueViolation) {
		return &loupe.Error{Code: loupe.Conflict, Message: "email: an account with this email already exists",
			Fields: []loupe.FieldError{{Field: "email", Message: "an account with this email already exists"}}}
	}
	return loupe.Wrap(err, "insert user")
}

// User returns the user with id.
func (t *Tx) User(ctx context.Context, id loupe.ID) (loupe.User, error) {
	u, err := scanUser(t.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	return one(u, err, "user not found")
}

// UserByEmail returns the user with a (normalized) email.
func (t *Tx) UserByEmail(ctx context.Context, email string) (loupe.User, error) {
	u, err := scanUser(t.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`, email))
	return one(u, err, "user not found")
}

// UpdateUser saves u's name and password hash.
func (t *Tx) UpdateUser(ctx context.Context, u *loupe.User) error {
	return loupe.Wrap(t.execOne(ctx, "user not found", `UPDATE users SET name = $2, password_hash = $3, updated_at = $4 WHERE id = $1`,
		u.ID, u.Name, u.PasswordHash, u.UpdatedAt), "update user")
}

// HasUsers reports whether any account exists.
func (t *Tx) HasUsers(ctx context.Context) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) x`).Scan(&n)
	return n > 0, loupe.Wrap(err, "count users")
}

// CompleteSetup records that the first admin exists and reports whether this call was the one that
// did: the arbiter between concurrent setup requests.
func (t *Tx) CompleteSetup(ctx context.Context, at time.Time) (first bool, err error) {
	res, err := t.exec(ctx, `INSERT INTO setup (id, completed_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, at)
	if err != nil {
		return false, loupe.Wrap(err, "record setup")
	}
	n, err := res.RowsAffected()
	return n == 1, loupe.Wrap(err, "rows affected")
}

// SetupDone reports whether setup has completed.
func (t *Tx) SetupDone(ctx context.Context) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM setup`).Scan(&n)
	return n > 0, loupe.Wrap(err, "read setup")
}
