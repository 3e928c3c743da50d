package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/kind"
)

// The ITA/OIT hub (Integrity and Transparency Assessment): per B.E. fiscal
// year, the items the assessors check (O1…O26 in FY 2569) and each item's
// evidence on this site. Every item's page, /ita/{fy}/{code}, is the URL
// entered in the assessment system, so a code never changes once the item
// was published. An item's status is worked out from its evidence each
// time it is shown: news by tag inside the item's span, the monthly
// procurement summaries, notices and news dated inside the span.

// ITAKind is the ITA/OIT items: central PR only; one row holds both
// languages. No takedown: an item holds no file or body of its own (its
// evidence is other content, which can be taken down itself). Items have no page of their own by id (their page is
// /ita/{fy}/{code}).
//
// The admin menu lists it from the registry (nav.ita), after the kinds of
// kinds.go: registerAfter makes it registered after PageKind.
var ITAKind = registerAfter(PageKind, &kind.Kind{
	Name: "ita", Table: "ita_items", Section: "ita", Edit: "/admin/ita/{ref}/edit",
	Label: "kind.ita", Use: "use.ita", Title: "title_th", Action: "ita",
	Features: kind.Status | kind.Trash,
})

// registerAfter registers k once prev is (package variables are
// initialised after those they refer to), so lists follow that order.
func registerAfter(prev, k *kind.Kind) *kind.Kind {
	_ = prev
	return kind.Register(k)
}

// ITA limits.
const (
	MaxITAEvidence = 40   // evidence rows per item
	MaxITAText     = 4000 // requirement and "nothing to report" statements
	MaxITATitle    = 400
	MaxITALabel    = 400
	maxITALinks    = 100 // news listed under one news_tag evidence
)

// Evidence windows ("spans") of an item, relative to its fiscal year.
const (
	SpanCurrent   = "current"    // the item's fiscal year
	SpanPrevious  = "previous"   // the year before (annual reports)
	SpanFirstHalf = "first_half" // 1 Oct – 31 Mar of the item's year (progress reports)
)

// ITASpans lists the spans in form order.
var ITASpans = []string{SpanCurrent, SpanPrevious, SpanFirstHalf}

// Evidence sources: what an evidence row's ref names.
const (
	EvPage              = "page"               // ref: an institutional page's slug
	EvNotice            = "notice"             // ref: a notice id
	EvNews              = "news"               // ref: a news id
	EvNewsTag           = "news_tag"           // ref: a tag slug; its live news inside the span
	EvNewsAll           = "news_all"           // the span's live news (the fiscal-year news list)
	EvProcurementMonths = "procurement_months" // the monthly สขร.1 summaries of the span
	EvProcurementYear   = "procurement_year"   // the fiscal-year roll-up of the span
	EvQA                = "qa"                 // the Q&A page
	EvURL               = "url"                // an external link
)

// ITASources lists the evidence sources in form order.
var ITASources = []string{EvPage, EvNotice, EvNews, EvNewsTag, EvNewsAll, EvProcurementMonths, EvProcurementYear, EvQA, EvURL}

// The item's window is not a display window: an item shows as long as it
// is published. Its Meta window is fixed to these.
var (
	itaStart = time.Date(2000, time.January, 1, 0, 0, 0, 0, newsroom.Bangkok)
	itaEnd   = EndOfDay(time.Date(2999, time.December, 31, 0, 0, 0, 0, newsroom.Bangkok))
)

// ITAWindow is the fixed Meta window of every ITA item.
func ITAWindow() (time.Time, time.Time) { return itaStart, itaEnd }

// ITAEvidence is one piece of an item's evidence.
type ITAEvidence struct {
	ID       int64  `json:"-"`
	Position int    `json:"-"`
	Source   string `json:"source"`
	Ref      string `json:"ref,omitempty"`
	URL      string `json:"url,omitempty"`
	LabelTH  string `json:"label_th,omitempty"`
	LabelEN  string `json:"label_en,omitempty"`
}

// Label is the evidence's own label in lang ("" when none was given).
func (e ITAEvidence) Label(lang string) string {
	if lang == "en" && e.LabelEN != "" {
		return e.LabelEN
	}
	return e.LabelTH
}

// ITAItem is one assessment item of a fiscal year.
type ITAItem struct {
	Meta
	FY            int
	Code          string
	TitleTH       string
	TitleEN       string
	RequirementTH string
	RequirementEN string
	Span          string
	NothingTH     string
	NothingEN     string
	PublishedAt   time.Time // zero until first published; the code is fixed from then on
	Evidence      []ITAEvidence
}

// pick is the English text when asked for and present, else the Thai.
func pick(lang, th, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return th
}

// Title is the item's title in lang.
func (it ITAItem) Title(lang string) string { return pick(lang, it.TitleTH, it.TitleEN) }

// Requirement is what must be shown, in lang.
func (it ITAItem) Requirement(lang string) string {
	return pick(lang, it.RequirementTH, it.RequirementEN)
}

// Nothing is the "nothing to report" statement in lang.
func (it ITAItem) Nothing(lang string) string { return pick(lang, it.NothingTH, it.NothingEN) }

// CodeLocked reports whether the code can no longer change: the item was
// published, so its URL may be in the assessment system.
func (it ITAItem) CodeLocked() bool { return !it.PublishedAt.IsZero() }

// Path is the item's public page in lang: /ita/2570/O1.
func (it ITAItem) Path(lang string) string { return ITAPath(lang, it.FY, it.Code) }

// ITAPath is the public page of item code of fiscal year fy in lang.
func ITAPath(lang string, fy int, code string) string {
	p := "/ita/" + strconv.Itoa(fy) + "/" + code
	if lang == "en" {
		return "/en" + p
	}
	return p
}

