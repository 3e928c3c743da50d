package media

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
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

func FuzzCheckPDF(f *testing.F) {
	f.Add(minimalPDF(""))
	f.Add([]byte("%PDF-1.7\nstartxref\n1\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := CheckPDF(bytes.NewReader(data), PDFLimits{MaxBytes: 1 << 20})
		var fe *FileError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("non-user error %v", err)
		}
	})
}
