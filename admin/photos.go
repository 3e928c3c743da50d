package admin

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/media"
	"newsroom/roles"
	"newsroom/web"
)

// Upload limits: a request may carry several files; each is staged in the
// media storage as it streams in, so memory stays flat whatever the size.
const (
	maxUploadBytes = 2 << 30 // one request
	maxUploadFiles = 300
)

// gallery reads ?news_id= or ?draft= and checks the user may change it.
func (h *Handler) gallery(c *gin.Context) (content.Gallery, int64, bool) {
	u := web.UserOf(c)
	g := content.Gallery{DraftToken: c.Query("draft")}
	g.NewsID, _ = strconv.ParseInt(c.Query("news_id"), 10, 64)
	if !g.Valid() {
		h.web.Fail(c, newsroom.ErrNotFound)
		return g, 0, false
	}
	unit := u.UnitID
	if g.NewsID != 0 {
		n, err := h.content.News(c.Request.Context(), g.NewsID)
		if err != nil {
			h.web.Fail(c, err)
			return g, 0, false
		}
		unit = n.UnitID
	} else if du, err := h.content.DraftUnit(c.Request.Context(), g.DraftToken); err != nil {
		h.web.Fail(c, err)
		return g, 0, false
	} else if du != 0 {
		unit = du
	}
	if err := roles.Check(u.Actor(), roles.Edit, roles.Target{Kind: roles.News, UnitID: unit}); err != nil {
		h.web.Fail(c, err)
		return g, 0, false
	}
	return g, unit, true
}

// uploadPhotos stages the request's files and queues their processing. It
// answers 202 with the batch id at once; the browser then polls progress.
func (h *Handler) uploadPhotos(c *gin.Context) {
	g, unit, ok := h.gallery(c)
	if !ok {
		return
	}
	if c.Request.ContentLength > maxUploadBytes {
		h.refuseTooLarge(c, c.Request.Body, uploadTooLarge(c.Request.ContentLength))
		return
	}
	ctx := c.Request.Context()
	batch := h.content.NewBatch()
	files, err := h.stageFiles(c, batch)
	if err != nil || len(files) == 0 {
		h.content.RemoveBatch(ctx, batch) // a broken upload leaves nothing behind
		if err == nil || errors.Is(err, errTooMany) {
			c.JSON(http.StatusUnprocessableEntity, gin.H{"error": h.tr(c, "upload.none")})
			return
		}
		if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
			h.refuseTooLarge(c, c.Request.Body, uploadTooLarge(c.Request.ContentLength))
			return
		}
		h.log.Warn("upload broke off", "err", err, "req", web.RequestIDOf(c))
		c.JSON(http.StatusBadRequest, gin.H{"error": h.tr(c, "upload.broken")})
		return
	}
	by := content.Uploader{UserID: web.UserOf(c).ID, UnitID: unit}
	if err := h.content.StartUpload(ctx, batch, g, by, files, h.now()); err != nil {
		h.content.RemoveBatch(ctx, batch)
		h.web.Fail(c, err)
		return
	}
	h.record(c, "news.photos_upload", "news", g.NewsID, fmt.Sprintf("%d file(s)", len(files)))
	c.JSON(http.StatusAccepted, gin.H{"batch": batch, "progress": "/admin/uploads/" + batch})
}

var errTooMany = errors.New("too many files")

// stageFiles streams every file part of the multipart body into the
// batch's staging area, one part at a time, as it arrives.
func (h *Handler) stageFiles(c *gin.Context, batch string) ([]content.StagedFile, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUploadBytes)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, err
	}
	var files []content.StagedFile
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if part.FileName() == "" {
			part.Close()
			continue
		}
		if len(files) >= maxUploadFiles {
			part.Close()
			return nil, errTooMany
		}
		f, err := h.content.Stage(c.Request.Context(), batch, len(files), part.FileName(), part)
		part.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
}

// uploadProgress answers the progress bar's poll.
func (h *Handler) uploadProgress(c *gin.Context) {
	p, err := h.content.UploadProgress(c.Request.Context(), c.Param("id"))
	if err == nil {
		err = roles.Check(web.UserOf(c).Actor(), roles.Edit, roles.Target{Kind: roles.News, UnitID: p.UnitID})
	}
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	type problem struct {
		Name    string `json:"name"`
		Message string `json:"message"`
	}
	probs := make([]problem, 0, len(p.Problems))
	for _, pr := range p.Problems {
		probs = append(probs, problem{Name: pr.Name, Message: h.trf(c, pr.Key, wholeNumbers(pr.Args)...)})
	}
	c.JSON(http.StatusOK, gin.H{"state": p.State, "total": p.Total, "processed": p.Processed, "problems": probs})
}