// SpanRange returns [start, end) of span in fiscal year fy.
func SpanRange(fy int, span string) (time.Time, time.Time) {
	switch span {
	case SpanPrevious:
		return FiscalYearRange(fy - 1)
	case SpanFirstHalf:
		start, _ := FiscalYearRange(fy)
		return start, start.AddDate(0, 6, 0)
	}
	return FiscalYearRange(fy)
}

// SpanFY is the fiscal year the span lies in.
func SpanFY(fy int, span string) int {
	if span == SpanPrevious {
		return fy - 1
	}
	return fy
}

// Range is the item's span as [start, end).
func (it ITAItem) Range() (time.Time, time.Time) { return SpanRange(it.FY, it.Span) }

// LastDay is the last day of the item's span (for display).
func (it ITAItem) LastDay() time.Time {
	_, end := it.Range()
	return end.Add(-time.Millisecond)
}

// FirstDay is the first day of the item's span.
func (it ITAItem) FirstDay() time.Time {
	start, _ := it.Range()
	return start
}

// ITAYear is an opened fiscal year of the hub.
type ITAYear struct {
	FY         int
	CopiedFrom int // 0: none
	CreatedAt  time.Time
	Items      int // items not in the trash
}

// ITAItemInput is what the item form submits.
type ITAItemInput struct {
	MetaInput
	FY            int
	Code          string
	TitleTH       string
	TitleEN       string
	RequirementTH string
	RequirementEN string
	Span          string
	NothingTH     string
	NothingEN     string
	Evidence      []ITAEvidence
}

var (
	itaCodeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,11}$`)
	slugRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}$`)
)

// ValidITACode reports whether code may name an item (it is a URL segment).
func ValidITACode(code string) bool { return itaCodeRe.MatchString(code) }

// Validate checks the form and normalises it. Evidence errors are on the
// fields ev_ref_N / ev_url_N / ev_source_N / ev_label_N (N from 0 in the
// order submitted).
func (in *ITAItemInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	if in.FY < 2500 || in.FY > 2700 {
		fe.Add("fy", "err.ita_fy")
	}
	in.Code = strings.TrimSpace(in.Code)
	if !ValidITACode(in.Code) {
		fe.Add("code", "err.ita_code")
	}
	text := func(field string, v *string, min, max int) {
		*v = strings.TrimSpace(strings.ToValidUTF8(*v, "\uFFFD"))
		n := utf8.RuneCountInString(*v)
		switch {
		case n < min:
			fe.Add(field, "err.required")
		case n > max:
			fe.Add(field, "err.too_long")
		}
	}
	text("title_th", &in.TitleTH, 1, MaxITATitle)
	text("title_en", &in.TitleEN, 0, MaxITATitle)
	text("requirement_th", &in.RequirementTH, 0, MaxITAText)
	text("requirement_en", &in.RequirementEN, 0, MaxITAText)
	text("nothing_th", &in.NothingTH, 0, MaxITAText)
	text("nothing_en", &in.NothingEN, 0, MaxITAText)
	if !slices.Contains(ITASpans, in.Span) {
		fe.Add("span", "err.choose")
	}
	if len(in.Evidence) > MaxITAEvidence {
		fe.Add("evidence", "err.ita_evidence_many")
		in.Evidence = in.Evidence[:MaxITAEvidence]
	}
	for i := range in.Evidence {
		validEvidence(fe, i, &in.Evidence[i])
	}
	// Positions follow the submitted order (the form sorts them first).
	for i := range in.Evidence {
		in.Evidence[i].Position = i + 1
	}
	return fe.Err()
}

