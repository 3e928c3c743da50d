package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"newsroom/roles"
)

// unitList prints every unit, retired ones included, in aligned columns:
// the code is what "user add --unit" takes, the slug the public address
// (/units/{slug}) and the lists' ?unit= filter.
func unitList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfgArgs, rest := splitConfigArgs(args)
	if len(rest) > 0 {
		return usageError{fmt.Errorf("unit list: unexpected argument %q", rest[0])}
	}
	cfg, _, err := parseConfig("unit list", cfgArgs, getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		if _, err := os.Stat(cfg.DBPath()); err != nil {
			return fmt.Errorf("unit list: %w (is --data right?)", err)
		}
	}
	d, store, err := openStores(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	units, err := store.Units(ctx, true)
	if err != nil {
		return err
	}
	return writeUnits(stdout, units)
}

// writeUnits writes the units in columns padded by display width: Thai
// vowel and tone marks (Unicode Mn) take no column of their own, so padding
// by rune count, as text/tabwriter does, would misalign the Thai names.
func writeUnits(w io.Writer, units []roles.Unit) error {
	rows := [][]string{{"CODE", "SLUG", "KIND", "NAME (TH)", "NAME (EN)", "RETIRED"}}
	for _, u := range units {
		retired := "no"
		if !u.RetiredAt.IsZero() {
			retired = "yes"
		}
		rows = append(rows, []string{u.Code, u.Slug, u.Kind, u.NameTH, u.NameEN, retired})
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-displayWidth(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth is how many columns s takes in a terminal: its runes but the
// combining marks (Thai vowels above and below, tone marks).
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Mn, r) {
			n++
		}
	}
	return n
}
