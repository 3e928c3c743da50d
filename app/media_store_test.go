package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"newsroom/demo"
	"newsroom/media"
	"newsroom/media/s3test"
	"newsroom/roles"
)

// servedMedia is what a visitor got for one media URL: the status, the
// headers that matter and the body's hash.
type servedMedia struct {
	Status                                       int
	Type, Cache, ETag, CSP, Length, Range, Sniff string
	Sum                                          string
}

func serve(b *browser, path string, hdr map[string]string) servedMedia {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.base+path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	p := b.do(req)
	sum := sha256.Sum256([]byte(p.body))
	return servedMedia{Status: p.status, Type: p.header.Get("Content-Type"), Cache: p.header.Get("Cache-Control"),
		ETag: p.header.Get("ETag"), CSP: p.header.Get("Content-Security-Policy"), Length: p.header.Get("Content-Length"),
		Range: p.header.Get("Content-Range"), Sniff: p.header.Get("X-Content-Type-Options"), Sum: hex.EncodeToString(sum[:])}
}

// mediaDay publishes a news item with a photo and a notice with a PDF
// through the admin, fetches their files as a visitor (whole, in a range,
// the smaller copy), takes the news item down and fetches its photo again.
func mediaDay(t *testing.T, ta *testApp) map[string]servedMedia {
	ctx := context.Background()
	got := map[string]servedMedia{}
	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	visitor := ta.browser(t)

	form := newsForm("ข่าวพร้อมภาพในคลังวัตถุ")
	if st, res := unitPR.uploadFiles("draft="+form.Get("draft"), map[string][]byte{"ภาพ.jpg": testJPEG(t, 1200, 900)}); st != http.StatusAccepted {
		t.Fatalf("upload: %d %v", st, res)
	}
	if err := ta.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Photos []struct {
			ID          int64
			Thumb, Full string
		}
	}
	if err := json.Unmarshal([]byte(unitPR.get("/admin/news/photos?draft="+form.Get("draft")).body), &list); err != nil || len(list.Photos) != 1 {
		t.Fatalf("photos: %+v %v", list, err)
	}
	photo := list.Photos[0]
	form.Set("main_photo_id", itoa(photo.ID))
	created := unitPR.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "publish the news")
	newsID := strings.TrimSuffix(strings.TrimPrefix(created.header.Get("Location"), "/admin/news/"), "/edit")

	hr := ta.browser(t)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	status, up := hr.uploadFormFile("notice", "ประกาศ.pdf", testPDF())
	if status != http.StatusOK {
		t.Fatalf("pdf upload: %d %v", status, up)
	}
	pdfKey, _ := up["key"].(string)
	notice := windowForm(url.Values{"category": {"jobs"}, "headline": {"ประกาศในคลังวัตถุ"}, "file_key": {pdfKey}, "form_token": {"s3-notice-1"}})
	wantRedirect(t, hr.post("/admin/notices/new", "/admin/notices", notice), "/admin/notices", "the notice")
	noticeFile := fmt.Sprintf("/notices/%d/file", noticeID(t, ta, "ประกาศในคลังวัตถุ"))

	got["photo"] = serve(visitor, photo.Full, nil)
	got["thumb"] = serve(visitor, photo.Thumb, nil)
	got["photo 400"] = serve(visitor, photo.Full+"?w=400", nil)
	got["photo revalidated"] = serve(visitor, photo.Full, map[string]string{"If-None-Match": got["photo"].ETag})
	got["pdf"] = serve(visitor, "/media/"+pdfKey, nil)
	got["pdf range"] = serve(visitor, "/media/"+pdfKey, map[string]string{"Range": "bytes=10-99"})
	got["notice file"] = serve(visitor, noticeFile, nil)
	got["missing"] = serve(visitor, "/media/00/00/00000000000000000000000000000000.jpg", nil)

	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	wantRedirect(t, admin.post("/admin/news", "/admin/news/"+newsID+"/takedown", url.Values{"reason": {"ภาพละเมิดสิทธิ"}}), "/admin/news/", "take down")
	got["photo taken down"] = serve(visitor, photo.Full, nil)
	got["thumb taken down"] = serve(visitor, photo.Thumb, nil)
	got["pdf after takedown"] = serve(visitor, "/media/"+pdfKey, nil)
	return got
}

// TestMediaInObjectStoreServedLikeOnDisk: with NEWSROOM_MEDIA_URL naming
// a bucket on a real S3 server, photos and PDFs uploaded through the admin
// are kept in the bucket (not the data directory) and served with the same
// status, headers and bytes as from the disk: whole, in ranges, as smaller
// copies, revalidated; a takedown answers 410 for them.
func TestMediaInObjectStoreServedLikeOnDisk(t *testing.T) {
	local := mediaDay(t, newTestApp(t))
	mediaURL := s3test.Start(t)
	ta := newTestApp(t, func(c *Config) { c.MediaURL = mediaURL })
	remote := mediaDay(t, ta)

	want := map[string]int{"photo": 200, "thumb": 200, "photo 400": 200, "photo revalidated": 304, "pdf": 200,
		"pdf range": 206, "notice file": 200, "missing": 404, "photo taken down": 410, "thumb taken down": 410, "pdf after takedown": 200}
	for name, st := range want {
		if local[name].Status != st {
			t.Errorf("%s on disk: status %d, want %d", name, local[name].Status, st)
		}
		if remote[name] != local[name] {
			t.Errorf("%s:\n  from the bucket %+v\n  from the disk   %+v", name, remote[name], local[name])
		}
	}
	// The files are in the bucket, none in the data directory.
	if entries, _ := os.ReadDir(filepath.Join(ta.dataDir, "media")); len(entries) != 0 {
		t.Errorf("the data directory holds media: %v", entries)
	}
	client, err := s3test.Client(mediaURL)
	if err != nil {
		t.Fatal(err)
	}
	bucket := strings.TrimPrefix(strings.SplitN(mediaURL, "?", 2)[0], "s3://")
	out, err := client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: &bucket})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range out.Contents {
		if strings.HasPrefix(*o.Key, "media/") {
			n++
		}
	}
	if n < 3 { // photo, thumbnail, PDF
		t.Errorf("the bucket holds %d media objects, want at least 3", n)
	}
}

