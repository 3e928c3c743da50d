// Package app wires the newsroom program: it opens the data directory, makes
// the stores, runs the first-run setup and builds the HTTP router with its
// background jobs. cmd/newsroom runs it; tests start it through app/apptest.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/admin"
	"newsroom/assets"
	"newsroom/audit"
	"newsroom/content"
	"newsroom/counter"
	"newsroom/db"
	"newsroom/jobs"
	"newsroom/media"
	"newsroom/notify"
	"newsroom/public"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// App is the wired program: stores, logs and the HTTP handler.
type App struct {
	Cfg      Config
	Log      *slog.Logger
	DB       *db.DB
	Users    *roles.Store
	Sessions *web.Sessions
	Traffic  *audit.TrafficLog // nil with Options.NoTraffic
	Actions  *audit.ActionLog
	Files    media.Store
	Queue    *jobs.Queue
	Content  *content.Store
	Counter  *counter.Counter
	Web      *web.Web
	Handler  http.Handler

	// Notify records notifications; MailQueue sends their e-mail (one
	// worker of its own, so a slow mail server never holds up photos).
	Notify    *notify.Notifier
	MailQueue *jobs.Queue
}

// Options are the knobs tests turn; production uses the zero value.
type Options struct {
	Hash          roles.HashParams
	Now           func() time.Time
	NoTraffic     bool // benchmarks compare with the traffic log off
	DemoUsersOnly bool // tests: demo accounts without demo content
}

// New opens the data directory, applies migrations, makes the first
// admin on an empty database (printing the login to out) and builds the router.
func New(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer, opt Options) (*App, error) {
	if opt.Hash == (roles.HashParams{}) {
		opt.Hash = roles.DefaultHashParams
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	d, err := db.Open(ctx, cfg.DBTarget())
	if err != nil {
		return nil, err
	}
	a := &App{Cfg: cfg, Log: log, DB: d, Users: roles.NewStore(d, opt.Hash), Actions: audit.NewActionLog(d.W)}
	if err := a.init(ctx, out, opt); err != nil {
		return nil, errors.Join(err, a.Close())
	}
	return a, nil
}

func (a *App) init(ctx context.Context, out io.Writer, opt Options) error {
	sessKey, err := a.DB.Secret(ctx, "session")
	if err != nil {
		return err
	}
	csrfKey, err := a.DB.Secret(ctx, "csrf")
	if err != nil {
		return err
	}
	a.Sessions = web.NewSessions(roles.NewSessionStore(a.DB, roles.SessionOptions{Now: opt.Now}), sessKey, a.Cfg.Secure())
	if !opt.NoTraffic {
		a.Traffic, err = audit.OpenTrafficFor(a.DB, a.Cfg.TrafficPath(), a.Cfg.InstanceID(), audit.TrafficOptions{RetentionDays: a.Cfg.TrafficRetentionDays, Logger: a.Log})
		if err != nil {
			return err
		}
	}
	a.Files, err = media.OpenStorage(ctx, a.Cfg.MediaURL, a.Cfg.DataDir)
	if err != nil {
		return err
	}
	a.Queue = jobs.NewQueue(a.DB, media.Workers(), a.Log)
	a.Content = content.NewStore(a.DB, a.Files, a.Queue, a.Log)
	a.Content.RegisterJobs(a.Queue)
	a.MailQueue = jobs.NewQueue(a.DB, 1, a.Log)
	a.Notify = notify.New(a.DB, a.MailQueue, notify.Options{SMTP: a.Cfg.SMTP, BaseURL: a.Cfg.BaseURL, Now: opt.Now, Log: a.Log})
	a.Notify.RegisterJobs(a.MailQueue)
	a.Counter = counter.New(a.DB, content.Counted(), opt.Now)
	a.Counter.Changed, a.Counter.Log = a.Content.Changed, a.Log
	if err := firstRun(ctx, a, out, opt); err != nil {
		return err
	}
	// Content every installation has (institutional pages, the current
	// fiscal year's ITA hub), added once the units exist.
	if err := a.Content.EnsureDefaults(ctx, opt.Now()); err != nil {
		return err
	}
	// Content saved before the search index existed is indexed once.
	if _, err := a.Content.EnsureSearchIndex(ctx); err != nil {
		return err
	}
	as, err := assets.New()
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	tpl, err := templates.New(as)
	if err != nil {
		return err
	}
	a.Web, err = web.New(web.Web{Tpl: tpl, Sessions: a.Sessions, Users: a.Users, Traffic: a.Traffic,
		Log: a.Log, CSRFKey: csrfKey, Secure: a.Cfg.Secure(), BaseURL: a.Cfg.BaseURL, Now: opt.Now,
		Unread: a.Notify.Unread,
		Drafts: web.NewFormDrafts(a.DB, opt.Now)}, a.Cfg.BaseURL)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	a.Handler, err = a.routes(as)
	return err
}

// routes builds the router: the middleware chain of DESIGN.md, then the
// public site, the admin and the assets.
func (a *App) routes(as *assets.Assets) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	if err := r.SetTrustedProxies(a.Cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	r.RedirectTrailingSlash = true
	w := a.Web
	r.Use(w.Recover(), w.RequestID(), w.TrafficLog(), w.Headers(), w.Gzip(), w.LimitBody(), w.CSRF())
	pub := public.New(w, a.Content, a.Files, a.Counter, a.Log)
	pub.FeaturedDays = a.Cfg.FeaturedDays
	pub.Register(r)
	adm := admin.New(w, a.Users, a.Sessions, a.Actions, a.Content, a.Log)
	adm.AwardStart = admin.AwardStart{Month: a.Cfg.AwardStartMonth, Day: a.Cfg.AwardStartDay}
	adm.Notify = a.Notify
	adm.Register(r)
	r.GET("/assets/*path", gin.WrapH(as))
	r.HEAD("/assets/*path", gin.WrapH(as))
	r.GET("/healthz", a.health)
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, as.URL("img/icon.svg")) })
	r.NoRoute(pub.NotFound)
	return r, nil
}

func (a *App) health(c *gin.Context) {
	if err := a.DB.R.PingContext(c.Request.Context()); err != nil {
		c.String(http.StatusServiceUnavailable, "database unavailable")
		return
	}
	c.String(http.StatusOK, "ok")
}

// Close flushes the traffic log and closes the databases.
func (a *App) Close() error {
	var errs []error
	// The counter's job flushes when the server stops; counts added after
	// that (or by a caller that never ran the jobs) are written here.
	if a.Counter != nil {
		errs = append(errs, a.Counter.Flush(context.Background()))
	}
	if a.Traffic != nil {
		errs = append(errs, a.Traffic.Close())
	}
	errs = append(errs, a.DB.Close())
	return errors.Join(errs...)
}
