package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/notify"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/textdiff"
	"newsroom/web"
)

// The editorial loop in the admin: review per unit (submit, approve,
// return), the review inbox, revisions with their diff and restore, and
// edit conflicts. The decisions are the content store's (content/review.go,
// content/revision.go); who may review is roles.CanReview.

const (
	keyMetaIn   = "admin.meta_input" // the MetaInput of the form being saved
	keyConflict = "admin.conflict"   // a *content.ConflictError to show on the form
)

// underReview reports whether saves by the user for unit go through
// review: the unit is under review and the user is not its reviewer. An
// error reading the unit submits rather than publishes.
func (h *Handler) underReview(c *gin.Context, unit int64) bool {
	if unit == 0 {
		return false
	}
	on, err := h.content.UnitReview(c.Request.Context(), unit)
	if err != nil {
		h.log.Error("unit review", "unit", unit, "err", err)
		on = true
	}
	return on && !roles.CanReview(web.UserOf(c).Actor(), unit)
}

// kindOfAction is the kind whose action-log name is name.
func kindOfAction(name string) *kind.Kind {
	for _, k := range kind.All() {
		if k.Action == name {
			return k
		}
	}
	return nil
}

// afterSave tells what a form save did when review is involved, logs the
// transition and notifies; it returns the flash to show (flash unchanged
// when review played no part).
func (h *Handler) afterSave(c *gin.Context, action, kindName string, id int64, title, flash string) string {
	v, ok := c.Get(keyMetaIn)
	k := kindOfAction(kindName)
	if !ok || k == nil || !k.Has(kind.Status) {
		return flash
	}
	in := v.(content.MetaInput)
	item, err := h.content.Current(c.Request.Context(), k, id)
	if err != nil {
		return flash
	}
	st, _ := item.Fields["status"].(string)
	ev := notify.Event{Kind: k.Name, Ref: strconv.FormatInt(id, 10), Title: title, Link: k.EditPath(strconv.FormatInt(id, 10))}
	ev.UnitID, _ = item.Fields["unit_id"].(int64)
	ev.AuthorID, _ = item.Fields["author_id"].(int64)
	if u := web.UserOf(c); u != nil {
		ev.ActorID, ev.ActorName = u.ID, u.Name
	}
	switch {
	case in.Review && in.Publish && content.Status(st) == content.Pending:
		h.record(c, k.Action+".submit", k.Action, id, title)
		ev.Action = notify.Submitted
		h.notify(c, ev)
		return "review.submitted"
	case in.Review && in.Publish && content.Status(st) == content.Published:
		h.record(c, k.Action+".submit_change", k.Action, id, title)
		ev.Action, ev.Comment = notify.Submitted, h.tr(c, "review.change_note")
		h.notify(c, ev)
		return "review.change_waiting"
	case !in.Review && in.Publish && content.Status(st) == content.Published && strings.HasSuffix(action, ".create"):
		ev.Action = notify.Published
		h.notify(c, ev)
	}
	return flash
}

// reviewRoutes registers the item's review and revision routes under g.
func (r resource[T]) reviewRoutes(h *Handler, g gin.IRouter) {
	g.GET("/:id/review", r.showReview(h))
	g.POST("/:id/approve", r.decide(h, true))
	g.POST("/:id/return", r.decide(h, false))
	g.GET("/:id/revisions", r.with(h, roles.Edit, r.showRevisions(h)))
	g.POST("/:id/revisions/:rid/restore", r.with(h, roles.Edit, r.restoreRevision(h)))
}

// reviewable loads :id for a reviewer of its unit (403 otherwise).
func (r resource[T]) reviewable(h *Handler, c *gin.Context) (T, bool) {
	item, ok := r.loadParam(h, c)
	return item, ok && h.allow(c, roles.Review, roles.Target{UnitID: r.meta(item).UnitID})
}

