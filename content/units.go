package content

import (
	"context"
	"time"

	"newsroom/roles"
)

// A faculty page (/units/{slug}) and the lists' ?unit= filter show one
// unit's live items: the same rules as the public lists (published, in
// lang, inside the display window at now), only of that unit.

// liveOfUnit is liveQuery narrowed to the items of unit (and, when value
// is not "", where column = value).
func liveOfUnit[T any](ctx context.Context, s *Store, table, cols, from string, scan func(interface{ Scan(...any) error }) (T, error),
	lang Lang, column, value string, unit int64, now time.Time, limit, offset int) ([]T, int, error) {
	cond, args := liveWhere(lang, now)
	conds := []string{cond, "x.unit_id = ?"}
	args = append(args, unit)
	if value != "" {
		conds, args = append(conds, "x."+column+" = ?"), append(args, value)
	}
	return queryList(ctx, s, "live "+table+" of a unit", cols, from, conds, args, "x.sort, x.start_at DESC, x.id DESC", limit, offset, scan)
}

// LiveNewsOfUnit lists the live news of unit, as LiveNews.
func (s *Store) LiveNewsOfUnit(ctx context.Context, lang Lang, unit int64, now time.Time, limit, offset int) ([]News, int, error) {
	return liveOfUnit(ctx, s, "news", newsCols, newsFrom, scanNews, lang, "", "", unit, now, limit, offset)
}

// LiveNoticesOfUnit lists the live notices posted by unit (of one category
// unless empty), as LiveNotices.
func (s *Store) LiveNoticesOfUnit(ctx context.Context, lang Lang, cat roles.Category, unit int64, now time.Time, limit, offset int) ([]Notice, int, error) {
	return liveOfUnit(ctx, s, "notices", noticeCols, noticeFrom, scanNotice, lang, "category", string(cat), unit, now, limit, offset)
}

// LiveVideosOfUnit lists the live NPU Channel videos of unit (of one
// programme unless empty), as LiveVideos.
func (s *Store) LiveVideosOfUnit(ctx context.Context, lang Lang, prog Programme, unit int64, now time.Time, limit, offset int) ([]Video, int, error) {
	return liveOfUnit(ctx, s, "videos", videoCols, videoFrom, scanVideo, lang, "programme", string(prog), unit, now, limit, offset)
}
