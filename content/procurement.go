package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/db"
	"newsroom/kind"
)

// Procurement records (issue 13): the fields of a procurement of the
// e-GP system, kept by procurement staff and central PR, from which the
// monthly summary สขร.1 is built (public/procurement.go: sor1Cells,
// one builder for its HTML, CSV and XLSX). A record counts in the month of
// its contract (or agreement) date; a month's summary is public once it is
// published (procurement_months), or published as "no procurement".

// ProcurementKind is procurement records: no page of their own (they show
// as rows of the สขร.1) and no files. A record taken down leaves every
// summary at once.
var ProcurementKind = kind.Register(&kind.Kind{
	Name: "procurement", Table: "procurements", Section: "procurement", Edit: "/admin/procurement/{ref}/edit",
	Label: "kind.procurement", Use: "use.procurement", Title: "title", Action: "procurement",
	Features: kind.Status | kind.Trash | kind.Takedown,
})

// ProcMethod is how the supplier is chosen.
type ProcMethod string

// ProcMethods are the methods of the Procurement Act B.E. 2560, in order.
var ProcMethods = []ProcMethod{"e-bidding", "e-market", "selection", "specific"}

// ProcKinds are what is procured.
var ProcKinds = []string{"buy", "hire", "rent", "consultant", "design"}

// ProcStates are a record's progress.
var ProcStates = []string{"planned", "announced", "awarded", "contracted", "cancelled"}

// Bidder is one offer.
type Bidder struct {
	Name  string `json:"name"`
	TaxID string `json:"tax_id,omitempty"`
	Price Money  `json:"price"`
}

// Procurement is one procurement record.
type Procurement struct {
	Meta
	EGPNo          string // e-GP project number: 11 digits
	Title          string
	Method         ProcMethod
	ProcKind       string
	Budget         Money
	RefPrice       Money // ราคากลาง
	RefPriceDate   time.Time
	TORDate        time.Time
	Bidders        []Bidder
	Winner         string
	WinnerTaxID    string
	AgreedPrice    Money
	Reason         string
	EGPContractNo  string // e-GP contract control number: 12 digits
	ContractNo     string
	ContractDate   time.Time // the month of its สขร.1; zero: none yet
	ContractAmount Money
	State          string // ProcStates
	NoticeIDs      []int64
}

// Procurement limits.
const (
	MaxProcTitle   = 500
	MaxProcText    = 2000
	MaxProcName    = 300
	MaxBidders     = 50
	MaxProcNotices = 20
)

// ProcurementInput is what the procurement form submits. DateErrs holds
// the message of each date field that could not be read.
type ProcurementInput struct {
	MetaInput
	Procurement
	DateErrs map[string]string
}

var (
	egpNoRE       = regexp.MustCompile(`^[0-9]{11}$`)
	egpContractRE = regexp.MustCompile(`^[0-9]{12}$`)
	taxIDRE       = regexp.MustCompile(`^[0-9]{13}$`)
)

// ValidEGPNo reports whether s is an e-GP project number: 11 digits, the
// first two the B.E. year (25xx: 50–99).
func ValidEGPNo(s string) bool { return egpNoRE.MatchString(s) && s[:2] >= "50" }

