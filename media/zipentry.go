package media

// zipentry.go reads one listed photo out of the archive, never more than
// its header declares, and tells the user's broken archive from our own
// failing disk.

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

// ZipEntry is where a photo listed by ReadZip lies in its archive and what
// the central directory declares about it: enough to read the photo again
// without parsing the directory. It is JSON, for job payloads.
type ZipEntry struct {
	Path       string `json:"path"`       // as ZipPhoto.Path, for messages
	Offset     int64  `json:"offset"`     // of the entry's compressed data
	Method     uint16 `json:"method"`     // zip.Store or zip.Deflate
	Compressed int64  `json:"compressed"` // bytes of compressed data
	Size       int64  `json:"size"`       // declared uncompressed size
	CRC32      uint32 `json:"crc32"`      // 0: not checked
}

// Open returns the entry's content, reading at most the declared size and
// at most MaxEntry; reading more (a lying header, a bomb) returns a
// *FileError media.zip_bomb, broken data media.zip_corrupt_entry. The CRC
// is checked when the reader reaches io.EOF.
func (p ZipPhoto) Open() (io.ReadCloser, error) {
	if p.ra == nil {
		return nil, fmt.Errorf("media: zip photo %q: not listed by ReadZip", p.Path)
	}
	return openZipEntry(p.ra, p.entry, p.max)
}

// OpenZipEntry reads the photo e (from ZipPhoto.Entry) out of ra, the same
// archive ReadZip listed, exactly as ZipPhoto.Open does. It reads only the
// entry's data: the central directory is not parsed again. lim must be the
// limits the archive was listed with (zero fields are the defaults).
func OpenZipEntry(ra io.ReaderAt, e ZipEntry, lim ZipLimits) (io.ReadCloser, error) {
	return openZipEntry(&zipSource{ra: ra}, e, lim.withDefaults().MaxEntry)
}

// openZipEntry does what zip.File.Open does after the directory: the
// compressed bytes, decompressed, checked against the declared size and
// CRC. src is a *zipSource, so disk errors stay apart from corrupt data.
func openZipEntry(src io.ReaderAt, e ZipEntry, maxEntry int64) (io.ReadCloser, error) {
	if e.Offset < 0 || e.Compressed < 0 || e.Size < 0 {
		return nil, fileErr("media.zip_corrupt_entry", e.Path)
	}
	data := io.NewSectionReader(src, e.Offset, e.Compressed)
	var rc io.ReadCloser
	switch e.Method {
	case zip.Store:
		rc = io.NopCloser(data)
	case zip.Deflate:
		rc = flate.NewReader(bufio.NewReaderSize(data, 32<<10))
	default:
		return nil, fileErr("media.zip_unsupported_method")
	}
	cr := &zipChecksumReader{rc: rc, hash: crc32.NewIEEE(), size: e.Size, crc: e.CRC32}
	return &zipEntryReader{rc: cr, left: min(e.Size, maxEntry), path: e.Path}, nil
}

// zipChecksumReader fails with zip.ErrFormat on more data than declared,
// io.ErrUnexpectedEOF on less and zip.ErrChecksum on a wrong CRC, as
// archive/zip does.
type zipChecksumReader struct {
	rc    io.ReadCloser
	hash  hash.Hash32
	nread int64
	size  int64
	crc   uint32
	err   error
}

func (r *zipChecksumReader) Read(b []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.rc.Read(b)
	r.hash.Write(b[:n])
	r.nread += int64(n)
	if r.nread > r.size {
		r.err = zip.ErrFormat
		return 0, r.err
	}
	switch {
	case err == io.EOF && r.nread != r.size:
		err = io.ErrUnexpectedEOF
	case err == io.EOF && r.crc != 0 && r.hash.Sum32() != r.crc:
		err = zip.ErrChecksum
	}
	r.err = err
	return n, err
}

func (r *zipChecksumReader) Close() error { return r.rc.Close() }

// zipEntryReader passes through exactly the declared bytes of an entry and
// turns one byte more into media.zip_bomb.
type zipEntryReader struct {
	rc   io.ReadCloser
	left int64
	path string
	err  error
}

func (r *zipEntryReader) Read(b []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.left == 0 {
		r.err = r.probeEnd()
		return 0, r.err
	}
	if int64(len(b)) > r.left {
		b = b[:r.left]
	}
	n, err := r.rc.Read(b)
	r.left -= int64(n)
	switch {
	case err == io.EOF && r.left > 0:
		r.err = fileErr("media.zip_corrupt_entry", r.path)
	case err == io.EOF:
		r.err = io.EOF
	case err != nil:
		r.err = zipReadErr(err, r.path)
	}
	return n, r.err
}

// probeEnd asks for one byte past the declared size: io.EOF (after zip has
// checked the CRC) is the only good answer.
func (r *zipEntryReader) probeEnd() error {
	var one [1]byte
	for range 100 {
		n, err := r.rc.Read(one[:])
		switch {
		case n > 0:
			return fileErr("media.zip_bomb", r.path)
		case err == io.EOF:
			return io.EOF
		case err != nil:
			return zipReadErr(err, r.path)
		}
	}
	return fileErr("media.zip_corrupt_entry", r.path)
}

func (r *zipEntryReader) Close() error { return r.rc.Close() }

// zipOpenErr classifies an error of zip.File.Open.
func zipOpenErr(err error, p string) error {
	var fe *FileError
	var ioErr *zipIOError
	switch {
	case errors.As(err, &fe), errors.Is(err, zip.ErrAlgorithm):
		return err
	case errors.As(err, &ioErr):
		return fmt.Errorf("media: opening zip entry %q: %w", p, ioErr.err)
	default:
		return fileErr("media.zip_corrupt_entry", p)
	}
}

// zipReadErr classifies an error met while reading an entry's data.
// archive/zip reports more data than declared as zip.ErrFormat.
func zipReadErr(err error, p string) error {
	var ioErr *zipIOError
	switch {
	case errors.Is(err, zip.ErrFormat):
		return fileErr("media.zip_bomb", p)
	case errors.As(err, &ioErr):
		return fmt.Errorf("media: reading zip entry %q: %w", p, ioErr.err)
	default:
		return fileErr("media.zip_corrupt_entry", p)
	}
}

// zipSource is the io.ReaderAt given to archive/zip. It bounds the bytes
// read while the central directory is parsed, and marks failures of the
// underlying reader so they are not mistaken for a corrupt upload.
type zipSource struct {
	ra       io.ReaderAt
	counting bool  // only during zip.NewReader, before any concurrent use
	budget   int64 // bytes left while counting
}

func (s *zipSource) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		// Only a corrupt header offset leads here; os.File and bytes.Reader
		// would call it an I/O error.
		return 0, errZipOffset
	}
	if s.counting {
		if int64(len(p)) > s.budget {
			return 0, errZipBudget
		}
		s.budget -= int64(len(p))
	}
	n, err := s.ra.ReadAt(p, off)
	if err != nil && err != io.EOF {
		err = &zipIOError{err}
	}
	return n, err
}

// zipIOError is a failure of the reader under the archive (a disk error),
// an internal error rather than the user's fault.
type zipIOError struct{ err error }

func (e *zipIOError) Error() string { return "media: zip source: " + e.err.Error() }
func (e *zipIOError) Unwrap() error { return e.err }
