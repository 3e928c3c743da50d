package admin

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/media"
	"newsroom/roles"
	"newsroom/web"
)

// maxFileRequest caps one upload request of the form helpers; the media
// checks then apply their own, smaller limits with a clear message.
const maxFileRequest = 64 << 20

// fileKinds are the files a form uploads before it is saved, the right each
// needs, and how each is checked and stored.
var fileKinds = map[string]struct {
	kind    roles.Kind
	process func(io.Reader) (data []byte, ext string, f content.PendingFile, err error)
}{
	// A banner is scaled and centre-cropped to exactly 1000×300 at once, so
	// the form can show the crop before saving.
	"banner": {roles.Banner, func(r io.Reader) ([]byte, string, content.PendingFile, error) {
		img, w, h, err := media.ProcessBanner(r, media.DefaultPhotoLimits, content.BannerWidth, content.BannerHeight)
		return img, ".jpg", content.PendingFile{Width: w, Height: h}, err
	}},
	"poster": {roles.Video, func(r io.Reader) ([]byte, string, content.PendingFile, error) {
		ph, err := media.ProcessPhoto(r, media.DefaultPhotoLimits)
		return ph.Full, ".jpg", content.PendingFile{Width: ph.Width, Height: ph.Height}, err
	}},
	// A notice's PDF is checked by its content, never by its name.
	"notice": {roles.Notice, func(r io.Reader) ([]byte, string, content.PendingFile, error) {
		pdf, err := media.CheckPDF(r, media.DefaultPDFLimits)
		return pdf.Data, ".pdf", content.PendingFile{Size: int64(len(pdf.Data))}, err
	}},
}

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
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFileRequest)
	fh, err := c.FormFile("file")
	if err != nil {
		c.JSON(http.StatusUnprocessableEntity, gin.H{"error": h.tr(c, "upload.none")})
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
	c.JSON(http.StatusOK, gin.H{"key": info.Key, "url": "/media/" + info.Key, "name": info.Name, "size": info.Size,
		"width": info.Width, "height": info.Height, "note": h.trf(c, "files.scaled", info.Width, info.Height)})
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
