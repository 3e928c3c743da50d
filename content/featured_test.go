package content

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsroom"
)

// postNews makes a live news item of unit created at `at`.
func (f *fixture) postNews(t *testing.T, unit int64, at time.Time, headline string) News {
	t.Helper()
	in := validNews(unit, at)
	in.Headline = headline
	in.End = at.AddDate(0, 0, 5)
	n, err := f.store.CreateNews(context.Background(), in, Author{Name: "x"}, at)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPickRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 8, 30, 0, 0, newsroom.Bangkok)
	today := DayOf(now)
	var yesterday []News
	for i := 0; i < 7; i++ {
		yesterday = append(yesterday, f.postNews(t, f.unitA, now.Add(-time.Duration(10+i)*time.Hour), fmt.Sprintf("ข่าวเมื่อวาน %d", i)))
	}
	old := f.postNews(t, f.unitA, now.AddDate(0, 0, -2), "ข่าวเมื่อสองวันก่อน")
	for i := 0; i < MaxPicks; i++ {
		p, err := f.store.PickNews(ctx, today, yesterday[i].ID, Author{}, now)
		if err != nil || p.Slot != i+1 {
			t.Fatalf("pick %d: slot %d, %v", i, p.Slot, err)
		}
	}
	if _, err := f.store.PickNews(ctx, today, yesterday[6].ID, Author{}, now); !errors.Is(err, ErrDayFull) {
		t.Fatalf("7th pick: %v", err)
	}
	if _, err := f.store.PickNews(ctx, today, yesterday[0].ID, Author{}, now); !errors.Is(err, ErrAlreadyPick) && !errors.Is(err, ErrDayFull) {
		t.Fatalf("picking twice: %v", err)
	}
	f.store.Unpick(ctx, today, yesterday[5].ID)
	if _, err := f.store.PickNews(ctx, today, old.ID, Author{}, now); !errors.Is(err, ErrNotCandidate) {
		t.Fatalf("two days old: %v", err)
	}
	down := f.postNews(t, f.unitA, now.Add(-time.Hour), "ข่าวที่ถูกระงับ")
	f.db.W.Exec(`UPDATE news SET status = 'takendown' WHERE id = ?`, down.ID)
	if _, err := f.store.PickNews(ctx, today, down.ID, Author{}, now); !errors.Is(err, ErrNotCandidate) {
		t.Fatalf("taken down: %v", err)
	}
	notLive := f.postNews(t, f.unitA, now.Add(-time.Hour), "ข่าวที่ยังไม่แสดง")
	f.db.W.Exec(`UPDATE news SET start_at = ? WHERE id = ?`, ms(now.Add(time.Hour)), notLive.ID)
	if _, err := f.store.PickNews(ctx, today, notLive.ID, Author{}, now); !errors.Is(err, ErrNotCandidate) {
		t.Fatalf("not live: %v", err)
	}
	if err := f.store.ReorderPicks(ctx, today, []int64{yesterday[4].ID, yesterday[0].ID}); err != nil {
		t.Fatal(err)
	}
	picks, _ := f.store.Picks(ctx, today)
	if len(picks) != 5 || picks[0].NewsID != yesterday[4].ID || picks[1].NewsID != yesterday[0].ID || picks[4].Slot != 5 {
		t.Fatalf("after reorder: %+v", picks)
	}
	feat, _ := f.store.FeaturedNews(ctx, Thai, now, 2)
	if len(feat) != 5 || feat[0].ID != yesterday[4].ID {
		t.Fatalf("featured block: %d items", len(feat))
	}
	cands, _ := f.store.Candidates(ctx, today, now)
	for _, c := range cands {
		if c.ID == old.ID {
			t.Fatal("a two-day-old story is a candidate")
		}
	}
}

