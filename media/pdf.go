package media

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
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
// or a ZIP renamed to .pdf, an empty or truncated file, one over the limit,
// or a password-protected (encrypted) PDF, which visitors could not open
// without the password, is a FileError with the real numbers.
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
	if encrypted(data) {
		return PDF{}, fileErr("media.pdf_encrypted")
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

// encrypted reports whether the PDF is encrypted: a trailer dictionary, or
// the dictionary of a cross-reference stream, has an /Encrypt entry (an
// indirect reference or a dictionary). Both are always stored as plain
// bytes, never inside a compressed stream, so finding the name suffices;
// names may spell letters as #xx (/Encr#79pt), which readers accept, so
// they are decoded first. This refuses owner-password-only files too: they
// open without a prompt in some readers and not in others.
func encrypted(data []byte) bool {
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '/')
		if j < 0 {
			return false
		}
		i += j + 1
		name, n := pdfName(data[i:])
		i += n
		if name == "Encrypt" && dictOrRef(data[i:]) {
			return true
		}
	}
	return false
}

// pdfName reads the name that starts at b (after its slash), decoding #xx
// escapes, and returns it with the number of bytes it took. Names longer
// than any key we look for are cut short (and never match).
func pdfName(b []byte) (string, int) {
	var out []byte
	i := 0
	for i < len(b) && !pdfDelimiter(b[i]) {
		c := b[i]
		if c == '#' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			c = unhex(b[i+1])<<4 | unhex(b[i+2])
			i += 2
		}
		i++
		if len(out) < 16 {
			out = append(out, c)
		}
	}
	return string(out), i
}

// dictOrRef reports whether b starts, after white space and comments, with
// a dictionary ("<<") or an indirect reference ("12 0 R").
func dictOrRef(b []byte) bool {
	b = skipSpace(b)
	if bytes.HasPrefix(b, []byte("<<")) {
		return true
	}
	return indirectRef.Match(b[:min(len(b), 48)])
}

var indirectRef = regexp.MustCompile(`^\d+\s+\d+\s+R`)

// skipSpace skips PDF white space and comments.
func skipSpace(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case pdfSpace(b[0]):
			b = b[1:]
		case b[0] == '%':
			end := bytes.IndexAny(b, "\r\n")
			if end < 0 {
				return nil
			}
			b = b[end:]
		default:
			return b
		}
	}
	return b
}

func pdfSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func pdfDelimiter(c byte) bool {
	return pdfSpace(c) || strings.IndexByte("()<>[]{}/%", c) >= 0
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
