package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// runFunc runs one command or subcommand with the arguments after its name.
type runFunc func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error

// command is one entry of the dispatch table: a command with its own run
// function, or a group (user, unit, traffic) of subcommands. The help text
// is written from this table, so a command cannot exist without being
// listed there.
type command struct {
	name, args, summary string
	run                 runFunc      // a single command
	subs                []subcommand // a group
}

type subcommand struct {
	name, args, summary string
	run                 runFunc
}

// commands is every command, in the order "newsroom --help" lists them.
var commands []command

func init() {
	// Assigned in init: the run functions of the groups refer back to the
	// table (runGroup), which a package-level initialiser may not.
	commands = []command{
		{name: "serve", args: "[settings]", summary: "run the web server (the default when no command is given)", run: serveCommand},
		{name: "user", summary: "manage accounts (IDs are shown masked unless --show-ids)", subs: []subcommand{
			{"add", "--citizen-id ID --name NAME [--unit CODE] [--role ROLE] [--grants CATS] [--password PW]", "create an account; prints a generated password when none is given", userSub("add")},
			{"passwd", "ID [--password PW]", "set a new password (generated and printed when none is given); ends the user's sessions", userSub("passwd")},
			{"disable", "ID", "disable an account and end its sessions at once", userSub("disable")},
			{"enable", "ID", "enable a disabled account", userSub("enable")},
			{"list", "[--show-ids]", "list accounts: ID, citizen ID, name, unit, role, active", userSub("list")},
		}},
		{name: "unit", summary: "show the units (faculties, colleges, offices) and their codes", subs: []subcommand{
			{"list", "", "list every unit: code, slug, kind, Thai and English names, retired or not", unitList},
		}},
		{name: "backup", args: "DIR", summary: "write a verified full backup (databases, media, MANIFEST) into DIR; safe while the server runs", run: backupCommand},
		{name: "restore", args: "DIR --data NEWDIR", summary: "restore the backup in DIR into an empty data directory and verify it", run: restoreCommand},
		{name: "traffic", summary: "the traffic log (Computer Crime Act s.26)", subs: []subcommand{
			{"verify", "", "check the traffic log's hash chain; exit 1 and name the record on any tampering", trafficSub("verify")},
			{"export", "--from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]", "write the records of Bangkok calendar days as CSV", trafficSub("export")},
			{"purge", "", "delete records older than the retention (what the daily job does)", trafficSub("purge")},
			{"import", "[--file traffic.db]", "PostgreSQL: copy a SQLite traffic log into the database as this instance's chain", trafficSub("import")},
		}},
		{name: "migrate-to", args: "--to-database-url postgres://… [--to-media-url s3://…]", summary: "move this SQLite site (tables, media, traffic log) to PostgreSQL and an object store, and verify every row and file", run: migrateToCommand},
		{name: "help", args: "[command]", summary: "show this help, or a command's", run: helpCommand},
	}
}

func findCommand(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

func userSub(name string) runFunc {
	return func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		return userCommand(ctx, append([]string{name}, args...), getenv, stdout, stderr)
	}
}

func trafficSub(name string) runFunc {
	return func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		return trafficCommand(ctx, append([]string{name}, args...), getenv, stdout, stderr)
	}
}

func serveCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("serve", args, getenv, stderr)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, newLogger(cfg, stderr), stdout)
}

func helpCommand(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || wantsHelp(args[:1]) {
		writeUsage(stdout)
		return nil
	}
	c, ok := findCommand(args[0])
	if !ok {
		writeUsage(stderr)
		return usageError{fmt.Errorf("help: unknown command %q", args[0])}
	}
	writeCommandUsage(stdout, c)
	return nil
}

// wantsHelp reports whether args ask for help: -h or --help before any
// "--", or "help" first (so "user add --name help" still names someone
// Help). The flag package would print to standard error and fail, and
// "backup --help" would take "--help" for a directory.
func wantsHelp(args []string) bool {
	if len(args) > 0 && args[0] == "help" {
		return true
	}
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// runGroup runs a group's subcommand, or prints the group's help.
func runGroup(ctx context.Context, c command, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !wantsHelp(args[:1]) {
		writeCommandUsage(stderr, c)
		return usageError{fmt.Errorf("%s: give a subcommand: %s", c.name, subNames(c))}
	}
	if wantsHelp(args[:1]) {
		writeCommandUsage(stdout, c)
		return nil
	}
	i := slices.IndexFunc(c.subs, func(s subcommand) bool { return s.name == args[0] })
	if i < 0 {
		writeCommandUsage(stderr, c)
		return usageError{fmt.Errorf("%s: unknown subcommand %q", c.name, args[0])}
	}
	s := c.subs[i]
	if wantsHelp(args[1:]) {
		writeSubUsage(stdout, c, s)
		return nil
	}
	return s.run(ctx, args[1:], getenv, stdout, stderr)
}

func subNames(c command) string {
	var n []string
	for _, s := range c.subs {
		n = append(n, s.name)
	}
	return strings.Join(n, ", ")
}

// writeUsage is "newsroom --help": every command and subcommand with one
// line each, then the settings.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, "newsroom: the news CMS of Nakhon Phanom University's public-relations office.\n\nusage: newsroom [command] [subcommand] [arguments] [settings]\n\ncommands:\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, c := range commands {
		if c.subs == nil {
			fmt.Fprintf(tw, "  %s\t%s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
			continue
		}
		for _, s := range c.subs {
			fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, s.name, s.summary)
		}
	}
	tw.Flush()
	fmt.Fprint(w, "\n")
	writeSettings(w)
	fmt.Fprint(w, "\nRun \"newsroom COMMAND --help\" for a command's arguments. Start with demo content: NEWSROOM_DEMO=1 newsroom\n")
}

// writeSettings lists every setting: its flag, its environment variable and
// its default. Every command takes them (--data above all).
func writeSettings(w io.Writer) {
	fmt.Fprint(w, "settings (a flag of every command, or its environment variable; the flag wins):\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "(none)"
		}
		fmt.Fprintf(tw, "  --%s\t$%s\t%s\t%s\n", s.flag, s.env, def, s.help)
	}
	tw.Flush()
}

func writeCommandUsage(w io.Writer, c command) {
	if c.subs == nil {
		fmt.Fprintf(w, "usage: newsroom %s\n\n%s\n\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
		writeSettings(w)
		return
	}
	fmt.Fprintf(w, "usage: newsroom %s SUBCOMMAND [arguments] [settings]\n\n%s\n\nsubcommands:\n", c.name, c.summary)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, s := range c.subs {
		fmt.Fprintf(tw, "  %s\t%s\n", strings.TrimSpace(s.name+" "+s.args), s.summary)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRun \"newsroom %s SUBCOMMAND --help\" for one; \"newsroom --help\" lists the settings (--data above all).\n", c.name)
}

func writeSubUsage(w io.Writer, c command, s subcommand) {
	fmt.Fprintf(w, "usage: newsroom %s %s\n\n%s\n\n", c.name, strings.TrimSpace(s.name+" "+s.args), s.summary)
	if c.name == "user" {
		fmt.Fprint(w, "roles: central, unit, admissions, hr, procurement; --grants (notice categories): announcement, jobs, procurement, external, scholarship, training; --unit takes a unit code (newsroom unit list).\n\n")
	}
	writeSettings(w)
}
