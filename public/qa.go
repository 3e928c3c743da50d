package public

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"html/template"
	"math/bits"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

// The Q&A page: published questions and answers, and the form visitors
// ask with. Visitors get no cookies, so the form cannot use the CSRF
// cookie: it carries a signed, expiring token instead (HMAC under a key
// derived from the server's CSRF key), whose random challenge is also the
// question's idempotency key (a form is used once) and the input of a
// small proof of work that assets/js/pow.js computes. Without JavaScript
// the form still works, under a stricter per-address limit. A honeypot
// field catches naive bots, which are thanked and ignored.

var _ = addSiteSection(siteSection{Path: "/qa", Label: "qa.title", Order: 60, Footer: true})

const (
	qaPerPage = 10
	// qaTokenAge is how long a form may stay open before it is sent.
	qaTokenAge = 3 * time.Hour
	// qaPowBits is the proof of work: sha256(challenge ":" nonce) must
	// start with this many zero bits, about 8,000 hashes on average. The
	// browser test measured about 17,000 hashes a second in Chromium with
	// its CPU slowed down six times on a busy test machine: half a second
	// on average there, well under that on a phone. It is a cost per
	// question for a bot; the per-address limit is the real bound.
	qaPowBits = 13
	// qaMaxNonce bounds the nonce field (decimal digits).
	qaMaxNonce = 20
	// Per address and hour: questions with the proof of work, and those
	// without (no JavaScript: a person, or a bot that skips it).
	qaLimitPow   = 6
	qaLimitNoPow = 2
	qaWindow     = time.Hour
	// qaMaxAddrs bounds the limiter's memory.
	qaMaxAddrs = 10_000
)

func (h *Handler) qaRoutes(r gin.IRouter, page func(string, ...gin.HandlerFunc), prefix string, lang gin.HandlerFunc) {
	page(prefix+"/qa", lang, h.qaPage) // never cached: each form has its own token
	r.POST(prefix+"/qa", lang, h.ask)
	page(prefix+"/qa/thanks", lang, h.cache.Middleware(), h.qaThanks)
	page(prefix+"/qa/:id", lang, h.cache.Middleware(), h.showQuestion)
	h.web.CookielessForm(prefix+"/qa", h.qaTokenAuthentic)
}

// qaToken is a parsed form token: issued.challenge.bits.mac.
type qaToken struct {
	Issued    time.Time
	Challenge string // 32 hex digits
	Bits      int
}

func (h *Handler) qaKey() []byte {
	m := hmac.New(sha256.New, h.web.CSRFKey)
	m.Write([]byte("newsroom qa form token v1"))
	return m.Sum(nil)
}

func (h *Handler) qaMAC(body string) string {
	m := hmac.New(sha256.New, h.qaKey())
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// newQAToken makes a fresh form token at now.
func (h *Handler) newQAToken(now time.Time) (string, qaToken) {
	b := make([]byte, 16)
	rand.Read(b)
	t := qaToken{Issued: now, Challenge: hex.EncodeToString(b), Bits: qaPowBits}
	body := strconv.FormatInt(now.Unix(), 10) + "." + t.Challenge + "." + strconv.Itoa(t.Bits)
	return body + "." + h.qaMAC(body), t
}

// parseQAToken checks a token's form and signature (not its age).
func (h *Handler) parseQAToken(s string) (qaToken, bool) {
	if len(s) > 200 {
		return qaToken{}, false
	}
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return qaToken{}, false
	}
	body := parts[0] + "." + parts[1] + "." + parts[2]
	if !hmac.Equal([]byte(h.qaMAC(body)), []byte(parts[3])) {
		return qaToken{}, false
	}
	sec, err := strconv.ParseInt(parts[0], 10, 64)
	n, berr := strconv.Atoi(parts[2])
	if err != nil || berr != nil || len(parts[1]) != 32 || n < 0 || n > 32 {
		return qaToken{}, false
	}
	if _, err := hex.DecodeString(parts[1]); err != nil {
		return qaToken{}, false
	}
	return qaToken{Issued: time.Unix(sec, 0), Challenge: parts[1], Bits: n}, true
}

