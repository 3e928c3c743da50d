package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"newsroom"
	"newsroom/audit"
	"newsroom/db"
	"newsroom/roles"
)

// openStores opens the database for a command-line tool (the server may be
// running: SQLite's WAL and busy timeout let both work).
func openStores(ctx context.Context, cfg Config) (*db.DB, *roles.Store, error) {
	d, err := db.Open(ctx, cfg.DBTarget())
	if err != nil {
		return nil, nil, err
	}
	return d, roles.NewStore(d, roles.DefaultHashParams), nil
}

func userCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("user: add, passwd, disable, enable or list")}
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cid := fs.String("citizen-id", "", "13-digit citizen ID")
	name := fs.String("name", "", "display name (add)")
	unit := fs.String("unit", "pr", "unit code (add)")
	role := fs.String("role", string(roles.UnitPR), "role: central, unit, admissions, hr, procurement (add)")
	grants := fs.String("grants", "", "extra notice categories, comma-separated (add)")
	pw := fs.String("password", "", "password; generated and printed when empty (add, passwd)")
	full := fs.Bool("show-ids", false, "show full citizen IDs (list)")
	// The data directory settings are shared with serve.
	cfgArgs, rest := splitConfigArgs(args)
	cfg, _, err := parseConfig("user", cfgArgs, getenv, stderr)
	if err != nil {
		return err
	}
	pos, err := parseInterspersed(fs, rest)
	if err != nil {
		return usageError{err}
	}
	if len(pos) > 1 || (len(pos) == 1 && *cid != "" && *cid != pos[0]) {
		return usageError{fmt.Errorf("user %s: give one citizen ID (got %q)", sub, append([]string{*cid}, pos...))}
	}
	if len(pos) == 1 {
		*cid = pos[0]
	}
	if sub == "passwd" || sub == "disable" || sub == "enable" {
		id, ok := roles.NormalizeCitizenID(*cid)
		if !ok {
			return usageError{fmt.Errorf("user %s: --citizen-id: %s", sub, cliMessages["err.citizen_id"])}
		}
		*cid = id
	}
	d, store, err := openStores(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	now := time.Now()
	actions := audit.NewActionLog(d.W)
	logCLI := func(action string, id int64, detail string) {
		if err := actions.Record(ctx, audit.Action{At: now, UserName: "cli", Action: action, Kind: "user", ItemID: id, Detail: detail}); err != nil {
			slog.Error("action log", "err", err)
		}
	}
	switch sub {
	case "add":
		return cliAddUser(ctx, store, stdout, now, *cid, *name, *unit, *role, *grants, *pw, logCLI)
	case "passwd":
		u, err := store.UserByCitizenID(ctx, *cid)
		if err != nil {
			return err
		}
		p := *pw
		if p == "" {
			p = roles.GeneratePassword(16)
			fmt.Fprintf(stdout, "new password: %s\n", p)
		}
		if err := store.SetPassword(ctx, u.ID, p, now); err != nil {
			return explain(err)
		}
		logCLI("user.password_reset", u.ID, u.Name)
		return nil
	case "disable", "enable":
		u, err := store.UserByCitizenID(ctx, *cid)
		if err != nil {
			return err
		}
		if err := store.SetActive(ctx, u.ID, sub == "enable", now); err != nil {
			return explain(err)
		}
		logCLI("user."+sub, u.ID, u.Name)
		fmt.Fprintf(stdout, "%sd %s (%s)\n", sub, u.Name, u.MaskedID())
		return nil
	case "list":
		return cliListUsers(ctx, store, stdout, *full)
	}
	return usageError{fmt.Errorf("user: unknown subcommand %q", sub)}
}

func cliAddUser(ctx context.Context, store *roles.Store, out io.Writer, now time.Time, cid, name, unit, role, grants, pw string, logCLI func(string, int64, string)) error {
	units, err := store.Units(ctx, false)
	if err != nil {
		return err
	}
	in := roles.UserInput{CitizenID: cid, Name: name, Role: roles.Role(role), Password: pw}
	for _, u := range units {
		if u.Code == unit {
			in.UnitID = u.ID
		}
	}
	for g := range strings.SplitSeq(grants, ",") {
		if g = strings.TrimSpace(g); g != "" {
			in.Grants = append(in.Grants, roles.Category(g))
		}
	}
	if in.Password == "" {
		in.Password = roles.GeneratePassword(16)
	}
	u, err := store.CreateUser(ctx, in, now)
	if err != nil {
		return explain(err)
	}
	logCLI("user.create", u.ID, u.Name)
	fmt.Fprintf(out, "added %s (%s, %s) password: %s\n", u.Name, u.MaskedID(), u.Role, in.Password)
	return nil
}

func cliListUsers(ctx context.Context, store *roles.Store, out io.Writer, full bool) error {
	users, err := store.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCITIZEN ID\tNAME\tUNIT\tROLE\tACTIVE")
	for _, u := range users {
		id := u.MaskedID()
		if full {
			id = u.CitizenID
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%v\n", u.ID, id, u.Name, u.UnitName, u.Role, u.Active)
	}
	return tw.Flush()
}

// parseInterspersed parses fs's flags wherever they stand among the
// positional arguments, so "user passwd ID --password X" sets the password
// just as "user passwd --password X ID" does (the flag package alone stops
// at the first positional argument and would ignore --password). After "--"
// everything is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stops at "--" (consumed) or at a positional argument.
		if i := len(args) - len(rest); i > 0 && args[i-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// explain turns field errors into a readable command-line message.
func explain(err error) error {
	var fe newsroom.FieldErrors
	if errors.As(err, &fe) {
		var parts []string
		for f, k := range fe {
			parts = append(parts, f+": "+cliMessages[k])
		}
		return usageError{errors.New(strings.Join(parts, "; "))}
	}
	return err
}

var cliMessages = map[string]string{
	"err.citizen_id":       "not a valid 13-digit citizen ID (check digit)",
	"err.citizen_id_taken": "a user with this citizen ID exists",
	"err.password_short":   "at least 10 characters",
	"err.required":         "required",
	"err.too_long":         "too long",
	"err.choose":           "not one of the allowed values",
	"err.last_central":     "this is the last active central admin; add or enable another central admin first",
}

// splitConfigArgs separates the shared settings flags (--data, …) from a
// subcommand's own flags, so "user add --data x --name y" works in any order.
func splitConfigArgs(args []string) (cfg, rest []string) {
	known := map[string]bool{}
	for _, s := range settings {
		known[s.flag] = true
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		name, _, hasVal := strings.Cut(name, "=")
		if strings.HasPrefix(a, "-") && known[name] {
			cfg = append(cfg, a)
			if !hasVal && i+1 < len(args) && name != "demo" {
				cfg = append(cfg, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return cfg, rest
}
