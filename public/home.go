package public

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

// How much the homepage shows of each section.
const (
	homeFeatured = 5
	homeLatest   = 8
	homeVideos   = 4
	homeNotices  = 6
)

type videoShelf struct {
	Programme content.Programme
	Items     []content.Video
}

type noticeTab struct {
	Category roles.Category
	Items    []content.Notice
}

type homeData struct {
	Banners  []content.Banner
	Featured []content.News
	Latest   []content.News
	Shelves  []videoShelf
	Tabs     []noticeTab
	Units    []roles.Unit // faculties, colleges and institutes with a public page
	Now      time.Time
}

// FeaturedLayout names the featured block's layout for its number of
// stories, so that the grid is filled for any count from 1 to 6.
func (d homeData) FeaturedLayout() string {
	return "featured-n" + strconv.Itoa(min(len(d.Featured), 6))
}

// FeaturedRest is the featured stories after the lead.
func (d homeData) FeaturedRest() []content.News {
	if len(d.Featured) < 2 {
		return nil
	}
	return d.Featured[1:]
}

// home is the homepage: only what is live now, in the page's language.
func (h *Handler) home(c *gin.Context) {
	ctx := c.Request.Context()
	lang := content.Lang(web.LangOf(c))
	now := h.now()
	d := homeData{Now: now}
	var err error
	fail := func(e error) bool {
		if e != nil && err == nil {
			err = e
		}
		return err != nil
	}
	d.Banners, err = h.content.LiveBanners(ctx, "main", lang, now)
	// The featured desk's picks of the last days; until there are any, the
	// newest live news stand in.
	featured, e := h.content.FeaturedNews(ctx, lang, now, h.FeaturedDays)
	d.Featured = featured[:min(len(featured), content.MaxPicks)]
	news, _, e2 := h.content.LiveNews(ctx, lang, now, homeFeatured+homeLatest, 0)
	if !fail(e) && !fail(e2) {
		if len(d.Featured) == 0 {
			d.Featured, d.Latest = splitAt(news, homeFeatured)
		} else {
			d.Latest = without(news, d.Featured, homeLatest)
		}
	}
	for _, p := range content.Programmes {
		items, _, e := h.content.LiveVideos(ctx, lang, p, now, homeVideos, 0)
		if fail(e) {
			break
		}
		if len(items) > 0 {
			d.Shelves = append(d.Shelves, videoShelf{p, items})
		}
	}
	for _, cat := range roles.AllCategories {
		items, _, e := h.content.LiveNotices(ctx, lang, cat, now, homeNotices, 0)
		if fail(e) {
			break
		}
		d.Tabs = append(d.Tabs, noticeTab{cat, items})
	}
	if err == nil {
		var units []roles.Unit
		units, err = h.web.Users.Units(ctx, false)
		for _, u := range units {
			if u.Slug != "" && u.Kind != "office" {
				d.Units = append(d.Units, u)
			}
		}
	}
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/home", p)
}

func splitAt[T any](xs []T, n int) ([]T, []T) {
	if len(xs) <= n {
		return xs, nil
	}
	return xs[:n], xs[n:]
}

// without returns up to n items of xs that are not in drop.
func without(xs, drop []content.News, n int) []content.News {
	skip := map[int64]bool{}
	for _, d := range drop {
		skip[d.ID] = true
	}
	var out []content.News
	for _, x := range xs {
		if !skip[x.ID] && len(out) < n {
			out = append(out, x)
		}
	}
	return out
}
