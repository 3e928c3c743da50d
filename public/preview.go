package public

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/templates"
	"newsroom/web"
)

// Preview links (issue 12): /preview/{token} shows an item whatever its
// status (draft, waiting for review, returned, scheduled, published) as its
// public page would, to someone without an account, with a bar saying when
// the link expires. A taken-down item answers 410, a trashed one 404, and an
// unknown, expired or revoked link the same 404 (no oracle). The page is
// never indexed, never kept by a shared cache or the page cache, never
// counted as a view, and sends no Referer onwards (the token is in its URL).

// previewRoutes registers the preview page and the file of a previewed
// notice. No page cache, no view counter.
func (h *Handler) previewRoutes(r gin.IRouter) {
	r.GET("/preview/:token", previewHeaders, h.showPreview)
	r.GET("/preview/:token/file", previewHeaders, h.previewFile)
}

// previewHeaders keep a preview out of search engines and shared caches,
// and its URL out of the Referer of whatever it links to.
func previewHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Referrer-Policy", "no-referrer")
	c.Next()
}

// previewed is the page a link shows: its template, title, language and
// the template's data.
type previewed struct {
	page  string
	title string
	lang  content.Lang
	data  any
}

// previewSource loads the item of a kind for its preview page.
type previewSource func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error)

// previewSources are the kinds with a preview page: every kind with a
// publishing status (the registry test checks it).
var previewSources = map[*kind.Kind]previewSource{
	content.NewsKind: func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		n, err := h.content.News(ctx, l.ItemID())
		if err := previewable(n.Meta, err); err != nil {
			return previewed{}, err
		}
		if snap, ok, err := h.content.PendingChange(ctx, content.NewsKind, n.ID); err != nil {
			return previewed{}, err
		} else if ok { // a live item's change waiting for review: show the change
			overlay(snap, map[string]*string{"headline": &n.Headline, "body": &n.Body})
		}
		photos, err := h.content.Photos(ctx, content.Gallery{NewsID: n.ID})
		if err != nil {
			return previewed{}, err
		}
		return previewed{page: "public/news_detail", title: n.Headline, lang: n.Lang,
			data: newsDetailData{News: n, Photos: photos, Body: trustedHTML(n.Body), Expired: n.Window.State(now) == content.Expired}}, nil
	},
	content.VideoKind: func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		v, err := h.content.Video(ctx, l.ItemID())
		if err := previewable(v.Meta, err); err != nil {
			return previewed{}, err
		}
		if snap, ok, err := h.content.PendingChange(ctx, content.VideoKind, v.ID); err != nil {
			return previewed{}, err
		} else if ok {
			overlay(snap, map[string]*string{"title": &v.Title, "description": &v.Description})
		}
		return previewed{page: "public/video_detail", title: v.Title, lang: v.Lang, data: struct{ Video content.Video }{v}}, nil
	},
	content.NoticeKind: func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		n, err := h.content.Notice(ctx, l.ItemID())
		if err := previewable(n.Meta, err); err != nil {
			return previewed{}, err
		}
		if snap, ok, err := h.content.PendingChange(ctx, content.NoticeKind, n.ID); err != nil {
			return previewed{}, err
		} else if ok {
			overlay(snap, map[string]*string{"headline": &n.Headline, "summary": &n.Summary})
		}
		return previewed{page: "public/preview_notice", title: n.Headline, lang: n.Lang, data: struct {
			Notice content.Notice
			Reads  int64
			Now    time.Time
			File   string
		}{n, h.count.Shown(content.CountNoticeRead, n.ID, n.Reads), now, l.Path() + "/file"}}, nil
	},
	content.BannerKind: func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		b, err := h.content.Banner(ctx, l.ItemID())
		if err := previewable(b.Meta, err); err != nil {
			return previewed{}, err
		}
		return previewed{page: "public/preview_banner", title: b.Title, lang: b.Lang, data: struct{ Banner content.Banner }{b}}, nil
	},
}

