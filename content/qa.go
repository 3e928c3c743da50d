package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/kind"
	"newsroom/richtext"
)

// The Q&A channel (ITA O3, the government website standard): visitors ask
// without an account, central PR answers, publishes or discards. The
// asker's name and e-mail are personal data (PDPA): shown to staff only,
// never in revisions, blanked after the retention period central sets.

// Q&A limits. The question is bounded in code points (the schema's byte
// bound leaves room for Thai).
const (
	MaxQuestion          = 2000
	MaxAskerName         = 100
	MaxAskerEmail        = 254
	MinRetentionDays     = 30
	MaxRetentionDays     = 3650
	DefaultRetentionDays = 365
	// RetentionKey is the settings key of the retention period in days.
	RetentionKey = "qa.retention_days"
)

// qaEnd is the end of every question's display window: Q&A do not expire.
var qaEnd = time.Date(9999, 12, 31, 16, 59, 59, 999_000_000, time.UTC)

// QuestionKind is the Q&A: a visitor's question and the published answer.
var QuestionKind = kind.Register(&kind.Kind{
	Name: "qa", Table: "questions", Section: "qa", Public: "/qa/{ref}", Edit: "/admin/qa/{ref}/edit",
	Label: "kind.qa", Use: "use.qa", Title: "question", Action: "qa",
	Features: statusFeatures | kind.Search,
	Bodies:   []string{"answer"},
	Search:   &kind.SearchColumns{Title: "question", Body: "answer_text", Category: "lang", Lang: "lang"},
})

// privateColumns are columns of a kind that revisions never copy: the
// asker's personal data must go when the retention period ends, and a
// restored revision must not bring it back.
var privateColumns = map[*kind.Kind][]string{
	QuestionKind: {"asker_name", "asker_email", "purged_at", "consent_at"},
}

// Question is one visitor's question with its answer.
type Question struct {
	Meta
	AskerName  string // personal data: staff only
	AskerEmail string // personal data: staff only
	Question   string
	Answer     string // sanitised HTML
	AnswerText string
	AskedAt    time.Time
	ConsentAt  time.Time // zero: asked by staff (an FAQ entry)
	AnsweredAt time.Time // zero: not answered yet
	PurgedAt   time.Time // zero: the asker's data is still kept
}

// Answered reports whether the question has an answer.
func (q Question) Answered() bool { return !q.AnsweredAt.IsZero() }

// Waiting is how long the question has waited at now.
func (q Question) Waiting(now time.Time) time.Duration { return now.Sub(q.AskedAt) }

// AskInput is what a visitor's form submits.
type AskInput struct {
	Lang     Lang
	Question string
	Name     string
	Email    string
	Consent  bool
	// Token is the form's single-use id: a form sent twice makes one question.
	Token string
}

