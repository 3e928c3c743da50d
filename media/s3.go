package media

// s3.go keeps the media in a bucket of an S3-compatible object store, so
// several instances of the site can share them:
//
//	<prefix>media/<key>                processed files (Put, Open, Delete, Walk)
//	<prefix>staging/<batch>/<name>     uploads waiting for the photo workers
//
// Reads never download a whole object to serve part of it: Open returns a
// reader that fetches the object in ranged GETs of growing windows (1 MiB,
// doubling up to 16 MiB) from wherever the reader was seeked to, so
// http.ServeContent answering "Range: bytes=…" of a big PDF transfers at
// most one window past the range. A staged object is read in place through
// ranged GETs of 1 MiB blocks, the last few kept in memory, which is what
// a ZIP's directory and entries need.
//
// PutObject replaces an object atomically: a reader sees the old object or
// the new one, never part of one. An upload being staged (a stream of
// unknown length) is first spooled to a temporary file in SpoolDir and then
// sent with one PutObject, so no multipart upload is ever left unfinished in
// the bucket; SweepTemp removes spool files of a killed server.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3Config says where an S3Storage keeps its objects.
type S3Config struct {
	Bucket   string
	Endpoint string // "" for AWS itself; set: path-style addressing at this URL
	Region   string // default us-east-1
	Prefix   string // key prefix inside the bucket ("" or "site/")
	// AccessKey and SecretKey, when both set, are the credentials; else the
	// SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, shared
	// config, instance role) finds them.
	AccessKey, SecretKey string
	// SpoolDir holds uploads while they are sent (os.TempDir() when "").
	SpoolDir string
	// MaxAttempts bounds the SDK's tries of one request (0: its default, 3).
	MaxAttempts int
	// Timeout bounds each request's wait for the response headers, and each
	// whole request that carries no stream (0: 30s).
	Timeout time.Duration
}

// ParseS3URL reads a media URL:
//
//	s3://bucket?endpoint=http://127.0.0.1:8333&region=us-east-1&prefix=site/&access_key=…&secret_key=…
//
// Every query parameter is optional; unknown ones are refused so a typo is
// not silently ignored.
func ParseS3URL(raw string) (S3Config, error) {
	var c S3Config
	u, err := url.Parse(raw)
	if err != nil {
		return c, fmt.Errorf("media URL: %w", err)
	}
	if u.Scheme != "s3" {
		return c, fmt.Errorf("media URL %q: only s3:// URLs are supported (leave it empty for the data directory)", redactS3URL(u))
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") {
		return c, fmt.Errorf("media URL %q: give s3://bucket?…; put credentials in access_key/secret_key or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment", redactS3URL(u))
	}
	c.Bucket = u.Host
	if !validBucket(c.Bucket) {
		return c, fmt.Errorf("media URL: bucket %q is not a valid bucket name", c.Bucket)
	}
	q := u.Query()
	for k, vs := range q {
		if len(vs) != 1 {
			return c, fmt.Errorf("media URL: %s given %d times", k, len(vs))
		}
		v := vs[0]
		switch k {
		case "endpoint":
			e, err := url.Parse(v)
			if err != nil || (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" {
				return c, fmt.Errorf("media URL: endpoint %q must be an http or https URL", v)
			}
			c.Endpoint = strings.TrimRight(v, "/")
		case "region":
			c.Region = v
		case "prefix":
			p := strings.Trim(v, "/")
			if p != "" && (!fs.ValidPath(p) || len(p) > 200) {
				return c, fmt.Errorf("media URL: prefix %q is not a plain path", v)
			}
			if p != "" {
				c.Prefix = p + "/"
			}
		case "access_key":
			c.AccessKey = v
		case "secret_key":
			c.SecretKey = v
		default:
			return c, fmt.Errorf("media URL: unknown parameter %q (endpoint, region, prefix, access_key, secret_key)", k)
		}
	}
	if (c.AccessKey == "") != (c.SecretKey == "") {
		return c, errors.New("media URL: give both access_key and secret_key, or neither")
	}
	return c, nil
}

// redactS3URL is u without anything secret, for messages.
func redactS3URL(u *url.URL) string {
	r := *u
	r.User = nil
	r.RawQuery = ""
	return r.String()
}

