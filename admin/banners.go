package admin

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

var _ = addSection(content.BannerKind, func(h *Handler, in *gin.RouterGroup) {
	banners := in.Group("/banners", h.web.Require(roles.Banner, roles.Edit))
	h.bannerResource().routes(h, banners, editor[content.Banner]{h.listBanners, h.showNewBanner, h.createBanner, edit(h.renderBannerForm), h.saveBanner})
})

type bannerListData struct {
	Items      []content.Banner
	Placements map[string]content.Placement
	Query      listQuery
	Pager      web.Pager
	Now        time.Time
	All        bool
	Units      []roles.Unit
}

func (h *Handler) listBanners(c *gin.Context) {
	lq := h.listQuery(c, roles.Banner)
	items, total, err := h.content.ListBanners(c.Request.Context(), lq.Filter)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	places, err := h.content.Placements(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	byCode := map[string]content.Placement{}
	for _, p := range places {
		byCode[p.Code] = p
	}
	h.renderPage(c, http.StatusOK, "admin/banner_list", "banners", "banners.title", nil, bannerListData{Items: items,
		Placements: byCode, Query: lq, Pager: lq.pager("/admin/banners", total), Now: h.now()})
}

type bannerFormData struct {
	formPage
	Banner     content.Banner
	Placements []content.Placement
	ImageKey   string
	Width      int
	Height     int
}

func (h *Handler) showNewBanner(c *gin.Context) {
	m := h.defaultMeta(c, 7)
	h.renderBannerForm(c, http.StatusOK, content.Banner{Meta: m, Placement: "main"}, "", nil)
}

func (h *Handler) renderBannerForm(c *gin.Context, status int, b content.Banner, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.Banner, b.Meta, formToken)
	if err == nil {
		var places []content.Placement
		if places, err = h.content.Placements(c.Request.Context()); err == nil {
			h.renderPage(c, status, "admin/banner_form", "banners", formTitle("banners", b.ID), errs,
				bannerFormData{formPage: fp, Banner: b, Placements: places, ImageKey: b.ImageKey, Width: b.SrcWidth, Height: b.SrcHeight})
			return
		}
	}
	h.web.Fail(c, err)
}

func (h *Handler) createBanner(c *gin.Context) { h.saveBanner(c, content.Banner{}) }

func (h *Handler) saveBanner(c *gin.Context, old content.Banner) {
	u := web.UserOf(c)
	in := content.BannerInput{MetaInput: h.metaInput(c, roles.Banner, old.UnitID), Placement: c.PostForm("placement"), Title: c.PostForm("title"),
		LinkURL: c.PostForm("link_url"), ImageKey: c.PostForm("image_key")}
	id, err := h.content.SaveBanner(c.Request.Context(), old, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	failed := h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		b := old
		b.Window, b.ImageKey = keptWindow(in.MetaInput), in.ImageKey
		if f, ok, _ := h.content.Pending(c.Request.Context(), "banner", u.ID, in.ImageKey); ok {
			b.SrcWidth, b.SrcHeight = f.Width, f.Height // keep the crop's caption too
		}
		h.renderBannerForm(c, http.StatusUnprocessableEntity, b, in.FormToken, fe)
	})
	if !failed {
		h.saved(c, verb(content.BannerKind, old.ID), content.BannerKind.Action, id, in.Title, "/admin/banners", "banners.saved")
	}
}
