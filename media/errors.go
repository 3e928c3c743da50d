// Package media turns uploaded files into what the site serves: photos fitted
// to 800×600 with a card thumbnail, banners cropped to 1000×300, checked PDFs,
// and the photos inside a ZIP. It works on io.Reader/io.ReaderAt and files,
// never on HTTP types, and stores results through a small Storage interface,
// which also stages uploads by batch id until they are processed: only the
// storage knows where a file lives.
package media

import (
	"fmt"

	"newsroom"
)

// FileError is a problem with one uploaded file that the user can fix. Key
// is a message key of the i18n catalog (templates/i18n.go); Args fill its
// verbs (real sizes, limits, names). It matches newsroom.ErrInvalid.
type FileError struct {
	Key  string
	Args []any
}

func (e *FileError) Error() string { return fmt.Sprintf("media: %s %v", e.Key, e.Args) }

// Is makes errors.Is(err, newsroom.ErrInvalid) true.
func (e *FileError) Is(target error) bool { return target == newsroom.ErrInvalid }

func fileErr(key string, args ...any) error { return &FileError{Key: key, Args: args} }

// TooLarge is the user error of a photo upload of size bytes over limit
// bytes, for a request refused before the photo is read (its body is over
// the request's cap). A size of 0 means the request did not tell it.
func TooLarge(size, limit int64) error {
	if size > limit {
		return tooLarge(size, limit)
	}
	return fileErr("media.over_limit", megabytes(limit))
}

// PDFTooLarge is the user error of a PDF upload over limit bytes.
func PDFTooLarge(limit int64) error { return fileErr("media.pdf_too_large", mb(limit)) }