// validBucket accepts S3's bucket names: 3-63 lower-case letters, digits,
// dots and hyphens, starting and ending with a letter or digit.
func validBucket(b string) bool {
	if len(b) < 3 || len(b) > 63 {
		return false
	}
	for i, r := range b {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || (r == '-' || r == '.') && i > 0 && i < len(b)-1
		if !ok {
			return false
		}
	}
	return true
}

// S3Storage keeps media in an S3-compatible bucket (see the top of s3.go).
type S3Storage struct {
	client  *s3.Client
	bucket  string
	prefix  string
	spool   string
	timeout time.Duration
	counts  *requestCounts
}

// requestCounts counts the HTTP requests sent to the object store by
// method (GET, PUT, HEAD, DELETE, POST), retries included: what an upload
// or a page costs in requests, for the capacity model and its test.
type requestCounts struct{ get, put, head, del, other atomic.Int64 }

// countingClient is the SDK's HTTP client, counting requests.
type countingClient struct {
	inner interface {
		Do(*http.Request) (*http.Response, error)
	}
	counts *requestCounts
}

func (c countingClient) Do(r *http.Request) (*http.Response, error) {
	switch r.Method {
	case http.MethodGet:
		c.counts.get.Add(1)
	case http.MethodPut:
		c.counts.put.Add(1)
	case http.MethodHead:
		c.counts.head.Add(1)
	case http.MethodDelete:
		c.counts.del.Add(1)
	default:
		c.counts.other.Add(1)
	}
	return c.inner.Do(r)
}

// Requests is how many requests of each method the store has sent.
func (s *S3Storage) Requests() map[string]int64 {
	return map[string]int64{"GET": s.counts.get.Load(), "PUT": s.counts.put.Load(), "HEAD": s.counts.head.Load(),
		"DELETE": s.counts.del.Load(), "other": s.counts.other.Load()}
}

// NewS3Storage connects to the bucket cfg names. It makes no request: a
// wrong endpoint or missing bucket shows on first use.
func NewS3Storage(ctx context.Context, cfg S3Config) (*S3Storage, error) {
	if !validBucket(cfg.Bucket) {
		return nil, fmt.Errorf("media: bucket %q is not a valid bucket name", cfg.Bucket)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	timeout := cfg.Timeout
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.ResponseHeaderTimeout = timeout
	})
	counts := &requestCounts{}
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(cfg.Region),
		config.WithHTTPClient(httpClient),
	}
	if cfg.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, "")))
	}
	if cfg.MaxAttempts > 0 {
		opts = append(opts, config.WithRetryMaxAttempts(cfg.MaxAttempts))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("media: S3 configuration: %w", err)
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		o.HTTPClient = countingClient{inner: o.HTTPClient, counts: counts}
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
			o.UsePathStyle = true
		}
		// Checksums only where S3 requires them: S3-compatible servers
		// do not all understand the newer trailing checksums.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	spool := cfg.SpoolDir
	if spool == "" {
		spool = os.TempDir()
	}
	return &S3Storage{client: client, bucket: cfg.Bucket, prefix: cfg.Prefix, spool: spool, timeout: cfg.Timeout, counts: counts}, nil
}

func (s *S3Storage) mediaObject(key string) string { return s.prefix + "media/" + key }

func (s *S3Storage) stagedObject(key string) string { return s.prefix + "staging/" + key }

// opCtx bounds a request that carries no stream.
func (s *S3Storage) opCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

// isNotFound reports whether err is S3's answer for a missing object (and
// not for a missing bucket, which is a configuration error to show as one).
func isNotFound(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "NoSuchBucket":
			return false
		case "NoSuchKey", "NotFound":
			return true
		}
	}
	var nk *types.NoSuchKey
	if errors.As(err, &nk) {
		return true
	}
	var re *awshttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound && (ae == nil || ae.ErrorCode() != "NoSuchBucket")
}

// s3Err wraps err for op on what, adding fs.ErrNotExist for a missing object.
func s3Err(op, what string, err error) error {
	if isNotFound(err) {
		return fmt.Errorf("media: %s %s: %w (%w)", op, what, fs.ErrNotExist, err)
	}
	return fmt.Errorf("media: %s %s: %w", op, what, err)
}