// Validate checks the form.
func (in *ProcurementInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	p := &in.Procurement
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&p.EGPNo, &p.Title, &p.Winner, &p.WinnerTaxID, &p.Reason, &p.EGPContractNo, &p.ContractNo} {
		trim(s)
	}
	if p.EGPNo != "" && !ValidEGPNo(p.EGPNo) {
		fe.Add("egp_no", "err.egp_no")
	}
	if n := utf8.RuneCountInString(p.Title); n == 0 || n > MaxProcTitle {
		fe.Add("title", "err.required")
	}
	if !slices.Contains(ProcMethods, p.Method) {
		fe.Add("method", "err.choose")
	}
	if !slices.Contains(ProcKinds, p.ProcKind) {
		fe.Add("proc_kind", "err.choose")
	}
	if !slices.Contains(ProcStates, p.State) {
		fe.Add("proc_status", "err.choose")
	}
	for f, s := range map[string]string{"winner": p.Winner, "contract_no": p.ContractNo} {
		if utf8.RuneCountInString(s) > MaxProcName {
			fe.Add(f, "err.too_long")
		}
	}
	if utf8.RuneCountInString(p.Reason) > MaxProcText {
		fe.Add("reason", "err.too_long")
	}
	if p.WinnerTaxID != "" && !taxIDRE.MatchString(p.WinnerTaxID) {
		fe.Add("winner_tax_id", "err.tax_id")
	}
	if p.EGPContractNo != "" && !egpContractRE.MatchString(p.EGPContractNo) {
		fe.Add("egp_contract_no", "err.egp_contract_no")
	}
	for f, m := range map[string]Money{"budget": p.Budget, "ref_price": p.RefPrice, "agreed_price": p.AgreedPrice, "contract_amount": p.ContractAmount} {
		if m < 0 || m > MaxMoney {
			fe.Add(f, "err.money")
		}
	}
	if len(p.Bidders) > MaxBidders {
		fe.Add("bidders", "err.too_many_bidders")
	}
	for i := range p.Bidders {
		b := &p.Bidders[i]
		trim(&b.Name)
		trim(&b.TaxID)
		switch {
		case b.Name == "" || utf8.RuneCountInString(b.Name) > MaxProcName:
			fe.Add("bidders", "err.bidder_name")
		case b.TaxID != "" && !taxIDRE.MatchString(b.TaxID):
			fe.Add("bidders", "err.tax_id")
		case b.Price < 0 || b.Price > MaxMoney:
			fe.Add("bidders", "err.money")
		}
	}
	if p.State == "contracted" && p.ContractDate.IsZero() {
		fe.Add("contract_date", "err.contract_date")
	}
	for f, msg := range in.DateErrs {
		if msg != "" {
			fe[f] = msg
		}
	}
	p.NoticeIDs = slices.Compact(slices.Sorted(slices.Values(slices.DeleteFunc(p.NoticeIDs, func(id int64) bool { return id <= 0 }))))
	if len(p.NoticeIDs) > MaxProcNotices {
		fe.Add("notices", "err.too_many")
	}
	return fe.Err()
}

const procCols = metaCols + `, x.egp_no, x.title, x.method, x.proc_kind, x.budget, x.ref_price, x.ref_price_date, x.tor_date,
	x.winner, x.winner_tax_id, x.agreed_price, x.reason, x.egp_contract_no, x.contract_no, x.contract_date, x.contract_amount,
	x.proc_status, x.bidders_json, x.notices_text`

const procFrom = ` FROM procurements x JOIN units u ON u.id = x.unit_id`

func scanProcurement(r interface{ Scan(...any) error }) (Procurement, error) {
	var p Procurement
	var method, bidders, notices string
	var refDate, torDate, contractDate int64
	err := scanWith(r, &p.Meta, &p.EGPNo, &p.Title, &method, &p.ProcKind, &p.Budget, &p.RefPrice, &refDate, &torDate,
		&p.Winner, &p.WinnerTaxID, &p.AgreedPrice, &p.Reason, &p.EGPContractNo, &p.ContractNo, &contractDate, &p.ContractAmount,
		&p.State, &bidders, &notices)
	if err != nil {
		return p, err
	}
	p.Method = ProcMethod(method)
	p.RefPriceDate, p.TORDate, p.ContractDate = dayTime(refDate), dayTime(torDate), dayTime(contractDate)
	if json.Unmarshal([]byte(bidders), &p.Bidders) != nil {
		p.Bidders = nil // a broken list shows none rather than failing the page
	}
	for _, f := range strings.Fields(notices) {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			p.NoticeIDs = append(p.NoticeIDs, id)
		}
	}
	return p, nil
}

// dayTime is a stored date (unix ms, 0 for none).
func dayTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}

func dayMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// Procurement returns one record.
func (s *Store) Procurement(ctx context.Context, id int64) (Procurement, error) {
	p, err := scanProcurement(s.db.R.QueryRowContext(ctx, `SELECT `+procCols+procFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return Procurement{}, notFound(fmt.Sprintf("procurement %d", id), err)
	}
	return p, nil
}

// SaveProcurement creates (id 0) or updates a record with its bidders and
// linked announcements (notices of the procurement category only).
func (s *Store) SaveProcurement(ctx context.Context, id int64, in ProcurementInput, by Author, now time.Time) (int64, error) {
	if err := s.validate(ctx, "procurements", id, in.UnitID, in.Validate); err != nil {
		return 0, err
	}
	if in.By == (Author{}) {
		in.By = by
	}
	p := in.Procurement
	bidders, _ := json.Marshal(orEmpty(p.Bidders))
	var noticeText []string
	for _, n := range p.NoticeIDs {
		noticeText = append(noticeText, strconv.FormatInt(n, 10))
	}
	cols := []string{"egp_no", "title", "method", "proc_kind", "budget", "ref_price", "ref_price_date", "tor_date", "winner", "winner_tax_id",
		"agreed_price", "reason", "egp_contract_no", "contract_no", "contract_date", "contract_amount", "proc_status", "bidders_json", "notices_text"}
	vals := []any{p.EGPNo, p.Title, string(p.Method), p.ProcKind, int64(p.Budget), int64(p.RefPrice), dayMS(p.RefPriceDate), dayMS(p.TORDate),
		p.Winner, p.WinnerTaxID, int64(p.AgreedPrice), p.Reason, p.EGPContractNo, p.ContractNo, dayMS(p.ContractDate), int64(p.ContractAmount),
		p.State, string(bidders), strings.Join(noticeText, " ")}
	id, err := s.saveItem(ctx, ProcurementKind, id, in.MetaInput, now, func(tx *sql.Tx) (int64, error) {
		rid := id
		var err error
		if rid == 0 {
			rid, err = insertRow(ctx, tx, "procurements", cols, vals, in.MetaInput, by, now)
		} else {
			err = updateRow(ctx, tx, "procurements", rid, cols, vals, in.MetaInput, now)
		}
		if err != nil {
			if db.IsUniqueViolation(err) && strings.Contains(err.Error(), "egp") {
				return 0, newsroom.FieldErrors{"egp_no": "err.egp_no_taken"}
			}
			return 0, err
		}
		return rid, syncProcurementRows(ctx, tx, rid)
	})
	if err != nil {
		return 0, fmt.Errorf("content: save procurement: %w", err)
	}
	return id, nil
}

func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// syncProcurementRows makes procurement_bidders and procurement_notices
// follow the record's bidders_json and notices_text (a save, a restored
// revision). Links to notices that are gone or not procurement notices
// are dropped.
func syncProcurementRows(ctx context.Context, tx *sql.Tx, id int64) error {
	var bj, nt string
	if err := tx.QueryRowContext(ctx, `SELECT bidders_json, notices_text FROM procurements WHERE id = ?`, id).Scan(&bj, &nt); err != nil {
		return err
	}
	var bidders []Bidder
	_ = json.Unmarshal([]byte(bj), &bidders)
	if _, err := tx.ExecContext(ctx, `DELETE FROM procurement_bidders WHERE procurement_id = ?`, id); err != nil {
		return err
	}
	for i, b := range bidders {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procurement_bidders (procurement_id, position, name, tax_id, price) VALUES (?, ?, ?, ?, ?)`,
			id, i, b.Name, b.TaxID, int64(b.Price)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM procurement_notices WHERE procurement_id = ?`, id); err != nil {
		return err
	}
	var kept []string
	for _, f := range strings.Fields(nt) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO procurement_notices (procurement_id, notice_id)
			SELECT ?, id FROM notices WHERE id = ? AND category = 'procurement'`, id, n)
		if err != nil {
			return err
		}
		if c, _ := res.RowsAffected(); c > 0 {
			kept = append(kept, f)
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE procurements SET notices_text = ? WHERE id = ?`, strings.Join(kept, " "), id)
	return err
}

// ProcurementFilter selects records for the admin list.
type ProcurementFilter struct {
	ListFilter
	FY, Month int // the contract's fiscal year and month (0: any)
	Method    ProcMethod
	Q         string
}

// ListProcurements returns a page of the admin list, newest contract first.
func (s *Store) ListProcurements(ctx context.Context, f ProcurementFilter) ([]Procurement, int, error) {
	conds, args := f.where()
	if f.FY != 0 {
		from, to := FiscalYearRange(f.FY)
		if f.Month != 0 {
			from, to = FiscalMonthRange(f.FY, f.Month)
		}
		conds, args = append(conds, "x.contract_date >= ? AND x.contract_date < ?"), append(args, ms(from), ms(to))
	}
	if f.Method != "" {
		conds, args = append(conds, "x.method = ?"), append(args, string(f.Method))
	}
	if strings.TrimSpace(f.Q) != "" {
		conds = append(conds, `(x.title LIKE ? ESCAPE '\' OR x.egp_no LIKE ? ESCAPE '\' OR x.winner LIKE ? ESCAPE '\')`)
		args = append(args, likeArg(f.Q), likeArg(f.Q), likeArg(f.Q))
	}
	return queryList(ctx, s, "procurements", procCols, procFrom, conds, args, "x.contract_date DESC, x.id DESC", f.limit(), f.Offset, scanProcurement)
}

