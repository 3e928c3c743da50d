package media

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
)

// PDFLimits bound an uploaded PDF.
type PDFLimits struct {
	MaxBytes int64 // default 25 MB (SPEC §2.4)
}

// DefaultPDFLimits are used for notices.
var DefaultPDFLimits = PDFLimits{MaxBytes: 25 << 20}

// PDF is a checked PDF, ready to store.
type PDF struct {
	Data []byte
}

var startxref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF`)

// CheckPDF reads an uploaded file and accepts it only if it is really a PDF:
// it starts with "%PDF-1." or "%PDF-2." and ends with a trailer whose
// startxref points inside the file at an xref table or stream. An HTML page
// or a ZIP renamed to .pdf, an empty or truncated file, or one over the limit
// is a FileError with the real numbers.
func CheckPDF(r io.Reader, lim PDFLimits) (PDF, error) {
	if lim.MaxBytes <= 0 {
		lim = DefaultPDFLimits
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return PDF{}, err
	}
	switch {
	case len(data) == 0:
		return PDF{}, fileErr("media.empty")
	case int64(len(data)) > lim.MaxBytes:
		return PDF{}, fileErr("media.pdf_too_large", mb(lim.MaxBytes))
	case !bytes.HasPrefix(data, []byte("%PDF-1.")) && !bytes.HasPrefix(data, []byte("%PDF-2.")):
		return PDF{}, fileErr("media.not_pdf")
	}
	if !validTrailer(data) {
		return PDF{}, fileErr("media.pdf_corrupt")
	}
	return PDF{Data: data}, nil
}

// validTrailer finds the last "startxref N %%EOF" in the file's tail and
// checks N points at "xref" or an object ("n 0 obj" of an xref stream).
func validTrailer(data []byte) bool {
	tail := data
	if len(tail) > 4096 {
		tail = tail[len(tail)-4096:]
	}
	all := startxref.FindAllSubmatch(tail, -1)
	if len(all) == 0 {
		return false
	}
	off, err := strconv.ParseInt(string(all[len(all)-1][1]), 10, 64)
	if err != nil || off <= 0 || off >= int64(len(data)) {
		return false
	}
	at := data[off:]
	if bytes.HasPrefix(at, []byte("xref")) {
		return true
	}
	return objHeader.Match(at[:min(len(at), 32)])
}

var objHeader = regexp.MustCompile(`^\d+\s+\d+\s+obj\b`)

// mb formats a byte count as whole megabytes for messages.
func mb(n int64) string { return strconv.FormatInt((n+(1<<20)-1)>>20, 10) + " MB" }
