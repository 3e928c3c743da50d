package media

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// minimalPDF builds a small valid PDF with a correct startxref.
func minimalPDF(body string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	b.WriteString("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	b.WriteString("2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
	b.WriteString(body)
	off := b.Len()
	b.WriteString("xref\n0 3\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n")
	fmt.Fprintf(&b, "trailer << /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", off)
	return b.Bytes()
}

func TestCheckPDF(t *testing.T) {
	good := minimalPDF("")
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("a.pdf")
	w.Write(good)
	zw.Close()
	big := minimalPDF(strings.Repeat("% padding line\n", 200000)) // ~3 MB
	tests := []struct {
		name string
		data []byte
		lim  PDFLimits
		key  string
	}{
		{"valid", good, DefaultPDFLimits, ""},
		{"trailing bytes after %%EOF (readers accept them)", append(append([]byte{}, good...), []byte("3 0 obj << >> endobj\n")...), DefaultPDFLimits, ""},
		{"html named .pdf", []byte("<!DOCTYPE html><html><body>ประกาศ</body></html>"), DefaultPDFLimits, "media.not_pdf"},
		{"html with a PDF header later", []byte("<html>%PDF-1.4</html>"), DefaultPDFLimits, "media.not_pdf"},
		{"zip named .pdf", zipped.Bytes(), DefaultPDFLimits, "media.not_pdf"},
		{"empty", nil, DefaultPDFLimits, "media.empty"},
		{"truncated", good[:len(good)/2], DefaultPDFLimits, "media.pdf_corrupt"},
		{"startxref out of range", bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1), DefaultPDFLimits, "media.pdf_corrupt"},
		{"over the limit", big, PDFLimits{MaxBytes: 1 << 20}, "media.pdf_too_large"},
		// Made with qpdf from plain.pdf, whose page shows the word (Encrypt).
		{"plain, xref table", pdfFixture(t, "plain.pdf"), DefaultPDFLimits, ""},
		{"plain, xref stream", pdfFixture(t, "plain_xrefstream.pdf"), DefaultPDFLimits, ""},
		{"AES-256, user password", pdfFixture(t, "aes256.pdf"), DefaultPDFLimits, "media.pdf_encrypted"},
		{"AES-256, xref stream", pdfFixture(t, "aes256_xrefstream.pdf"), DefaultPDFLimits, "media.pdf_encrypted"},
		{"RC4, owner password only", pdfFixture(t, "rc4_owner_only.pdf"), DefaultPDFLimits, "media.pdf_encrypted"},
		{"encrypted, name spelt with #xx", bytes.Replace(pdfFixture(t, "aes256.pdf"), []byte("/Encrypt"), []byte("/Encr#79pt"), 1), DefaultPDFLimits, "media.pdf_encrypted"},
		{"encrypted, xref stream, name spelt with #xx", bytes.Replace(pdfFixture(t, "aes256_xrefstream.pdf"), []byte("/Encrypt"), []byte("/#45ncrypt"), 1), DefaultPDFLimits, "media.pdf_encrypted"},
		{"encrypted, comment before the reference", bytes.Replace(pdfFixture(t, "aes256.pdf"), []byte("/Encrypt "), []byte("/Encrypt %c\n"), 1), DefaultPDFLimits, "media.pdf_encrypted"},
		{"the name alone is not encryption", minimalPDF("3 0 obj << /Note /Encrypt >> endobj\n"), DefaultPDFLimits, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := CheckPDF(bytes.NewReader(tc.data), tc.lim)
			if tc.key == "" {
				if err != nil || !bytes.Equal(p.Data, tc.data) {
					t.Fatalf("valid PDF refused: %v", err)
				}
				return
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Key != tc.key {
				t.Fatalf("got %v, want %s", err, tc.key)
			}
		})
	}
}

// pdfFixture reads testdata/pdf/name.
func pdfFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzCheckPDF: any input is accepted unchanged or refused with a user
// error; nothing encrypted is accepted. Seeds: valid, encrypted (table and
// stream), truncated and garbled PDFs.
func FuzzCheckPDF(f *testing.F) {
	f.Add(minimalPDF(""))
	f.Add([]byte("%PDF-1.7\nstartxref\n1\n%%EOF"))
	for _, name := range []string{"plain.pdf", "plain_xrefstream.pdf", "aes256.pdf", "aes256_xrefstream.pdf", "rc4_owner_only.pdf"} {
		b := pdfFixture(f, name)
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[:len(b)-7])
	}
	f.Add([]byte("%PDF-1.4\n/Encr#7"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := CheckPDF(bytes.NewReader(data), PDFLimits{MaxBytes: 1 << 20})
		var fe *FileError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("non-user error %v", err)
		}
		if err == nil && (!bytes.Equal(p.Data, data) || encrypted(data)) {
			t.Fatalf("accepted, but changed or encrypted")
		}
	})
}