// DiffRow is one field of a comparison of two versions of an item.
type DiffRow struct {
	Label   string
	Old     template.HTML // the older text with deletions marked
	New     template.HTML // the newer text with insertions marked
	Changed bool
}

// diffFields are the columns a comparison shows, in order; a rich-text
// body is compared as its text (paragraphs, and images by their name).
var diffFields = []string{"headline", "title", "news_type", "programme", "category", "placement", "body", "value",
	"summary", "description", "youtube_id", "link_url", "image_key", "poster_key", "file_name", "lang", "sort",
	"start_at", "end_at", "new_days", "photos_per_row", "main_photo_id"}

// diffSnapshots compares two versions field by field (a may be empty: a
// new item).
func diffSnapshots(lang string, a, b content.Snapshot) []DiffRow {
	var rows []DiffRow
	for _, f := range diffFields {
		_, inA := a.Fields[f]
		_, inB := b.Fields[f]
		if !inA && !inB {
			continue
		}
		av, bv := fieldText(lang, f, a.Fields[f]), fieldText(lang, f, b.Fields[f])
		rows = append(rows, diffRow(templates.T(lang, "rev.field."+f), av, bv))
	}
	if len(a.Photos) > 0 || len(b.Photos) > 0 {
		rows = append(rows, diffRow(templates.T(lang, "rev.field.photos"), photosText(a.Photos), photosText(b.Photos)))
	}
	return rows
}

func diffRow(label, a, b string) DiffRow {
	spans := textdiff.Diff(a, b)
	var old, new []textdiff.Span
	for _, s := range spans {
		if s.Op != textdiff.Insert {
			old = append(old, s)
		}
		if s.Op != textdiff.Delete {
			new = append(new, s)
		}
	}
	return DiffRow{Label: label, Old: textdiff.HTML(old), New: textdiff.HTML(new), Changed: textdiff.Changed(spans)}
}

// codeLabels are the catalog prefixes of the coded fields a comparison shows.
var codeLabels = map[string]string{"news_type": "newstype.", "programme": "programme.", "category": "cat."}

// fieldText is a stored value as a person reads it.
func fieldText(lang, field string, v any) string {
	if v == nil {
		return ""
	}
	s := fmt.Sprint(v)
	switch field {
	case "start_at", "end_at":
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil && ms != 0 {
			return templates.DateTime(lang, time.UnixMilli(ms))
		}
	case "body":
		return textdiff.HTMLText(s)
	case "lang":
		if s == "en" {
			return "English"
		}
		return "ไทย"
	case "news_type", "programme", "category":
		// Codes are shown by their catalog label in the reader's language.
		if key := codeLabels[field] + s; templates.HasKey(key) {
			return templates.T(lang, key)
		}
	case "value": // a footer page: {"Title":…, "Body":…}
		var p struct{ Title, Body string }
		if json.Unmarshal([]byte(s), &p) == nil {
			return p.Title + "\n\n" + textdiff.HTMLText(p.Body)
		}
	}
	return s
}

func photosText(ps []content.PhotoState) string {
	var b strings.Builder
	for i, p := range ps {
		fmt.Fprintf(&b, "%d. #%d %s\n", i+1, p.ID, p.Caption)
	}
	return b.String()
}

// reviewPage is the data of an item's review page.
type reviewPage struct {
	Kind      *kind.Kind
	ID        int64
	Title     string
	Meta      content.Meta
	State     string // the item's list badge
	Change    bool   // a pending edit of a live item (else a submitted item)
	Since     time.Time
	By        string
	Rows      []DiffRow
	Waiting   bool // something waits for a decision
	CanEdit   bool
	Edit      string
	Base      string
	Revisions string
}