// qaTokenAuthentic is the CSRF check of the cookieless form: a token we
// signed. Its age is checked by the handler, which can then keep what the
// visitor typed.
func (h *Handler) qaTokenAuthentic(c *gin.Context) bool {
	_, ok := h.parseQAToken(c.PostForm("token"))
	return ok
}

// powValid reports whether sha256(challenge ":" nonce) starts with n zero bits.
func powValid(challenge, nonce string, n int) bool {
	if nonce == "" || len(nonce) > qaMaxNonce || strings.Trim(nonce, "0123456789") != "" {
		return false
	}
	sum := sha256.Sum256([]byte(challenge + ":" + nonce))
	return leadingZeroBits(sum[:]) >= n
}

func leadingZeroBits(b []byte) int {
	n := 0
	for _, x := range b {
		if x != 0 {
			return n + bits.LeadingZeros8(x)
		}
		n += 8
	}
	return n
}

// qaLimiter counts questions per client address in fixed hourly windows.
// Its memory is bounded: when full, finished windows go, then everything.
type qaLimiter struct {
	mu sync.Mutex
	m  map[string]*qaCount
}

type qaCount struct {
	start      time.Time
	all, nopow int
}

func (l *qaLimiter) entry(ip string, now time.Time) *qaCount {
	if l.m == nil {
		l.m = map[string]*qaCount{}
	}
	e := l.m[ip]
	if e != nil && now.Sub(e.start) >= qaWindow {
		e = nil
	}
	if e == nil {
		if len(l.m) >= qaMaxAddrs {
			for k, v := range l.m {
				if now.Sub(v.start) >= qaWindow {
					delete(l.m, k)
				}
			}
			if len(l.m) >= qaMaxAddrs {
				clear(l.m)
			}
		}
		e = &qaCount{start: now}
		l.m[ip] = e
	}
	return e
}

// allow reports whether ip may ask one more question now (pow: with the
// proof of work) and, if so, counts it.
func (l *qaLimiter) allow(ip string, pow bool, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entry(ip, now)
	if e.all >= qaLimitPow || (!pow && e.nopow >= qaLimitNoPow) {
		return false
	}
	e.all++
	if !pow {
		e.nopow++
	}
	return true
}

// qaPageData is the Q&A page: a page of Q&A and the form.
type qaPageData struct {
	Items     []qaItem
	Q         string
	Total     int
	Pager     web.Pager
	Token     string
	Challenge string
	Bits      int
	Days      int    // how long askers' data is kept
	Notice    string // a form-wide message key (expired form, too many questions)
}

type qaItem struct {
	content.Question
	Answer template.HTML
}

func (h *Handler) qaPage(c *gin.Context) {
	h.renderQA(c, http.StatusOK, nil, "")
}

