package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"newsroom/content"
)

// seedFeatured records three months of daily picks (two to six a day, some
// days none) and tallies them, so the reports have a history to show; today
// gets no picks, so the desk starts empty.
func seedFeatured(ctx context.Context, d Deps) error {
	news, _, err := d.Content.LiveNews(ctx, content.Thai, d.Now, 100, 0)
	if err != nil || len(news) == 0 {
		return err
	}
	r := rand.New(rand.NewPCG(2569, 9))
	today := content.DayOf(d.Now)
	picks := 0
	for back := 90; back >= 1; back-- {
		day := today.Add(-back)
		if r.IntN(7) == 0 {
			continue // a day without picks
		}
		n := 2 + r.IntN(5)
		for slot, i := range r.Perm(len(news))[:min(n, len(news))] {
			if err := d.Content.RecordPick(ctx, day, slot+1, news[i], day.Start().Add(9*time.Hour)); err != nil {
				return fmt.Errorf("demo: pick: %w", err)
			}
			picks++
		}
	}
	days, err := d.Content.CatchUpTally(ctx, d.Now)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.Out, "demo: %d featured picks over %d days, tallied\n", picks, days)
	return nil
}