// MonthProcurements lists the published records whose contract date falls
// in month m of fiscal year fy, by unit then date: the rows of its สขร.1.
// unit 0 is every unit.
func (s *Store) MonthProcurements(ctx context.Context, fy, m int, unit int64) ([]Procurement, error) {
	from, to := FiscalMonthRange(fy, m)
	conds := []string{"x.status = 'published'", "x.contract_date >= ?", "x.contract_date < ?"}
	args := []any{ms(from), ms(to)}
	if unit != 0 {
		conds, args = append(conds, "x.unit_id = ?"), append(args, unit)
	}
	list, _, err := queryList(ctx, s, "procurements of a month", procCols, procFrom, conds, args, "u.sort, u.id, x.contract_date, x.id", 10000, 0, scanProcurement)
	return list, err
}

// ProcurementMonth is one month of a fiscal year's summaries.
type ProcurementMonth struct {
	FY, Month   int
	State       string // "published", "none" (no procurement) or "" (not published)
	Records     int    // published records with a contract in the month
	PublishedAt time.Time
	PublishedBy string
	Past        bool // the month has ended
}

// Missing reports whether the month is over and its summary not published.
func (m ProcurementMonth) Missing() bool { return m.Past && m.State == "" }

// ProcurementMonths lists the twelve months of fiscal year fy (October
// first) with their summary's state at now.
func (s *Store) ProcurementMonths(ctx context.Context, fy int, now time.Time) ([]ProcurementMonth, error) {
	out := make([]ProcurementMonth, 0, 12)
	for _, m := range FiscalMonths {
		_, end := FiscalMonthRange(fy, m)
		out = append(out, ProcurementMonth{FY: fy, Month: m, Past: !now.Before(end)})
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT month, state, published_at, published_by_name FROM procurement_months WHERE fy = ?`, fy)
	if err != nil {
		return nil, fmt.Errorf("content: procurement months: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m int
		var state, by string
		var at int64
		if err := rows.Scan(&m, &state, &at, &by); err != nil {
			return nil, err
		}
		if i := slices.Index(FiscalMonths, m); i >= 0 {
			out[i].State, out[i].PublishedAt, out[i].PublishedBy = state, fromMS(at), by
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	from, to := FiscalYearRange(fy)
	crows, err := s.db.R.QueryContext(ctx, `SELECT contract_date FROM procurements WHERE status = 'published' AND contract_date >= ? AND contract_date < ?`, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("content: procurement months: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var at int64
		if err := crows.Scan(&at); err != nil {
			return nil, err
		}
		if i := slices.Index(FiscalMonths, int(fromMS(at).In(newsroom.Bangkok).Month())); i >= 0 {
			out[i].Records++
		}
	}
	return out, crows.Err()
}

// ErrMonthHasRecords refuses "no procurement this month" for a month with
// published records.
var ErrMonthHasRecords = newsroom.FieldErrors{"state": "err.month_has_records"}

// PublishProcurementMonth publishes month m of fy as its สขร.1 ("published")
// or as "no procurement this month" ("none"), or withdraws it ("").
func (s *Store) PublishProcurementMonth(ctx context.Context, fy, m int, state string, by Author, now time.Time) error {
	if fy < 2500 || fy > 2700 || m < 1 || m > 12 {
		return fmt.Errorf("content: month %d/%d: %w", m, fy, ErrNotFound)
	}
	if state != "published" && state != "none" && state != "" {
		return newsroom.FieldErrors{"state": "err.choose"}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if state == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM procurement_months WHERE fy = ? AND month = ?`, fy, m)
			return err
		}
		if state == "none" {
			from, to := FiscalMonthRange(fy, m)
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM procurements WHERE status = 'published' AND contract_date >= ? AND contract_date < ?`,
				ms(from), ms(to)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return ErrMonthHasRecords
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO procurement_months (fy, month, state, published_at, published_by, published_by_name) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (fy, month) DO UPDATE SET state = excluded.state, published_at = excluded.published_at,
			published_by = excluded.published_by, published_by_name = excluded.published_by_name`,
			fy, m, state, ms(now), nullID(by.UserID), by.Name)
		return err
	})
	if err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