func (r resource[T]) reviewData(h *Handler, c *gin.Context, item T) (reviewPage, error) {
	ctx := c.Request.Context()
	id, title := r.label(item)
	m := r.meta(item)
	ref := strconv.FormatInt(id, 10)
	p := reviewPage{Kind: r.kind, ID: id, Title: title, Meta: m, State: m.State(h.now()), Edit: r.editPath(id),
		Base: fmt.Sprintf("%s/%d", r.kind.AdminList(), id), Revisions: fmt.Sprintf("%s/%d/revisions", r.kind.AdminList(), id),
		CanEdit: roles.Can(web.UserOf(c).Actor(), roles.Edit, r.target(item))}
	cur, err := h.content.Current(ctx, r.kind, id)
	if err != nil {
		return p, err
	}
	lang := web.LangOf(c)
	if pend, ok, err := h.content.PendingRevision(ctx, r.kind, id); err != nil {
		return p, err
	} else if ok && pend.State == content.RevPending && m.Status == content.Published {
		p.Change, p.Waiting, p.Since, p.By = true, true, pend.CreatedAt, pend.UserName
		p.Rows = diffSnapshots(lang, cur, pend.Data)
		return p, nil
	}
	p.Waiting = m.Status == content.Pending
	p.Since, p.By = m.UpdatedAt, m.AuthorName
	// A submitted item: what changed since its previous revision (all of it
	// when it is new).
	revs, err := h.content.Revisions(ctx, r.kind, ref)
	if err != nil {
		return p, err
	}
	var prev content.Snapshot
	for _, rv := range revs[min(1, len(revs)):] {
		if rv.State == content.RevSaved || rv.State == content.RevApproved {
			full, err := h.content.Revision(ctx, r.kind, ref, rv.ID)
			if err != nil {
				return p, err
			}
			prev = full.Data
			break
		}
	}
	p.Rows = diffSnapshots(lang, prev, cur)
	return p, nil
}

func (r resource[T]) showReview(h *Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		item, ok := r.reviewable(h, c)
		if !ok {
			return
		}
		r.renderReview(h, c, http.StatusOK, item, nil)
	}
}

func (r resource[T]) renderReview(h *Handler, c *gin.Context, status int, item T, errs newsroom.FieldErrors) {
	d, err := r.reviewData(h, c, item)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, status, "admin/review", "review", "review.title", errs, d)
}

// decide approves or returns the item at :id.
func (r resource[T]) decide(h *Handler, approve bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		item, ok := r.reviewable(h, c)
		if !ok {
			return
		}
		u := web.UserOf(c)
		by := content.Author{UserID: u.ID, Name: u.Name}
		id, title := r.label(item)
		m := r.meta(item)
		var outcome string
		var err error
		in := content.ReturnInput{Comment: c.PostForm("comment")}
		if approve {
			outcome, err = h.content.Approve(c.Request.Context(), r.kind, id, by, h.now())
		} else {
			outcome, err = h.content.Return(c.Request.Context(), r.kind, id, in, by, h.now())
		}
		var fe newsroom.FieldErrors
		switch {
		case errors.As(err, &fe):
			r.renderReview(h, c, http.StatusUnprocessableEntity, item, fe)
			return
		case errors.Is(err, newsroom.ErrConflict): // decided already, or nothing waits
			h.redirectWithFlash(c, "/admin/review", "status.unchanged")
			return
		case err != nil:
			h.web.Fail(c, err)
			return
		}
		ref := strconv.FormatInt(id, 10)
		ev := notify.Event{Kind: r.kind.Name, Ref: ref, Title: title, Link: r.kind.EditPath(ref), UnitID: m.UnitID,
			AuthorID: m.AuthorID, ActorID: u.ID, ActorName: u.Name}
		detail := title
		if approve {
			ev.Action = notify.Approved
		} else {
			ev.Action, ev.Comment = notify.Returned, in.Comment
			detail = title + " — " + strings.TrimSpace(in.Comment)
		}
		if outcome == content.ChangeApplied || outcome == content.ChangeBack {
			// the change's author, who may not be the item's
			if pend := r.changeAuthor(h, c, id); pend != 0 {
				ev.AuthorID = pend
			}
		}
		h.record(c, r.kind.Action+"."+outcome, r.kind.Action, id, detail)
		h.notify(c, ev)
		h.redirectWithFlash(c, "/admin/review", "review.done."+outcome)
	}
}

