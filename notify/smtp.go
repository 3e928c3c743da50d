package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom/jobs"
)

// TLSMode is how the connection to the SMTP server is secured.
type TLSMode string

const (
	StartTLS    TLSMode = "starttls" // smtp://, the default: plain, then STARTTLS before anything else
	ImplicitTLS TLSMode = "tls"      // smtps://: TLS from the first byte
	NoTLS       TLSMode = "none"     // smtp://…?tls=none: a relay on this machine only
)

// SMTPConfig is where e-mail goes: parsed from NEWSROOM_SMTP_URL by
// ParseSMTPURL.
type SMTPConfig struct {
	Host     string
	Port     string
	Username string
	Password string
	From     string // the sender address
	TLS      TLSMode
	// TLSConfig, when set, replaces the default (the system's roots, the
	// server checked against Host); tests trust their own server with it.
	TLSConfig *tls.Config
	// Timeout bounds one delivery, connection to QUIT (0: one minute).
	Timeout time.Duration
	// Hello is the name given in EHLO (empty: "localhost").
	Hello string
}

// hostName is a DNS name: dot-separated labels of letters, digits and inner
// hyphens.
var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)

// maxSMTPURL bounds the setting's length.
const maxSMTPURL = 2048

// maxEmail is the longest address RFC 5321 allows.
const maxEmail = 254

