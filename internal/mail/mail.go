// Package mail sends Loupe's email through an SMTP server.
package mail

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// SMTP sends through one server, configured by a URL:
//
//	smtp://USER:PASSWORD@HOST:PORT?from=loupe@example.com
//
// The connection is upgraded with STARTTLS whenever the server offers it, and credentials are
// only sent over TLS or to localhost (net/smtp's rule).
type SMTP struct {
	addr string
	host string
	from string
	auth smtp.Auth
}

// ParseSMTPURL checks and reads an SMTP URL.
func ParseSMTPURL(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "smtp" {
		return nil, errors.New("must start with smtp://")
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return nil, errors.New("names no host")
	}
	if port == "" {
		port = "587"
	}
	from := u.Query().Get("from")
	if addr, err := mail.ParseAddress(from); err != nil || addr.Address != from {
		return nil, errors.New("needs a sender address: add ?from=loupe@your-domain")
	}
	s := &SMTP{addr: net.JoinHostPort(host, port), host: host, from: from}
	if u.User != nil {
		pw, _ := u.User.Password()
		s.auth = smtp.PlainAuth("", u.User.Username(), pw, host)
	}
	return s, nil
}

// Send delivers a plain-text message to one address.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n") {
		return errors.New("mail: recipient contains a line break")
	}
	msg := strings.Join([]string{
		"From: " + s.from,
		"To: " + to,
		"Subject: " + mime.QEncoding.Encode("utf-8", subject),
		"Date: " + time.Now().Format(time.RFC1123Z),
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: 8bit",
		"",
		strings.ReplaceAll(body, "\n", "\r\n"),
	}, "\r\n")
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(s.addr, s.auth, s.from, []string{to}, []byte(msg)) }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("mail: send to %s through %s: %w", to, s.addr, err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
