package notify_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"newsroom/notify"
)

// mailServer is a real SMTP server (go-smtp) on a loopback port. It answers
// RCPT with the codes in rcptCodes, one per try, then accepts.
type mailServer struct {
	addr string
	user string // required AUTH PLAIN user (empty: no AUTH)
	pass string

	mu        sync.Mutex
	rcptCodes []int
	tries     int
	authed    []string
	got       []delivery
}

type delivery struct {
	from, to string
	data     []byte
}

type session struct {
	s        *mailServer
	from, to string
}

func (s *session) AuthMechanisms() []string {
	if s.s.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.s.user || pass != s.s.pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		s.s.mu.Lock()
		s.s.authed = append(s.s.authed, user)
		s.s.mu.Unlock()
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.s.mu.Lock()
	defer s.s.mu.Unlock()
	s.s.tries++
	if len(s.s.rcptCodes) > 0 {
		code := s.s.rcptCodes[0]
		s.s.rcptCodes = s.s.rcptCodes[1:]
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: "not now"}
	}
	s.to = to
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.s.mu.Lock()
	s.s.got = append(s.s.got, delivery{from: s.from, to: s.to, data: b})
	s.s.mu.Unlock()
	return nil
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// startMailServer starts a server; tlsMode says how it speaks TLS: "none",
// "starttls" (offered after EHLO) or "tls" (from the first byte).
func startMailServer(t *testing.T, tlsMode string, cert *tls.Certificate, user, pass string, rcptCodes ...int) *mailServer {
	t.Helper()
	ms := &mailServer{user: user, pass: pass, rcptCodes: rcptCodes}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: ms}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.ErrorLog = nopLogger{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch tlsMode {
	case "none":
		srv.AllowInsecureAuth = true
	case "starttls":
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
	case "tls":
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
		l = tls.NewListener(l, srv.TLSConfig)
	}
	ms.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return ms
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

// selfSigned is a certificate for 127.0.0.1 and the pool that trusts it.
func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test mail server"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// submit notifies a submission in the faculty of education, which has no
// reviewers: central1 (the only central admin with an address) is mailed.
func submit(t *testing.T, w *world, n *notify.Notifier) {
	t.Helper()
	ev := notify.Event{Action: notify.Submitted, Kind: "news", Ref: "5", Title: "ครุศาสตร์จัดอบรม\r\nครูภาษาไทย", Link: "/admin/news/5/edit",
		UnitID: w.edu, AuthorID: w.ids["edu-author"], ActorID: w.ids["edu-author"], ActorName: "สมชาย ขยันยิ่ง", Comment: "ขอตรวจด่วน"}
	if err := n.Notify(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}

func (w *world) jobState(t *testing.T) (state string, attempts int, errText string) {
	t.Helper()
	if err := w.db.R.QueryRow(`SELECT state, attempts, error FROM jobs WHERE kind = ?`, notify.MailJob).Scan(&state, &attempts, &errText); err != nil {
		t.Fatal(err)
	}
	return
}

// The e-mail reaches a real SMTP server (plain relay on loopback, STARTTLS
// with AUTH, TLS from the start with AUTH) with the right recipient, a Thai
// subject that decodes, and a Thai and English body with the absolute link.
func TestMailDelivered(t *testing.T) {
	cert, pool := selfSigned(t)
	for _, tc := range []struct {
		name, mode, url string
		auth            bool
	}{
		{"loopback relay", "none", "smtp://ADDR?from=newsroom@npu.ac.th&tls=none", false},
		{"starttls with auth", "starttls", "smtp://news%40npu:p%40ss:w0rd@ADDR?from=newsroom@npu.ac.th", true},
		{"implicit tls with auth", "tls", "smtps://news%40npu:p%40ss:w0rd@ADDR?from=newsroom@npu.ac.th", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			user, pass := "", ""
			if tc.auth {
				user, pass = "news@npu", "p@ss:w0rd"
			}
			ms := startMailServer(t, tc.mode, cert, user, pass)
			cfg, err := notify.ParseSMTPURL(strings.Replace(tc.url, "ADDR", ms.addr, 1))
			if err != nil {
				t.Fatal(err)
			}
			cfg.TLSConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
			w := newWorld(t)
			submit(t, w, w.notifier(cfg))
			if err := w.queue.RunPending(context.Background()); err != nil {
				t.Fatal(err)
			}
			if state, tries, msg := w.jobState(t); state != "done" || tries != 1 {
				t.Fatalf("job %s after %d tries (%s); want done at the first", state, tries, msg)
			}
			if len(ms.got) != 1 {
				t.Fatalf("the server received %d messages; want 1", len(ms.got))
			}
			if tc.auth && (len(ms.authed) != 1 || ms.authed[0] != user) {
				t.Errorf("authenticated as %v; want %s", ms.authed, user)
			}
			d := ms.got[0]
			if d.from != "newsroom@npu.ac.th" || d.to != "central1@npu.ac.th" {
				t.Errorf("envelope from %q to %q", d.from, d.to)
			}
			checkMessage(t, d.data)
		})
	}
}

func checkMessage(t *testing.T, data []byte) {
	t.Helper()
	for _, line := range bytes.Split(data, []byte("\r\n")) {
		if len(line) > 998 {
			t.Errorf("a line of %d bytes", len(line))
		}
	}
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "[ข่าวประชาสัมพันธ์] ส่งตรวจ: ครุศาสตร์จัดอบรม ครูภาษาไทย"; subject != want {
		t.Errorf("subject %q; want %q", subject, want)
	}
	if strings.Contains(m.Header.Get("Subject"), "ส่ง") {
		t.Error("the subject is not RFC 2047 encoded")
	}
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "central1@npu.ac.th" || to[0].Name != "central1" {
		t.Errorf("To %v %v", to, err)
	}
	from, err := m.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "newsroom@npu.ac.th" {
		t.Errorf("From %v %v", from, err)
	}
	if date, err := m.Header.Date(); err != nil || !date.Equal(t0) {
		t.Errorf("Date %v %v; want %v", date, err, t0)
	}
	if id := m.Header.Get("Message-ID"); !strings.HasPrefix(id, "<notify.") || !strings.HasSuffix(id, "@npu.ac.th>") {
		t.Errorf("Message-ID %q", id)
	}
	if ct := m.Header.Get("Content-Type"); ct != "text/plain; charset=UTF-8" || m.Header.Get("Content-Transfer-Encoding") != "base64" {
		t.Errorf("Content-Type %q", ct)
	}
	raw, _ := io.ReadAll(m.Body)
	body, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"เรียน central1",
		"สมชาย ขยันยิ่ง ส่งnews “ครุศาสตร์จัดอบรม ครูภาษาไทย” มาให้ตรวจ", // no kind registry in this package: the name
		"หมายเหตุ: ขอตรวจด่วน",
		"เมื่อ: 4 ธันวาคม 2569 17:42 น.",
		"https://news.npu.ac.th/admin/news/5/edit",
		"Dear central1,",
		"สมชาย ขยันยิ่ง submitted the news “ครุศาสตร์จัดอบรม ครูภาษาไทย” for review.",
		"Note: ขอตรวจด่วน",
		"When: 4 December 2026, 17:42",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the body lacks %q:\n%s", want, body)
		}
	}
}

