package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

// Q&A (central PR): the inbox of visitors' new questions, oldest first with
// their waiting time; answering (rich text), publishing, editing a
// question's wording, discarding it (the trash), takedown and revisions as
// for every kind; and the retention period of askers' personal data.
var _ = addSection(content.QuestionKind, func(h *Handler, in *gin.RouterGroup) {
	g := in.Group("/qa", h.web.Require(roles.QA, roles.View))
	h.qaResource().routes(h, g, editor[content.Question]{h.listQuestions, h.showNewQuestion, h.createQuestion, edit(h.renderQuestionForm), h.saveQuestion})
	g.POST("/retention", h.saveRetention)
})

func (h *Handler) qaResource() resource[content.Question] {
	return resource[content.Question]{kind: content.QuestionKind, load: h.content.Question,
		meta:   func(q content.Question) content.Meta { return q.Meta },
		target: func(content.Question) roles.Target { return roles.Target{Kind: roles.QA} },
		label:  func(q content.Question) (int64, string) { return q.ID, q.Question }}
}

type qaListData struct {
	Items    []content.Question
	Query    listQuery
	Pager    web.Pager
	Now      time.Time
	Inbox    bool
	Tab      string // inbox, published, all
	NewCount int
	Days     string // the retention field
	All      bool
	Units    []roles.Unit
}

// listQuestions is the inbox (default: new questions, oldest first), the
// published list or every question, with the shared filters.
func (h *Handler) listQuestions(c *gin.Context) {
	h.renderQuestionList(c, http.StatusOK, "", nil)
}

func (h *Handler) renderQuestionList(c *gin.Context, status int, days string, errs newsroom.FieldErrors) {
	ctx := c.Request.Context()
	lq := h.listQuery(c, roles.QA, "tab")
	tab := c.Query("tab")
	switch {
	case tab == "published":
		lq.Filter.State = string(content.Published)
	case tab == "all" || lq.Filter.State != "":
		tab = "all"
	default:
		tab = "inbox"
	}
	f := content.QuestionFilter{ListFilter: lq.Filter, Inbox: tab == "inbox", Q: c.Query("q")}
	items, total, err := h.content.ListQuestions(ctx, f)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	n, err := h.content.NewQuestions(ctx)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	if days == "" {
		d, err := h.content.RetentionDays(ctx)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		days = strconv.Itoa(d)
	}
	h.renderPage(c, status, "admin/qa_list", "qa", "qa.admin_title", errs, qaListData{Items: items, Query: lq,
		Pager: lq.pager("/admin/qa", total), Now: h.now(), Inbox: tab == "inbox", Tab: tab, NewCount: n, Days: days})
}

type qaFormData struct {
	formPage
	Question content.Question
	Now      time.Time
}

func (h *Handler) showNewQuestion(c *gin.Context) {
	q := content.Question{Meta: h.defaultMeta(c, 0)}
	q.AskedAt = h.now()
	h.renderQuestionForm(c, http.StatusOK, q, "", nil)
}

func (h *Handler) renderQuestionForm(c *gin.Context, status int, q content.Question, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.QA, q.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, status, "admin/qa_form", "qa", formTitle("qa", q.ID), errs, qaFormData{formPage: fp, Question: q, Now: h.now()})
}

func (h *Handler) createQuestion(c *gin.Context) { h.saveQuestion(c, content.Question{}) }

// saveQuestion saves the staff form: the question's wording, its answer
// and language; "publish" publishes it, "draft" keeps it in the inbox.
// The display window is the question's own (from when it was asked, no
// end), so the form has no dates.
func (h *Handler) saveQuestion(c *gin.Context, old content.Question) {
	u := web.UserOf(c)
	unit := old.UnitID
	if unit == 0 {
		unit = u.UnitID
	}
	start := old.Window.Start
	if old.ID == 0 {
		start = h.now()
	}
	mi := content.MetaInput{
		Lang:      content.Lang(c.PostForm("lang")),
		Sort:      1,
		Start:     start,
		End:       start, // SaveQuestion sets the end
		UnitID:    unit,
		FormToken: c.PostForm("form_token"),
		Publish:   c.PostForm("action") != "draft",
		Base:      max(formInt(c, "revision", 0), 0),
		CheckBase: c.PostForm("revision") != "",
		By:        content.Author{UserID: u.ID, Name: u.Name},
		Form:      c.Request.PostForm,
	}
	mi.Review = h.underReview(c, unit)
	c.Set(keyMetaIn, mi)
	in := content.QuestionInput{MetaInput: mi, Question: c.PostForm("question"), Answer: c.PostForm("body")}
	id, err := h.content.SaveQuestion(c.Request.Context(), old, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	failed := h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		h.renderQuestionForm(c, http.StatusUnprocessableEntity, old, in.FormToken, fe)
	})
	if !failed {
		h.saved(c, verb(content.QuestionKind, old.ID), content.QuestionKind.Action, id, in.Question, "/admin/qa", "qa.saved")
	}
}

// saveRetention sets how many days askers' names and e-mails are kept.
func (h *Handler) saveRetention(c *gin.Context) {
	if !h.allow(c, roles.Edit, roles.Target{Kind: roles.QA}) {
		return
	}
	raw := strings.TrimSpace(c.PostForm("days"))
	days := formInt(c, "days", notANumber)
	if days > content.MaxRetentionDays {
		days = notANumber
	}
	err := h.content.SetRetentionDays(c.Request.Context(), int(days))
	if h.formFailed(c, err, func(fe newsroom.FieldErrors) { h.renderQuestionList(c, http.StatusUnprocessableEntity, raw, fe) }) {
		return
	}
	h.record(c, "qa.retention", "qa", 0, raw)
	h.redirectWithFlash(c, "/admin/qa", "qa.retention_saved")
}
