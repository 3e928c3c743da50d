package media

// zipentry.go reads one listed photo out of the archive, never more than
// its header declares, and tells the user's broken archive from our own
// failing disk.

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
)

// Open returns the entry's content, reading at most the declared size and
// at most MaxEntry; reading more (a lying header, a bomb) returns a
// *FileError media.zip_bomb, broken data media.zip_corrupt_entry. The CRC
// is checked when the reader reaches io.EOF.
func (p ZipPhoto) Open() (io.ReadCloser, error) {
	if p.f == nil {
		return nil, fmt.Errorf("media: zip photo %q: not listed by ReadZip", p.Path)
	}
	rc, err := p.f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			err = fileErr("media.zip_unsupported_method")
		}
		return nil, zipOpenErr(err, p.Path)
	}
	return &zipEntryReader{rc: rc, left: min(p.Size, p.max), path: p.Path}, nil
}

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