// overlay puts a pending change's text columns over the live item's.
func overlay(snap content.Snapshot, cols map[string]*string) {
	for col, dst := range cols {
		if v, ok := snap.Text(col); ok {
			*dst = v
		}
	}
}

// previewable lets through an item of any status but taken down (410) or
// in the trash (404).
func previewable(m content.Meta, err error) error {
	switch {
	case err != nil:
		return err
	case m.Status == content.TakenDown:
		return content.ErrGone
	case m.Status == content.Trashed:
		return content.ErrNotFound
	}
	return nil
}

// previewItem loads what the link l shows at now: the item as it is saved,
// or, for a live item with a change waiting for review, its text as changed.
// It is the one place deciding it: showing a pending revision (an edit of a
// live item waiting for review) instead plugs in here.
func (h *Handler) previewItem(ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
	src := previewSources[l.KindOf()]
	if src == nil {
		return previewed{}, content.ErrNotFound
	}
	return src(h, ctx, l, now)
}

// showPreview is the preview page of the link in :token.
func (h *Handler) showPreview(c *gin.Context) {
	now := h.now()
	l, err := h.content.ResolvePreview(c.Request.Context(), c.Param("token"), now)
	if err != nil {
		h.previewFailed(c, err)
		return
	}
	v, err := h.previewItem(c.Request.Context(), l, now)
	if err != nil {
		h.previewFailed(c, err)
		return
	}
	web.SetLang(c, string(v.lang))
	p := h.web.Page(c, "")
	p.Title = v.title
	p.PreviewExpires = l.ExpiresAt
	p.Data = v.data
	h.web.Render(c, http.StatusOK, v.page, p)
}

// previewFile opens the PDF (or follows the link) of a previewed notice.
// Nothing is counted.
func (h *Handler) previewFile(c *gin.Context) {
	now := h.now()
	l, err := h.content.ResolvePreview(c.Request.Context(), c.Param("token"), now)
	if err == nil && l.KindOf() != content.NoticeKind {
		err = content.ErrNotFound
	}
	if err != nil {
		h.previewFailed(c, err)
		return
	}
	n, err := h.content.Notice(c.Request.Context(), l.ItemID())
	err = previewable(n.Meta, err)
	if err == nil && n.FileKey != "" {
		// A file another item's takedown withdrew stays withdrawn.
		if gone, werr := h.content.Withdrawn(c.Request.Context(), n.FileKey); werr != nil {
			err = werr
		} else if gone {
			err = content.ErrGone
		}
	}
	if err != nil {
		h.previewFailed(c, err)
		return
	}
	if n.FileKey == "" {
		c.Redirect(http.StatusSeeOther, n.LinkURL)
		return
	}
	f, _, err := h.files.Open(n.FileKey)
	if err != nil {
		h.previewFailed(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Type", "application/pdf")
	c.Header("Content-Disposition", contentDisposition(n.FileName))
	// As the public file: no CSP on the PDF, which browsers' viewers refuse.
	c.Writer.Header().Del("Content-Security-Policy")
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, f)
}

// previewFailed answers a link that shows nothing: the same 404 for an
// unknown, expired or revoked link and a trashed item, 410 for a
// taken-down one, with the preview headers kept.
func (h *Handler) previewFailed(c *gin.Context, err error) {
	status, title, msg := 0, "", ""
	switch {
	case errors.Is(err, newsroom.ErrGone):
		status, title, msg = http.StatusGone, "error.410.title", "error.410.body"
	case errors.Is(err, newsroom.ErrNotFound):
		status, title, msg = http.StatusNotFound, "error.404.title", "preview.invalid"
	default:
		h.web.Fail(c, err) // 500, logged; Fail keeps it out of every cache too
		return
	}
	p := h.web.Page(c, title)
	p.Data = web.ErrorData{Message: templates.T(p.Lang, msg)}
	h.web.Render(c, status, "public/error", p)
}