// ParseSMTPURL reads NEWSROOM_SMTP_URL: smtp://[user:pass@]host[:port]?from=addr
// [&tls=starttls|none] (port 587, STARTTLS required) or
// smtps://[user:pass@]host[:port]?from=addr (port 465, TLS from the start).
// tls=none is for a relay on this machine: a password is never sent to
// another host in the clear. Errors name what is wrong, never the password.
func ParseSMTPURL(s string) (*SMTPConfig, error) {
	if len(s) > maxSMTPURL {
		return nil, fmt.Errorf("SMTP URL: longer than %d characters", maxSMTPURL)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("SMTP URL: not a URL (write smtp://user:password@host:587?from=newsroom@example.ac.th; escape @ : / in the password as %40 %3A %2F)")
	}
	c := &SMTPConfig{Host: u.Hostname(), Port: u.Port()}
	switch u.Scheme {
	case "smtp":
		c.TLS = StartTLS
		if c.Port == "" {
			c.Port = "587"
		}
	case "smtps":
		c.TLS = ImplicitTLS
		if c.Port == "" {
			c.Port = "465"
		}
	default:
		return nil, fmt.Errorf("SMTP URL: scheme %q: use smtp:// (STARTTLS) or smtps:// (TLS)", u.Scheme)
	}
	if u.Opaque != "" || c.Host == "" {
		return nil, errors.New("SMTP URL: no server host (smtp://host:587?from=…)")
	}
	if net.ParseIP(c.Host) == nil && (len(c.Host) > 253 || !hostName.MatchString(c.Host)) {
		return nil, errors.New("SMTP URL: the host is neither a host name nor an IP address")
	}
	if p, err := strconv.Atoi(c.Port); err != nil || p < 1 || p > 65535 {
		return nil, fmt.Errorf("SMTP URL: port %q must be a number from 1 to 65535", c.Port)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, errors.New("SMTP URL: a path is not expected after the host")
	}
	if u.Fragment != "" {
		return nil, errors.New("SMTP URL: a #fragment is not expected")
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
		if c.Username == "" {
			return nil, errors.New("SMTP URL: a password without a user name")
		}
		if len(c.Username) > 256 || len(c.Password) > 256 || strings.ContainsAny(c.Username+c.Password, "\x00\r\n") {
			return nil, errors.New("SMTP URL: the user name or password is too long or holds control characters")
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, errors.New("SMTP URL: the query after ? is malformed")
	}
	for k, v := range q {
		if len(v) != 1 {
			return nil, fmt.Errorf("SMTP URL: %q given %d times", k, len(v))
		}
		switch k {
		case "from":
		case "tls":
			switch TLSMode(v[0]) {
			case StartTLS:
				if c.TLS == ImplicitTLS {
					return nil, errors.New("SMTP URL: smtps:// is TLS from the start; tls=starttls goes with smtp://")
				}
			case NoTLS:
				if c.TLS == ImplicitTLS {
					return nil, errors.New("SMTP URL: smtps:// always uses TLS; tls=none goes with smtp://")
				}
				c.TLS = NoTLS
			case ImplicitTLS:
				if c.TLS != ImplicitTLS {
					return nil, errors.New("SMTP URL: for TLS from the start write smtps://")
				}
			default:
				return nil, fmt.Errorf("SMTP URL: tls=%q: use starttls or none", v[0])
			}
		default:
			return nil, fmt.Errorf("SMTP URL: unknown parameter %q (known: from, tls)", k)
		}
	}
	from, ok := ParseAddress(q.Get("from"))
	if !ok {
		return nil, errors.New("SMTP URL: from= must be the sender's e-mail address, e.g. ?from=newsroom@example.ac.th")
	}
	c.From = from
	if c.TLS == NoTLS && !loopback(c.Host) {
		return nil, fmt.Errorf("SMTP URL: tls=none only for a relay on this machine (localhost, 127.0.0.1, ::1), not %q: mail and passwords would cross the network unencrypted", c.Host)
	}
	return c, nil
}

// String is the configuration without its password, for logs.
func (c *SMTPConfig) String() string {
	u := url.URL{Scheme: "smtp", Host: net.JoinHostPort(c.Host, c.Port), RawQuery: url.Values{"from": {c.From}, "tls": {string(c.TLS)}}.Encode()}
	if c.TLS == ImplicitTLS {
		u.Scheme = "smtps"
	}
	if c.Username != "" {
		u.User = url.UserPassword(c.Username, "xxxxx")
	}
	return u.String()
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseAddress checks a bare e-mail address (name@domain, no display name,
// at most 254 characters, printable ASCII) and returns it trimmed.
func ParseAddress(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxEmail || !utf8.ValidString(s) {
		return "", false
	}
	for _, r := range s {
		if r <= ' ' || r >= 0x7f {
			return "", false
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.HasPrefix(domain, "[") {
		return "", false
	}
	return s, true
}

// send delivers msg to one recipient. A refusal the server calls permanent
// (5xx) is jobs.Permanent; anything else (no connection, 4xx, a timeout)
// may pass and is retried.
func (c *SMTPConfig) send(ctx context.Context, to string, msg []byte) error {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(c.Host, c.Port)
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp: connect %s: %w", addr, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // net/smtp takes no context
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	tlsCfg := c.TLSConfig
	if tlsCfg == nil {
		tlsCfg = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	}
	if c.TLS == ImplicitTLS {
		tc := tls.Client(conn, tlsCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("smtp: TLS with %s: %w", addr, err)
		}
		conn = tc
	}
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		return classify("greeting", err)
	}
	defer cl.Close()
	if c.Hello != "" {
		if err := cl.Hello(c.Hello); err != nil {
			return classify("EHLO", err)
		}
	}
	if c.TLS == StartTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return fmt.Errorf("smtp: %s does not offer STARTTLS (use smtps:// or, for a relay on this machine, tls=none)", addr)
		}
		if err := cl.StartTLS(tlsCfg); err != nil {
			return classify("STARTTLS", err)
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return classify("AUTH", err)
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return classify("MAIL FROM", err)
	}
	if err := cl.Rcpt(to); err != nil {
		return classify("RCPT TO", err)
	}
	w, err := cl.Data()
	if err != nil {
		return classify("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return classify("DATA", err)
	}
	if err := w.Close(); err != nil {
		return classify("end of DATA", err)
	}
	// The message is accepted: a failing QUIT changes nothing.
	cl.Quit()
	return nil
}

// classify marks a server's permanent refusal (5xx) as such.
func classify(step string, err error) error {
	err = fmt.Errorf("smtp: %s: %w", step, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return jobs.Permanent(err)
	}
	return err
}
