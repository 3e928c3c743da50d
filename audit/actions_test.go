package audit

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"newsroom"
)

// actionSchema is the table as the main database migrations create it.
const actionSchema = `
CREATE TABLE action_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER,
  user_name TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  item_id INTEGER,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_log_at ON action_log(at);`

func openActionLog(t *testing.T) (*ActionLog, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "main.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(actionSchema); err != nil {
		t.Fatal(err)
	}
	return NewActionLog(db), db
}

var actionBase = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// seedActions records five actions, ids 1 to 5, a minute apart.
func seedActions(t *testing.T, l *ActionLog) []Action {
	t.Helper()
	base := actionBase
	seed := []Action{
		{At: base, UserID: 1, UserName: "Somchai", IP: "10.0.0.1", Action: "login"},
		{At: base.Add(time.Minute), UserID: 2, UserName: "Malee", IP: "10.0.0.2", Action: "login.fail"},
		{At: base.Add(2 * time.Minute), UserID: 1, UserName: "Somchai", Action: "news.delete", Kind: "news", ItemID: 42, Detail: "duplicate"},
		{At: base.Add(3 * time.Minute), Action: "user.create", Kind: "user", ItemID: 9, Detail: "by system"},
		{At: base.Add(4 * time.Minute), UserID: 2, Action: "login_x"},
	}
	for _, a := range seed {
		if err := l.Record(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	return seed
}

func TestActionRecordAndList(t *testing.T) {
	l, db := openActionLog(t)
	ctx := context.Background()
	seed, base := seedActions(t, l), actionBase
	var nulls int
	db.QueryRow(`SELECT COUNT(*) FROM action_log WHERE user_id IS NULL OR item_id IS NULL`).Scan(&nulls)
	if nulls != 4 {
		t.Errorf("rows with NULL ids = %d, want 4", nulls)
	}
	tests := []struct {
		name      string
		f         ActionFilter
		wantIDs   []int64 // newest first
		wantTotal int
	}{
		{"all", ActionFilter{}, []int64{5, 4, 3, 2, 1}, 5},
		{"by user", ActionFilter{UserID: 1}, []int64{3, 1}, 2},
		{"action prefix", ActionFilter{Action: "login"}, []int64{5, 2, 1}, 3},
		{"prefix with dot", ActionFilter{Action: "login."}, []int64{2}, 1},
		{"underscore is literal", ActionFilter{Action: "login_"}, []int64{5}, 1},
		{"time range", ActionFilter{From: base.Add(time.Minute), To: base.Add(3 * time.Minute)}, []int64{3, 2}, 2},
		{"page", ActionFilter{Limit: 2, Offset: 1}, []int64{4, 3}, 5},
		{"past the end", ActionFilter{Offset: 10}, nil, 5},
		{"no match", ActionFilter{UserID: 99}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := l.List(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, a := range got {
				ids = append(ids, a.ID)
			}
			if total != tt.wantTotal || !slices.Equal(ids, tt.wantIDs) {
				t.Errorf("List = %v (total %d), want %v (total %d)", ids, total, tt.wantIDs, tt.wantTotal)
			}
		})
	}
	got, _, err := l.List(ctx, ActionFilter{Action: "news.delete"})
	if err != nil || len(got) != 1 {
		t.Fatalf("List news.delete = %v, %v", got, err)
	}
	want := seed[2]
	want.ID = 3
	if got[0] != want {
		t.Errorf("round trip\n got %+v\nwant %+v", got[0], want)
	}
}

func TestActionRecordDefaultsAndErrors(t *testing.T) {
	l, _ := openActionLog(t)
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	if err := l.Record(ctx, Action{Action: "backup"}); err != nil {
		t.Fatal(err)
	}
	got, _, err := l.List(ctx, ActionFilter{})
	if err != nil || len(got) != 1 {
		t.Fatalf("List = %v, %v", got, err)
	}
	if got[0].At.Before(before) || got[0].At.After(time.Now()) || got[0].UserID != 0 || got[0].ItemID != 0 {
		t.Errorf("defaults: %+v", got[0])
	}
	if err := l.Record(ctx, Action{}); !errors.Is(err, newsroom.ErrInvalid) {
		t.Errorf("empty action: err = %v, want ErrInvalid", err)
	}
}

func TestActionRecordTx(t *testing.T) {
	l, db := openActionLog(t)
	ctx := context.Background()
	for _, commit := range []bool{false, true} {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.RecordTx(ctx, tx, Action{Action: "news.takedown", Kind: "news", ItemID: 5}); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, total, err := l.List(ctx, ActionFilter{}); err != nil || total != 1 {
		t.Errorf("after one rollback and one commit: total %d, %v; want 1", total, err)
	}
}
