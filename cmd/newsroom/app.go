package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
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
	"newsroom/public"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// app is the wired program: stores, logs and the HTTP handler.
type app struct {
	cfg      Config
	log      *slog.Logger
	db       *db.DB
	users    *roles.Store
	sessions *web.Sessions
	traffic  *audit.TrafficLog
	actions  *audit.ActionLog
	files    *media.LocalStorage
	queue    *jobs.Queue
	content  *content.Store
	counter  *counter.Counter
	web      *web.Web
	handler  http.Handler
}

// appOptions are the knobs tests turn; production uses the zero value.
type appOptions struct {
	hash          roles.HashParams
	now           func() time.Time
	noTraffic     bool // benchmarks compare with the traffic log off
	demoUsersOnly bool // tests: demo accounts without demo content
}

// newApp opens the data directory, applies migrations, makes the first
// admin on an empty database (printing the login to out) and builds the router.
func newApp(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer, opt appOptions) (*app, error) {
	if opt.hash == (roles.HashParams{}) {
		opt.hash = roles.DefaultHashParams
	}
	if opt.now == nil {
		opt.now = time.Now
	}
	d, err := db.Open(ctx, cfg.DBPath())
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, db: d, users: roles.NewStore(d, opt.hash), actions: audit.NewActionLog(d.W)}
	if err := a.init(ctx, out, opt); err != nil {
		return nil, errors.Join(err, a.Close())
	}
	return a, nil
}

func (a *app) init(ctx context.Context, out io.Writer, opt appOptions) error {
	sessKey, err := a.db.Secret(ctx, "session")
	if err != nil {
		return err
	}
	csrfKey, err := a.db.Secret(ctx, "csrf")
	if err != nil {
		return err
	}
	a.sessions = web.NewSessions(roles.NewSessionStore(a.db, roles.SessionOptions{Now: opt.now}), sessKey, a.cfg.Secure())
	if !opt.noTraffic {
		a.traffic, err = audit.OpenTraffic(a.cfg.TrafficPath(), audit.TrafficOptions{RetentionDays: a.cfg.TrafficRetentionDays, Logger: a.log})
		if err != nil {
			return err
		}
	}
	a.files, err = media.NewLocalStorage(filepath.Join(a.cfg.DataDir, "media"), filepath.Join(a.cfg.DataDir, "staging"))
	if err != nil {
		return err
	}
	a.queue = jobs.NewQueue(a.db, media.Workers(), a.log)
	a.content = content.NewStore(a.db, a.files, a.queue, a.log)
	a.content.RegisterJobs(a.queue)
	a.counter = counter.New(a.db, content.Counted(), opt.now)
	a.counter.Changed, a.counter.Log = a.content.Changed, a.log
	if err := firstRun(ctx, a, out, opt); err != nil {
		return err
	}
	// Content saved before the search index existed is indexed once.
	if _, err := a.content.EnsureSearchIndex(ctx); err != nil {
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
	a.web, err = web.New(web.Web{Tpl: tpl, Sessions: a.sessions, Users: a.users, Traffic: a.traffic,
		Log: a.log, CSRFKey: csrfKey, Secure: a.cfg.Secure(), BaseURL: a.cfg.BaseURL, Now: opt.now}, a.cfg.BaseURL)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	a.handler, err = a.routes(as)
	return err
}

// routes builds the router: the middleware chain of DESIGN.md, then the
// public site, the admin and the assets.
func (a *app) routes(as *assets.Assets) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	if err := r.SetTrustedProxies(a.cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	r.RedirectTrailingSlash = true
	w := a.web
	r.Use(w.Recover(), w.RequestID(), w.TrafficLog(), w.Headers(), w.LimitBody(), w.CSRF())
	pub := public.New(w, a.content, a.files, a.counter, a.log)
	pub.FeaturedDays = a.cfg.FeaturedDays
	pub.Register(r)
	adm := admin.New(w, a.users, a.sessions, a.actions, a.content, a.log)
	adm.AwardStart = admin.AwardStart{Month: a.cfg.AwardStartMonth, Day: a.cfg.AwardStartDay}
	adm.Register(r)
	r.GET("/assets/*path", gin.WrapH(as))
	r.HEAD("/assets/*path", gin.WrapH(as))
	r.GET("/healthz", a.health)
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, as.URL("img/icon.svg")) })
	r.NoRoute(pub.NotFound)
	return r, nil
}

func (a *app) health(c *gin.Context) {
	if err := a.db.R.PingContext(c.Request.Context()); err != nil {
		c.String(http.StatusServiceUnavailable, "database unavailable")
		return
	}
	c.String(http.StatusOK, "ok")
}

// Close flushes the traffic log and closes the databases.
func (a *app) Close() error {
	var errs []error
	// The counter's job flushes when the server stops; counts added after
	// that (or by a caller that never ran the jobs) are written here.
	if a.counter != nil {
		errs = append(errs, a.counter.Flush(context.Background()))
	}
	if a.traffic != nil {
		errs = append(errs, a.traffic.Close())
	}
	errs = append(errs, a.db.Close())
	return errors.Join(errs...)
}
