// Package s3test gives tests a real S3-compatible server: SeaweedFS's
// `weed`, started for the test (or the one NEWSROOM_TEST_S3_URL names), with
// a fresh bucket for each caller.
//
// The weed binary is found at $NEWSROOM_WEED, else at the path .ci/weed.sh
// caches it to (/var/cache/newsroom-ci/weed), else on PATH. Without one the
// test is skipped, unless CI=true or NEWSROOM_TEST_BACKENDS contains "s3",
// where it fails.
package s3test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The credentials of the servers s3test starts (weed's admin identity from
// its environment).
const (
	AccessKey = "newsroomtest"
	SecretKey = "newsroomtestsecret"
)

// DefaultWeed is where .ci/weed.sh leaves the binary.
const DefaultWeed = "/var/cache/newsroom-ci/weed"

// Required reports whether a missing S3 server is a failure rather than a
// skip: under CI, or when NEWSROOM_TEST_BACKENDS names s3.
func Required() bool {
	if os.Getenv("CI") == "true" {
		return true
	}
	for _, b := range strings.FieldsFunc(os.Getenv("NEWSROOM_TEST_BACKENDS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		if b == "s3" {
			return true
		}
	}
	return false
}

// WeedBinary returns the weed binary to run, "" when there is none.
func WeedBinary() string {
	for _, p := range []string{os.Getenv("NEWSROOM_WEED"), DefaultWeed} {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	if p, err := exec.LookPath("weed"); err == nil {
		return p
	}
	return ""
}

// Start returns a media URL (s3://bucket?endpoint=…) of a new, empty bucket
// on a running S3 server: the one NEWSROOM_TEST_S3_URL names (its bucket
// part is ignored), or a weed server started for this test and stopped at
// its end.
func Start(t testing.TB) string {
	t.Helper()
	if os.Getenv("NEWSROOM_TEST_S3") == "skip" {
		// .ci/run's first run: the S3 tests run in its backend run, against
		// the server it starts once weed is built.
		t.Skip("NEWSROOM_TEST_S3=skip: the S3 tests run in the backend run")
	}
	base := os.Getenv("NEWSROOM_TEST_S3_URL")
	if base == "" {
		bin := WeedBinary()
		if bin == "" {
			msg := "s3test: no weed binary (run .ci/weed.sh, or set NEWSROOM_WEED or NEWSROOM_TEST_S3_URL)"
			if Required() {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
		srv, err := StartWeed(bin, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Stop() })
		base = srv.URL("x")
	}
	return Bucket(t, base)
}

// Bucket returns the media URL of a new, empty bucket on the server of
// mediaURL (another bucket for the same test), removed at the test's end.
func Bucket(t testing.TB, mediaURL string) string {
	t.Helper()
	u, err := url.Parse(mediaURL)
	if err != nil || u.Scheme != "s3" {
		t.Fatalf("s3test: %q: want s3://bucket?endpoint=…", mediaURL)
	}
	u.Host = newBucketName()
	client, err := Client(u.String())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := retry(ctx, func() error {
		_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(u.Host)})
		return err
	}); err != nil {
		t.Fatalf("s3test: create bucket %s: %v", u.Host, err)
	}
	t.Cleanup(func() { emptyAndDelete(client, u.Host) })
	// A server just started (or a bucket just made) may refuse writes until
	// its storage is ready: wait until one succeeds.
	probe := aws.String("s3test-probe")
	if err := retry(ctx, func() error {
		_, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(u.Host), Key: probe, Body: bytes.NewReader([]byte("ok")), ContentLength: aws.Int64(2)})
		return err
	}); err != nil {
		t.Fatalf("s3test: bucket %s takes no writes: %v", u.Host, err)
	}
	if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(u.Host), Key: probe}); err != nil {
		t.Fatalf("s3test: bucket %s: %v", u.Host, err)
	}
	return u.String()
}

var bucketSeq struct {
	sync.Mutex
	n int
}

func newBucketName() string {
	b := make([]byte, 4)
	rand.Read(b)
	bucketSeq.Lock()
	bucketSeq.n++
	n := bucketSeq.n
	bucketSeq.Unlock()
	return fmt.Sprintf("test-%s-%d", hex.EncodeToString(b), n)
}

