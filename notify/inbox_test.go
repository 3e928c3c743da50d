package notify_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"newsroom/db/dbtest"
	"newsroom/notify"
)

// fill gives each of users 0..n-1 per notifications, all read but the
// last unread of each.
func fill(t testing.TB, w *world, per, unread int) []int64 {
	t.Helper()
	ids := make([]int64, 0, len(w.ids))
	for _, id := range w.ids {
		ids = append(ids, id)
	}
	err := w.db.Tx(context.Background(), func(tx *sql.Tx) error {
		for _, id := range ids {
			for i := range per {
				var read any = t0.UnixMilli()
				if i >= per-unread {
					read = nil
				}
				if _, err := tx.Exec(`INSERT INTO notifications (user_id, action, kind, ref, title, created_at, read_at) VALUES (?, 'returned', 'news', ?, ?, ?, ?)`,
					id, fmt.Sprint(i), fmt.Sprint("ข่าว ", i), t0.UnixMilli(), read); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// The header's count reads the partial index of unread rows, never the
// table: its cost does not grow with a user's history.
func TestUnreadUsesItsIndex(t *testing.T) {
	w := newWorld(t)
	fill(t, w, 50, 3)
	if w.db.IsPostgres() {
		if p := dbtest.PlanWithoutSeqScan(t, w.db.R, notify.UnreadSQL, 1, notify.UnreadCap); !strings.Contains(p, "notifications_unread") {
			t.Errorf("the unread count's plan does not use the partial index notifications_unread:\n%s", p)
		}
		return
	}
	rows, err := w.db.R.Query(`EXPLAIN QUERY PLAN `+notify.UnreadSQL, 1, notify.UnreadCap)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		rows.Scan(&id, &parent, &notused, &detail)
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "USING COVERING INDEX notifications_unread") && !strings.Contains(p, "USING INDEX notifications_unread") {
		t.Errorf("the unread count's plan is %q; want the partial index notifications_unread", p)
	}
}

// BenchmarkUnread is the header's cost on every admin page: a user with
// 5,000 notifications (20 unread) among 8 users with as many.
func BenchmarkUnread(b *testing.B) {
	w := newWorld(&testing.T{})
	ids := fill(b, w, 5000, 20)
	n := w.notifier(nil)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c, err := n.Unread(ctx, ids[i%len(ids)])
		if err != nil || c != 20 {
			b.Fatal(c, err)
		}
	}
}