// Put stores data under key with one PutObject (atomic for readers).
func (s *S3Storage) Put(ctx context.Context, key string, data []byte) error {
	if !ValidKey(key) {
		return fmt.Errorf("media: bad key %q", key)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout+time.Duration(len(data)>>20)*time.Second)
	defer cancel()
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        &s.bucket,
		Key:           aws.String(s.mediaObject(key)),
		Body:          bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))),
		ContentType:   aws.String(contentType(key)),
	})
	if err != nil {
		return s3Err("put", key, err)
	}
	return nil
}

func contentType(key string) string {
	switch path.Ext(key) {
	case ".jpg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".pdf":
		return "application/pdf"
	}
	return "application/octet-stream"
}

// head returns an object's size and last change.
func (s *S3Storage) head(ctx context.Context, object, what string) (int64, time.Time, error) {
	ctx, cancel := s.opCtx(ctx)
	defer cancel()
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &object})
	if err != nil {
		return 0, time.Time{}, s3Err("open", what, err)
	}
	return aws.ToInt64(out.ContentLength), aws.ToTime(out.LastModified), nil
}

// Open returns a reader of the stored file that fetches it in ranged GETs
// as it is read (see the top of this file). Storage.Open takes no context:
// each request is bounded by the storage's timeout instead.
func (s *S3Storage) Open(key string) (io.ReadSeekCloser, int64, error) {
	if !ValidKey(key) {
		return nil, 0, fs.ErrNotExist
	}
	size, _, err := s.head(context.Background(), s.mediaObject(key), key)
	if err != nil {
		return nil, 0, err
	}
	return &s3Reader{s: s, object: s.mediaObject(key), what: key, size: size, window: minWindow}, size, nil
}

const (
	minWindow = 1 << 20
	maxWindow = 16 << 20
)

// s3Reader reads an object from its offset through a window of it: one
// ranged GET, read to its end before the next one is asked for. A seek
// elsewhere drops the window.
type s3Reader struct {
	s      *S3Storage
	object string
	what   string
	size   int64
	off    int64 // where the next Read reads

	body    io.ReadCloser // the current window, nil when none
	bodyOff int64         // the offset body's next byte has
	bodyEnd int64         // the end of the current window
	cancel  context.CancelFunc
	window  int64 // the size of the next window
}

func (r *s3Reader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	if r.body == nil || r.bodyOff != r.off || r.bodyOff >= r.bodyEnd {
		if err := r.fetch(); err != nil {
			return 0, err
		}
	}
	if rest := r.bodyEnd - r.bodyOff; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := r.body.Read(p)
	r.bodyOff += int64(n)
	r.off += int64(n)
	if errors.Is(err, io.EOF) {
		if r.bodyOff < r.bodyEnd {
			err = fmt.Errorf("media: read %s: %w", r.what, io.ErrUnexpectedEOF)
		} else {
			err = nil
		}
		r.drop()
	} else if err != nil {
		r.drop()
		err = fmt.Errorf("media: read %s: %w", r.what, err)
	}
	if err == nil && r.bodyOff >= r.bodyEnd {
		r.drop()
	}
	return n, err
}

// fetch starts a window at r.off.
func (r *s3Reader) fetch() error {
	r.drop()
	end := min(r.off+r.window, r.size)
	r.window = min(r.window*2, maxWindow)
	ctx, cancel := context.WithCancel(context.Background())
	// A window is a stream: the header wait is bounded by the transport,
	// the body by the reader's pace, so no overall deadline here.
	out, err := r.s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: &r.s.bucket,
		Key:    &r.object,
		Range:  aws.String(fmt.Sprintf("bytes=%d-%d", r.off, end-1)),
	})
	if err != nil {
		cancel()
		return s3Err("read", r.what, err)
	}
	r.body, r.bodyOff, r.bodyEnd, r.cancel = out.Body, r.off, end, cancel
	return nil
}

func (r *s3Reader) drop() {
	if r.body != nil {
		r.body.Close()
		r.cancel()
		r.body, r.cancel = nil, nil
	}
}

func (r *s3Reader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return r.off, errors.New("media: seek: bad whence")
	}
	if offset < 0 {
		return r.off, errors.New("media: seek: negative position")
	}
	r.off = offset
	return offset, nil
}