// changeAuthor is who wrote the item's latest decided change.
func (r resource[T]) changeAuthor(h *Handler, c *gin.Context, id int64) int64 {
	revs, err := h.content.Revisions(c.Request.Context(), r.kind, strconv.FormatInt(id, 10))
	if err != nil {
		return 0
	}
	for _, rv := range revs {
		if rv.State == content.RevApproved || rv.State == content.RevReturned {
			return rv.UserID
		}
	}
	return 0
}

// inboxPage is the review inbox's data.
type inboxPage struct {
	Items []content.ReviewItem
	Now   time.Time
}

// reviewInbox lists what waits for the user's review, oldest first.
func (h *Handler) reviewInbox(c *gin.Context) {
	a := web.UserOf(c).Actor()
	if !h.allow(c, roles.Review, roles.Target{}) {
		return
	}
	items, err := h.content.ReviewInbox(c.Request.Context(), roles.ReviewUnits(a))
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, http.StatusOK, "admin/review_inbox", "review", "review.inbox", nil, inboxPage{Items: items, Now: h.now()})
}

// revisionsPage is an item's revision history, with a comparison of two.
type revisionsPage struct {
	Kind      *kind.Kind
	ID        int64
	Title     string
	Base      string
	Edit      string
	Revisions []content.Revision
	A, B      int64 // the compared revisions (0: the live item)
	Rows      []DiffRow
}

func (r resource[T]) showRevisions(h *Handler) func(*gin.Context, T) {
	return func(c *gin.Context, item T) {
		ctx := c.Request.Context()
		id, title := r.label(item)
		ref := strconv.FormatInt(id, 10)
		revs, err := h.content.Revisions(ctx, r.kind, ref)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		p := revisionsPage{Kind: r.kind, ID: id, Title: title, Base: fmt.Sprintf("%s/%d", r.kind.AdminList(), id),
			Edit: r.editPath(id), Revisions: revs}
		// Compare b (default: the newest) with a (default: the one before).
		p.B = queryInt(c, "b", 0, 1<<53, 0)
		p.A = queryInt(c, "a", 0, 1<<53, 0)
		if p.B == 0 && len(revs) > 0 {
			p.B = revs[0].ID
		}
		if p.A == 0 {
			for i, rv := range revs {
				if rv.ID == p.B && i+1 < len(revs) {
					p.A = revs[i+1].ID
				}
			}
		}
		load := func(rid int64) (content.Snapshot, error) {
			if rid == 0 {
				return content.Snapshot{}, nil
			}
			rv, err := h.content.Revision(ctx, r.kind, ref, rid)
			return rv.Data, err
		}
		a, err := load(p.A)
		if err == nil {
			var b content.Snapshot
			if b, err = load(p.B); err == nil && p.B != 0 {
				p.Rows = diffSnapshots(web.LangOf(c), a, b)
			}
		}
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		h.renderPage(c, http.StatusOK, "admin/revisions", r.kind.Section, "rev.title", nil, p)
	}
}

func (r resource[T]) restoreRevision(h *Handler) func(*gin.Context, T) {
	return func(c *gin.Context, item T) {
		rid, err := strconv.ParseInt(c.Param("rid"), 10, 64)
		if err != nil || rid <= 0 {
			h.web.Fail(c, newsroom.ErrNotFound)
			return
		}
		id, title := r.label(item)
		u := web.UserOf(c)
		in := content.MetaInput{Review: h.underReview(c, r.meta(item).UnitID), By: content.Author{UserID: u.ID, Name: u.Name}}
		pending, err := h.content.RestoreRevision(c.Request.Context(), r.kind, id, rid, in, h.now())
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		flash := "rev.restored"
		if pending {
			flash = "review.change_waiting"
		}
		h.record(c, r.kind.Action+".restore_revision", r.kind.Action, id, fmt.Sprintf("%s (#%d)", title, rid))
		h.redirectWithFlash(c, r.editPath(id), flash)
	}
}