// renderQA renders the list and the form; errs and notice come with a
// refused form, whose input is kept.
func (h *Handler) renderQA(c *gin.Context, status int, errs newsroom.FieldErrors, notice string) {
	page, ok := pageParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	q := strings.TrimSpace(c.Query("q"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	lang := web.LangOf(c)
	ctx := c.Request.Context()
	now := h.now()
	list, total, err := h.content.LiveQuestions(ctx, content.Lang(lang), q, now, qaPerPage, (page-1)*qaPerPage)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	days, err := h.content.RetentionDays(ctx)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := qaPageData{Q: q, Total: total, Days: days, Notice: notice}
	for _, it := range list {
		d.Items = append(d.Items, qaItem{Question: it, Answer: trustedHTML(it.Answer)})
	}
	keep := url.Values{}
	if q != "" {
		keep.Set("q", q)
	}
	d.Pager = web.NewPager(langPrefix(string(lang))+"/qa", keep, page, qaPerPage, total)
	var tok qaToken
	d.Token, tok = h.newQAToken(now)
	d.Challenge, d.Bits = tok.Challenge, tok.Bits
	p := h.web.Page(c, "qa.title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	if errs != nil || notice != "" {
		p.Errors = errs
		p.Form = c.Request.PostForm
	}
	p.Data = d
	// The form's token is this visitor's: no shared cache may keep it.
	c.Header("Cache-Control", "no-store")
	h.web.Render(c, status, "public/qa", p)
}

// ask takes a visitor's question. The CSRF middleware already checked the
// token is ours; a filled honeypot is thanked and ignored; an expired form,
// a wrong proof of work, too many questions from one address or a bad field
// shows the form again with what was typed and a fresh token. A stored
// question goes on to the thank-you page (303): nothing personal is in its
// address or echoed there.
func (h *Handler) ask(c *gin.Context) {
	now := h.now()
	thanks := langPrefix(string(web.LangOf(c))) + "/qa/thanks"
	if c.PostForm("website") != "" { // the honeypot: people never see it
		c.Redirect(http.StatusSeeOther, thanks)
		return
	}
	tok, ok := h.parseQAToken(c.PostForm("token"))
	if !ok { // the middleware refused it already; kept for direct callers
		h.web.Fail(c, newsroom.ErrForbidden)
		return
	}
	if age := now.Sub(tok.Issued); age > qaTokenAge || age < -time.Minute {
		h.renderQA(c, http.StatusUnprocessableEntity, nil, "qa.err_expired")
		return
	}
	nonce := strings.TrimSpace(c.PostForm("pow"))
	pow := nonce != ""
	if pow && !powValid(tok.Challenge, nonce, tok.Bits) {
		h.renderQA(c, http.StatusUnprocessableEntity, nil, "qa.err_pow")
		return
	}
	in := content.AskInput{Lang: content.Lang(web.LangOf(c)), Question: c.PostForm("question"), Name: c.PostForm("name"),
		Email: c.PostForm("email"), Consent: c.PostForm("consent") == "yes", Token: "qa:" + tok.Challenge}
	if err := in.Validate(); err != nil {
		var fe newsroom.FieldErrors
		if errors.As(err, &fe) {
			h.renderQA(c, http.StatusUnprocessableEntity, fe, "")
			return
		}
		h.web.Fail(c, err)
		return
	}
	if !h.qaLimit.allow(c.ClientIP(), pow, now) {
		h.renderQA(c, http.StatusTooManyRequests, nil, "qa.err_throttled")
		return
	}
	if _, err := h.content.AskQuestion(c.Request.Context(), in, now); err != nil {
		var fe newsroom.FieldErrors
		if errors.As(err, &fe) {
			h.renderQA(c, http.StatusUnprocessableEntity, fe, "")
			return
		}
		h.web.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, thanks)
}

func (h *Handler) qaThanks(c *gin.Context) {
	days, err := h.content.RetentionDays(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "qa.thanks_title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = struct{ Days int }{days}
	h.web.Render(c, http.StatusOK, "public/qa_thanks", p)
}

// showQuestion is a published question's permalink.
func (h *Handler) showQuestion(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	q, err := h.content.PublicQuestion(c.Request.Context(), id, h.now())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "")
	p.Title = q.Question
	if r := []rune(p.Title); len(r) > 120 {
		p.Title = string(r[:120]) + "…"
	}
	path := langPrefix(p.Lang) + "/qa/" + strconv.FormatInt(q.ID, 10)
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	desc := q.AnswerText
	if r := []rune(desc); len(r) > 300 {
		desc = string(r[:300]) + "…"
	}
	p.OG = &templates.OpenGraph{Type: "article", Description: desc, Path: path}
	p.Data = qaItem{Question: q, Answer: trustedHTML(q.Answer)}
	h.web.Render(c, http.StatusOK, "public/qa_detail", p)
}

// A preview link shows an unpublished Q&A as its permalink will (the
// asker's data blanked), with a change waiting for review over it.
func init() {
	previewSources[content.QuestionKind] = func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		q, err := h.content.Question(ctx, l.ItemID())
		if err := previewable(q.Meta, err); err != nil {
			return previewed{}, err
		}
		q.AskerName, q.AskerEmail = "", ""
		if snap, ok, err := h.content.PendingChange(ctx, content.QuestionKind, q.ID); err != nil {
			return previewed{}, err
		} else if ok {
			overlay(snap, map[string]*string{"question": &q.Question, "answer": &q.Answer})
		}
		return previewed{page: "public/qa_detail", title: q.Question, lang: q.Lang, data: qaItem{Question: q, Answer: trustedHTML(q.Answer)}}, nil
	}
}
