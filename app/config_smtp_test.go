package app_test

import (
	"bytes"
	"strings"
	"testing"

	"newsroom/app"
	"newsroom/notify"
)

// NEWSROOM_SMTP_URL is off when empty, read and checked at start, and its
// password never shows in an error or the usage text.
func TestConfigSMTP(t *testing.T) {
	parse := func(env map[string]string, args ...string) (app.Config, string, error) {
		var out bytes.Buffer
		cfg, _, err := app.ParseConfig("serve", args, func(k string) string { return env[k] }, &out)
		return cfg, out.String(), err
	}
	cfg, _, err := parse(nil)
	if err != nil || cfg.SMTP != nil {
		t.Fatalf("no setting: SMTP %+v, %v; want off", cfg.SMTP, err)
	}
	env := map[string]string{"NEWSROOM_BASE_URL": "https://news.npu.ac.th",
		"NEWSROOM_SMTP_URL": "smtp://newsroom:s3cret-pw@mail.npu.ac.th:587?from=newsroom@npu.ac.th"}
	cfg, _, err = parse(env)
	if err != nil || cfg.SMTP == nil {
		t.Fatalf("valid setting: %v", err)
	}
	if c := cfg.SMTP; c.Host != "mail.npu.ac.th" || c.Port != "587" || c.Username != "newsroom" || c.Password != "s3cret-pw" ||
		c.From != "newsroom@npu.ac.th" || c.TLS != notify.StartTLS || c.Hello != "news.npu.ac.th" {
		t.Errorf("read as %+v", c)
	}
	// The flag wins; an empty flag turns e-mail off.
	cfg, _, err = parse(env, "--smtp-url", "smtps://mail.example.ac.th?from=x@example.ac.th")
	if err != nil || cfg.SMTP == nil || cfg.SMTP.Host != "mail.example.ac.th" || cfg.SMTP.TLS != notify.ImplicitTLS {
		t.Errorf("flag: %+v %v", cfg.SMTP, err)
	}
	if cfg, _, err = parse(env, "--smtp-url="); err != nil || cfg.SMTP != nil {
		t.Errorf("empty flag: %+v %v; want off", cfg.SMTP, err)
	}
	// The usage text shows no password from the environment.
	_, usage, _ := parse(env, "-h")
	if !strings.Contains(usage, "smtp-url") || strings.Contains(usage, "s3cret-pw") {
		t.Errorf("usage text: mentions smtp-url %v, shows the password %v", strings.Contains(usage, "smtp-url"), strings.Contains(usage, "s3cret-pw"))
	}
	for _, bad := range []string{
		"smtp://newsroom:s3cret-pw@mail.npu.ac.th:587",                                  // no sender
		"smtp://newsroom:s3cret-pw@mail.npu.ac.th:587?from=newsroom@npu.ac.th&tls=none", // clear text across the network
		"imap://newsroom:s3cret-pw@mail.npu.ac.th?from=newsroom@npu.ac.th",
	} {
		_, _, err := parse(map[string]string{"NEWSROOM_SMTP_URL": bad})
		if err == nil || !strings.Contains(err.Error(), "NEWSROOM_SMTP_URL") || strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("%s: error %v; want one naming NEWSROOM_SMTP_URL without the password", bad, err)
		}
	}
}
