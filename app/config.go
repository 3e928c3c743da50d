package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"newsroom/audit"
	"newsroom/db"
	"newsroom/media"
	"newsroom/notify"
)

// Config is every setting, parsed and validated once, then passed down.
type Config struct {
	Addr                 string
	DataDir              string
	BaseURL              string
	TrustedProxies       []string
	TrafficRetentionDays int
	Demo                 bool
	LogLevel             string
	ShutdownTimeout      time.Duration
	FeaturedDays         int
	AwardStartMonth      time.Month
	AwardStartDay        int
	// SMTP is where notifications are e-mailed; nil: e-mail is off.
	SMTP *notify.SMTPConfig
	// DatabaseURL is NEWSROOM_DATABASE_URL: PostgreSQL instead of SQLite.
	DatabaseURL string
	// MediaURL is NEWSROOM_MEDIA_URL: an S3-compatible bucket instead of
	// the data directory's media and staging folders.
	MediaURL string
	// Instance is NEWSROOM_INSTANCE: this server's name among several on
	// one PostgreSQL database ("" for the default, see InstanceID).
	Instance string
	// BaseURLDerived: NEWSROOM_BASE_URL was not given and demo mode took
	// the base URL from the listen address (see deriveBaseURL).
	BaseURLDerived bool
	// baseURLGiven: NEWSROOM_BASE_URL or --base-url was given.
	baseURLGiven bool
}

// Setting describes one option: its flag, its environment variable, its
// default and its README line. configTable in the README is generated from
// this list by TestReadmeListsEverySetting.
type Setting struct {
	Flag, Env, Default, Help string
}

// Settings is every option, in the README's order.
var Settings = []Setting{
	{"addr", "NEWSROOM_ADDR", ":8080", "listen address"},
	{"data", "NEWSROOM_DATA", "./data", "data directory: database, traffic log, media"},
	{"base-url", "NEWSROOM_BASE_URL", "http://localhost:8080", "public URL of the site, as visitors type it (demo mode on a loopback address: http://localhost:PORT); https turns on Secure cookies and HSTS"},
	{"trusted-proxies", "NEWSROOM_TRUSTED_PROXIES", "", "comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed"},
	{"traffic-retention-days", "NEWSROOM_TRAFFIC_RETENTION_DAYS", "90", "days the traffic log is kept (at least 90, Computer Crime Act s.26)"},
	{"demo", "NEWSROOM_DEMO", "false", "seed demo users and content on an empty data directory"},
	{"log-level", "NEWSROOM_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"shutdown-timeout", "NEWSROOM_SHUTDOWN_TIMEOUT", "20s", "how long in-flight requests may finish on SIGTERM"},
	{"featured-days", "NEWSROOM_FEATURED_DAYS", "2", "days a featured pick stays in the homepage's featured block"},
	{"award-year-start", "NEWSROOM_AWARD_YEAR_START", "09-02", "MM-DD the award year starts (the university's founding anniversary)"},
	{"smtp-url", "NEWSROOM_SMTP_URL", "", "SMTP server for e-mail notifications, smtp://user:pass@host:587?from=addr (off when empty)"},
	{"database-url", "NEWSROOM_DATABASE_URL", "", "PostgreSQL database, postgres://user:pass@host:5432/name (empty: SQLite in the data directory)"},
	{"media-url", "NEWSROOM_MEDIA_URL", "", "S3-compatible bucket for media, s3://bucket?endpoint=http://host:8333&region=us-east-1&prefix=site/ (empty: the data directory)"},
	{"instance", "NEWSROOM_INSTANCE", "", "name of this instance on a shared PostgreSQL database, which names its traffic log chain (default: host name and a hash of the data directory)"},
}

// secretSettings hold passwords: their environment values are never shown
// as the flags' defaults in the usage text.
var secretSettings = map[string]bool{"smtp-url": true, "database-url": true, "media-url": true}

// ParseConfig reads defaults, then the environment, then flags (flags win).
// It returns the remaining arguments.
func ParseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	vals := map[string]*string{}
	hidden := map[string]string{}
	for _, s := range Settings {
		v := s.Default
		if e := getenv(s.Env); e != "" {
			v = e
		}
		if secretSettings[s.Flag] {
			hidden[s.Flag], v = v, ""
		}
		vals[s.Flag] = fs.String(s.Flag, v, s.Help+" ($"+s.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, nil, UsageError{err}
	}
	set, baseGiven := map[string]bool{}, getenv("NEWSROOM_BASE_URL") != ""
	fs.Visit(func(f *flag.Flag) {
		set[f.Name] = true
		baseGiven = baseGiven || f.Name == "base-url"
	})
	for name, v := range hidden {
		if !set[name] {
			*vals[name] = v
		}
	}
	cfg, err := buildConfig(vals)
	cfg.baseURLGiven = baseGiven
	if !baseGiven && cfg.Demo {
		if u, ok := deriveBaseURL(cfg.Addr); ok {
			cfg.BaseURL, cfg.BaseURLDerived = u, true
		}
	}
	return cfg, fs.Args(), err
}

// deriveBaseURL is the base URL of a demo server that was given none:
// http://localhost:PORT when it listens on a loopback or unspecified
// address (":8081", "127.0.0.1:8081", "[::]:8081", "localhost:8081"), so
// links, feeds and OpenGraph URLs work on whatever port it was started. It
// gives up on port 0 (chosen by the system at listen time) and on any other
// host, which visitors may reach under a name only they know.
func deriveBaseURL(addr string) (string, bool) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", false
	}
	if host != "" && host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !(ip.IsLoopback() || ip.IsUnspecified()) {
			return "", false
		}
	}
	return "http://localhost:" + port, true
}

