package admin

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

type deskData struct {
	Day        content.Day
	Today      content.Day
	Picks      []content.Pick
	Candidates []content.News
	Picked     map[int64]bool
	Max        int
	Criteria   []string
	Message    string
	// Fragment renders only the parts the desk script puts in place.
	Fragment bool
}

// criteria are the manual's featured-news criteria, shown beside each
// candidate as a checklist.
var criteria = []string{"featured.c1", "featured.c2", "featured.c3", "featured.c4", "featured.c5", "featured.c6", "featured.c7", "featured.c8"}

// deskDay reads ?day= (or the form's day), today by default.
func (h *Handler) deskDay(c *gin.Context) content.Day {
	d := content.Day(c.Query("day"))
	if v := c.PostForm("day"); v != "" {
		d = content.Day(v)
	}
	// ISO or the user's calendar, a B.E. year read as such; else today.
	d, ok := typedDay(string(d), h.now())
	if !ok {
		d = content.DayOf(h.now())
	}
	return d
}

// showDesk is the featured desk: yesterday's and today's news as cards with
// the criteria, and the day's picks in order.
func (h *Handler) showDesk(c *gin.Context) {
	day := h.deskDay(c)
	d, err := h.deskData(c, day)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d.Message = deskMessages[c.Query("msg")]
	h.renderPage(c, http.StatusOK, "admin/featured", "featured", "featured.title", nil, d)
}

// deskData reads day's picks and candidates. Picks of news since trashed,
// taken down or deleted are not among them (content.Picks): their slots are
// free.
func (h *Handler) deskData(c *gin.Context, day content.Day) (deskData, error) {
	ctx := c.Request.Context()
	picks, err := h.content.Picks(ctx, day)
	if err != nil {
		return deskData{}, err
	}
	cands, err := h.content.Candidates(ctx, day, h.now())
	if err != nil {
		return deskData{}, err
	}
	d := deskData{Day: day, Today: content.DayOf(h.now()), Picks: picks, Candidates: cands, Picked: map[int64]bool{},
		Max: content.MaxPicks, Criteria: criteria}
	for _, p := range picks {
		d.Picked[p.NewsID] = true
	}
	return d, nil
}

// deskMessages are the refusals the desk explains (?msg=).
var deskMessages = map[string]string{"full": "featured.full", "already": "featured.already", "not_candidate": "featured.not_candidate"}

// deskStatus is the HTTP status of a refusal the desk script gets.
var deskStatus = map[string]int{"full": http.StatusConflict, "already": http.StatusConflict, "not_candidate": http.StatusUnprocessableEntity}

func (h *Handler) pickNews(c *gin.Context) {
	day := h.deskDay(c)
	id, _ := strconv.ParseInt(c.PostForm("news_id"), 10, 64)
	u := web.UserOf(c)
	p, err := h.content.PickNews(c.Request.Context(), day, id, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	msg := ""
	switch {
	case errors.Is(err, content.ErrDayFull):
		msg = "full"
	case errors.Is(err, content.ErrAlreadyPick):
		msg = "already"
	case errors.Is(err, content.ErrNotCandidate):
		msg = "not_candidate"
	case err != nil:
		h.web.Fail(c, err)
		return
	default:
		h.record(c, "featured.pick", content.NewsKind.Action, id, string(day))
	}
	h.answerDesk(c, day, msg, "featured.picked_one", p.Headline)
}

func (h *Handler) unpickNews(c *gin.Context) {
	ctx := c.Request.Context()
	day := h.deskDay(c)
	id, _ := strconv.ParseInt(c.PostForm("news_id"), 10, 64)
	headline := ""
	if picks, err := h.content.Picks(ctx, day); err == nil {
		for _, p := range picks {
			if p.NewsID == id {
				headline = p.Headline
			}
		}
	}
	if err := h.content.Unpick(ctx, day, id); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "featured.unpick", content.NewsKind.Action, id, string(day))
	h.answerDesk(c, day, "", "featured.unpicked_one", headline)
}

// answerDesk ends a pick or an unpick: back to the desk for a form, or, for
// the desk script (it sends X-CSRF-Token), JSON with the outcome, the
// counter and the parts of the desk to put in place, so the page neither
// reloads nor loses its place.
func (h *Handler) answerDesk(c *gin.Context, day content.Day, msg, done, headline string) {
	if c.GetHeader("X-CSRF-Token") == "" {
		h.backToDesk(c, day, msg)
		return
	}
	d, err := h.deskData(c, day)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d.Fragment = true
	p := h.web.Page(c, "featured.title")
	p.Nav, p.Data = "featured", d
	var buf bytes.Buffer
	if err := h.web.Tpl.Render(&buf, "admin/featured", p); err != nil {
		h.web.Fail(c, err)
		return
	}
	lang := web.LangOf(c)
	status, text := http.StatusOK, templates.Tf(lang, done, headline, len(d.Picks), d.Max)
	if msg != "" {
		status, text = deskStatus[msg], templates.T(lang, deskMessages[msg])
	}
	c.JSON(status, gin.H{"ok": msg == "", "error": msg, "message": text, "count": len(d.Picks), "max": d.Max, "html": buf.String()})
}

// orderPicks saves the desk's order: ids[] in the wanted order (from the
// drag-and-drop script), or a move of one pick up or down (buttons).
func (h *Handler) orderPicks(c *gin.Context) {
	ctx := c.Request.Context()
	day := h.deskDay(c)
	var ids []int64
	for _, s := range c.PostFormArray("ids") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if move, _ := strconv.ParseInt(c.PostForm("move"), 10, 64); move != 0 {
		picks, err := h.content.Picks(ctx, day)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		ids = movedOrder(picks, move, c.PostForm("dir") == "up")
	}
	if err := h.content.ReorderPicks(ctx, day, ids); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "featured.order", "featured", 0, string(day))
	if c.GetHeader("X-CSRF-Token") != "" {
		c.JSON(http.StatusOK, gin.H{"ok": true})
		return
	}
	h.backToDesk(c, day, "")
}

// movedOrder is the picks' news ids with one of them moved a place.
func movedOrder(picks []content.Pick, newsID int64, up bool) []int64 {
	ids := make([]int64, len(picks))
	for i, p := range picks {
		ids[i] = p.NewsID
	}
	for i, id := range ids {
		if id != newsID {
			continue
		}
		j := i + 1
		if up {
			j = i - 1
		}
		if j >= 0 && j < len(ids) {
			ids[i], ids[j] = ids[j], ids[i]
		}
		break
	}
	return ids
}

func (h *Handler) backToDesk(c *gin.Context, day content.Day, msg string) {
	q := url.Values{"day": {string(day)}}
	if msg != "" {
		q.Set("msg", msg)
	}
	c.Redirect(http.StatusSeeOther, "/admin/featured?"+q.Encode())
}