// reviewForm is what an item's editor shows about review and versions.
type reviewForm struct {
	Revision  int64             // the latest revision: the form's version
	Review    bool              // saving submits for review
	CanReview bool              // the user reviews this item's unit
	Pending   *content.Revision // a change waiting for review or returned
	Values    template.JS       // its form values, to restore into the form
	Conflict  *conflictView
}

// conflictView is shown when the user's save met someone else's.
type conflictView struct {
	Theirs content.Revision
	Rows   []DiffRow
}

// reviewFormFor fills the editor's review data for an item (m.ID 0: new).
func (h *Handler) reviewFormFor(c *gin.Context, k *kind.Kind, m content.Meta) (reviewForm, error) {
	a := web.UserOf(c).Actor()
	unit := m.UnitID
	if unit == 0 {
		unit = a.UnitID
	}
	rf := reviewForm{Review: h.underReview(c, unit), CanReview: m.ID != 0 && roles.CanReview(a, unit)}
	if k == nil || m.ID == 0 {
		return rf, nil
	}
	ctx := c.Request.Context()
	var err error
	if rf.Revision, err = h.content.LatestRevision(ctx, k, m.ID); err != nil {
		return rf, err
	}
	if k.Has(kind.Status) {
		pend, ok, err := h.content.PendingRevision(ctx, k, m.ID)
		if err != nil {
			return rf, err
		}
		if ok {
			rf.Pending = &pend
			if len(pend.Form) > 0 && c.Request.Method == http.MethodGet && pend.UserID == a.UserID {
				b, _ := json.Marshal(url.Values(pend.Form))
				rf.Values = template.JS(b)
			}
		}
	}
	if v, ok := c.Get(keyConflict); ok {
		ce := v.(*content.ConflictError)
		rf.Conflict = &conflictView{Theirs: ce.Theirs, Rows: diffSnapshots(web.LangOf(c), ce.Theirs.Data, ce.Mine)}
		rf.Revision = ce.Theirs.ID // saving again keeps mine, knowingly
	}
	return rf, nil
}

// conflicted remembers an edit conflict for the form about to be shown
// again; it reports whether err was one.
func conflicted(c *gin.Context, err error) bool {
	var ce *content.ConflictError
	if errors.As(err, &ce) {
		c.Set(keyConflict, ce)
		return true
	}
	return false
}

// unitReviewers is the data of the unit form's review part.
type unitReviewers struct {
	Review     bool
	Candidates []roles.User // the unit's active users
	Chosen     []int64
}

// unitReviewData reads a unit's review setting and reviewers.
func (h *Handler) unitReviewData(c *gin.Context, u roles.Unit) (unitReviewers, error) {
	ctx := c.Request.Context()
	d := unitReviewers{Review: u.Review}
	if u.ID == 0 {
		return d, nil
	}
	users, err := h.users.Users(ctx)
	if err != nil {
		return d, err
	}
	for _, x := range users {
		if x.Active && x.UnitID == u.ID {
			d.Candidates = append(d.Candidates, x)
		}
	}
	d.Chosen, err = h.users.UnitReviewers(ctx, u.ID)
	return d, err
}

// saveUnitReview stores the unit form's review part.
func (h *Handler) saveUnitReview(c *gin.Context, unitID int64) error {
	var ids []int64
	for _, v := range c.PostFormArray("reviewers") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return h.users.SetUnitReview(c.Request.Context(), unitID, c.PostForm("review") == "1", ids, h.now())
}