type photoJSON struct {
	ID      int64  `json:"id"`
	Caption string `json:"caption"`
	Thumb   string `json:"thumb"`
	Full    string `json:"full"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Main    bool   `json:"main"`
}

// listPhotos returns a gallery for the photo manager.
func (h *Handler) listPhotos(c *gin.Context) {
	g, _, ok := h.gallery(c)
	if !ok {
		return
	}
	photos, err := h.content.Photos(c.Request.Context(), g)
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	var main int64
	if g.NewsID != 0 {
		n, err := h.content.News(c.Request.Context(), g.NewsID)
		if err != nil {
			h.jsonFail(c, err)
			return
		}
		main = n.MainPhotoID
	}
	out := make([]photoJSON, 0, len(photos))
	for _, p := range photos {
		out = append(out, photoJSON{ID: p.ID, Caption: p.Caption, Thumb: "/media/" + p.ThumbKey, Full: "/media/" + p.FileKey,
			Width: p.Width, Height: p.Height, Main: p.ID == main})
	}
	c.JSON(http.StatusOK, gin.H{"photos": out})
}

// photoParam loads :id and checks the user may change its gallery.
func (h *Handler) photoParam(c *gin.Context) (content.Photo, bool) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	p, err := h.content.Photo(c.Request.Context(), id)
	if err == nil {
		err = roles.Check(web.UserOf(c).Actor(), roles.Edit, roles.Target{Kind: roles.News, UnitID: p.UnitID})
	}
	if err != nil {
		h.jsonFail(c, err)
		return p, false
	}
	return p, true
}

func (h *Handler) setMainPhoto(c *gin.Context) {
	if p, ok := h.photoParam(c); ok {
		h.jsonDone(c, h.content.SetMain(c.Request.Context(), p))
	}
}

func (h *Handler) deletePhoto(c *gin.Context) {
	if p, ok := h.photoParam(c); ok {
		h.jsonDone(c, h.content.DeletePhoto(c.Request.Context(), p))
	}
}

func (h *Handler) setCaption(c *gin.Context) {
	if p, ok := h.photoParam(c); ok {
		h.jsonDone(c, h.content.SetCaption(c.Request.Context(), p.ID, c.PostForm("caption")))
	}
}

func (h *Handler) reorderPhotos(c *gin.Context) {
	g, _, ok := h.gallery(c)
	if !ok {
		return
	}
	var ids []int64
	for _, s := range c.PostFormArray("ids") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	h.jsonDone(c, h.content.Reorder(c.Request.Context(), g, ids))
}

// uploadBodyImage stores an image pasted or inserted into the editor and
// returns its URL on our own media store.
func (h *Handler) uploadBodyImage(c *gin.Context) {
	u := web.UserOf(c)
	fh, ok := h.formFile(c, "image", media.DefaultPhotoLimits.MaxBytes, photoTooLarge)
	if !ok {
		return
	}
	f, err := fh.Open()
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	defer f.Close()
	key, err := h.content.SaveBodyImage(c.Request.Context(), f, u.UnitID, h.now())
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"url": "/media/" + key})
}

func (h *Handler) jsonDone(c *gin.Context, err error) {
	if err != nil {
		h.jsonFail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

// jsonFail is Fail for the photo manager's JSON calls.
func (h *Handler) jsonFail(c *gin.Context, err error) {
	var fe *media.FileError
	var fields newsroom.FieldErrors
	var denied *roles.Denied
	switch {
	case errors.As(err, &fe):
		c.JSON(http.StatusUnprocessableEntity, gin.H{"error": h.trf(c, fe.Key, fe.Args...)})
	case errors.As(err, &fields):
		for _, k := range fields {
			c.JSON(http.StatusUnprocessableEntity, gin.H{"error": h.tr(c, k)})
			return
		}
	case errors.As(err, &denied):
		c.JSON(http.StatusForbidden, gin.H{"error": web.DenialMessage(web.LangOf(c), denied)})
	case errors.Is(err, newsroom.ErrNotFound):
		c.JSON(http.StatusNotFound, gin.H{"error": h.tr(c, "error.404.title")})
	default:
		h.log.Error("request failed", "err", err, "req", web.RequestIDOf(c))
		c.JSON(http.StatusInternalServerError, gin.H{"error": h.trf(c, "error.500.body", web.RequestIDOf(c))})
	}
}

// wholeNumbers undoes JSON's turning every number into a float64, so "%d"
// in a message prints 30, not "%!d(float64=30)".
func wholeNumbers(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if f, ok := a.(float64); ok && f == float64(int64(f)) {
			a = int64(f)
		}
		out[i] = a
	}
	return out
}
