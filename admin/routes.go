package admin

import (
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/audit"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/notify"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// Handler serves the admin.
type Handler struct {
	web      *web.Web
	users    *roles.Store
	sessions *web.Sessions
	actions  *audit.ActionLog
	content  *content.Store
	log      *slog.Logger
	// AwardStart is when the award year begins (default 2 September).
	AwardStart AwardStart
	// Notify, when set, records notifications of review and takedown
	// events (and queues their e-mail).
	Notify *notify.Notifier
	now    func() time.Time
}

// New wires the admin handlers.
func New(w *web.Web, users *roles.Store, sessions *web.Sessions, actions *audit.ActionLog, store *content.Store, log *slog.Logger) *Handler {
	return &Handler{web: w, users: users, sessions: sessions, actions: actions, content: store, log: log, now: w.Now,
		AwardStart: AwardStart{Month: time.September, Day: 2}}
}

// Register lists every admin route with the permission that gates it.
func (h *Handler) Register(r gin.IRouter) {
	a := r.Group("/admin", web.NoStore, h.web.LoadUser())
	a.GET("/login", h.showLogin)
	a.POST("/login", h.login)
	a.GET("/lang/:lang", h.setLang)

	in := a.Group("", h.web.RequireLogin())
	in.POST("/logout", h.logout)
	in.GET("/", h.dashboard)
	in.GET("/review", h.reviewInbox)
	in.GET("/password", h.showPasswordForm)
	in.POST("/password", h.changePassword)
	in.GET("/notifications", h.listNotifications)
	in.POST("/notifications/read", h.markNotificationsRead)
	in.GET("/drafts", h.showDraft)
	in.POST("/drafts", h.saveDraft)
	in.POST("/drafts/delete", h.deleteDraft)

	users := in.Group("/users", h.web.Require(roles.Users, roles.Edit))
	users.GET("", h.listUsers)
	users.GET("/new", h.showNewUser)
	users.POST("", h.createUser)
	users.GET("/:id/edit", h.showEditUser)
	users.POST("/:id", h.updateUser)
	users.POST("/:id/password", h.resetPassword)
	users.POST("/:id/disable", h.disableUser)
	users.POST("/:id/enable", h.enableUser)

	units := in.Group("/units", h.web.Require(roles.Units, roles.Edit))
	units.GET("", h.listUnits)
	units.GET("/new", h.showNewUnit)
	units.POST("", h.createUnit)
	units.GET("/:id/edit", h.showEditUnit)
	units.POST("/:id", h.updateUnit)
	units.POST("/:id/retire", h.retireUnit)
	units.POST("/:id/restore", h.restoreUnit)

	h.tagRoutes(in)

	in.GET("/actions", h.web.Require(roles.ActionLog, roles.View), h.listActions)

	// The content kinds' editors with their trash and takedown routes, each
	// declared in its handler file (news.go, videos.go, banners.go,
	// notices.go) with addSection.
	for _, k := range kind.All() {
		if sec := sectionOf(k); sec != nil {
			sec.install(h, in)
		}
	}

	// The takedown register: central admins only (the takedown right).
	takedowns := in.Group("/takedowns", h.web.Require(roles.News, roles.TakeDown))
	takedowns.GET("", h.showTakedowns)
	takedowns.POST("", h.findTakedown)

	// Files a form uploads before it is saved (banner crop, poster, PDF);
	// the handler checks the right of each kind.
	in.POST("/files/:kind", h.uploadFile)

	// The featured desk and its reports: central PR only.
	featured := in.Group("/featured", h.web.Require(roles.Featured, roles.Edit))
	featured.GET("", h.showDesk)
	featured.POST("/pick", h.pickNews)
	featured.POST("/unpick", h.unpickNews)
	featured.POST("/order", h.orderPicks)
	in.GET("/reports", h.web.Require(roles.Reports, roles.View), h.showReport)
	in.GET("/calendar", h.showCalendar) // each kind scoped as its list (calendar.go)
	in.GET("/reports.csv", h.web.Require(roles.Reports, roles.View), h.reportCSV)
}

// record writes the action log; a failure is logged, not shown, because the
// action itself already succeeded.
func (h *Handler) record(c *gin.Context, action, kind string, itemID int64, detail string) {
	a := audit.Action{At: h.now(), IP: c.ClientIP(), Action: action, Kind: kind, ItemID: itemID, Detail: detail}
	if u := web.UserOf(c); u != nil {
		a.UserID, a.UserName = u.ID, u.Name
	}
	if err := h.actions.Record(c.Request.Context(), a); err != nil {
		h.log.Error("action log", "err", err, "action", action, "req", web.RequestIDOf(c))
	}
}

func (h *Handler) tr(c *gin.Context, key string) string { return templates.T(web.LangOf(c), key) }

func (h *Handler) trf(c *gin.Context, key string, args ...any) string {
	return templates.Tf(web.LangOf(c), key, args...)
}
