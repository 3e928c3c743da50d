package admin

import (
	"io"
	"log/slog"
	"strconv"
	"testing"

	"github.com/gin-gonic/gin"

	"newsroom/kind"
	"newsroom/web"
)

// Every kind with a status has its admin section, with the trash and
// takedown routes it declares, and the takedown register finds its items
// from their public URLs.
func TestRegistryAdmin(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := web.New(web.Web{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.TestMode)
	r := gin.New()
	New(w, nil, nil, nil, nil, log).Register(r)
	routes := map[string]bool{}
	for _, rt := range r.Routes() {
		routes[rt.Method+" "+rt.Path] = true
	}
	for _, k := range kind.With(kind.Status) {
		t.Run(k.Name, func(t *testing.T) {
			if sectionOf(k) == nil {
				t.Fatalf("declares a status but has no admin section (addSection in its handler file)")
			}
			want := []string{"GET " + k.AdminList(), "GET " + k.AdminList() + "/:id/edit"}
			if k.Has(kind.Trash) {
				want = append(want, "POST "+k.AdminList()+"/:id/delete", "POST "+k.AdminList()+"/:id/restore")
			}
			if k.Has(kind.Takedown) {
				want = append(want, "GET "+k.AdminList()+"/:id/takedown", "POST "+k.AdminList()+"/:id/takedown",
					"POST "+k.AdminList()+"/:id/reinstate")
			}
			for _, rt := range want {
				if !routes[rt] {
					t.Errorf("no route %s", rt)
				}
			}
			if k.Has(kind.Takedown) && k.Public != "" {
				for _, u := range []string{k.Path("th", "42"), k.Path("en", "42") + "-slug"} {
					if m := itemURL(k).FindStringSubmatch(u); m == nil || m[1] != strconv.Itoa(42) {
						t.Errorf("the takedown register does not read %s: %v", u, m)
					}
				}
			}
		})
	}
}
