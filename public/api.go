package public

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/kind"
	"newsroom/web"
)

// The read-only JSON API of live items, for other university systems (the
// mobile app, faculty sites, lobby screens). It serves what the public site
// shows: public data, no cookies, any origin may read it. Lists hold live
// items only (featured: the homepage's featured block); an item by id is
// served while its page is (expired ones too).
// Author ids never appear. The README documents the shapes; changing a
// field's name or meaning breaks other systems, so add fields, never rename.
// Answers are written without HTML escaping (PureJSON): they are served as
// application/json with nosniff, never as HTML, so links keep a plain "&".

// API list limits.
const (
	apiPerPage    = 20
	apiMaxPerPage = 100
	apiMaxPage    = 1_000_000
	apiLead       = 300 // runes of a news item's lead
)

// apiError is a mistake in an API request: a 400 with its message.
type apiError string

func (e apiError) Error() string { return string(e) }

// apiQuery is a list request's common parameters.
type apiQuery struct {
	lang          content.Lang
	page, perPage int
	unit          int64 // ?unit=slug: one unit's items; 0 for all
}

func (q apiQuery) offset() int { return (q.page - 1) * q.perPage }

// apiPage is a list answer.
type apiPage struct {
	Items   any     `json:"items"`
	Page    int     `json:"page"`
	PerPage int     `json:"per_page"`
	Total   int     `json:"total"`
	Next    *string `json:"next"`
}

// apiHeaders marks every API answer readable from any origin (public data,
// no credentials). It must run before the page cache, which replays only
// the body and its validators; the handlers set it too, for answers that
// are not cached.
func apiHeaders(c *gin.Context) {
	allowAnyOrigin(c)
	c.Next()
}

func allowAnyOrigin(c *gin.Context) { c.Header("Access-Control-Allow-Origin", "*") }

// apiSource is how the JSON API lists a kind's live items (one page, with
// the kind's filters) and shapes one item. Each kind that declares the API
// adds its source in its handler file (addAPI).
type apiSource struct {
	list func(h *Handler, c *gin.Context, q apiQuery) (any, int, error)
	one  func(h *Handler, ctx context.Context, id int64, base string) (any, error)
}

var apiSources = map[*kind.Kind]apiSource{}

// addAPI declares k's API source; it runs at init, from k's handler file.
func addAPI(k *kind.Kind, src apiSource) *kind.Kind {
	apiSources[k] = src
	return k
}

// apiSourceOf is k's API source. A kind that declares the API without one
// stops the program at start.
func apiSourceOf(k *kind.Kind) apiSource {
	src, ok := apiSources[k]
	if !ok {
		panic("public: " + k.Name + " declares the API but has no API source (addAPI)")
	}
	return src
}

// apiList lists live items: a kind's through its source, or featured (the
// homepage's featured block).
func (h *Handler) apiList(list func(h *Handler, c *gin.Context, q apiQuery) (any, int, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		allowAnyOrigin(c)
		q, err := listQuery(c)
		if err == nil {
			q.unit, err = h.apiUnit(c)
		}
		if err != nil {
			h.apiFail(c, err)
			return
		}
		items, total, err := list(h, c, q)
		if err != nil {
			h.apiFail(c, err)
			return
		}
		out := apiPage{Items: items, Page: q.page, PerPage: q.perPage, Total: total}
		if q.page*q.perPage < total {
			v := c.Request.URL.Query()
			v.Set("page", strconv.Itoa(q.page+1))
			next := h.siteURL(c) + c.Request.URL.Path + "?" + v.Encode()
			out.Next = &next
		}
		c.PureJSON(http.StatusOK, out)
	}
}

// listQuery reads lang (th, the default, or en), page (from 1) and
// per_page (1–100, default 20). An empty parameter counts as absent.
func listQuery(c *gin.Context) (apiQuery, error) {
	q := apiQuery{lang: content.Thai, page: 1, perPage: apiPerPage}
	if v := c.Query("lang"); v != "" {
		if q.lang = content.Lang(v); !q.lang.Valid() {
			return q, apiError(`lang must be "th" or "en"`)
		}
	}
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiMaxPage {
			return q, apiError("page must be a whole number from 1 to " + strconv.Itoa(apiMaxPage))
		}
		q.page = n
	}
	if v := c.Query("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiMaxPerPage {
			return q, apiError("per_page must be a whole number from 1 to " + strconv.Itoa(apiMaxPerPage))
		}
		q.perPage = n
	}
	return q, nil
}

// apiFeatured lists the homepage's featured block.
func apiFeatured(h *Handler, c *gin.Context, q apiQuery) (any, int, error) {
	list, err := h.featured(c.Request.Context(), q.lang, h.now())
	if err != nil {
		return nil, 0, err
	}
	items, err := h.apiNewsList(c.Request.Context(), h.siteURL(c), pageOf(list, q))
	return items, len(list), err
}