// Validate trims and checks the visitor's form.
func (in *AskInput) Validate() error {
	fe := newsroom.FieldErrors{}
	if !in.Lang.Valid() {
		in.Lang = Thai
	}
	in.Question = strings.TrimSpace(strings.ReplaceAll(in.Question, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(in.Question); {
	case !utf8.ValidString(in.Question):
		fe.Add("question", "err.required")
	case n == 0:
		fe.Add("question", "err.required")
	case n > MaxQuestion:
		fe.Add("question", "err.too_long")
	}
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	if !utf8.ValidString(in.Name) || utf8.RuneCountInString(in.Name) > MaxAskerName {
		fe.Add("name", "err.too_long")
	}
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" {
		if key := validEmail(in.Email); key != "" {
			fe.Add("email", key)
		}
	}
	if !in.Consent {
		fe.Add("consent", "qa.err_consent")
	}
	return fe.Err()
}

// validEmail returns the message key of a bad address, "" when it is good:
// one plain address (no display name), a dot in the domain, bounded.
func validEmail(s string) string {
	if len(s) > MaxAskerEmail {
		return "err.too_long"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "qa.err_email"
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return "qa.err_email"
	}
	return ""
}

// QuestionInput is what the staff form submits.
type QuestionInput struct {
	MetaInput
	Question string
	Answer   string // HTML from the editor; sanitised here
}

// Validate checks the staff form; publishing needs an answer.
func (in *QuestionInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	in.Question = strings.TrimSpace(strings.ReplaceAll(in.Question, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(in.Question); {
	case n == 0:
		fe.Add("question", "err.required")
	case n > MaxQuestion:
		fe.Add("question", "err.too_long")
	}
	if len(in.Answer) > richtext.MaxInput {
		fe.Add("body", "err.too_long")
	} else {
		in.Answer = richtext.Sanitize(in.Answer)
	}
	if in.Publish && strings.TrimSpace(bodyText(in.Answer)) == "" {
		fe.Add("body", "qa.err_answer")
	}
	return fe.Err()
}

const questionCols = metaCols + `, x.asker_name, x.asker_email, x.question, x.answer, x.answer_text, x.asked_at, x.consent_at, x.answered_at, x.purged_at`

const questionFrom = ` FROM questions x JOIN units u ON u.id = x.unit_id`

func scanQuestion(r interface{ Scan(...any) error }) (Question, error) {
	var q Question
	var asked, consent, answered, purged int64
	err := scanWith(r, &q.Meta, &q.AskerName, &q.AskerEmail, &q.Question, &q.Answer, &q.AnswerText, &asked, &consent, &answered, &purged)
	q.AskedAt = fromMS(asked)
	for _, p := range []struct {
		v  int64
		to *time.Time
	}{{consent, &q.ConsentAt}, {answered, &q.AnsweredAt}, {purged, &q.PurgedAt}} {
		if p.v != 0 {
			*p.to = fromMS(p.v)
		}
	}
	return q, err
}

// Question returns one question, personal data included (staff only).
func (s *Store) Question(ctx context.Context, id int64) (Question, error) {
	q, err := scanQuestion(s.db.R.QueryRowContext(ctx, `SELECT `+questionCols+questionFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return Question{}, notFound(fmt.Sprintf("question %d", id), err)
	}
	return q, nil
}

// PublicQuestion returns a published question a visitor may open, with the
// asker's data blanked: public code never holds it.
func (s *Store) PublicQuestion(ctx context.Context, id int64, now time.Time) (Question, error) {
	q, err := visibleAt[Question](now)(s.Question(ctx, id))
	return q.public(), err
}

func (q Question) public() Question {
	q.AskerName, q.AskerEmail = "", ""
	return q
}

// qaUnit is the unit questions belong to: central PR's ("pr"), else the
// first active unit.
func qaUnit(ctx context.Context, q rowQuerier) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM units WHERE retired_at IS NULL ORDER BY code <> 'pr', id LIMIT 1`).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("content: Q&A unit: %w", err)
	}
	return id, nil
}

// AskQuestion stores a visitor's question as a new, unpublished one. A form
// sent again (same token) returns the first question's id.
func (s *Store) AskQuestion(ctx context.Context, in AskInput, now time.Time) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	unit, err := qaUnit(ctx, s.db.R)
	if err != nil {
		return 0, err
	}
	mi := MetaInput{Lang: in.Lang, Sort: 1, Start: now, End: qaEnd, UnitID: unit, FormToken: in.Token}
	return s.save(ctx, saveSpec{table: "questions", in: mi,
		columns: func(PendingFile) ([]string, []any) {
			return []string{"asker_name", "asker_email", "question", "asked_at", "consent_at"},
				[]any{in.Name, in.Email, in.Question, ms(now), ms(now)}
		}}, Author{}, now)
}

// SaveQuestion creates (current.ID == 0: an FAQ entry by staff) or updates
// a question: its wording for publication, its answer and status. The
// first save with an answer sets answered_at.
func (s *Store) SaveQuestion(ctx context.Context, current Question, in QuestionInput, by Author, now time.Time) (int64, error) {
	in.End = qaEnd
	if current.ID != 0 {
		in.Start = current.Window.Start
	}
	if err := s.validate(ctx, "questions", current.ID, in.UnitID, in.Validate); err != nil {
		return 0, err
	}
	text := bodyText(in.Answer)
	answered := ms(current.AnsweredAt)
	if current.AnsweredAt.IsZero() {
		answered = 0
		if strings.TrimSpace(text) != "" {
			answered = ms(now)
		}
	}
	return s.save(ctx, saveSpec{table: "questions", id: current.ID, in: in.MetaInput,
		columns: func(PendingFile) ([]string, []any) {
			return []string{"question", "answer", "answer_text", "answered_at"}, []any{in.Question, in.Answer, text, answered}
		},
		created: func() ([]string, []any) {
			return []string{"asked_at", "consent_at"}, []any{ms(in.Start), 0}
		}}, by, now)
}

// QuestionFilter selects questions for the admin lists.
type QuestionFilter struct {
	ListFilter
	Inbox bool // new questions only (drafts never published), oldest first
	Q     string
}

// ListQuestions returns a page of the admin list: the inbox oldest first,
// otherwise newest first.
func (s *Store) ListQuestions(ctx context.Context, f QuestionFilter) ([]Question, int, error) {
	conds, args := f.where()
	order := "x.asked_at DESC, x.id DESC"
	if f.Inbox {
		conds = append(conds, "x.status = 'draft'")
		order = "x.asked_at, x.id"
	}
	if strings.TrimSpace(f.Q) != "" {
		conds = append(conds, `(x.question LIKE ? ESCAPE '\' OR x.answer_text LIKE ? ESCAPE '\')`)
		args = append(args, likeArg(f.Q), likeArg(f.Q))
	}
	return queryList(ctx, s, "questions", questionCols, questionFrom, conds, args, order, f.limit(), f.Offset, scanQuestion)
}

// NewQuestions counts the questions waiting in the inbox.
func (s *Store) NewQuestions(ctx context.Context) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM questions WHERE status = 'draft'`).Scan(&n)
	return n, err
}

// maxQAWords bounds the words of a Q&A search (each is a LIKE condition).
const maxQAWords = 8

// LiveQuestions lists published Q&A in lang, newest first, matching q in
// the question or answer when q is not empty. The asker's data is blanked.
func (s *Store) LiveQuestions(ctx context.Context, lang Lang, q string, now time.Time, limit, offset int) ([]Question, int, error) {
	cond, args := liveWhere(lang, now)
	conds := []string{cond}
	words := strings.Fields(q)
	if len(words) > maxQAWords {
		words = words[:maxQAWords]
	}
	for _, w := range words {
		conds = append(conds, `(x.question LIKE ? ESCAPE '\' OR x.answer_text LIKE ? ESCAPE '\')`)
		args = append(args, likeArg(w), likeArg(w))
	}
	list, total, err := queryList(ctx, s, "live questions", questionCols, questionFrom, conds, args, "x.start_at DESC, x.id DESC", limit, offset, scanQuestion)
	for i := range list {
		list[i] = list[i].public()
	}
	return list, total, err
}

// RetentionDays is how long askers' personal data is kept, in days.
func (s *Store) RetentionDays(ctx context.Context) (int, error) {
	var v string
	err := s.db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, RetentionKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultRetentionDays, nil
	}
	if err != nil {
		return 0, fmt.Errorf("content: Q&A retention: %w", err)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < MinRetentionDays || n > MaxRetentionDays {
		return DefaultRetentionDays, nil
	}
	return n, nil
}

// SetRetentionDays stores the retention period (MinRetentionDays to
// MaxRetentionDays; anything else is a field error on "days").
func (s *Store) SetRetentionDays(ctx context.Context, days int) error {
	if days < MinRetentionDays || days > MaxRetentionDays {
		return newsroom.FieldErrors{"days": "qa.err_days"}
	}
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
		RetentionKey, strconv.Itoa(days))
	if err != nil {
		return fmt.Errorf("content: set Q&A retention: %w", err)
	}
	return nil
}

// PurgeAskers blanks the name and e-mail of every question asked longer
// ago than the retention period and marks it purged; it returns how many.
// Revisions never hold them (privateColumns), so nothing else keeps them.
func (s *Store) PurgeAskers(ctx context.Context, now time.Time) (int, error) {
	days, err := s.RetentionDays(ctx)
	if err != nil {
		return 0, err
	}
	before := ms(now.AddDate(0, 0, -days))
	res, err := s.db.W.ExecContext(ctx, `UPDATE questions SET asker_name = '', asker_email = '', purged_at = ?
		WHERE purged_at = 0 AND asked_at < ?`, ms(now), before)
	if err != nil {
		return 0, fmt.Errorf("content: purge askers: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