func (r *s3Reader) Close() error {
	r.drop()
	return nil
}

// Delete removes key; S3 answers a missing key with success too.
func (s *S3Storage) Delete(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("media: bad key %q", key)
	}
	ctx, cancel := s.opCtx(ctx)
	defer cancel()
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: aws.String(s.mediaObject(key))}); err != nil && !isNotFound(err) {
		return s3Err("delete", key, err)
	}
	return nil
}

// list calls fn for every object under prefix, page by page.
func (s *S3Storage) list(ctx context.Context, prefix string, fn func(types.Object) error) error {
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &prefix})
	for p.HasMorePages() {
		octx, cancel := s.opCtx(ctx)
		page, err := p.NextPage(octx)
		cancel()
		if err != nil {
			return fmt.Errorf("media: list %s: %w", prefix, err)
		}
		for _, o := range page.Contents {
			if err := fn(o); err != nil {
				return err
			}
		}
	}
	return nil
}

// Walk calls fn for every object under media/ (the orphan sweep and the
// backup use it). Storage.Walk takes no context: fn stops the listing by
// returning an error.
func (s *S3Storage) Walk(fn func(key string, info fs.FileInfo) error) error {
	root := s.mediaObject("")
	return s.list(context.Background(), root, func(o types.Object) error {
		key := strings.TrimPrefix(aws.ToString(o.Key), root)
		return fn(key, objectInfo{name: path.Base(key), size: aws.ToInt64(o.Size), mod: aws.ToTime(o.LastModified)})
	})
}

// objectInfo is an object as an fs.FileInfo.
type objectInfo struct {
	name string
	size int64
	mod  time.Time
}

func (i objectInfo) Name() string       { return i.name }
func (i objectInfo) Size() int64        { return i.size }
func (i objectInfo) Mode() fs.FileMode  { return 0o444 }
func (i objectInfo) ModTime() time.Time { return i.mod }
func (i objectInfo) IsDir() bool        { return false }
func (i objectInfo) Sys() any           { return nil }

// spoolPrefix names the spool files SweepTemp may remove.
const spoolPrefix = ".tmp-s3-"

