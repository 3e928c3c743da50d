package media

// Error paths of S3Storage against a fake server in the process: what the
// site sees when the object store fails. The behaviour on a real server is
// in s3_test.go.

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

func fakeS3(t *testing.T, h http.HandlerFunc) *S3Storage {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s, err := NewS3Storage(context.Background(), S3Config{
		Bucket: "media", Endpoint: srv.URL, AccessKey: "k", SecretKey: "s",
		SpoolDir: t.TempDir(), MaxAttempts: 1, Timeout: 500 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func s3Error(status int, code string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code><Message>x</Message></Error>`))
		}
	}
}

func TestS3ErrorPaths(t *testing.T) {
	ctx := context.Background()
	key := Key([]byte("x"), ".jpg")
	// hang answers nothing until the test's server closes.
	var released chan struct{}
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-released:
		}
	}
	for _, tc := range []struct {
		name     string
		h        http.HandlerFunc
		notExist bool // a missing object: 404s and 410s as on disk
		// A HEAD has no body to tell a missing bucket from a missing key:
		// reads of a missing bucket look like missing files (its writes
		// and listings fail).
		headNotExist bool
	}{
		{"server error", s3Error(500, "InternalError"), false, false},
		{"access denied", s3Error(403, "AccessDenied"), false, false},
		{"missing bucket", s3Error(404, "NoSuchBucket"), false, true},
		{"missing key", s3Error(404, "NoSuchKey"), true, true},
		{"no answer", hang, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fakeS3(t, tc.h)
			released = make(chan struct{})
			t.Cleanup(func() { close(released) }) // before the server's Close
			if err := s.Put(ctx, key, []byte("x")); err == nil && !tc.notExist {
				t.Error("Put succeeded")
			}
			_, _, err := s.Open(key)
			if err == nil || errors.Is(err, fs.ErrNotExist) != tc.headNotExist {
				t.Errorf("Open = %v, want an error (not-exist %v)", err, tc.headNotExist)
			}
			_, err = s.OpenStaged(ctx, "b/0")
			if err == nil || errors.Is(err, fs.ErrNotExist) != tc.headNotExist {
				t.Errorf("OpenStaged = %v, want an error (not-exist %v)", err, tc.headNotExist)
			}
			if _, _, err := s.PutStaged(ctx, "b", "0", bytes.NewReader([]byte("upload"))); err == nil {
				t.Error("PutStaged succeeded")
			}
			if left, _ := os.ReadDir(s.spool); len(left) != 0 {
				t.Errorf("a failed PutStaged left %d spool files", len(left))
			}
			if err := s.Walk(func(string, fs.FileInfo) error { return nil }); err == nil {
				t.Error("Walk succeeded")
			}
			if err := s.WalkStaged(ctx, func(StagedInfo) error { return nil }); err == nil {
				t.Error("WalkStaged succeeded")
			}
			if err := s.DeleteStaged(ctx, "b"); err == nil {
				t.Error("DeleteStaged succeeded")
			}
		})
	}
}

// A spool file is litter only once old: SweepTemp keeps younger ones and
// anything not its own.
func TestS3SweepTempRemovesOldSpoolFiles(t *testing.T) {
	s := fakeS3(t, s3Error(500, "InternalError"))
	now := time.Now()
	for name, age := range map[string]time.Duration{spoolPrefix + "old": 2 * time.Hour, spoolPrefix + "young": time.Minute, "other": 2 * time.Hour} {
		p := s.spool + "/" + name
		os.WriteFile(p, []byte("x"), 0o600)
		os.Chtimes(p, now.Add(-age), now.Add(-age))
	}
	n, err := s.SweepTemp(now, time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("SweepTemp = %d, %v; want 1", n, err)
	}
	left, _ := os.ReadDir(s.spool)
	if len(left) != 2 {
		t.Fatalf("left %v", left)
	}
}

func TestParseS3URL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want S3Config
		err  bool
	}{
		{url: "s3://media", want: S3Config{Bucket: "media"}},
		{url: "s3://media?endpoint=http://127.0.0.1:8333&region=eu-west-1&prefix=/site/a/", want: S3Config{Bucket: "media", Endpoint: "http://127.0.0.1:8333", Region: "eu-west-1", Prefix: "site/a/"}},
		{url: "s3://media?access_key=AK&secret_key=SK", want: S3Config{Bucket: "media", AccessKey: "AK", SecretKey: "SK"}},
		{url: "s3://media?access_key=AK", err: true},
		{url: "s3://media?endpoint=ftp://x", err: true},
		{url: "s3://media?endpoint=127.0.0.1:8333", err: true},
		{url: "s3://media?prefix=../x", err: true},
		{url: "s3://media?regoin=x", err: true},
		{url: "s3://media?region=a&region=b", err: true},
		{url: "s3://Media", err: true},
		{url: "s3://me", err: true},
		{url: "s3://-media", err: true},
		{url: "s3://media/path", err: true},
		{url: "s3://user:pass@media", err: true},
		{url: "http://media", err: true},
		{url: "/srv/media", err: true},
		{url: "s3://", err: true},
	} {
		got, err := ParseS3URL(tc.url)
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("ParseS3URL(%q) = %+v, %v; want %+v, error %v", tc.url, got, err, tc.want, tc.err)
		}
		if err != nil && bytes.Contains([]byte(err.Error()), []byte("pass")) {
			t.Errorf("ParseS3URL(%q): the error shows a secret: %v", tc.url, err)
		}
	}
}

func FuzzParseS3URL(f *testing.F) {
	f.Add("s3://media?endpoint=http://127.0.0.1:8333&region=us-east-1&prefix=site/")
	f.Add("s3://a.b-c?access_key=x&secret_key=y")
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseS3URL(raw)
		if err != nil {
			return
		}
		if !validBucket(c.Bucket) {
			t.Fatalf("accepted bucket %q", c.Bucket)
		}
		if c.Prefix != "" && (!fs.ValidPath(c.Prefix[:len(c.Prefix)-1]) || c.Prefix[len(c.Prefix)-1] != '/') {
			t.Fatalf("accepted prefix %q", c.Prefix)
		}
	})
}
