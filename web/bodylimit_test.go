package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"

	"newsroom/demo"
	"newsroom/roles"
	"newsroom/web"
)

// An ordinary form takes at most web.MaxFormBody: a larger post (here a
// valid news form sent as multipart with a huge extra part, which the form
// parser would otherwise hold in memory up to 32 MB a request, then spill to
// disk) is refused and nothing is saved, while the upload routes keep their
// own, larger limits.
func TestFormBodiesAreBounded(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	post := func(headline string, junk int) page {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		f := newsForm(headline)
		tok := b.csrf("/admin/news/new")
		f.Set("csrf", tok)
		for k, vs := range f {
			mw.WriteField(k, vs[0])
		}
		if junk > 0 {
			mw.WriteField("junk", string(bytes.Repeat([]byte("x"), junk)))
		}
		mw.Close()
		req, _ := http.NewRequest("POST", b.base+"/admin/news", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("X-CSRF-Token", tok)
		return b.do(req)
	}
	saved := func(headline string) int {
		var n int
		if err := ta.db.R.QueryRow(`SELECT count(*) FROM news WHERE headline = ?`, headline).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if p := post("ข่าวขนาดปกติ", 1<<10); p.status != http.StatusSeeOther || saved("ข่าวขนาดปกติ") != 1 {
		t.Fatalf("a normal multipart news form answered %d and saved %d", p.status, saved("ข่าวขนาดปกติ"))
	}
	p := post("ข่าวตัวใหญ่เกิน", web.MaxFormBody+1<<20)
	if p.status < 400 || p.status >= 500 {
		t.Errorf("an oversized form post answered %d, want a 4xx refusal", p.status)
	}
	if n := saved("ข่าวตัวใหญ่เกิน"); n != 0 {
		t.Errorf("an oversized form post saved %d news", n)
	}

	// An upload larger than MaxFormBody still reaches its handler whole.
	photo := testJPEG(t, 640, 480)
	padded := append(append([]byte{}, photo...), make([]byte, web.MaxFormBody+1<<20)...) // decoders stop at the JPEG's end
	status, res := b.uploadFiles("draft="+newsForm("x").Get("draft"), map[string][]byte{"ใหญ่.jpg": padded})
	if status != http.StatusAccepted {
		t.Fatalf("a %d MB photo upload answered %d %v, want 202", len(padded)>>20, status, res)
	}
}