func validEvidence(fe newsroom.FieldErrors, i int, e *ITAEvidence) {
	n := strconv.Itoa(i)
	clean := func(s string) string { return strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD")) }
	e.Ref, e.LabelTH, e.LabelEN = clean(e.Ref), clean(e.LabelTH), clean(e.LabelEN)
	if utf8.RuneCountInString(e.LabelTH) > MaxITALabel || utf8.RuneCountInString(e.LabelEN) > MaxITALabel {
		fe.Add("ev_label_"+n, "err.too_long")
	}
	switch e.Source {
	case EvPage, EvNewsTag:
		e.Ref = strings.ToLower(e.Ref)
		if !slugRe.MatchString(e.Ref) {
			fe.Add("ev_ref_"+n, "err.ita_slug")
		}
		e.URL = ""
	case EvNotice, EvNews:
		if id, err := strconv.ParseInt(e.Ref, 10, 64); err != nil || id <= 0 {
			fe.Add("ev_ref_"+n, "err.ita_id")
		}
		e.URL = ""
	case EvURL:
		var key string
		e.URL, key = CleanLink(e.URL, true)
		if key != "" {
			fe.Add("ev_url_"+n, key)
		}
		e.Ref = ""
	case EvNewsAll, EvProcurementMonths, EvProcurementYear, EvQA:
		e.Ref, e.URL = "", ""
	default:
		fe.Add("ev_source_"+n, "err.choose")
	}
}

// evidenceText is the evidence list as stored in evidence_text: one JSON
// object a line.
func evidenceText(ev []ITAEvidence) string {
	var b strings.Builder
	for _, e := range ev {
		line, _ := json.Marshal(e)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// parseEvidenceText reads evidence_text back; lines it cannot read are
// skipped (a revision from an older layout).
func parseEvidenceText(s string) []ITAEvidence {
	var out []ITAEvidence
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var e ITAEvidence
		if json.Unmarshal([]byte(line), &e) == nil && slices.Contains(ITASources, e.Source) {
			e.Position = len(out) + 1 // the order of the lines
			out = append(out, e)
		}
	}
	return out
}

const itaCols = metaCols + `, x.fy, x.code, x.title_th, x.title_en, x.requirement_th, x.requirement_en, x.span,
	x.nothing_th, x.nothing_en, x.published_at`

const itaFrom = ` FROM ita_items x JOIN units u ON u.id = x.unit_id`

func scanITA(r interface{ Scan(...any) error }) (ITAItem, error) {
	var it ITAItem
	var pub int64
	err := scanWith(r, &it.Meta, &it.FY, &it.Code, &it.TitleTH, &it.TitleEN, &it.RequirementTH, &it.RequirementEN, &it.Span,
		&it.NothingTH, &it.NothingEN, &pub)
	if pub != 0 {
		it.PublishedAt = fromMS(pub)
	}
	return it, err
}

// loadEvidence fills the items' evidence lists.
func (s *Store) loadEvidence(ctx context.Context, items []ITAItem) error {
	if len(items) == 0 {
		return nil
	}
	idx := map[int64]int{}
	marks := make([]string, len(items))
	args := make([]any, len(items))
	for i, it := range items {
		idx[it.ID], marks[i], args[i] = i, "?", it.ID
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, item_id, position, source, ref, url, label_th, label_en FROM ita_evidence
		WHERE item_id IN (`+strings.Join(marks, ",")+`) ORDER BY item_id, position, id`, args...)
	if err != nil {
		return fmt.Errorf("content: ita evidence: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e ITAEvidence
		var item int64
		if err := rows.Scan(&e.ID, &item, &e.Position, &e.Source, &e.Ref, &e.URL, &e.LabelTH, &e.LabelEN); err != nil {
			return err
		}
		if i, ok := idx[item]; ok {
			items[i].Evidence = append(items[i].Evidence, e)
		}
	}
	return rows.Err()
}

// ITAItem returns one item (any status) with its evidence.
func (s *Store) ITAItem(ctx context.Context, id int64) (ITAItem, error) {
	it, err := scanITA(s.db.R.QueryRowContext(ctx, `SELECT `+itaCols+itaFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return ITAItem{}, notFound(fmt.Sprintf("ita item %d", id), err)
	}
	items := []ITAItem{it}
	if err := s.loadEvidence(ctx, items); err != nil {
		return ITAItem{}, err
	}
	return items[0], nil
}

// PublicITAItem returns the published item code of fiscal year fy at now;
// a taken-down one is ErrGone, any other ErrNotFound (an item's window is
// fixed and always open, but a scheduled item would not be public yet).
func (s *Store) PublicITAItem(ctx context.Context, fy int, code string, now time.Time) (ITAItem, error) {
	it, err := scanITA(s.db.R.QueryRowContext(ctx, `SELECT `+itaCols+itaFrom+` WHERE x.fy = ? AND x.code = ?`, fy, code))
	switch {
	case err != nil:
		return ITAItem{}, notFound(fmt.Sprintf("ita %d/%s", fy, code), err)
	case it.Status == TakenDown:
		return ITAItem{}, fmt.Errorf("content: ita %d/%s: %w", fy, code, ErrGone)
	case it.Status != Published || it.Window.State(now) == Scheduled:
		return ITAItem{}, fmt.Errorf("content: ita %d/%s not public: %w", fy, code, ErrNotFound)
	}
	items := []ITAItem{it}
	if err := s.loadEvidence(ctx, items); err != nil {
		return ITAItem{}, err
	}
	return items[0], nil
}

// ITAItems lists a year's items in display order with their evidence:
// with public, only the published ones; with trashed, only those in the
// trash; else every item not in the trash.
func (s *Store) ITAItems(ctx context.Context, fy int, public, trashed bool) ([]ITAItem, error) {
	cond := "x.status <> 'trashed'"
	switch {
	case public:
		cond = "x.status = 'published'"
	case trashed:
		cond = "x.status = 'trashed'"
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+itaCols+itaFrom+` WHERE x.fy = ? AND `+cond+` ORDER BY x.sort, x.id`, fy)
	if err != nil {
		return nil, fmt.Errorf("content: ita items %d: %w", fy, err)
	}
	var items []ITAItem
	for rows.Next() {
		it, err := scanITA(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, s.loadEvidence(ctx, items)
}

// ITAYears lists the opened years, newest first.
func (s *Store) ITAYears(ctx context.Context) ([]ITAYear, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT y.fy, coalesce(y.copied_from, 0), y.created_at,
		(SELECT count(*) FROM ita_items i WHERE i.fy = y.fy AND i.status <> 'trashed')
		FROM ita_years y ORDER BY y.fy DESC`)
	if err != nil {
		return nil, fmt.Errorf("content: ita years: %w", err)
	}
	defer rows.Close()
	var out []ITAYear
	for rows.Next() {
		var y ITAYear
		var created int64
		if err := rows.Scan(&y.FY, &y.CopiedFrom, &created, &y.Items); err != nil {
			return nil, err
		}
		y.CreatedAt = fromMS(created)
		out = append(out, y)
	}
	return out, rows.Err()
}

// ITAYearOpen reports whether fiscal year fy was opened.
func (s *Store) ITAYearOpen(ctx context.Context, fy int) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM ita_years WHERE fy = ?`, fy).Scan(&n)
	return n > 0, err
}

// OpenITAYear opens fiscal year fy as a copy of year from (0: empty): its
// items (not those in the trash) with their evidence, codes and content;
// a copied item that is published counts as published now. The copies
// have no author id (only the opener's name), so opening a year does not
// fill the opener's dashboard with 26 items. Opening a year
// that exists is ErrConflict; copying a year that does not is a field
// error on "from".
func (s *Store) OpenITAYear(ctx context.Context, fy, from int, by Author, now time.Time) error {
	if fy < 2500 || fy > 2700 {
		return fieldErr("fy", "err.ita_fy")
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		return openITAYear(ctx, tx, fy, from, by, now)
	})
	if err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

func openITAYear(ctx context.Context, tx *sql.Tx, fy, from int, by Author, now time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ita_years WHERE fy = ?`, fy).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("content: ita year %d exists: %w", fy, ErrConflict)
	}
	if from != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ita_years WHERE fy = ?`, from).Scan(&n); err != nil {
			return err
		}
		if n == 0 || from == fy {
			return fieldErr("from", "err.ita_from")
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ita_years (fy, copied_from, created_at) VALUES (?, ?, ?)`, fy, nullInt(int64(from)), ms(now)); err != nil {
		return err
	}
	if from == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM ita_items WHERE fy = ? AND status <> 'trashed' ORDER BY sort, id`, from)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, old := range ids {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO ita_items (fy, code, title_th, title_en, requirement_th, requirement_en, span, nothing_th, nothing_en,
			published_at, evidence_text, lang, sort, start_at, end_at, status, unit_id, author_id, author_name, created_at, updated_at)
			SELECT ?, code, title_th, title_en, requirement_th, requirement_en, span, nothing_th, nothing_en,
			CASE status WHEN 'published' THEN ? ELSE 0 END, evidence_text, lang, sort, start_at, end_at,
			CASE status WHEN 'published' THEN 'published' ELSE 'draft' END, unit_id, NULL, ?, ?, ?
			FROM ita_items WHERE id = ? RETURNING id`,
			fy, ms(now), by.Name, ms(now), ms(now), old).Scan(&id)
		if err != nil {
			return fmt.Errorf("copy ita item %d: %w", old, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ita_evidence (item_id, position, source, ref, url, label_th, label_en)
			SELECT ?, position, source, ref, url, label_th, label_en FROM ita_evidence WHERE item_id = ? ORDER BY position, id`, id, old); err != nil {
			return err
		}
	}
	return nil
}

// EnsureITAYear opens the current fiscal year (at now) as a copy of the
// latest earlier year when it is not open yet; it reports whether it did.
// It runs at every start and daily, so on 1 October the new year opens by
// itself.
func (s *Store) EnsureITAYear(ctx context.Context, now time.Time) (bool, error) {
	fy := FiscalYear(now)
	opened := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n, from int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce((SELECT max(fy) FROM ita_years WHERE fy < ?), 0) FROM ita_years WHERE fy = ?`,
			fy, fy).Scan(&n, &from); err != nil {
			return err
		}
		if n > 0 || from == 0 {
			return nil // open already, or nothing to copy (the seed comes first)
		}
		opened = true
		return openITAYear(ctx, tx, fy, from, Author{Name: "system"}, now)
	})
	if err != nil {
		return false, fmt.Errorf("content: open ita year %d: %w", fy, err)
	}
	if opened {
		s.changed(ctx)
	}
	return opened, nil
}

