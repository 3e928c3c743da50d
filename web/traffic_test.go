package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTrafficLogRecordsRequests(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.get("/?q=ทดสอบ")
	b.mustLogin(ta.adminID, ta.adminPW)
	b.get("/admin/users")
	admin, _ := ta.users.UserByCitizenID(context.Background(), ta.adminID)
	wantRow := regexp.MustCompile(fmt.Sprintf(`(?m)^.*,127\.0\.0\.1,%d,GET,/admin/users,200,`, admin.ID))
	// The middleware logs after the response is sent: wait for the last row.
	var out string
	for i := 0; i < 200 && !wantRow.MatchString(out); i++ {
		if err := ta.traffic.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		var csv bytes.Buffer
		if _, err := ta.traffic.Export(context.Background(), &csv, time.Now().Add(-time.Hour), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		out = csv.String()
		time.Sleep(10 * time.Millisecond)
	}
	if !wantRow.MatchString(out) {
		t.Fatalf("no traffic row with the admin's user id for /admin/users:\n%s", out)
	}
	if !strings.Contains(out, "POST,/admin/login,303") {
		t.Fatalf("login POST not logged:\n%s", out)
	}
	if strings.Contains(out, ta.adminPW) {
		t.Fatal("the traffic log holds a password")
	}
}

func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proxies []string
		want    string
	}{
		{"untrusted", nil, "127.0.0.1"},
		{"trusted", []string{"127.0.0.1/32"}, "203.0.113.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t, func(c *Config) { c.TrustedProxies = tc.proxies })
			req, _ := http.NewRequest("GET", ta.srv.URL+"/", nil)
			req.Header.Set("X-Forwarded-For", "203.0.113.7")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			// The middleware logs after the response is sent: wait for it.
			var ip string
			for i := 0; ; i++ {
				ta.traffic.Flush(context.Background())
				var buf bytes.Buffer
				_, err := ta.traffic.Export(context.Background(), &buf, time.Time{}, time.Now().Add(time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				rows, err := csv.NewReader(&buf).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) > 1 {
					// By name: on PostgreSQL a chain column comes first.
					ip = rows[len(rows)-1][slices.Index(rows[0], "ip")]
					break
				}
				if i == 200 {
					t.Fatal("the request was not logged")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if ip != tc.want {
				t.Fatalf("logged IP %q, want %q", ip, tc.want)
			}
		})
	}
}
