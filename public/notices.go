package public

import (
	"context"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
)

const noticesPerPage = 20

// The notices' feeds: all, or of one category (?category=).
var _ = addFeed(content.NoticeKind, feedSource{
	filter: func(c *gin.Context) (string, string, string, bool) {
		cat := roles.Category(c.Query("category"))
		return "category", string(cat), "cat." + string(cat), cat == "" || cat.Valid()
	},
	items: func(h *Handler, ctx context.Context, lang content.Lang, cat, base string, now time.Time) ([]feedItem, error) {
		list, _, err := h.content.LiveNotices(ctx, lang, roles.Category(cat), now, feedSize, 0)
		var out []feedItem
		for _, n := range list {
			it := feedItem{Title: n.Headline, Link: base + itemPath("notices", n.Lang, n.ID), Description: n.Summary,
				Category: templates.T(string(lang), "cat."+string(n.Category)), Published: n.Window.Start, Updated: n.UpdatedAt}
			if n.FileKey != "" {
				it.Enclosure = &rssEnclosure{URL: base + noticeFilePath(n.ID), Type: "application/pdf", Length: n.FileSize}
			}
			out = append(out, it)
		}
		return out, err
	}})

type noticeListData struct {
	listing[content.Notice]
	Categories []roles.Category
	Category   roles.Category
	Now        time.Time
}

// listNotices lists live notices, all or of one category (?category=), or
// with a fiscal year chosen the archive that assessors look procurement up in.
func (h *Handler) listNotices(c *gin.Context) {
	cat := roles.Category(c.Query("category"))
	if cat != "" && !cat.Valid() {
		h.NotFound(c)
		return
	}
	l, err := list(h, c, listSource[content.Notice]{kind: content.NoticeKind, column: "category", value: string(cat), perPage: noticesPerPage,
		archive: h.content.ArchiveNotices,
		live: func(ctx context.Context, lang content.Lang, now time.Time, limit, offset int) ([]content.Notice, int, error) {
			return h.content.LiveNotices(ctx, lang, cat, now, limit, offset)
		},
		liveUnit: func(ctx context.Context, lang content.Lang, unit int64, now time.Time, limit, offset int) ([]content.Notice, int, error) {
			return h.content.LiveNoticesOfUnit(ctx, lang, cat, unit, now, limit, offset)
		}})
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	title := "notices.list_title"
	if cat != "" {
		title = "cat." + string(cat)
	}
	p := h.web.Page(c, title)
	p.AltURL, p.SelfURL = altURL(c.Request.URL.RequestURI(), p.Lang), c.Request.URL.RequestURI()
	p.Data = noticeListData{listing: l, Categories: roles.AllCategories, Category: cat, Now: h.now()}
	h.web.Render(c, http.StatusOK, "public/notice_list", p)
}

// showNotice is a notice's page: headline, summary, dates and the link to
// its PDF or external page. Expired notices stay here (transparency law).
func (h *Handler) showNotice(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	now := h.now()
	n, err := h.content.PublicNotice(c.Request.Context(), id, now)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "")
	p.Title = n.Headline
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.OG = &templates.OpenGraph{Type: "article", Description: n.Summary, Path: langPrefix(p.Lang) + "/notices/" + strconv.FormatInt(n.ID, 10)}
	p.Data = struct {
		Notice content.Notice
		Reads  int64
		Now    time.Time
	}{n, h.count.Shown(content.CountNoticeRead, n.ID, n.Reads), now}
	h.web.Render(c, http.StatusOK, "public/notice_detail", p)
}