func TestTwoAdminsRaceForTheSixthSlot(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 8, 30, 0, 0, newsroom.Bangkok)
	today := DayOf(now)
	var news []News
	for i := 0; i < 7; i++ {
		news = append(news, f.postNews(t, f.unitB, now.Add(-time.Duration(i+1)*time.Hour), fmt.Sprintf("ข่าว %d", i)))
	}
	for i := 0; i < 5; i++ {
		f.store.PickNews(ctx, today, news[i].ID, Author{}, now)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for k := 0; k < 2; k++ {
		wg.Go(func() { _, errs[k] = f.store.PickNews(ctx, today, news[5+k].ID, Author{}, now) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if !errors.Is(err, ErrDayFull) {
			t.Fatalf("loser's error: %v", err)
		}
	}
	picks, _ := f.store.Picks(ctx, today)
	if won != 1 || len(picks) != MaxPicks {
		t.Fatalf("%d won, %d picks", won, len(picks))
	}
}

func TestTallyCatchUpIdempotenceAndHistory(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Picks on 28 and 30 Sep 2026 and on 1 Oct 2026 (a new fiscal year);
	// nothing on 29 Sep. The server was down from 29 Sep to 3 Oct.
	days := []time.Time{
		time.Date(2026, 9, 28, 9, 0, 0, 0, newsroom.Bangkok),
		time.Date(2026, 9, 30, 9, 0, 0, 0, newsroom.Bangkok),
		time.Date(2026, 10, 1, 9, 0, 0, 0, newsroom.Bangkok),
	}
	for i, at := range days {
		a := f.postNews(t, f.unitA, at.Add(-2*time.Hour), fmt.Sprintf("A %d", i))
		b := f.postNews(t, f.unitB, at.Add(-3*time.Hour), fmt.Sprintf("B %d", i))
		if _, err := f.store.PickNews(ctx, DayOf(at), a.ID, Author{}, at); err != nil {
			t.Fatal(err)
		}
		if i != 1 {
			if _, err := f.store.PickNews(ctx, DayOf(at), b.ID, Author{}, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Unit A is renamed after its picks: history keeps the old name.
	f.db.W.Exec(`UPDATE units SET name_th = 'ชื่อใหม่' WHERE id = ?`, f.unitA)
	now := time.Date(2026, 10, 3, 0, 5, 0, 0, newsroom.Bangkok)
	n, err := f.store.CatchUpTally(ctx, now)
	if err != nil || n != 5 { // 28, 29, 30 Sep, 1 and 2 Oct
		t.Fatalf("caught up %d days, %v", n, err)
	}
	if again, _ := f.store.CatchUpTally(ctx, now); again != 0 {
		t.Fatalf("second run closed %d days", again)
	}
	if err := f.store.TallyDay(ctx, DayOf(days[0]), now); err != nil { // run twice: same rows
		t.Fatal(err)
	}
	fy69from, fy69to := FiscalYearDays(2569)
	fy70from, fy70to := FiscalYearDays(2570)
	old, _ := f.store.Leaderboard(ctx, fy69from, fy69to)
	cur, _ := f.store.Leaderboard(ctx, fy70from, fy70to)
	if len(old) != 2 || old[0].UnitID != f.unitA || old[0].Picks != 2 || old[1].Picks != 1 || old[0].UnitName == "ชื่อใหม่" {
		t.Fatalf("FY 2569: %+v", old)
	}
	if len(cur) != 2 || cur[0].Picks != 1 || cur[1].Picks != 1 || cur[0].Rank != 1 || cur[1].Rank != 1 {
		t.Fatalf("FY 2570 (a tie): %+v", cur)
	}
	// Award year 2570 B.E. runs 2 Sep 2026 – 1 Sep 2027: all three days.
	from, to := AwardYearRange(2570, time.September, 2)
	if from != "2026-09-02" || to != "2027-09-02" {
		t.Fatalf("award year %s..%s", from, to)
	}
	award, _ := f.store.Leaderboard(ctx, from, to)
	if award[0].UnitID != f.unitA || award[0].Picks != 3 || award[1].Picks != 2 || award[1].Rank != 2 {
		t.Fatalf("award year: %+v", award)
	}
	monthly, _ := f.store.TallyBy(ctx, "month", from, to)
	if len(monthly) != 4 || monthly[0].Period != "2026-09" || monthly[2].Period != "2026-10" {
		t.Fatalf("monthly: %+v", monthly)
	}
	// Deleting a picked news item does not change the tally.
	picks, _ := f.store.Picks(ctx, DayOf(days[0]))
	f.store.DeleteNews(ctx, picks[0].NewsID)
	f.store.TallyDay(ctx, DayOf(days[0]), now)
	again, _ := f.store.Leaderboard(ctx, fy69from, fy69to)
	if again[0].Picks != 2 {
		t.Fatalf("a deleted news item changed history: %+v", again)
	}
}

// The award year turns on the founding anniversary: a pick on 1 September
// counts for the year that ends then, one on 2 September for the next.
func TestAwardYearBoundary(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i, at := range []time.Time{
		time.Date(2026, 9, 1, 9, 0, 0, 0, newsroom.Bangkok),
		time.Date(2026, 9, 2, 9, 0, 0, 0, newsroom.Bangkok),
	} {
		n := f.postNews(t, []int64{f.unitA, f.unitB}[i], at.Add(-time.Hour), fmt.Sprintf("ข่าว %d", i))
		if _, err := f.store.PickNews(ctx, DayOf(at), n.ID, Author{}, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.store.CatchUpTally(ctx, time.Date(2026, 9, 3, 1, 0, 0, 0, newsroom.Bangkok)); err != nil {
		t.Fatal(err)
	}
	for year, unit := range map[int]int64{2569: f.unitA, 2570: f.unitB} {
		from, to := AwardYearRange(year, time.September, 2)
		rows, _ := f.store.Leaderboard(ctx, from, to)
		if len(rows) != 1 || rows[0].UnitID != unit {
			t.Errorf("award year %d: %+v", year, rows)
		}
	}
}

// TestWithdrawnPickFreesItsSlot: a pick whose news is trashed or taken down
// no longer counts toward the six, is not on the desk nor on the homepage,
// and a new pick takes its place at the end of the list.
func TestWithdrawnPickFreesItsSlot(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 8, 30, 0, 0, newsroom.Bangkok)
	today := DayOf(now)
	var news []News
	for i := 0; i < MaxPicks+1; i++ {
		news = append(news, f.postNews(t, f.unitA, now.Add(-time.Duration(1+i)*time.Hour), fmt.Sprintf("ข่าว %d", i)))
	}
	for i := 0; i < MaxPicks; i++ {
		if _, err := f.store.PickNews(ctx, today, news[i].ID, Author{}, now); err != nil {
			t.Fatalf("pick %d: %v", i, err)
		}
	}
	if err := f.store.Trash(ctx, NewsKind, news[1].ID, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.TakeDown(ctx, NewsKind, news[3].ID, TakedownInput{Reason: "complaint"}, now); err != nil {
		t.Fatal(err)
	}
	held := []int64{news[0].ID, news[2].ID, news[4].ID, news[5].ID}
	ids := func(what string, got []int64, want []int64) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %v; want %v", what, got, want)
		}
	}
	picks, err := f.store.Picks(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, p := range picks {
		got = append(got, p.NewsID)
	}
	ids("the desk's picks", got, held)
	desk, err := f.store.DeskNumbers(ctx, now)
	if err != nil || desk.PicksToday != 4 {
		t.Errorf("dashboard's picks today: %d, %v; want 4", desk.PicksToday, err)
	}
	feat, _ := f.store.FeaturedNews(ctx, Thai, now, 1)
	got = nil
	for _, n := range feat {
		got = append(got, n.ID)
	}
	ids("the homepage's featured block", got, held)
	// The limit counts the held picks only: a new pick fits, at the end.
	p, err := f.store.PickNews(ctx, today, news[6].ID, Author{}, now)
	if err != nil {
		t.Fatalf("a pick with two freed slots: %v", err)
	}
	if p.Slot != 5 {
		t.Errorf("the new pick is in slot %d; want 5, after the four held", p.Slot)
	}
	picks, _ = f.store.Picks(ctx, today)
	got = nil
	for i, p := range picks {
		got = append(got, p.NewsID)
		if p.Slot != i+1 {
			t.Errorf("pick %d has slot %d", i+1, p.Slot)
		}
	}
	ids("the picks after a new one", got, append(held, news[6].ID))
}
