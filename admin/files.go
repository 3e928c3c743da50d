package admin

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/media"
	"newsroom/roles"
	"newsroom/web"
)

// multipartSlack is what a multipart body adds around its file (boundaries,
// headers, the other small fields): a request may be this much larger than
// the file limit it carries.
const multipartSlack = 1 << 20

// drainLimit is how much of a refused, oversize upload is read and thrown
// away before answering: a server that answers while the browser is still
// sending often shows in the browser as a network error instead of the
// message. Beyond it the connection is just closed.
const drainLimit = 256 << 20

// fileKinds are the files a form uploads before it is saved, the right each
// needs, how each is checked and stored, and the size limit of its request
// with the message a larger one gets.
var fileKinds = map[string]struct {
	kind     roles.Kind
	process  func(io.Reader) (data []byte, ext string, f content.PendingFile, err error)
	limit    int64
	tooLarge func(size int64) error
}{
	// A banner is scaled and centre-cropped to exactly 1000×300 at once, so
	// the form can show the crop before saving.
	"banner": {roles.Banner, func(r io.Reader) ([]byte, string, content.PendingFile, error) {
		img, w, h, err := media.ProcessBanner(r, media.DefaultPhotoLimits, content.BannerWidth, content.BannerHeight)
		return img, ".jpg", content.PendingFile{Width: w, Height: h}, err
	}, media.DefaultPhotoLimits.MaxBytes, photoTooLarge},
	"poster": {roles.Video, func(r io.Reader) ([]byte, string, content.PendingFile, error) {
		ph, err := media.ProcessPhoto(r, media.DefaultPhotoLimits)
		return ph.Full, ".jpg", content.PendingFile{Width: ph.Width, Height: ph.Height}, err
	}, media.DefaultPhotoLimits.MaxBytes, photoTooLarge},
	// A notice's PDF is checked by its content, never by its name.
	"notice": {roles.Notice, func(r io.Reader) ([]byte, string, content.PendingFile, error) {
		pdf, err := media.CheckPDF(r, media.DefaultPDFLimits)
		return pdf.Data, ".pdf", content.PendingFile{Size: int64(len(pdf.Data))}, err
	}, media.DefaultPDFLimits.MaxBytes, func(int64) error { return media.PDFTooLarge(media.DefaultPDFLimits.MaxBytes) }},
}

// uploadTooLarge is the message of a photo upload request (files or ZIPs)
// of size bytes (0: not told) over the request cap.
func uploadTooLarge(size int64) error {
	if size <= maxUploadBytes {
		return &media.FileError{Key: "upload.over_limit", Args: []any{sizeText(maxUploadBytes)}}
	}
	return &media.FileError{Key: "upload.too_large", Args: []any{sizeText(size), sizeText(maxUploadBytes)}}
}

// sizeText writes a byte count as people read it: MB, or GB from 1 GB.
func sizeText(n int64) string {
	if n >= 1<<30 {
		return strconv.FormatFloat(float64(n*10/(1<<30))/10, 'f', -1, 64) + " GB"
	}
	return strconv.FormatFloat(float64(n*10/(1<<20))/10, 'f', -1, 64) + " MB"
}

func photoTooLarge(size int64) error { return media.TooLarge(size, media.DefaultPhotoLimits.MaxBytes) }

// uploadFile checks and stores one file for a form not yet saved and
// answers its key (and, for a banner, the crop's URL for the preview).
func (h *Handler) uploadFile(c *gin.Context) {
	fk, ok := fileKinds[c.Param("kind")]
	if !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": h.tr(c, "error.404.title")})
		return
	}
	u := web.UserOf(c)
	if err := roles.Check(u.Actor(), roles.Create, roles.Target{Kind: fk.kind}); err != nil {
		h.jsonFail(c, err)
		return
	}
	fh, ok := h.formFile(c, "file", fk.limit, fk.tooLarge)
	if !ok {
		return
	}
	src, err := fh.Open()
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	defer src.Close()
	data, ext, info, err := fk.process(src)
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	info.Name = cleanFileName(fh.Filename)
	info, err = h.content.StorePending(c.Request.Context(), c.Param("kind"), u.ID, data, ext, info, h.now())
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	note := "" // what the form shows under the field: only a banner is cropped
	if c.Param("kind") == "banner" {
		note = h.trf(c, "files.scaled", info.Width, info.Height)
	}
	c.JSON(http.StatusOK, gin.H{"key": info.Key, "url": "/media/" + info.Key, "name": info.Name, "size": info.Size,
		"width": info.Width, "height": info.Height, "note": note})
}

// formFile returns the file field of a multipart upload of one file of at
// most limit bytes. It answers by itself, and returns false, when there is
// no file, or the request is larger than the file limit allows: 422 like
// every refused file, with tooLarge's message (given the request's size
// when it tells it). The size limit, not "no file", is what the user must
// hear.
func (h *Handler) formFile(c *gin.Context, field string, limit int64, tooLarge func(size int64) error) (*multipart.FileHeader, bool) {
	body := c.Request.Body
	capped := limit + multipartSlack
	if c.Request.ContentLength > capped {
		h.refuseTooLarge(c, body, tooLarge(c.Request.ContentLength))
		return nil, false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, body, capped)
	fh, err := c.FormFile(field)
	if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
		h.refuseTooLarge(c, body, tooLarge(0))
		return nil, false
	}
	if err != nil {
		c.JSON(http.StatusUnprocessableEntity, gin.H{"error": h.tr(c, "upload.none")})
		return nil, false
	}
	return fh, true
}

// refuseTooLarge answers 422 with the size-limit message after reading
// (up to drainLimit of) what the browser is still sending.
func (h *Handler) refuseTooLarge(c *gin.Context, body io.Reader, err error) {
	io.Copy(io.Discard, io.LimitReader(body, drainLimit))
	var fe *media.FileError
	if errors.As(err, &fe) {
		c.JSON(http.StatusUnprocessableEntity, gin.H{"error": h.trf(c, fe.Key, fe.Args...)})
		return
	}
	h.jsonFail(c, err)
}

// cleanFileName keeps the user's file name (Thai is fine) without any path
// or control characters; downloads use it.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	var b bytes.Buffer
	for _, r := range name {
		if r >= 0x20 && r != 0x7f && r != '"' {
			b.WriteRune(r)
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" && s != "." {
		return s
	}
	return "file"
}