// noticeFile opens a notice's PDF (or follows its link); every open counts
// as a read. The PDF goes out as application/pdf with nosniff and the
// uploader's Thai file name (RFC 5987), never with a type the user chose.
func (h *Handler) noticeFile(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	n, err := h.content.PublicNotice(c.Request.Context(), id, h.now())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	if c.Request.Method == http.MethodGet {
		h.count.Visit(content.CountNoticeRead, n.ID, visitorKey(c), c.Request.UserAgent())
	}
	if n.FileKey == "" {
		c.Redirect(http.StatusSeeOther, n.LinkURL)
		return
	}
	f, _, err := h.files.Open(n.FileKey)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Type", "application/pdf")
	c.Header("Content-Disposition", contentDisposition(n.FileName))
	c.Header("Cache-Control", "public, max-age=300")
	// No CSP on the PDF itself: browsers' built-in PDF viewers refuse to run
	// under sandbox or object-src 'none'. The file was checked to be a PDF.
	c.Writer.Header().Del("Content-Security-Policy")
	http.ServeContent(c.Writer, c.Request, "", n.UpdatedAt, f)
}

// contentDisposition names a download (RFC 6266): an ASCII fallback in
// filename="…" for old clients and the exact UTF-8 name in filename*
// (RFC 8187) that every current browser uses. The name is the uploader's,
// so anything may be in it: control characters (a CR/LF would split the
// header) and path separators are dropped, a very long name is cut (proxies
// refuse long headers), and every byte that is not an RFC 8187 attr-char
// is percent-encoded: quotes, colons, semicolons, Thai.
func contentDisposition(name string) string {
	name = downloadName(name)
	return `inline; filename="` + asciiFallback(name) + `"; filename*=UTF-8''` + encodeExtValue(name)
}

// maxNameRunes bounds a download name before its extension: 120 Thai
// characters are about 1 KB once percent-encoded.
const maxNameRunes = 120

// downloadName cleans a stored file name into the name a download gets,
// ending in .pdf.
func downloadName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029:
			return -1
		case r == '/' || r == '\\':
			return '_'
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name = name[:len(name)-len(".pdf")]
	}
	if r := []rune(name); len(r) > maxNameRunes {
		name = string(r[:maxNameRunes])
	}
	if name = strings.TrimSpace(name); name == "" {
		name = "notice"
	}
	return name + ".pdf"
}

// asciiFallback keeps the printable ASCII of name that needs no escaping in
// a quoted string, "_" for the rest; "notice.pdf" when nothing is left of
// the name but the extension.
func asciiFallback(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || strings.ContainsRune(`"\%;:*?<>|`, r) {
			return '_'
		}
		return r
	}, name)
	if strings.Trim(strings.TrimSuffix(ascii, path.Ext(ascii)), "_ .") == "" {
		return "notice.pdf"
	}
	return ascii
}

// encodeExtValue percent-encodes s as an RFC 8187 value-chars: attr-chars
// stay, every other byte is %XX.
func encodeExtValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if attrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// attrChar is RFC 8187's attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" /
// "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
func attrChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// The JSON API of notices: live notices (?category= filters); one notice
// while its page is public.
var _ = addAPI(content.NoticeKind, apiSource{
	list: func(h *Handler, c *gin.Context, q apiQuery) (any, int, error) {
		cat := roles.Category(c.Query("category"))
		if cat != "" && !cat.Valid() {
			return nil, 0, apiError("unknown category")
		}
		base := h.siteURL(c)
		var list []content.Notice
		var total int
		var err error
		if q.unit != 0 {
			list, total, err = h.content.LiveNoticesOfUnit(c.Request.Context(), q.lang, cat, q.unit, h.now(), q.perPage, q.offset())
		} else {
			list, total, err = h.content.LiveNotices(c.Request.Context(), q.lang, cat, h.now(), q.perPage, q.offset())
		}
		return mapAll(list, func(n content.Notice) apiNotice { return h.apiNotice(base, n) }), total, err
	},
	one: func(h *Handler, ctx context.Context, id int64, base string) (any, error) {
		n, err := h.content.PublicNotice(ctx, id, h.now())
		if err != nil {
			return nil, err
		}
		return h.apiNotice(base, n), nil
	},
})