// SaveITAItem creates (current.ID == 0) or updates an item and replaces its
// evidence, through the shared save (revisions, idempotency, conflicts).
// The fiscal year of an item never changes; its code cannot change once
// it was published.
func (s *Store) SaveITAItem(ctx context.Context, current ITAItem, in ITAItemInput, by Author, now time.Time) (int64, error) {
	if current.ID != 0 {
		in.FY = current.FY
	}
	in.Lang = Thai
	in.Start, in.End, in.StartErr, in.EndErr = itaStart, itaEnd, "", ""
	err := s.validate(ctx, "ita_items", current.ID, in.UnitID, func() error {
		err := in.Validate()
		fe := newsroom.FieldErrors{}
		if err != nil && !errors.As(err, &fe) {
			return err
		}
		if fe == nil {
			fe = newsroom.FieldErrors{}
		}
		if current.CodeLocked() && in.Code != current.Code {
			fe.Add("code", "err.ita_code_locked")
		} else if fe["code"] == "" {
			var n int
			if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM ita_items WHERE fy = ? AND code = ? AND id <> ?`, in.FY, in.Code, current.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				fe.Add("code", "err.ita_code_taken")
			}
		}
		if fe["fy"] == "" && current.ID == 0 {
			if ok, err := s.ITAYearOpen(ctx, in.FY); err != nil {
				return err
			} else if !ok {
				fe.Add("fy", "err.ita_fy")
			}
		}
		return fe.Err()
	})
	if err != nil {
		return 0, err
	}
	cols := []string{"code", "title_th", "title_en", "requirement_th", "requirement_en", "span", "nothing_th", "nothing_en", "evidence_text"}
	vals := []any{in.Code, in.TitleTH, in.TitleEN, in.RequirementTH, in.RequirementEN, in.Span, in.NothingTH, in.NothingEN, evidenceText(in.Evidence)}
	if in.By == (Author{}) {
		in.By = by
	}
	id, err := s.saveItem(ctx, ITAKind, current.ID, in.MetaInput, now, func(tx *sql.Tx) (int64, error) {
		id := current.ID
		var err error
		if id == 0 {
			id, err = insertRow(ctx, tx, "ita_items", append([]string{"fy"}, cols...), append([]any{in.FY}, vals...), in.MetaInput, by, now)
		} else {
			err = updateRow(ctx, tx, "ita_items", id, cols, vals, in.MetaInput, now)
		}
		if err != nil {
			return 0, err
		}
		if err := syncITAEvidence(ctx, tx, id); err != nil {
			return 0, err
		}
		// First publication fixes the code (and so the URL).
		_, err = tx.ExecContext(ctx, `UPDATE ita_items SET published_at = ? WHERE id = ? AND published_at = 0 AND status = 'published'`, ms(now), id)
		return id, err
	})
	if err != nil {
		var fe newsroom.FieldErrors
		if errors.As(err, &fe) {
			return 0, err
		}
		if strings.Contains(err.Error(), "UNIQUE") { // a race on (fy, code)
			return 0, fieldErr("code", "err.ita_code_taken")
		}
		return id, err
	}
	return id, nil
}

// syncITAEvidence rewrites an item's evidence rows from its evidence_text:
// after a save and after a revision is restored or approved.
func syncITAEvidence(ctx context.Context, tx *sql.Tx, id int64) error {
	var text string
	if err := tx.QueryRowContext(ctx, `SELECT evidence_text FROM ita_items WHERE id = ?`, id).Scan(&text); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ita_evidence WHERE item_id = ?`, id); err != nil {
		return err
	}
	for i, e := range parseEvidenceText(text) {
		if i >= MaxITAEvidence {
			break
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ita_evidence (item_id, position, source, ref, url, label_th, label_en) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, i+1, e.Source, truncate(e.Ref, 60), truncate(e.URL, 2000), truncate(e.LabelTH, MaxITALabel), truncate(e.LabelEN, MaxITALabel)); err != nil {
			return err
		}
	}
	return nil
}

// truncate cuts s to at most n runes (and so within a column's check).
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Checking an item's evidence.

// Item and evidence states.
const (
	ITAOK      = "ok"      // satisfied
	ITAMissing = "missing" // no evidence, or evidence not found / not public
	ITAOutside = "outside" // a notice or news dated outside the span
	ITAPartial = "partial" // procurement months without a summary
)

// ITALink is one link of an item's page: a piece of evidence, or one news
// of a tag.
type ITALink struct {
	Title    string // the linked item's own title ("" for built-in labels)
	LabelKey string // i18n key naming the link when Title is empty
	LabelArg any    // its argument (a fiscal year, a count)
	URL      string // site path (lang-prefixed) or external URL
	Date     time.Time
	External bool
}

// ITAReason is one flag on an item, with where to fix it in the admin.
type ITAReason struct {
	State string
	Key   string    // i18n key; its arguments are Arg, then Date or the month
	Arg   string    // a slug, an id, a title or a tag name
	Date  time.Time // a notice's or news item's date
	// Months are the first days of the months over without a procurement
	// summary (key ita.why_months, one flag for them all).
	Months []time.Time
	Fix    string // admin path, "" when the item form is the place
}

// MonthYear is a calendar month and its year in a language's calendar.
type MonthYear struct{ Month, Year int }

// MonthsIn are the months of a procurement flag (Months), their years in
// lang's calendar (B.E. in Thai).
func (r ITAReason) MonthsIn(lang string) []MonthYear {
	out := make([]MonthYear, len(r.Months))
	for i, m := range r.Months {
		t := m.In(newsroom.Bangkok)
		out[i] = MonthYear{int(t.Month()), t.Year()}
		if lang != "en" {
			out[i].Year = BE(out[i].Year)
		}
	}
	return out
}

// ITACheck is an item's status with its reasons and links.
type ITACheck struct {
	State   string
	Nothing bool // satisfied by the "nothing to report" statement
	Reasons []ITAReason
	Links   []ITALink
}

// severity orders the states, worst last.
var severity = map[string]int{ITAOK: 0, ITAPartial: 1, ITAOutside: 2, ITAMissing: 3}

// CheckITA works out an item's status at now with the links its page
// shows in lang.
func (s *Store) CheckITA(ctx context.Context, it ITAItem, lang string, now time.Time) (ITACheck, error) {
	var chk ITACheck
	chk.State = ITAOK
	found := 0 // evidence rows that found something
	flag := func(state, key, fix, arg string, date time.Time) {
		chk.Reasons = append(chk.Reasons, ITAReason{State: state, Key: key, Arg: arg, Date: date, Fix: fix})
	}
	for _, e := range it.Evidence {
		ok, err := s.checkEvidence(ctx, it, e, lang, now, &chk, flag)
		if err != nil {
			return chk, fmt.Errorf("content: check ita %d/%s: %w", it.FY, it.Code, err)
		}
		if ok {
			found++
		}
	}
	if found == 0 && strings.TrimSpace(it.NothingTH+it.NothingEN) != "" {
		// Nothing to report: the statement is the evidence.
		chk.Nothing = true
		chk.Reasons = slices.DeleteFunc(chk.Reasons, func(r ITAReason) bool { return r.State == ITAMissing })
	} else if len(it.Evidence) == 0 {
		flag(ITAMissing, "ita.why_none", "", "", time.Time{})
	}
	for _, r := range chk.Reasons {
		if severity[r.State] > severity[chk.State] {
			chk.State = r.State
		}
	}
	return chk, nil
}

// checkEvidence resolves one piece of evidence into links and flags; it
// reports whether it found something to show.
func (s *Store) checkEvidence(ctx context.Context, it ITAItem, e ITAEvidence, lang string, now time.Time, chk *ITACheck,
	flag func(state, key, fix, arg string, date time.Time)) (bool, error) {
	var none time.Time
	start, end := it.Range()
	inSpan := func(t time.Time) bool { return !t.Before(start) && t.Before(end) }
	prefix := ""
	if lang == "en" {
		prefix = "/en"
	}
	add := func(l ITALink) { chk.Links = append(chk.Links, l) }
	label := e.Label(lang)
	db := s.db.R
	switch e.Source {
	case EvPage:
		var title string
		var updated int64
		err := db.QueryRowContext(ctx, `SELECT title, updated_at FROM pages WHERE slug = ? AND status = 'published'
			ORDER BY CASE lang WHEN ? THEN 0 ELSE 1 END LIMIT 1`, e.Ref, lang).Scan(&title, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			flag(ITAMissing, "ita.why_page", "/admin/pages", e.Ref, none)
			return false, nil
		} else if err != nil {
			return false, err
		}
		add(ITALink{Title: cmpOr(label, title), URL: prefix + "/pages/" + e.Ref, Date: fromMS(updated)})
		return true, nil
	case EvNotice, EvNews:
		table, k, key := "notices", NoticeKind, "ita.why_notice"
		if e.Source == EvNews {
			table, k, key = "news", NewsKind, "ita.why_news"
		}
		var title, status, itemLang string
		var startAt int64
		err := db.QueryRowContext(ctx, `SELECT headline, status, lang, start_at FROM `+table+` WHERE id = ?`, e.Ref).Scan(&title, &status, &itemLang, &startAt)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (status != string(Published) || fromMS(startAt).After(now))) {
			flag(ITAMissing, key, k.EditPath(e.Ref), e.Ref, none)
			return false, nil
		} else if err != nil {
			return false, err
		}
		date := fromMS(startAt)
		add(ITALink{Title: cmpOr(label, title), URL: k.Path(itemLang, e.Ref), Date: date})
		if !inSpan(date) {
			flag(ITAOutside, key+"_outside", k.EditPath(e.Ref), title, date)
		}
		return true, nil
	case EvNewsTag:
		var tagID int64
		var nameTH, nameEN string
		err := db.QueryRowContext(ctx, `SELECT id, name_th, name_en FROM tags WHERE slug = ?`, e.Ref).Scan(&tagID, &nameTH, &nameEN)
		if errors.Is(err, sql.ErrNoRows) {
			flag(ITAMissing, "ita.why_tag_unknown", "/admin/tags", e.Ref, none)
			return false, nil
		} else if err != nil {
			return false, err
		}
		tag := pick(lang, nameTH, nameEN)
		rows, err := db.QueryContext(ctx, `SELECT n.id, n.headline, n.lang, n.start_at FROM news n JOIN news_tags nt ON nt.news_id = n.id
			WHERE nt.tag_id = ? AND n.status = 'published' AND n.start_at >= ? AND n.start_at < ? AND n.start_at <= ?
			ORDER BY n.start_at DESC, n.id DESC LIMIT ?`, tagID, ms(start), ms(end), ms(now), maxITALinks)
		if err != nil {
			return false, err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id, startAt int64
			var title, itemLang string
			if err := rows.Scan(&id, &title, &itemLang, &startAt); err != nil {
				return false, err
			}
			add(ITALink{Title: title, URL: NewsKind.Path(itemLang, ref(id)), Date: fromMS(startAt)})
			n++
		}
		if err := rows.Err(); err != nil {
			return false, err
		}
		if n == 0 {
			flag(ITAMissing, "ita.why_tag", "/admin/news", tag, none)
			return false, nil
		}
		return true, nil
	case EvNewsAll:
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM news WHERE status = 'published' AND start_at >= ? AND start_at < ? AND start_at <= ?`,
			ms(start), ms(end), ms(now)).Scan(&n); err != nil {
			return false, err
		}
		if n == 0 {
			flag(ITAMissing, "ita.why_news_all", "/admin/news", "", none)
			return false, nil
		}
		fy := SpanFY(it.FY, it.Span)
		add(ITALink{Title: label, LabelKey: "ita.link_news_all", LabelArg: fy, URL: prefix + "/news?fy=" + strconv.Itoa(fy)})
		return true, nil
	case EvProcurementMonths, EvProcurementYear:
		fy := SpanFY(it.FY, it.Span)
		have := map[int]bool{}
		rows, err := db.QueryContext(ctx, `SELECT month FROM procurement_months WHERE fy = ?`, fy)
		if err != nil {
			return false, err
		}
		for rows.Next() {
			var m int
			if err := rows.Scan(&m); err != nil {
				rows.Close()
				return false, err
			}
			have[m] = true
		}
		rows.Close()
		var missing []time.Time
		for _, m := range FiscalMonths {
			mStart, mEnd := FiscalMonthRange(fy, m)
			if mStart.Before(start) || mEnd.After(end) || mEnd.After(now) {
				continue // outside the span, or not over yet
			}
			if !have[m] {
				missing = append(missing, mStart)
			}
		}
		if len(missing) > 0 {
			chk.Reasons = append(chk.Reasons, ITAReason{State: ITAPartial, Key: "ita.why_months", Months: missing,
				Fix: "/admin/procurement/months/" + strconv.Itoa(fy)})
		}
		key := "ita.link_procurement_months"
		if e.Source == EvProcurementYear {
			key = "ita.link_procurement_year"
		}
		add(ITALink{Title: label, LabelKey: key, LabelArg: fy, URL: prefix + "/procurement/" + strconv.Itoa(fy)})
		return true, nil
	case EvQA:
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM questions WHERE status = 'published'`).Scan(&n); err != nil {
			return false, err
		}
		if n == 0 {
			flag(ITAMissing, "ita.why_qa", "/admin/qa", "", none)
			return false, nil
		}
		add(ITALink{Title: label, LabelKey: "ita.link_qa", URL: prefix + "/qa"})
		return true, nil
	case EvURL:
		add(ITALink{Title: label, LabelKey: "ita.link_external", URL: e.URL, External: true})
		return true, nil
	}
	return false, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// The FY 2569 list (26 items for general agencies). The reference list
// names the items; O2 and O5–O7 were inferred, so everything here is data
// central PR edits, never a constant the code relies on.

type itaSeed struct {
	code, th, en, reqTH, reqEN, span, unit string
	ev                                     []ITAEvidence
}

func ev(source, ref string) ITAEvidence { return ITAEvidence{Source: source, Ref: ref} }

var itaSeed2569 = []itaSeed{
	{"O1", "โครงสร้าง อำนาจหน้าที่", "Structure, duties and powers",
		"แผนผังโครงสร้างการแบ่งส่วนราชการ และอำนาจหน้าที่ตามกฎหมาย", "The organisation chart and the legal duties and powers",
		SpanCurrent, "pr", []ITAEvidence{ev(EvPage, "structure"), ev(EvPage, "about")}},
	{"O2", "ข้อมูลผู้บริหาร", "Executives",
		"ชื่อ ตำแหน่ง รูปถ่าย และช่องทางติดต่อของผู้บริหาร", "Name, position, photo and contact details of each executive",
		SpanCurrent, "pr", []ITAEvidence{ev(EvPage, "executives")}},
	{"O3", "ข้อมูลการติดต่อและช่องทางถาม-ตอบ", "Contact details and a Q&A channel",
		"ที่อยู่ โทรศัพท์ อีเมล แผนที่ ช่องทางสื่อสังคม และช่องทางถาม-ตอบที่ตอบกลับได้", "Address, phone, e-mail, map, social links and a two-way Q&A channel",
		SpanCurrent, "pr", []ITAEvidence{ev(EvPage, "contact"), ev(EvQA, "")}},
	{"O4", "ข่าวประชาสัมพันธ์", "Public-relations news",
		"ข่าวประชาสัมพันธ์ของหน่วยงานในปีงบประมาณ", "The organisation's news of the fiscal year",
		SpanCurrent, "pr", []ITAEvidence{ev(EvNewsAll, "")}},
	{"O5", "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน", "Strategic or development plan",
		"แผนระยะยาวที่ครอบคลุมปีงบประมาณ", "The multi-year plan covering the fiscal year",
		SpanCurrent, "president", nil},
	{"O6", "แผนปฏิบัติการประจำปี", "Annual action plan",
		"แผนปฏิบัติการของปีงบประมาณ พร้อมโครงการและงบประมาณ", "The fiscal year's action plan with its projects and budgets",
		SpanCurrent, "president", nil},
	{"O7", "รายงานผลการดำเนินงานประจำปี", "Annual performance report",
		"ผลการดำเนินงานตามแผนของปีงบประมาณที่ผ่านมา", "Results against the plan of the previous fiscal year",
		SpanPrevious, "president", nil},
	{"O8", "คู่มือหรือมาตรฐานการปฏิบัติงาน", "Operations manual",
		"คู่มือหรือมาตรฐานการปฏิบัติงานของเจ้าหน้าที่", "The staff's operations manual or standard",
		SpanCurrent, "president", nil},
	{"O9", "คู่มือหรือมาตรฐานการให้บริการ", "Service manual",
		"คู่มือการให้บริการประชาชน ขั้นตอนและระยะเวลา", "The public service manual: steps and times",
		SpanCurrent, "president", nil},
	{"O10", "E-Service และสถิติการให้บริการ", "e-Service channels and statistics",
		"ช่องทางบริการออนไลน์และสถิติผู้ใช้บริการ", "Online service channels and their usage statistics",
		SpanCurrent, "pr", []ITAEvidence{ev(EvPage, "e-service")}},
	{"O11", "สรุปผลการจัดซื้อจัดจ้างรายเดือน", "Monthly procurement summaries",
		"แบบ สขร.1 ของทุกเดือนในปีงบประมาณ", "The สขร.1 summary of every month of the fiscal year",
		SpanCurrent, "procurement", []ITAEvidence{ev(EvProcurementMonths, "")}},
	{"O12", "รายงานผลการจัดซื้อจัดจ้างประจำปี", "Annual procurement report",
		"สรุปผลการจัดซื้อจัดจ้างของปีงบประมาณที่ผ่านมา แยกตามวิธี", "The previous fiscal year's procurement, with totals by method",
		SpanPrevious, "procurement", []ITAEvidence{ev(EvProcurementYear, "")}},
	{"O13", "นโยบายและแผนการบริหารทรัพยากรบุคคล", "HR management and development plan",
		"หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล", "Criteria and plan for managing and developing staff",
		SpanCurrent, "hr", nil},
	{"O14", "รายงานผลการบริหารทรัพยากรบุคคลประจำปี", "Annual HR management report",
		"ผลการบริหารและพัฒนาทรัพยากรบุคคลของปีงบประมาณที่ผ่านมา", "Results of staff management and development in the previous fiscal year",
		SpanPrevious, "hr", nil},
	{"O15", "ประมวลจริยธรรมและกิจกรรมส่งเสริมจริยธรรม", "Code of ethics and ethics activities",
		"ประมวลจริยธรรมและการเผยแพร่ กิจกรรมส่งเสริมจริยธรรมในปีงบประมาณ", "The code of ethics and the year's activities promoting it",
		SpanCurrent, "hr", []ITAEvidence{ev(EvNewsTag, "ethics")}},
	{"O16", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต", "Guideline for corruption complaints",
		"คู่มือหรือแนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "How corruption and misconduct complaints are handled",
		SpanCurrent, "president", nil},
	{"O17", "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต", "Channel for corruption complaints",
		"ช่องทางร้องเรียนของหน่วยงานและลิงก์ไปยังช่องทางของหน่วยงานระดับชาติ", "The organisation's complaint channel and links to the national channels",
		SpanCurrent, "president", nil},
	{"O18", "สถิติเรื่องร้องเรียนการทุจริตประจำปี", "Corruption complaint statistics",
		"จำนวนและผลการดำเนินการเรื่องร้องเรียนของปีงบประมาณที่ผ่านมา", "Number of complaints and their outcome in the previous fiscal year",
		SpanPrevious, "president", nil},
	{"O19", "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "Public participation",
		"กิจกรรมที่เปิดให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในปีงบประมาณ", "The year's activities in which stakeholders took part",
		SpanCurrent, "pr", []ITAEvidence{ev(EvNewsTag, "participation")}},
	{"O20", "นโยบายไม่รับของขวัญ (No Gift Policy)", "No Gift Policy",
		"ประกาศนโยบาย กิจกรรมสร้างวัฒนธรรม และรายงานผล", "The announcement, culture-building activities and the report",
		SpanCurrent, "president", []ITAEvidence{ev(EvNewsTag, "no-gift")}},
	{"O21", "การประเมินความเสี่ยงการทุจริตประจำปี", "Corruption risk assessment",
		"ผลการประเมินความเสี่ยงการทุจริตของปีงบประมาณ", "The fiscal year's corruption risk assessment",
		SpanCurrent, "president", nil},
	{"O22", "รายงานผลการดำเนินการตามแผนบริหารความเสี่ยงการทุจริต", "Corruption-risk management report",
		"ความก้าวหน้าการจัดการความเสี่ยงการทุจริต รอบ 6 เดือน", "Six-month progress of corruption-risk management",
		SpanFirstHalf, "president", nil},
	{"O23", "แผนปฏิบัติการป้องกันการทุจริต", "Corruption prevention action plan",
		"แผนป้องกันการทุจริตของปีงบประมาณ", "The fiscal year's corruption prevention plan",
		SpanCurrent, "president", nil},
	{"O24", "รายงานผลการดำเนินการป้องกันการทุจริต", "Corruption prevention report",
		"ความก้าวหน้าการดำเนินการตามแผนป้องกันการทุจริต รอบ 6 เดือน", "Six-month progress of the prevention plan",
		SpanFirstHalf, "president", nil},
	{"O25", "การนำผลการประเมิน ITA ไปปรับปรุง", "Using ITA results",
		"มาตรการหรือแนวทางปรับปรุงจากผลการประเมินปีก่อน", "Measures taken on the previous assessment's results",
		SpanCurrent, "president", nil},
	{"O26", "รายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส", "Integrity and transparency measures report",
		"การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", "What was done under the integrity and transparency measures",
		SpanCurrent, "president", nil},
}

// The hub's defaults: FY 2569's list on a fresh install, then the current
// fiscal year opened as a copy of the latest earlier one.
var _ = addDefaults("ita", func(ctx context.Context, s *Store, now time.Time) error {
	if err := s.seedITA(ctx, now); err != nil {
		return err
	}
	_, err := s.EnsureITAYear(ctx, now)
	return err
})

// seedITA adds FY 2569 when no year was ever opened (a fresh install);
// afterwards the years are central PR's.
func (s *Store) seedITA(ctx context.Context, now time.Time) error {
	const fy = 2569
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ita_years`).Scan(&n); err != nil || n > 0 {
			return err
		}
		units := map[string]int64{}
		var first int64
		rows, err := tx.QueryContext(ctx, `SELECT id, code FROM units ORDER BY id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return err
			}
			units[code] = id
			if first == 0 {
				first = id
			}
		}
		rows.Close()
		if first == 0 {
			return nil // no units yet: the first run comes back here
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ita_years (fy, created_at) VALUES (?, ?)`, fy, ms(now)); err != nil {
			return err
		}
		for i, it := range itaSeed2569 {
			unit := units[it.unit]
			if unit == 0 {
				unit = first
			}
			for j := range it.ev {
				it.ev[j].Position = j + 1
			}
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO ita_items (fy, code, title_th, title_en, requirement_th, requirement_en, span,
				published_at, evidence_text, lang, sort, start_at, end_at, status, unit_id, author_name, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'th', ?, ?, ?, 'published', ?, 'system', ?, ?) RETURNING id`,
				fy, it.code, it.th, it.en, it.reqTH, it.reqEN, it.span, ms(now), evidenceText(it.ev), i+1, ms(itaStart), ms(itaEnd), unit, ms(now), ms(now)).Scan(&id)
			if err != nil {
				return fmt.Errorf("seed %s: %w", it.code, err)
			}
			if err := syncITAEvidence(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: seed ita: %w", err)
	}
	return nil
}