var _ = addAPI(content.BannerKind, apiSource{list: (*Handler).apiBanners,
	one: func(h *Handler, ctx context.Context, id int64, base string) (any, error) {
		b, err := h.content.PublicBanner(ctx, id, h.now())
		if err != nil {
			return nil, err
		}
		return apiBannerOf(base, b), nil
	}})

// apiBanners pages the live banners of a placement (?placement=, "main" by
// default). A placement shows at most 20, so they are paged in memory.
func (h *Handler) apiBanners(c *gin.Context, q apiQuery) (any, int, error) {
	ctx := c.Request.Context()
	placement := c.DefaultQuery("placement", "main")
	places, err := h.content.Placements(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !slices.ContainsFunc(places, func(p content.Placement) bool { return p.Code == placement }) {
		return nil, 0, apiError("unknown placement")
	}
	list, err := h.content.LiveBanners(ctx, placement, q.lang, h.now())
	if err != nil {
		return nil, 0, err
	}
	base := h.siteURL(c)
	return mapAll(pageOf(list, q), func(b content.Banner) apiBanner { return apiBannerOf(base, b) }), len(list), nil
}

// featured is the homepage's featured block: the featured desk's live picks
// of the last FeaturedDays days or, until there are any, the newest live
// news.
func (h *Handler) featured(ctx context.Context, lang content.Lang, now time.Time) ([]content.News, error) {
	picks, err := h.content.FeaturedNews(ctx, lang, now, h.FeaturedDays)
	if err != nil || len(picks) > 0 {
		return picks, err
	}
	news, _, err := h.content.LiveNews(ctx, lang, now, homeFeatured, 0)
	return news, err
}

// pageOf is q's page of a short list held in memory.
func pageOf[T any](xs []T, q apiQuery) []T {
	return xs[min(q.offset(), len(xs)):min(q.offset()+q.perPage, len(xs))]
}

func (h *Handler) apiNewsList(ctx context.Context, base string, list []content.News) ([]apiNews, error) {
	out := make([]apiNews, 0, len(list))
	tags, err := h.content.Tags(ctx)
	if err != nil {
		return nil, err
	}
	for _, n := range list {
		item, err := h.apiNews(ctx, base, n, tags)
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

// apiItem returns one item by id: news, videos and notices while their page
// is public (expired ones too), banners while they show.
func (h *Handler) apiItem(one func(h *Handler, ctx context.Context, id int64, base string) (any, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		allowAnyOrigin(c)
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil || id < 1 {
			h.apiFail(c, content.ErrNotFound)
			return
		}
		item, err := one(h, c.Request.Context(), id, h.siteURL(c))
		if err != nil {
			h.apiFail(c, err)
			return
		}
		c.PureJSON(http.StatusOK, item)
	}
}

// apiFail answers an API error as JSON: 400 with the mistake, 404, 410 for
// an item taken down, or a
// logged 500 that names the request id and nothing else.
func (h *Handler) apiFail(c *gin.Context, err error) {
	var bad apiError
	switch {
	case errors.As(err, &bad):
		c.PureJSON(http.StatusBadRequest, gin.H{"error": bad.Error()})
	case errors.Is(err, content.ErrGone):
		c.PureJSON(http.StatusGone, gin.H{"error": "taken down"})
	case errors.Is(err, content.ErrNotFound):
		c.PureJSON(http.StatusNotFound, gin.H{"error": "not found"})
	default:
		h.log.Error("api request failed", "err", err, "req", web.RequestIDOf(c), "path", c.Request.URL.Path)
		c.PureJSON(http.StatusInternalServerError, gin.H{"error": "internal error", "request_id": web.RequestIDOf(c)})
	}
	c.Abort()
}

// mapAll applies f to each of xs; the result is never nil, so an empty list
// is [] in JSON.
func mapAll[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// absURL makes a site path absolute; "" stays null.
func absURL(base, path string) *string {
	if path == "" {
		return nil
	}
	s := base + path
	return &s
}

// orNull is a string that is null when empty.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// mediaPath is where a stored file is served; "" for no file.
func mediaPath(key string) string {
	if key == "" {
		return ""
	}
	return "/media/" + key // keys are hex paths: nothing to escape
}

// apiCommon is what every item carries. Times are RFC 3339 in Bangkok time;
// end is the last second of the end date.
type apiCommon struct {
	ID      int64   `json:"id"`
	URL     *string `json:"url"` // the item's page; null for banners, which have none
	Lang    string  `json:"lang"`
	Start   string  `json:"start"`
	End     string  `json:"end"`
	Updated string  `json:"updated"`
}

func commonOf(m content.Meta, url *string) apiCommon {
	return apiCommon{ID: m.ID, URL: url, Lang: string(m.Lang), Start: rfc3339(m.Window.Start), End: rfc3339(m.Window.End),
		Updated: rfc3339(m.UpdatedAt)}
}

type apiUnit struct {
	ID     int64  `json:"id"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
}

type apiPhoto struct {
	URL      string `json:"url"`
	ThumbURL string `json:"thumb_url"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
}

type apiNews struct {
	apiCommon
	Headline    string    `json:"headline"`
	Lead        string    `json:"lead"`
	Type        string    `json:"type"`
	Unit        apiUnit   `json:"unit"`
	MainPhoto   *apiPhoto `json:"main_photo"`
	PhotosCount int       `json:"photos_count"`
	Views       int64     `json:"views"`
	Tags        []apiTag  `json:"tags"`
}

// apiTag is a tag of a news item; url is its news list.
type apiTag struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"` // in the item's language
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
	URL    string `json:"url"`
}

// apiNews shapes a news item; the main photo's size comes from its row;
// tags is the whole tag list.
func (h *Handler) apiNews(ctx context.Context, base string, n content.News, tags []content.Tag) (apiNews, error) {
	out := apiNews{apiCommon: commonOf(n.Meta, absURL(base, itemPath("news", n.Lang, n.ID))), Headline: n.Headline,
		Lead: n.Lead(apiLead), Type: string(n.Type), Unit: apiUnit{ID: n.UnitID, NameTH: n.UnitName, NameEN: n.UnitNameEN},
		PhotosCount: n.PhotoCount, Views: h.count.Shown(content.CountNewsView, n.ID, n.Views),
		Tags: mapAll(newsTags(n, tags), func(t content.Tag) apiTag {
			return apiTag{Slug: t.Slug, Name: t.Name(string(n.Lang)), NameTH: t.NameTH, NameEN: t.NameEN, URL: base + langPrefix(string(n.Lang)) + "/news?tag=" + t.Slug}
		})}
	if n.MainPhotoID != 0 && n.MainFile != "" {
		p, err := h.content.Photo(ctx, n.MainPhotoID)
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return out, err
		}
		if err == nil {
			out.MainPhoto = &apiPhoto{URL: base + mediaPath(n.MainFile), ThumbURL: base + mediaPath(n.MainThumb), Width: p.Width, Height: p.Height}
		}
	}
	return out, nil
}

type apiVideo struct {
	apiCommon
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Programme   string  `json:"programme"`
	YouTubeID   string  `json:"youtube_id"`
	EmbedURL    string  `json:"embed_url"`
	PosterURL   *string `json:"poster_url"`
	Views       int64   `json:"views"`
}

func (h *Handler) apiVideo(base string, v content.Video) apiVideo {
	return apiVideo{apiCommon: commonOf(v.Meta, absURL(base, itemPath("videos", v.Lang, v.ID))), Title: v.Title,
		Description: v.Description, Programme: string(v.Programme), YouTubeID: v.YouTubeID, EmbedURL: v.EmbedURL(),
		PosterURL: absURL(base, mediaPath(v.PosterKey)), Views: h.count.Shown(content.CountVideoView, v.ID, v.Views)}
}

type apiBanner struct {
	apiCommon
	Placement string  `json:"placement"`
	Title     string  `json:"title"`
	ImageURL  string  `json:"image_url"`
	Width     int     `json:"width"`
	Height    int     `json:"height"`
	LinkURL   *string `json:"link_url"`
}

func apiBannerOf(base string, b content.Banner) apiBanner {
	return apiBanner{apiCommon: commonOf(b.Meta, nil), Placement: b.Placement, Title: b.Title, ImageURL: base + mediaPath(b.ImageKey),
		Width: content.BannerWidth, Height: content.BannerHeight, LinkURL: orNull(b.LinkURL)}
}

type apiNotice struct {
	apiCommon
	Headline string  `json:"headline"`
	Summary  string  `json:"summary"`
	Category string  `json:"category"`
	FileURL  *string `json:"file_url"`
	FileName string  `json:"file_name"`
	FileSize int64   `json:"file_size"`
	LinkURL  *string `json:"link_url"`
	IsNew    bool    `json:"is_new"`
	Reads    int64   `json:"reads"`
}

func (h *Handler) apiNotice(base string, n content.Notice) apiNotice {
	out := apiNotice{apiCommon: commonOf(n.Meta, absURL(base, itemPath("notices", n.Lang, n.ID))), Headline: n.Headline,
		Summary: n.Summary, Category: string(n.Category), LinkURL: orNull(n.LinkURL), IsNew: n.IsNew(h.now()),
		Reads: h.count.Shown(content.CountNoticeRead, n.ID, n.Reads)}
	if n.FileKey != "" {
		out.FileURL, out.FileName, out.FileSize = absURL(base, noticeFilePath(n.ID)), n.FileName, n.FileSize
	}
	return out
}
