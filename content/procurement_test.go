package content

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsroom"
)

// procInput is a valid published record of unitA with its contract on day.
func procInput(unit int64, egp string, contract time.Time, now time.Time, bidders ...Bidder) ProcurementInput {
	return ProcurementInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: now.Add(-time.Hour), End: DefaultEnd(now, 3650), UnitID: unit, Publish: true},
		Procurement: Procurement{EGPNo: egp, Title: "จัดซื้อครุภัณฑ์", Method: "specific", ProcKind: "buy", Budget: 1000000, RefPrice: 990000,
			Bidders: bidders, Winner: "ร้านหนึ่ง", AgreedPrice: 980000, ContractNo: "1/2570", ContractDate: contract, State: "contracted"}}
}

// bidderRows reads procurement_bidders, what the ITA hub and pages read.
func bidderRows(t *testing.T, f *fixture, id int64) []string {
	t.Helper()
	rows, err := f.db.R.Query(`SELECT name FROM procurement_bidders WHERE procurement_id = ? ORDER BY position`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// Procurement records are a content kind like the others: every save keeps
// a revision and restoring one brings its bidders back (in the record and
// in procurement_bidders); a record taken down or trashed leaves the
// month's สขร.1 and its count at once; the trash purges it with its rows.
func TestProcurementRevisionsTrashAndTakedown(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, time.December, 4, 10, 0, 0, 0, newsroom.Bangkok)
	oct := time.Date(2026, time.October, 15, 0, 0, 0, 0, newsroom.Bangkok)
	by := Author{Name: "พัสดุ"}
	id, err := f.store.SaveProcurement(ctx, 0, procInput(f.unitA, "69107000011", oct, now,
		Bidder{Name: "ร้านหนึ่ง", Price: 980000}, Bidder{Name: "ร้านสอง", TaxID: "0105560000001", Price: 985050}), by, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.SaveProcurement(ctx, id, procInput(f.unitA, "69107000011", oct, now, Bidder{Name: "ร้านหนึ่ง", Price: 980000}), by, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := bidderRows(t, f, id); len(got) != 1 {
		t.Fatalf("bidders after the edit: %q", got)
	}
	revs, err := f.store.Revisions(ctx, ProcurementKind, ref(id))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions %d %v", len(revs), err)
	}
	if _, err := f.store.RestoreRevision(ctx, ProcurementKind, id, revs[1].ID, MetaInput{By: by}, now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	p, err := f.store.Procurement(ctx, id)
	if err != nil || len(p.Bidders) != 2 || p.Bidders[1].Price != 985050 || p.Bidders[1].TaxID != "0105560000001" {
		t.Fatalf("restored record %+v %v", p.Bidders, err)
	}
	if got := bidderRows(t, f, id); len(got) != 2 || got[1] != "ร้านสอง" {
		t.Fatalf("procurement_bidders after restoring: %q", got)
	}

	// A second record may not reuse the e-GP number.
	if _, err := f.store.SaveProcurement(ctx, 0, procInput(f.unitB, "69107000011", oct, now), by, now); !isField(err, "egp_no") {
		t.Errorf("a duplicate e-GP number: %v", err)
	}

	month := func() (int, int) {
		t.Helper()
		list, err := f.store.MonthProcurements(ctx, 2570, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := f.store.ProcurementMonths(ctx, 2570, now)
		if err != nil {
			t.Fatal(err)
		}
		return len(list), ms[0].Records
	}
	if rows, count := month(); rows != 1 || count != 1 {
		t.Fatalf("October: %d rows, count %d", rows, count)
	}
	if err := f.store.TakeDown(ctx, ProcurementKind, id, TakedownInput{Reason: "ร้องเรียน"}, now); err != nil {
		t.Fatal(err)
	}
	if rows, count := month(); rows != 0 || count != 0 {
		t.Errorf("taken down: %d rows, count %d", rows, count)
	}
	if down, _ := f.store.TakenDown(ctx, 10); len(down) != 1 || down[0].Kind != "procurement" {
		t.Errorf("takedown register %+v", down)
	}
	// With its only record down, October may be published as "none".
	if err := f.store.PublishProcurementMonth(ctx, 2570, 10, "none", by, now); err != nil {
		t.Errorf("none after the takedown: %v", err)
	}
	if err := f.store.Reinstate(ctx, ProcurementKind, id, now); err != nil {
		t.Fatal(err)
	}
	if rows, _ := month(); rows != 1 {
		t.Errorf("reinstated: %d rows", rows)
	}
	if err := f.store.PublishProcurementMonth(ctx, 2570, 10, "none", by, now); !errors.Is(err, ErrMonthHasRecords) && !isField(err, "state") {
		t.Errorf("none with a record: %v", err)
	}
	if err := f.store.Trash(ctx, ProcurementKind, id, now); err != nil {
		t.Fatal(err)
	}
	if rows, count := month(); rows != 0 || count != 0 {
		t.Errorf("trashed: %d rows, count %d", rows, count)
	}
	if err := f.store.Restore(ctx, ProcurementKind, id, now); err != nil {
		t.Fatal(err)
	}
	if rows, _ := month(); rows != 1 {
		t.Errorf("restored from the trash: %d rows", rows)
	}
	if err := f.store.Trash(ctx, ProcurementKind, id, now); err != nil {
		t.Fatal(err)
	}
	if n, err := f.store.PurgeTrash(ctx, now.AddDate(0, 0, TrashDays+1)); err != nil || n != 1 {
		t.Fatalf("purge %d %v", n, err)
	}
	if _, err := f.store.Procurement(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("purged record: %v", err)
	}
	if got := bidderRows(t, f, id); len(got) != 0 {
		t.Errorf("the purged record's bidders stay: %q", got)
	}
}

// ProcurementMonths flags every ended month of the year without a
// summary, and only those.
func TestProcurementMonthsFlags(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, time.December, 4, 10, 0, 0, 0, newsroom.Bangkok)
	tests := []struct {
		name    string
		publish map[int]string
		missing []int
	}{
		{"nothing published", nil, []int{10, 11}},
		{"October published", map[int]string{10: "published"}, []int{11}},
		{"both", map[int]string{10: "published", 11: "none"}, nil},
		{"December ahead of time", map[int]string{12: "none"}, []int{10, 11}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for m := 1; m <= 12; m++ {
				if err := f.store.PublishProcurementMonth(ctx, 2570, m, "", Author{}, now); err != nil {
					t.Fatal(err)
				}
			}
			for m, st := range tc.publish {
				if err := f.store.PublishProcurementMonth(ctx, 2570, m, st, Author{Name: "พัสดุ"}, now); err != nil {
					t.Fatal(err)
				}
			}
			ms, err := f.store.ProcurementMonths(ctx, 2570, now)
			if err != nil || len(ms) != 12 || ms[0].Month != 10 || ms[11].Month != 9 {
				t.Fatalf("months %+v %v", ms, err)
			}
			var missing []int
			for _, m := range ms {
				if m.Missing() {
					missing = append(missing, m.Month)
				}
			}
			if len(missing) != len(tc.missing) || (len(missing) > 0 && (missing[0] != tc.missing[0] || missing[len(missing)-1] != tc.missing[len(tc.missing)-1])) {
				t.Errorf("missing %v, want %v", missing, tc.missing)
			}
		})
	}
	// A past year has every month ended; a month out of range is refused.
	ms, _ := f.store.ProcurementMonths(ctx, 2569, now)
	for _, m := range ms {
		if !m.Missing() {
			t.Errorf("2569/%d not flagged", m.Month)
		}
	}
	if err := f.store.PublishProcurementMonth(ctx, 2570, 13, "published", Author{}, now); err == nil {
		t.Errorf("month 13 accepted")
	}
}
