package app_test

import (
	"io"
	"strings"
	"testing"

	"newsroom/app"
)

// TestConfigBaseURL: NEWSROOM_BASE_URL always wins; without it a demo
// server on a loopback or unspecified address takes http://localhost:PORT
// from its listen address; anything else keeps the default, and the start
// warns when the default's port is not the one listened on.
func TestConfigBaseURL(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		want    string
		derived bool
		warn    bool
	}{
		{"default", nil, nil, "http://localhost:8080", false, false},
		{"demo, default port", map[string]string{"NEWSROOM_DEMO": "1"}, nil, "http://localhost:8080", true, false},
		{"demo, all interfaces", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": ":8081"}, nil, "http://localhost:8081", true, false},
		{"demo, 0.0.0.0", map[string]string{"NEWSROOM_DEMO": "true", "NEWSROOM_ADDR": "0.0.0.0:9000"}, nil, "http://localhost:9000", true, false},
		{"demo, 127.0.0.1", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": "127.0.0.1:3000"}, nil, "http://localhost:3000", true, false},
		{"demo, [::1]", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": "[::1]:3001"}, nil, "http://localhost:3001", true, false},
		{"demo, [::]", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": "[::]:3002"}, nil, "http://localhost:3002", true, false},
		{"demo, localhost", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": "localhost:3003"}, nil, "http://localhost:3003", true, false},
		{"demo flag, addr flag", nil, []string{"--demo=true", "--addr", ":8090"}, "http://localhost:8090", true, false},
		{"demo, LAN address kept", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": "192.168.1.20:8081"}, nil, "http://localhost:8080", false, true},
		{"demo, port 0 kept", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": "127.0.0.1:0"}, nil, "http://localhost:8080", false, false},
		{"demo, base URL wins", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": ":8081", "NEWSROOM_BASE_URL": "http://demo.example:8081"}, nil, "http://demo.example:8081", false, false},
		{"demo, base URL flag wins", map[string]string{"NEWSROOM_DEMO": "1", "NEWSROOM_ADDR": ":8081"}, []string{"--base-url", "http://localhost:9999/"}, "http://localhost:9999", false, true},
		{"not demo, other port", map[string]string{"NEWSROOM_ADDR": ":8081"}, nil, "http://localhost:8080", false, true},
		{"not demo, matching base URL", map[string]string{"NEWSROOM_ADDR": ":8081", "NEWSROOM_BASE_URL": "http://localhost:8081"}, nil, "http://localhost:8081", false, false},
		{"behind a proxy", map[string]string{"NEWSROOM_ADDR": "127.0.0.1:8080", "NEWSROOM_BASE_URL": "https://www.npu.ac.th"}, nil, "https://www.npu.ac.th", false, false},
		{"local https, port differs", map[string]string{"NEWSROOM_ADDR": ":8443", "NEWSROOM_BASE_URL": "https://127.0.0.1"}, nil, "https://127.0.0.1", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := app.ParseConfig("serve", tc.args, func(k string) string { return tc.env[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.BaseURL != tc.want || cfg.BaseURLDerived != tc.derived {
				t.Errorf("base URL %q (derived %v), want %q (%v)", cfg.BaseURL, cfg.BaseURLDerived, tc.want, tc.derived)
			}
			w := cfg.BaseURLWarning()
			if (w != "") != tc.warn || (w != "" && !strings.Contains(w, "NEWSROOM_BASE_URL")) {
				t.Errorf("warning %q, want one: %v", w, tc.warn)
			}
		})
	}
}