// ITAChoice is one option of the item form's pickers.
type ITAChoice struct{ Value, Label string }

// ITAChoices are the pickers of the evidence rows: institutional pages by
// slug, tags, and the latest notices and news by id.
type ITAChoices struct{ Pages, Tags, Notices, News []ITAChoice }

// ITAChoices lists what the evidence pickers offer.
func (s *Store) ITAChoices(ctx context.Context) (ITAChoices, error) {
	var c ITAChoices
	for _, q := range []struct {
		dst *[]ITAChoice
		sql string
	}{
		{&c.Pages, `SELECT slug, title FROM pages WHERE status <> 'trashed' ORDER BY CASE lang WHEN 'th' THEN 0 ELSE 1 END, menu_sort, slug LIMIT 200`},
		{&c.Tags, `SELECT slug, name_th FROM tags ORDER BY sort, name_th LIMIT 500`},
		{&c.Notices, `SELECT CAST(id AS TEXT), headline FROM notices WHERE status <> 'trashed' ORDER BY start_at DESC, id DESC LIMIT 300`},
		{&c.News, `SELECT CAST(id AS TEXT), headline FROM news WHERE status <> 'trashed' ORDER BY start_at DESC, id DESC LIMIT 300`},
	} {
		rows, err := s.db.R.QueryContext(ctx, q.sql)
		if err != nil {
			return c, fmt.Errorf("content: ita choices: %w", err)
		}
		seen := map[string]bool{}
		for rows.Next() {
			var ch ITAChoice
			if err := rows.Scan(&ch.Value, &ch.Label); err != nil {
				rows.Close()
				return c, err
			}
			if !seen[ch.Value] { // a page's two languages share a slug
				seen[ch.Value] = true
				*q.dst = append(*q.dst, ch)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return c, err
		}
	}
	return c, nil
}