// BaseURLWarning is what the server logs at start when the base URL looks
// wrong for the listen address: it was not given (or names this machine)
// and its port differs from the one listened on, so links, feeds and
// OpenGraph URLs would point to another port. "" when all is well. A base
// URL naming another host (the public name behind a reverse proxy) is
// never warned about: there the ports differ by design.
func (c Config) BaseURLWarning() string {
	_, port, err := net.SplitHostPort(c.Addr)
	if err != nil || port == "" || port == "0" {
		return ""
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return ""
	}
	h := u.Hostname()
	local := h == "localhost"
	if ip := net.ParseIP(h); ip != nil {
		local = ip.IsLoopback()
	}
	if c.baseURLGiven && !local {
		return ""
	}
	bp := u.Port()
	if bp == "" {
		bp = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	if bp == port {
		return ""
	}
	return fmt.Sprintf("the base URL %s does not match the listen port %s: links, feeds and OpenGraph URLs will point to port %s; set NEWSROOM_BASE_URL to the address visitors use (demo mode derives it for loopback addresses)", c.BaseURL, port, bp)
}

func buildConfig(v map[string]*string) (Config, error) {
	c := Config{Addr: *v["addr"], DataDir: filepath.Clean(*v["data"]), BaseURL: strings.TrimRight(*v["base-url"], "/"), LogLevel: *v["log-level"]}
	var errs []error
	if p := strings.TrimSpace(*v["trusted-proxies"]); p != "" {
		for _, x := range strings.Split(p, ",") {
			c.TrustedProxies = append(c.TrustedProxies, strings.TrimSpace(x))
		}
	}
	n, err := strconv.Atoi(*v["traffic-retention-days"])
	if err != nil {
		errs = append(errs, fmt.Errorf("traffic retention days: %q is not a number", *v["traffic-retention-days"]))
	} else if n < audit.MinRetentionDays {
		errs = append(errs, fmt.Errorf("traffic retention of %d days refused: %w", n, audit.ErrRetentionTooShort))
	}
	c.TrafficRetentionDays = n
	if c.Demo, err = strconv.ParseBool(*v["demo"]); err != nil {
		errs = append(errs, fmt.Errorf("demo: %q is not true or false", *v["demo"]))
	}
	if c.ShutdownTimeout, err = time.ParseDuration(*v["shutdown-timeout"]); err != nil {
		errs = append(errs, fmt.Errorf("shutdown timeout: %w", err))
	}
	if c.FeaturedDays, err = strconv.Atoi(*v["featured-days"]); err != nil || c.FeaturedDays < 1 || c.FeaturedDays > 30 {
		errs = append(errs, fmt.Errorf("featured days: %q must be a number from 1 to 30", *v["featured-days"]))
	}
	if t, err := time.Parse("01-02", *v["award-year-start"]); err != nil {
		errs = append(errs, fmt.Errorf("award year start: %q must be MM-DD", *v["award-year-start"]))
	} else {
		c.AwardStartMonth, c.AwardStartDay = t.Month(), t.Day()
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base URL %q must be an absolute http or https URL", c.BaseURL))
	}
	if v := strings.TrimSpace(*v["smtp-url"]); v != "" {
		if c.SMTP, err = notify.ParseSMTPURL(v); err != nil {
			errs = append(errs, fmt.Errorf("NEWSROOM_SMTP_URL: %w", err))
		} else if u, err := url.Parse(c.BaseURL); err == nil {
			c.SMTP.Hello = u.Hostname() // EHLO with the site's own name
		}
	}
	if v := strings.TrimSpace(*v["database-url"]); v != "" {
		if !db.IsPostgresURL(v) {
			errs = append(errs, fmt.Errorf("NEWSROOM_DATABASE_URL must start with postgres:// or postgresql:// (leave it empty for SQLite)"))
		}
		c.DatabaseURL = v
	}
	if v := strings.TrimSpace(*v["media-url"]); v != "" {
		if _, err := media.ParseS3URL(v); err != nil {
			errs = append(errs, fmt.Errorf("NEWSROOM_MEDIA_URL: %w", err))
		}
		c.MediaURL = v
	}
	if c.Instance = strings.TrimSpace(*v["instance"]); c.Instance != "" {
		if err := audit.ValidInstance(c.Instance); err != nil {
			errs = append(errs, fmt.Errorf("NEWSROOM_INSTANCE: %w", err))
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel))
	}
	return c, errors.Join(errs...)
}

// Secure reports whether cookies must be Secure.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// DBPath is the main database file (SQLite).
func (c Config) DBPath() string { return filepath.Join(c.DataDir, "newsroom.db") }

// DBTarget is what db.Open opens: the PostgreSQL URL when one is set, else
// the SQLite file.
func (c Config) DBTarget() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return c.DBPath()
}

// InstanceID names this server's traffic log chain on PostgreSQL:
// NEWSROOM_INSTANCE, or the host name and a hash of the data directory.
func (c Config) InstanceID() string {
	if c.Instance != "" {
		return c.Instance
	}
	return audit.DefaultInstance(c.DataDir)
}

// TrafficPath is the traffic log's own database file.
func (c Config) TrafficPath() string { return filepath.Join(c.DataDir, "traffic.db") }

// UsageError marks a bad command line (exit code 2).
type UsageError struct{ Err error }

func (u UsageError) Error() string { return u.Err.Error() }
func (u UsageError) Unwrap() error { return u.Err }
