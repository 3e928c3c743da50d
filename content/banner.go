package content

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
)

// Banner size: every banner is exactly this (SPEC §2.3).
const (
	BannerWidth  = 1000
	BannerHeight = 300
)

// Placement is where a banner shows.
type Placement struct {
	Code   string
	NameTH string
	NameEN string
}

// Name returns the placement's name in lang.
func (p Placement) Name(lang string) string {
	if lang == "en" && p.NameEN != "" {
		return p.NameEN
	}
	return p.NameTH
}

// Banner is a 1000×300 homepage banner with an optional link.
type Banner struct {
	Meta
	Placement string
	Title     string // alt text
	LinkURL   string
	ImageKey  string
	SrcWidth  int
	SrcHeight int
	Clicks    int64
}

// BannerInput is what the banner form submits. ImageKey names the cropped
// image the form's preview step made (or the banner's current image).
type BannerInput struct {
	MetaInput
	Placement string
	Title     string
	LinkURL   string
	ImageKey  string
}

// Validate checks the form. The image is checked against the uploader's
// pending files when the banner is saved.
func (in *BannerInput) Validate(placements []Placement) error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	ok := false
	for _, p := range placements {
		ok = ok || p.Code == in.Placement
	}
	if !ok {
		fe.Add("placement", "err.choose")
	}
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	if utf8.RuneCountInString(in.Title) > MaxHeadline {
		fe.Add("title", "err.headline_long")
	}
	var err string
	in.LinkURL, err = CleanLink(in.LinkURL, false)
	if err != "" {
		fe.Add("link_url", err)
	}
	if in.ImageKey == "" {
		fe.Add("image", "err.banner_image")
	}
	return fe.Err()
}

// CleanLink checks a link a user typed: absolute http or https with a host,
// nothing else (no javascript:, data:, relative or look-alike schemes). An
// empty link is fine unless required. It returns the cleaned link or a
// message key.
func CleanLink(raw string, required bool) (string, string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		if required {
			return "", "err.required"
		}
		return "", ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(raw) > 2000 {
		return raw, "err.link"
	}
	return u.String(), ""
}

// Placements lists where banners can show.
func (s *Store) Placements(ctx context.Context) ([]Placement, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT code, name_th, name_en FROM placements ORDER BY `+insertionOrder(s.db))
	if err != nil {
		return nil, fmt.Errorf("content: placements: %w", err)
	}
	defer rows.Close()
	var out []Placement
	for rows.Next() {
		var p Placement
		if err := rows.Scan(&p.Code, &p.NameTH, &p.NameEN); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

const bannerCols = metaCols + `, x.placement, x.title, x.link_url, x.image_key, x.src_width, x.src_height, x.clicks`

const bannerFrom = ` FROM banners x JOIN units u ON u.id = x.unit_id`

func scanBanner(r interface{ Scan(...any) error }) (Banner, error) {
	var b Banner
	err := scanWith(r, &b.Meta, &b.Placement, &b.Title, &b.LinkURL, &b.ImageKey, &b.SrcWidth, &b.SrcHeight, count{&b.Clicks})
	return b, err
}

// Banner returns one banner.
func (s *Store) Banner(ctx context.Context, id int64) (Banner, error) {
	b, err := scanBanner(s.db.R.QueryRowContext(ctx, `SELECT `+bannerCols+bannerFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return Banner{}, notFound(fmt.Sprintf("banner %d", id), err)
	}
	return b, nil
}

// SaveBanner creates (current.ID == 0) or updates a banner. Its image is
// the current one or a crop this user made.
func (s *Store) SaveBanner(ctx context.Context, current Banner, in BannerInput, by Author, now time.Time) (int64, error) {
	places, err := s.Placements(ctx)
	if err != nil {
		return 0, err
	}
	if err := s.validate(ctx, "banners", current.ID, in.UnitID, func() error { return in.Validate(places) }); err != nil {
		return 0, err
	}
	cur := PendingFile{Key: current.ImageKey, Width: current.SrcWidth, Height: current.SrcHeight}
	return s.save(ctx, saveSpec{table: "banners", id: current.ID, in: in.MetaInput,
		file: fileRef{kind: "banner", key: in.ImageKey, current: cur, field: "image", errKey: "err.banner_image"},
		columns: func(f PendingFile) ([]string, []any) {
			return []string{"placement", "title", "link_url", "image_key", "src_width", "src_height"},
				[]any{in.Placement, in.Title, in.LinkURL, f.Key, f.Width, f.Height}
		}}, by, now)
}

// DeleteBanner removes a banner and, when unused, its image.
func (s *Store) DeleteBanner(ctx context.Context, b Banner) error {
	return s.deleteRow(ctx, "banners", b.ID, b.ImageKey)
}

// ListBanners returns a page of the admin list, by placement and order.
func (s *Store) ListBanners(ctx context.Context, f ListFilter) ([]Banner, int, error) {
	conds, args := f.where()
	return queryList(ctx, s, "banners", bannerCols, bannerFrom, conds, args, "x.placement, x.sort, x.start_at DESC", f.limit(), f.Offset, scanBanner)
}

// VisibleAt reports whether a visitor sees the banner at now: published and
// inside its display window. Unlike a page, a banner has no URL that stays
// reachable once its window ends. A taken-down banner is ErrGone, any other
// that does not show ErrNotFound.
func (b Banner) VisibleAt(now time.Time) error {
	switch {
	case b.Status == TakenDown:
		return fmt.Errorf("content: banner %d: %w", b.ID, ErrGone)
	case b.Status != Published || b.Window.State(now) != Live:
		return fmt.Errorf("content: banner %d not showing: %w", b.ID, ErrNotFound)
	}
	return nil
}

// PublicBanner returns a banner while visitors see it at now (VisibleAt).
func (s *Store) PublicBanner(ctx context.Context, id int64, now time.Time) (Banner, error) {
	b, err := s.Banner(ctx, id)
	if err != nil {
		return Banner{}, err
	}
	if err := b.VisibleAt(now); err != nil {
		return Banner{}, err
	}
	return b, nil
}

// LiveBanners lists the banners showing at now in a placement, in order:
// the homepage carousel's data.
func (s *Store) LiveBanners(ctx context.Context, placement string, lang Lang, now time.Time) ([]Banner, error) {
	list, _, err := liveQuery(ctx, s, "banners", bannerCols, bannerFrom, scanBanner, lang, now, "placement", placement, 20, 0)
	return list, err
}
