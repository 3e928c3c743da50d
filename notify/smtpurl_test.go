package notify_test

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"newsroom/notify"
)

var smtpURLCases = []struct {
	in   string
	want notify.SMTPConfig // Host, Port, Username, Password, From, TLS
	err  string            // part of the error; "" when valid
}{
	{in: "smtp://mail.npu.ac.th?from=newsroom@npu.ac.th",
		want: notify.SMTPConfig{Host: "mail.npu.ac.th", Port: "587", From: "newsroom@npu.ac.th", TLS: notify.StartTLS}},
	{in: "smtp://user:pass@smtp.example.ac.th:587?from=newsroom@example.ac.th&tls=starttls",
		want: notify.SMTPConfig{Host: "smtp.example.ac.th", Port: "587", Username: "user", Password: "pass", From: "newsroom@example.ac.th", TLS: notify.StartTLS}},
	{in: "smtps://news%40npu.ac.th:p%40ss%3Aw%2Frd@smtp.gmail.com?from=news@npu.ac.th",
		want: notify.SMTPConfig{Host: "smtp.gmail.com", Port: "465", Username: "news@npu.ac.th", Password: "p@ss:w/rd", From: "news@npu.ac.th", TLS: notify.ImplicitTLS}},
	{in: "smtp://127.0.0.1:25?from=newsroom@npu.ac.th&tls=none",
		want: notify.SMTPConfig{Host: "127.0.0.1", Port: "25", From: "newsroom@npu.ac.th", TLS: notify.NoTLS}},
	{in: "smtp://relay:secret@localhost:25/?from=newsroom@npu.ac.th&tls=none",
		want: notify.SMTPConfig{Host: "localhost", Port: "25", Username: "relay", Password: "secret", From: "newsroom@npu.ac.th", TLS: notify.NoTLS}},
	{in: "smtp://[::1]:2525?from=n@npu.ac.th&tls=none",
		want: notify.SMTPConfig{Host: "::1", Port: "2525", From: "n@npu.ac.th", TLS: notify.NoTLS}},
	{in: "http://mail.npu.ac.th?from=n@npu.ac.th", err: "scheme"},
	{in: "mail.npu.ac.th:587", err: "scheme"},
	{in: "smtp://?from=n@npu.ac.th", err: "no server host"},
	{in: "smtp:mail?from=n@npu.ac.th", err: "no server host"},
	{in: "smtp://::?from=n@npu.ac.th", err: "host"},
	{in: "smtp://mail_server.local?from=n@npu.ac.th", err: "host"},
	{in: "smtp://mail.npu.ac.th", err: "from="},
	{in: "smtp://mail.npu.ac.th?from=", err: "from="},
	{in: "smtp://mail.npu.ac.th?from=Newsroom%20%3Cn@npu.ac.th%3E", err: "from="},
	{in: "smtp://mail.npu.ac.th?from=n@npu.ac.th%0d%0aBcc:x@y.z", err: "from="},
	{in: "smtp://mail.npu.ac.th?from=a@b.th&from=c@d.th", err: "2 times"},
	{in: "smtp://mail.npu.ac.th:0?from=n@npu.ac.th", err: "port"},
	{in: "smtp://mail.npu.ac.th:70000?from=n@npu.ac.th", err: "port"},
	{in: "smtp://mail.npu.ac.th:smtp?from=n@npu.ac.th", err: "not a URL"},
	{in: "smtp://mail.npu.ac.th/inbox?from=n@npu.ac.th", err: "path"},
	{in: "smtp://mail.npu.ac.th?from=n@npu.ac.th#x", err: "fragment"},
	{in: "smtp://mail.npu.ac.th?from=n@npu.ac.th&tls=ssl", err: "tls="},
	{in: "smtp://mail.npu.ac.th?from=n@npu.ac.th&tls=tls", err: "smtps://"},
	{in: "smtps://mail.npu.ac.th?from=n@npu.ac.th&tls=none", err: "tls=none"},
	{in: "smtps://mail.npu.ac.th?from=n@npu.ac.th&tls=starttls", err: "starttls"},
	{in: "smtp://mail.npu.ac.th?from=n@npu.ac.th&tls=none", err: "this machine"},
	{in: "smtp://u:p@10.0.0.5?from=n@npu.ac.th&tls=none", err: "this machine"},
	{in: "smtp://mail.npu.ac.th?from=n@npu.ac.th&port=25", err: "unknown parameter"},
	{in: "smtp://:secret@mail.npu.ac.th?from=n@npu.ac.th", err: "without a user"},
	{in: "smtp://mail.npu.ac.th?from=n@npu.ac.th&x=" + strings.Repeat("a", 2100), err: "longer"},
}

// NEWSROOM_SMTP_URL: what is accepted is read right; what is not says why,
// and never shows the password.
func TestParseSMTPURL(t *testing.T) {
	for _, tc := range smtpURLCases {
		c, err := notify.ParseSMTPURL(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v; want one mentioning %q", tc.in, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("%s: the error shows the password: %v", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		got := notify.SMTPConfig{Host: c.Host, Port: c.Port, Username: c.Username, Password: c.Password, From: c.From, TLS: c.TLS}
		if got != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		if c.Password != "" && strings.Contains(c.String(), c.Password) {
			t.Errorf("%s: String() shows the password: %s", tc.in, c)
		}
	}
}

// Whatever the setting holds, the parser neither panics nor accepts a
// configuration that would mail in the clear across the network, name no
// sender, or point at no port.
func FuzzParseSMTPURL(f *testing.F) {
	for _, tc := range smtpURLCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := notify.ParseSMTPURL(s)
		if err != nil {
			if c != nil {
				t.Fatalf("%q: a configuration with the error %v", s, err)
			}
			return
		}
		if c.Host == "" || strings.ContainsAny(c.Host, " /\\\r\n") {
			t.Fatalf("%q: host %q", s, c.Host)
		}
		if p, err := strconv.Atoi(c.Port); err != nil || p < 1 || p > 65535 {
			t.Fatalf("%q: port %q", s, c.Port)
		}
		if a, ok := notify.ParseAddress(c.From); !ok || a != c.From {
			t.Fatalf("%q: sender %q", s, c.From)
		}
		switch c.TLS {
		case notify.StartTLS, notify.ImplicitTLS:
		case notify.NoTLS:
			if ip := net.ParseIP(c.Host); !strings.EqualFold(c.Host, "localhost") && (ip == nil || !ip.IsLoopback()) {
				t.Fatalf("%q: no TLS to %q", s, c.Host)
			}
		default:
			t.Fatalf("%q: TLS mode %q", s, c.TLS)
		}
		if strings.ContainsAny(c.Username+c.Password, "\r\n\x00") {
			t.Fatalf("%q: control characters in the credentials", s)
		}
		// The redacted form reads back to the same server and sender.
		back, err := notify.ParseSMTPURL(c.String())
		if err != nil || back.Host != c.Host || back.Port != c.Port || back.From != c.From || back.TLS != c.TLS {
			t.Fatalf("%q: String() %q reads back as %+v, %v", s, c.String(), back, err)
		}
	})
}