// A server that answers 451 (try later) the first time gets the mail on
// the retry; one that answers 550 is not tried again and the failure is
// logged; one that is down is retried after the backoff, not at once.
func TestMailRetries(t *testing.T) {
	t.Run("451 then accepted", func(t *testing.T) {
		ms := startMailServer(t, "none", nil, "", "", 451)
		w := newWorld(t)
		cfg, _ := notify.ParseSMTPURL("smtp://" + ms.addr + "?from=newsroom@npu.ac.th&tls=none")
		submit(t, w, w.notifier(cfg))
		if err := w.queue.RunPending(context.Background()); err != nil {
			t.Fatal(err)
		}
		if state, tries, msg := w.jobState(t); state != "done" || tries != 2 || ms.tries != 2 || len(ms.got) != 1 {
			t.Fatalf("job %s after %d tries (%s), server saw %d tries and %d messages; want done at the second",
				state, tries, msg, ms.tries, len(ms.got))
		}
		if ms.got[0].to != "central1@npu.ac.th" {
			t.Errorf("delivered to %q", ms.got[0].to)
		}
	})
	t.Run("550 is permanent", func(t *testing.T) {
		ms := startMailServer(t, "none", nil, "", "", 550, 550)
		w := newWorld(t)
		cfg, _ := notify.ParseSMTPURL("smtp://" + ms.addr + "?from=newsroom@npu.ac.th&tls=none")
		submit(t, w, w.notifier(cfg))
		w.queue.RunPending(context.Background())
		if state, tries, msg := w.jobState(t); state != "failed" || tries != 1 || ms.tries != 1 || !strings.Contains(msg, "550") {
			t.Fatalf("job %s after %d tries (%s), server saw %d; want failed at the first", state, tries, msg, ms.tries)
		}
		if !strings.Contains(w.logBuf.String(), "not delivered") || !strings.Contains(w.logBuf.String(), "central1@npu.ac.th") {
			t.Errorf("the log does not say which mail was given up: %s", w.logBuf)
		}
	})
	t.Run("server down waits its backoff", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close() // connection refused
		w := newWorld(t)
		cfg, _ := notify.ParseSMTPURL("smtp://" + addr + "?from=newsroom@npu.ac.th&tls=none")
		n := notify.New(w.db, w.queue, notify.Options{SMTP: cfg, Now: func() time.Time { return t0 }})
		n.RegisterJobs(w.queue)
		submit(t, w, n)
		w.queue.RunPending(context.Background())
		state, tries, msg := w.jobState(t)
		var after int64
		w.db.R.QueryRow(`SELECT run_after FROM jobs`).Scan(&after)
		if state != "queued" || tries != 1 || !strings.Contains(msg, "connect") || time.Until(time.UnixMilli(after)) < 50*time.Second {
			t.Fatalf("job %s after %d tries (%s), next try at %v; want queued for about a minute", state, tries, msg, time.UnixMilli(after))
		}
	})
}

// Errors of the sender are temporary unless the server says 5xx.
func TestPermanentIsOnly5xx(t *testing.T) {
	ms := startMailServer(t, "none", nil, "", "", 421)
	w := newWorld(t)
	cfg, _ := notify.ParseSMTPURL("smtp://" + ms.addr + "?from=newsroom@npu.ac.th&tls=none")
	n := notify.New(w.db, w.queue, notify.Options{SMTP: cfg, Backoff: func(int) time.Duration { return time.Hour }})
	n.RegisterJobs(w.queue)
	submit(t, w, n)
	w.queue.RunPending(context.Background())
	if state, _, _ := w.jobState(t); state != "queued" {
		t.Errorf("after a 421 the job is %s; want queued for a retry", state)
	}
}
