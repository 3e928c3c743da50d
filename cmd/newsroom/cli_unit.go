package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

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
	if _, err := os.Stat(cfg.DBPath()); err != nil {
		return fmt.Errorf("unit list: %w (is --data right?)", err)
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

func writeUnits(w io.Writer, units []roles.Unit) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSLUG\tKIND\tNAME (TH)\tNAME (EN)\tRETIRED")
	for _, u := range units {
		retired := "no"
		if !u.RetiredAt.IsZero() {
			retired = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Code, u.Slug, u.Kind, u.NameTH, u.NameEN, retired)
	}
	return tw.Flush()
}
