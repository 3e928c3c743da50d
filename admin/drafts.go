package admin

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/templates"
	"newsroom/web"
)

// The autosave endpoints of assets/js/autosave.js: a user's own drafts of
// the admin's forms, never the items themselves (see web.FormDrafts).
//
//	GET  /admin/drafts?form=PATH&token=T   the draft to restore, and the UI strings
//	POST /admin/drafts                      form, token, adopt, values (JSON), closed: save
//	POST /admin/drafts/delete               form, token: discard

// draftStrings are the autosave script's messages (%s: the time).
var draftStrings = []string{"drafts.saved_at", "drafts.restored", "drafts.restored_stash", "drafts.restored_pending",
	"drafts.discard", "drafts.save_failed", "drafts.expired", "drafts.login_again"}

func (h *Handler) draftStrings(c *gin.Context) map[string]string {
	m := make(map[string]string, len(draftStrings))
	for _, k := range draftStrings {
		m[k[len("drafts."):]] = h.tr(c, k)
	}
	return m
}

// draftKey reads the form page and token of a draft request.
func draftKey(get func(string) string) (string, string, bool) {
	form, ok := web.CleanFormPath(get("form"))
	tok := get("token")
	if !ok || len(tok) > web.MaxFormToken {
		return "", "", false
	}
	return form, tok, true
}

func (h *Handler) showDraft(c *gin.Context) {
	d := h.web.Drafts
	form, tok, ok := draftKey(c.Query)
	if d == nil || !ok {
		c.JSON(http.StatusBadRequest, gin.H{"error": h.tr(c, "drafts.bad")})
		return
	}
	out := gin.H{"found": false, "t": h.draftStrings(c), "lang": web.LangOf(c)}
	dr, err := d.Find(c.Request.Context(), web.UserOf(c).ID, form, tok)
	switch {
	case errors.Is(err, newsroom.ErrNotFound):
	case err != nil:
		h.log.Error("draft", "err", err, "req", web.RequestIDOf(c))
		c.JSON(http.StatusInternalServerError, gin.H{"error": h.tr(c, "drafts.save_failed")})
		return
	default:
		out["found"] = true
		out["token"] = dr.Token
		out["values"] = dr.Values
		out["source"] = dr.Source
		out["saved_at"] = dr.SavedAt.Format(time.RFC3339)
		out["label"] = draftTime(web.LangOf(c), dr.SavedAt, h.now())
	}
	c.JSON(http.StatusOK, out)
}

func (h *Handler) saveDraft(c *gin.Context) {
	d := h.web.Drafts
	form, tok, ok := draftKey(c.PostForm)
	if d == nil || !ok {
		c.JSON(http.StatusBadRequest, gin.H{"error": h.tr(c, "drafts.bad")})
		return
	}
	vals, err := web.ParseDraftValues(c.PostForm("values"))
	if err != nil {
		c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": h.tr(c, "drafts.too_large")})
		return
	}
	at, err := d.Save(c.Request.Context(), web.UserOf(c).ID, form, tok, c.PostForm("adopt"), vals, web.SourceAutosave, c.PostForm("closed") == "1")
	switch {
	case errors.Is(err, web.ErrDraftTooLarge):
		c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": h.tr(c, "drafts.too_large")})
		return
	case errors.Is(err, newsroom.ErrNotFound):
		c.JSON(http.StatusBadRequest, gin.H{"error": h.tr(c, "drafts.bad")})
		return
	case err != nil:
		h.log.Error("save draft", "err", err, "req", web.RequestIDOf(c))
		c.JSON(http.StatusInternalServerError, gin.H{"error": h.tr(c, "drafts.save_failed")})
		return
	}
	c.JSON(http.StatusOK, gin.H{"saved_at": at.Format(time.RFC3339), "message": h.trf(c, "drafts.saved_at", draftTime(web.LangOf(c), at, at))})
}

func (h *Handler) deleteDraft(c *gin.Context) {
	d := h.web.Drafts
	form, tok, ok := draftKey(c.PostForm)
	if d == nil || !ok {
		c.JSON(http.StatusBadRequest, gin.H{"error": h.tr(c, "drafts.bad")})
		return
	}
	if err := d.Delete(c.Request.Context(), web.UserOf(c).ID, form, tok); err != nil {
		h.web.Fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// draftTime is when a draft was saved, as the notices show it: the Bangkok
// clock time ("10:42 น."), with the date when it is not today.
func draftTime(lang string, at, now time.Time) string {
	at, now = at.In(newsroom.Bangkok), now.In(newsroom.Bangkok)
	hm := at.Format("15:04")
	if lang != "en" {
		hm += " น."
	}
	if at.Year() == now.Year() && at.YearDay() == now.YearDay() {
		return hm
	}
	return templates.ShortDate(lang, at) + " " + hm
}

// forgetDraft deletes the user's autosaved draft of the form a successful
// save came from (its draft_form field, set by the autosave script, and its
// form token): the item now holds what the draft did.
func (h *Handler) forgetDraft(c *gin.Context) {
	d, u := h.web.Drafts, web.UserOf(c)
	if d == nil || u == nil {
		return
	}
	form, ok := web.CleanFormPath(c.PostForm("draft_form"))
	if !ok {
		return
	}
	if err := d.Delete(c.Request.Context(), u.ID, form, c.PostForm("form_token")); err != nil {
		h.log.Error("forget draft", "err", err, "req", web.RequestIDOf(c))
	}
}