// Client returns an S3 client for the server and credentials of a media URL
// (endpoint, region, access_key, secret_key), for tests that look at the
// bucket directly.
func Client(mediaURL string) (*s3.Client, error) {
	u, err := url.Parse(mediaURL)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	region := q.Get("region")
	if region == "" {
		region = "us-east-1"
	}
	ak, sk := q.Get("access_key"), q.Get("secret_key")
	if ak == "" {
		ak, sk = os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	}
	endpoint := q.Get("endpoint")
	if endpoint == "" {
		return nil, errors.New("s3test: the URL has no endpoint")
	}
	return s3.New(s3.Options{
		Region:                     region,
		BaseEndpoint:               aws.String(endpoint),
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticCredentialsProvider(ak, sk, ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	}), nil
}

// emptyAndDelete removes a test's bucket; a failure only leaves litter on a
// server that is thrown away anyway.
func emptyAndDelete(client *s3.Client, bucket string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: &bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return
		}
		for _, o := range page.Contents {
			client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: o.Key})
		}
	}
	client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket})
}

// Server is a running weed server.
type Server struct {
	cmd      *exec.Cmd
	endpoint string
	done     chan struct{}
	log      *os.File
}

// URL is the media URL of bucket on the server.
func (s *Server) URL(bucket string) string {
	q := url.Values{"endpoint": {s.endpoint}, "region": {"us-east-1"}, "access_key": {AccessKey}, "secret_key": {SecretKey}}
	return "s3://" + bucket + "?" + q.Encode()
}

// Endpoint is the server's S3 address (http://127.0.0.1:port).
func (s *Server) Endpoint() string { return s.endpoint }

// StartWeed starts `weed server` with S3 on free loopback ports, keeping its
// data in dir, and waits until it stores an object.
func StartWeed(bin, dir string) (*Server, error) {
	ports, err := freePorts(8)
	if err != nil {
		return nil, err
	}
	p := func(i int) string { return strconv.Itoa(ports[i]) }
	data := filepath.Join(dir, "weed")
	if err := os.MkdirAll(data, 0o750); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "weed.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "server",
		"-dir="+data, "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
		"-master.port="+p(0), "-master.port.grpc="+p(1),
		"-master.telemetry=false", "-master.volumeSizeLimitMB=64",
		"-volume.port="+p(2), "-volume.port.grpc="+p(3), "-volume.max=0",
		"-filer", "-filer.port="+p(4), "-filer.port.grpc="+p(5),
		"-s3", "-s3.port="+p(6), "-s3.port.grpc="+p(7),
	)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+AccessKey, "AWS_SECRET_ACCESS_KEY="+SecretKey)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("s3test: start weed: %w", err)
	}
	s := &Server{cmd: cmd, endpoint: "http://127.0.0.1:" + p(6), done: make(chan struct{}), log: logf}
	go func() { cmd.Wait(); close(s.done) }()
	if err := s.waitReady(3 * time.Minute); err != nil {
		s.Stop()
		tail, _ := os.ReadFile(logf.Name())
		if len(tail) > 4000 {
			tail = tail[len(tail)-4000:]
		}
		return nil, fmt.Errorf("s3test: weed did not become ready: %w\n%s", err, tail)
	}
	return s, nil
}

// waitReady polls until an object can be stored and read back (the S3
// gateway answers before the volume server has joined).
func (s *Server) waitReady(limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	client, err := Client(s.URL("x"))
	if err != nil {
		return err
	}
	bucket := "s3test-ready"
	return retry(ctx, func() error {
		select {
		case <-s.done:
			return errStopped
		default:
		}
		octx, ocancel := context.WithTimeout(ctx, 10*time.Second)
		defer ocancel()
		if _, err := client.HeadBucket(octx, &s3.HeadBucketInput{Bucket: &bucket}); err != nil {
			if _, err := client.CreateBucket(octx, &s3.CreateBucketInput{Bucket: &bucket}); err != nil {
				return err
			}
		}
		_, err := client.PutObject(octx, &s3.PutObjectInput{Bucket: &bucket, Key: aws.String("ready"), Body: bytes.NewReader([]byte("ok")), ContentLength: aws.Int64(2)})
		return err
	})
}

var errStopped = errors.New("weed exited")

// retry calls fn until it succeeds, ctx ends or the server exits.
func retry(ctx context.Context, fn func() error) error {
	for {
		err := fn()
		if err == nil || errors.Is(err, errStopped) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop ends the server at once: its data is thrown away with it.
func (s *Server) Stop() {
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
	s.log.Close()
}

// freePorts returns n distinct free TCP ports on the loopback interface.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