// TestUploadFailsCleanlyWhenTheStoreFails: an object store answering 500
// makes uploads fail with an error answer, and leaves no batch, photo or
// queued job behind.
func TestUploadFailsCleanlyWhenTheStoreFails(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		if r.Method != http.MethodHead {
			w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>x</Message></Error>`))
		}
	}))
	defer broken.Close()
	mediaURL := "s3://media?endpoint=" + url.QueryEscape(broken.URL) + "&access_key=k&secret_key=s"
	ta := newTestApp(t, func(c *Config) { c.MediaURL = mediaURL })
	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	count := func(table string) int {
		var n int
		if err := ta.db.R.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := map[string]int{}
	tables := []string{"upload_batches", "photos", "jobs"}
	for _, tb := range tables {
		before[tb] = count(tb)
	}
	form := newsForm("ข่าวที่อัปโหลดไม่สำเร็จ")
	st, res := unitPR.uploadFiles("draft="+form.Get("draft"), map[string][]byte{"ภาพ.jpg": testJPEG(t, 800, 600)})
	// (The admin answers 400 "nothing was saved, try again", as for a
	// broken-off upload.)
	if st < 400 {
		t.Fatalf("photo upload with a failing store: %d %v, want an error", st, res)
	}
	hr := ta.browser(t)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	if st, res := hr.uploadFormFile("notice", "ประกาศ.pdf", testPDF()); st < 400 {
		t.Fatalf("pdf upload with a failing store: %d %v, want an error", st, res)
	}
	for _, tb := range tables {
		if n := count(tb); n != before[tb] {
			t.Errorf("%s: %d rows after the failed uploads, %d before", tb, n, before[tb])
		}
	}
}

// TestObjectStoreRequestsPerUpload measures what uploads and visits cost
// in object-store requests (the README's capacity model quotes it): one
// photo uploaded and processed, a ZIP of ten, and a photo served to a
// visitor. The bounds keep the cost from growing unnoticed.
func TestObjectStoreRequestsPerUpload(t *testing.T) {
	mediaURL := s3test.Start(t)
	ta := newTestApp(t, func(c *Config) { c.MediaURL = mediaURL })
	store, ok := ta.app.Files.(*media.S3Storage)
	if !ok {
		t.Fatalf("the app's store is %T", ta.app.Files)
	}
	ctx := context.Background()
	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	total := func() (m map[string]int64, n int64) {
		m = store.Requests()
		for _, v := range m {
			n += v
		}
		return m, n
	}
	step := func(name string, photos int, limit float64, do func()) {
		t.Helper()
		before, n0 := total()
		do()
		after, n1 := total()
		per := float64(n1-n0) / float64(photos)
		diff := map[string]int64{}
		for k, v := range after {
			if d := v - before[k]; d != 0 {
				diff[k] = d
			}
		}
		t.Logf("%s: %d requests %v, %.1f per photo", name, n1-n0, diff, per)
		if per > limit {
			t.Errorf("%s: %.1f object-store requests per photo; the bound is %.0f", name, per, limit)
		}
	}
	form := newsForm("ข่าววัดจำนวนคำขอ")
	gallery := "draft=" + form.Get("draft")
	step("one photo uploaded and processed", 1, 12, func() {
		if st, res := unitPR.uploadFiles(gallery, map[string][]byte{"ภาพ.jpg": testJPEG(t, 1600, 1200)}); st != http.StatusAccepted {
			t.Fatalf("upload: %d %v", st, res)
		}
		if err := ta.queue.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
	})
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for i := range 10 {
		w, _ := zw.Create(fmt.Sprintf("ภาพ-%d.jpg", i))
		w.Write(testJPEG(t, 1200+i, 900))
	}
	zw.Close()
	step("a ZIP of ten photos uploaded and processed", 10, 6, func() {
		if st, res := unitPR.uploadFiles(gallery, map[string][]byte{"ชุด.zip": zb.Bytes()}); st != http.StatusAccepted {
			t.Fatalf("upload: %d %v", st, res)
		}
		if err := ta.queue.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
	})
	var list struct{ Photos []struct{ Full string } }
	if err := json.Unmarshal([]byte(unitPR.get("/admin/news/photos?"+gallery).body), &list); err != nil || len(list.Photos) != 11 {
		t.Fatalf("photos: %d %v", len(list.Photos), err)
	}
	visitor := ta.browser(t)
	step("a photo served to a visitor", 1, 2, func() {
		if got := serve(visitor, list.Photos[0].Full, nil); got.Status != http.StatusOK {
			t.Fatalf("photo: %d", got.Status)
		}
	})
}
