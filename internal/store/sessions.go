package store

import (
	"context"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

const sessionColumns = `s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent`

func scanSession(s scanner, extra ...any) (v loupe.Session, err error) {
	return v, s.Scan(append([]any{&v.ID, &v.UserID, utc{&v.CreatedAt}, utc{&v.LastSeenAt}, utc{&v.ExpiresAt}, &v.IP, &v.UserAgent}, extra...)...)
}

// CreateSession inserts s with the hash of its token.
func (t *Tx) CreateSession(ctx context.Context, s *loupe.Session, tokenHash string) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, s.ID, s.UserID, tokenHash, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.IP, s.UserAgent)
	return loupe.Wrap(err, "insert session")
}

// SessionByTokenHash returns the session a cookie's token opens, with its user.
func (t *Tx) SessionByTokenHash(ctx context.Context, tokenHash string) (loupe.Session, loupe.User, error) {
	var u loupe.User
	s, err := scanSession(t.queryRow(ctx, `SELECT `+sessionColumns+`, `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash),
		&u.ID, &u.Email, &u.Name, &u.PasswordHash, utc{&u.CreatedAt}, utc{&u.UpdatedAt})
	s, err = one(s, err, "session not found")
	return s, u, err
}

// TouchSession records activity on a session.
func (t *Tx) TouchSession(ctx context.Context, id loupe.ID, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, id, at)
	return loupe.Wrap(err, "touch session")
}

// DeleteSession ends one of a user's sessions.
func (t *Tx) DeleteSession(ctx context.Context, userID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "session not found", `DELETE FROM sessions WHERE user_id = $1 AND id = $2`, userID, id), "delete session")
}

// DeleteOtherSessions ends every session of a user but keep.
func (t *Tx) DeleteOtherSessions(ctx context.Context, userID, keep loupe.ID) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, keep)
	return loupe.Wrap(err, "delete sessions")
}

// DeleteStaleSessions removes sessions that expired or sat idle since before idleSince.
func (t *Tx) DeleteStaleSessions(ctx context.Context, now, idleSince time.Time) (int64, error) {
	res, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, idleSince)
	if err != nil {
		return 0, loupe.Wrap(err, "delete stale sessions")
	}
	n, err := res.RowsAffected()
	return n, loupe.Wrap(err, "rows affected")
}

// Sessions lists a user's sessions, oldest first.
func (t *Tx) Sessions(ctx context.Context, userID loupe.ID, p loupe.Page) ([]loupe.Session, *loupe.ID, error) {
	ss, err := list(ctx, t, func(s scanner) (loupe.Session, error) { return scanSession(s) }, `SELECT `+sessionColumns+` FROM sessions s WHERE s.user_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3`,
		userID, p.After, pageLimit(p))
	if err != nil {
		return nil, nil, loupe.Wrap(err, "list sessions")
	}
	ss, next := trimPage(ss, p, func(s loupe.Session) loupe.ID { return s.ID })
	return ss, next, nil
}

// RecordSignInFailure notes a failed sign-in for throttling.
func (t *Tx) RecordSignInFailure(ctx context.Context, email, ip string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO sign_in_failures (email, ip, at) VALUES ($1, $2, $3)`, email, ip, at)
	return loupe.Wrap(err, "record sign-in failure")
}

// SignInFailures counts failures since a time for an email and for an address, and returns the
// oldest of them that counts, from which the caller computes when the throttle lifts.
func (t *Tx) SignInFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error) {
	err = t.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM sign_in_failures WHERE email = $1 AND at > $3),
		(SELECT COUNT(*) FROM sign_in_failures WHERE ip = $2 AND at > $3)`, email, ip, since).Scan(&byEmail, &byIP)
	return byEmail, byIP, loupe.Wrap(err, "count sign-in failures")
}

// ClearSignInFailures forgets an account's failures after it signs in.
func (t *Tx) ClearSignInFailures(ctx context.Context, email string) error {
	_, err := t.exec(ctx, `DELETE FROM sign_in_failures WHERE email = $1`, email)
	return loupe.Wrap(err, "clear sign-in failures")
}

// DeleteSignInFailuresBefore drops failures too old to count.
func (t *Tx) DeleteSignInFailuresBefore(ctx context.Context, before time.Time) error {
	_, err := t.exec(ctx, `DELETE FROM sign_in_failures WHERE at < $1`, before)
	return loupe.Wrap(err, "delete old sign-in failures")
}
