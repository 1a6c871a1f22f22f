package mail

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// backend is a real SMTP server's storage: it keeps what it receives.
type backend struct {
	mu       sync.Mutex
	from, to string
	data     string
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{b: b}, nil }

type session struct{ b *backend }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.b.mu.Lock()
	s.b.from = from
	s.b.mu.Unlock()
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.b.mu.Lock()
	s.b.to = to
	s.b.mu.Unlock()
	return nil
}
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	s.b.mu.Lock()
	s.b.data = string(raw)
	s.b.mu.Unlock()
	return err
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

func TestSMTP_Send(t *testing.T) {
	t.Parallel()
	be := &backend{}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	m, err := ParseSMTPURL("smtp://" + ln.Addr().String() + "?from=loupe@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.Send(ctx, "newbie@x.test", "You are invited to Acme — on Loupe", "Accept: http://loupe.test/invite/abc\n"); err != nil {
		t.Fatal(err)
	}
	be.mu.Lock()
	defer be.mu.Unlock()
	if be.from != "loupe@acme.test" || be.to != "newbie@x.test" {
		t.Fatalf("envelope %s → %s", be.from, be.to)
	}
	for _, want := range []string{"To: newbie@x.test", "Subject: =?utf-8?q?", "http://loupe.test/invite/abc\r\n"} {
		if !strings.Contains(be.data, want) {
			t.Errorf("message lacks %q:\n%s", want, be.data)
		}
	}
	if err := m.Send(ctx, "a@b.test\r\nBcc: x@y.test", "s", "b"); err == nil {
		t.Fatal("a recipient with a line break was sent")
	}
}

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		"smtp://user:pw@mail.acme.test:587?from=loupe@acme.test": true,
		"smtp://mail.acme.test?from=loupe@acme.test":             true,
		"smtps://mail.acme.test?from=loupe@acme.test":            false,
		"smtp://mail.acme.test":                                  false,
		"smtp://?from=loupe@acme.test":                           false,
		"smtp://mail.acme.test?from=Loupe <loupe@acme.test>":     false,
	} {
		if _, err := ParseSMTPURL(raw); (err == nil) != ok {
			t.Errorf("ParseSMTPURL(%q) error %v, want ok=%v", raw, err, ok)
		}
	}
}