// SweepTemp removes spool files older than age (a server killed while
// sending an upload leaves its file). Nothing is ever half-written in the
// bucket: S3Storage uses no multipart uploads, and PutObject is atomic.
func (s *S3Storage) SweepTemp(now time.Time, age time.Duration) (int, error) {
	entries, err := os.ReadDir(s.spool)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("media: sweep spool: %w", err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasPrefix(e.Name(), spoolPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) <= age {
			continue
		}
		if err := os.Remove(filepath.Join(s.spool, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("media: sweep spool: %w", err)
		}
		n++
	}
	return n, nil
}

// PutStaged spools r to a temporary file, then stores it with one
// PutObject. An object already under the key is refused.
func (s *S3Storage) PutStaged(ctx context.Context, batch, name string, r io.Reader) (string, int64, error) {
	key := StagedKey(batch, name)
	if _, _, ok := SplitStagedKey(key); !ok {
		return "", 0, fmt.Errorf("media: bad staged key %q: %w", key, fs.ErrNotExist)
	}
	object := s.stagedObject(key)
	if _, _, err := s.head(ctx, object, key); err == nil {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	if err := os.MkdirAll(s.spool, 0o750); err != nil {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	f, err := os.CreateTemp(s.spool, spoolPrefix+"*")
	if err != nil {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err != nil {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	pctx, cancel := context.WithTimeout(ctx, s.timeout+time.Duration(n>>20)*time.Second)
	defer cancel()
	_, err = s.client.PutObject(pctx, &s3.PutObjectInput{
		Bucket:        &s.bucket,
		Key:           &object,
		Body:          f,
		ContentLength: aws.Int64(n),
	})
	if err != nil {
		return "", 0, s3Err("stage", key, err)
	}
	return key, n, nil
}

// OpenStaged opens a staged object for reading in place through ranged GETs.
func (s *S3Storage) OpenStaged(ctx context.Context, key string) (StagedObject, error) {
	if _, _, ok := SplitStagedKey(key); !ok {
		return nil, fmt.Errorf("media: bad staged key %q: %w", key, fs.ErrNotExist)
	}
	object := s.stagedObject(key)
	size, _, err := s.head(ctx, object, key)
	if err != nil {
		return nil, err
	}
	return &s3Staged{s: s, ctx: ctx, object: object, what: key, size: size}, nil
}

const (
	stagedBlock  = 1 << 20
	stagedBlocks = 4 // blocks kept in memory per open object
)

// s3Staged reads a staged object in blocks of stagedBlock bytes, keeping the
// last stagedBlocks: a ZIP reader's many small reads become few GETs.
type s3Staged struct {
	s      *S3Storage
	ctx    context.Context
	object string
	what   string
	size   int64

	mu     sync.Mutex
	blocks []stagedBlockData // most recently used last
}

type stagedBlockData struct {
	n    int64 // block number
	data []byte
}

func (o *s3Staged) Size() int64  { return o.size }
func (o *s3Staged) Close() error { return nil }

func (o *s3Staged) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("media: read staged: negative offset")
	}
	read := 0
	for read < len(p) {
		pos := off + int64(read)
		if pos >= o.size {
			return read, io.EOF
		}
		b, err := o.block(pos / stagedBlock)
		if err != nil {
			return read, err
		}
		read += copy(p[read:], b[pos%stagedBlock:])
	}
	return read, nil
}

// block returns block n, from memory or with one ranged GET.
func (o *s3Staged) block(n int64) ([]byte, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, b := range o.blocks {
		if b.n == n {
			o.blocks = append(append(o.blocks[:i:i], o.blocks[i+1:]...), b)
			return b.data, nil
		}
	}
	if err := o.ctx.Err(); err != nil {
		return nil, err
	}
	start := n * stagedBlock
	end := min(start+stagedBlock, o.size)
	ctx, cancel := o.s.opCtx(o.ctx)
	defer cancel()
	out, err := o.s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: &o.s.bucket,
		Key:    &o.object,
		Range:  aws.String(fmt.Sprintf("bytes=%d-%d", start, end-1)),
	})
	if err != nil {
		return nil, s3Err("read staged", o.what, err)
	}
	defer out.Body.Close()
	data := make([]byte, end-start)
	if _, err := io.ReadFull(out.Body, data); err != nil {
		return nil, fmt.Errorf("media: read staged %s: %w", o.what, err)
	}
	if len(o.blocks) >= stagedBlocks {
		o.blocks = append(o.blocks[:0], o.blocks[1:]...)
	}
	o.blocks = append(o.blocks, stagedBlockData{n: n, data: data})
	return data, nil
}

// DeleteStaged removes every object of batch.
func (s *S3Storage) DeleteStaged(ctx context.Context, batch string) error {
	if !validStagedPart(batch) {
		return fmt.Errorf("media: bad staging batch %q", batch)
	}
	var objects []string
	err := s.list(ctx, s.stagedObject(batch+"/"), func(o types.Object) error {
		objects = append(objects, aws.ToString(o.Key))
		return nil
	})
	if err != nil {
		return fmt.Errorf("media: delete staged %s: %w", batch, err)
	}
	for _, obj := range objects {
		dctx, cancel := s.opCtx(ctx)
		_, err := s.client.DeleteObject(dctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: aws.String(obj)})
		cancel()
		if err != nil && !isNotFound(err) {
			return fmt.Errorf("media: delete staged %s: %w", batch, err)
		}
	}
	return nil
}

// WalkStaged reports every object under staging/<batch>/. Objects that no
// valid batch holds cannot be made through this interface and are skipped.
func (s *S3Storage) WalkStaged(ctx context.Context, fn func(StagedInfo) error) error {
	root := s.stagedObject("")
	return s.list(ctx, root, func(o types.Object) error {
		rel := strings.TrimPrefix(aws.ToString(o.Key), root)
		batch, _, ok := strings.Cut(rel, "/")
		if !ok || !validStagedPart(batch) {
			return nil
		}
		info := StagedInfo{Batch: batch, Size: aws.ToInt64(o.Size), Modified: aws.ToTime(o.LastModified)}
		if _, _, ok := SplitStagedKey(rel); ok {
			info.Key = rel
		}
		return fn(info)
	})
}
