package db

import (
	"strings"
	"testing"
	"testing/fstest"
)

// The rule "migrations are numbered consecutively from 1" refuses gaps,
// duplicates and names without a number.
func TestReadMigrationsNumbering(t *testing.T) {
	up := &fstest.MapFile{Data: []byte("-- +goose Up\nSELECT 1;\n")}
	tests := []struct {
		name  string
		files []string
		err   string // "" when the set is valid
	}{
		{"consecutive", []string{"0001_a.sql", "0002_b.sql", "0003_c.sql"}, ""},
		{"gap", []string{"0001_a.sql", "0003_c.sql"}, "0003_c.sql: expected number 2"},
		{"starts at 2", []string{"0002_b.sql"}, "expected number 1"},
		{"duplicate", []string{"0001_a.sql", "0001_b.sql", "0002_c.sql"}, "expected number 2"},
		{"no number", []string{"0001_a.sql", "init.sql"}, "must start with a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys["m/"+f] = up
			}
			ms, err := readMigrations(fsys, "m")
			if tt.err == "" {
				if err != nil || len(ms) != len(tt.files) {
					t.Fatalf("got %d migrations, %v; want %d, nil", len(ms), err, len(tt.files))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want one saying %q", err, tt.err)
			}
		})
	}
}
