package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsroom/demo"
	"newsroom/roles"
)

// A photo refused while processing is reported after the progress poll,
// its numbers having gone through JSON: the message shows the real sizes,
// never a formatting code such as %!g(int64=31).
func TestUploadProblemMessagesAfterTheProgressPoll(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	big := make([]byte, 31<<20) // over the 30 MB photo limit
	copy(big, []byte{0xff, 0xd8, 0xff, 0xe0})
	st, res := b.uploadFiles("draft=draft-0123456789abcdef", map[string][]byte{"ใหญ่.jpg": big})
	if st != http.StatusAccepted {
		t.Fatalf("upload: %d %v", st, res)
	}
	if err := ta.queue.RunPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"th", "en"} {
		req, _ := http.NewRequest("GET", b.base+res["progress"].(string), nil)
		req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
		p := b.do(req)
		var prog struct {
			Problems []struct{ Name, Message string }
		}
		json.Unmarshal([]byte(p.body), &prog)
		if len(prog.Problems) != 1 {
			t.Fatalf("progress: %s", p.body)
		}
		msg := prog.Problems[0].Message
		if strings.Contains(msg, "%!") || !strings.Contains(msg, "31 MB") || !strings.Contains(msg, "30 MB") {
			t.Errorf("problem message %q: want the real sizes 31 MB and 30 MB, no formatting code", msg)
		}
	}
}

// A notice's PDF: one larger than the upload request may carry is refused
// with the size limit (not "no file was uploaded"), whether the browser
// tells the size or streams it; a password-protected PDF is refused with a
// message that says so.
func TestNoticePDFRefusals(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	token := b.csrf("/admin/notices/new")
	send := func(data []byte, chunked bool) page {
		t.Helper()
		var body bytes.Buffer
		mw := multipartWriter(&body, "file", "ประกาศ.pdf", data)
		var r io.Reader = &body
		if chunked {
			r = io.MultiReader(&body) // hides the length: sent chunked
		}
		req, _ := http.NewRequest("POST", b.base+"/admin/files/notice", r)
		req.Header.Set("Content-Type", mw)
		req.Header.Set("X-CSRF-Token", token)
		return b.do(req)
	}
	huge := append([]byte("%PDF-1.4\n"), make([]byte, 65<<20)...) // over the old 64 MB request cap too
	for _, chunked := range []bool{false, true} {
		p := send(huge, chunked)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "25 MB") || strings.Contains(p.body, "ไม่พบไฟล์") {
			t.Errorf("PDF over the request cap (chunked %v): %d %s", chunked, p.status, p.body)
		}
	}
	enc, err := os.ReadFile(filepath.Join("..", "media", "testdata", "pdf", "aes256.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	p := send(enc, false)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "รหัสผ่าน") {
		t.Errorf("password-protected PDF: %d %s", p.status, p.body)
	}
	plain, _ := os.ReadFile(filepath.Join("..", "media", "testdata", "pdf", "plain.pdf"))
	if p := send(plain, false); p.status != http.StatusOK {
		t.Errorf("plain PDF: %d %s", p.status, p.body)
	}
}

// multipartWriter writes one file part into body and returns the
// request's Content-Type.
func multipartWriter(body *bytes.Buffer, field, name string, data []byte) string {
	mw := multipart.NewWriter(body)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType()
}
