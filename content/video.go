package content

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/kind"
	"newsroom/richtext"
)

// Programme is an NPU Channel programme group.
type Programme string

// The programme groups of the legacy manual.
const (
	NPUNews      Programme = "npu-news"  // NPU NEWS
	ThreeMinutes Programme = "3-minutes" // 3 MINUTES@NPU
	NPUTalks     Programme = "npu-talks" // NPU TALKS
)

// Programmes lists the groups in display order.
var Programmes = []Programme{NPUNews, ThreeMinutes, NPUTalks}

// MaxDescription is the longest video description in runes.
const MaxDescription = 1000

// VideoDays is how long a video shows by default (SPEC §2.2).
const VideoDays = 3

// Video is an NPU Channel item: a YouTube video shown with our own poster.
type Video struct {
	Meta
	Programme   Programme
	Title       string
	YouTubeID   string
	Description string
	PosterKey   string // uploaded poster; "" shows the generated one
	Views       int64
}

// WatchURL is the video's page on YouTube, for the admin list.
func (v Video) WatchURL() string { return "https://www.youtube.com/watch?v=" + v.YouTubeID }

// EmbedURL is the privacy-enhanced player, loaded only after a click.
func (v Video) EmbedURL() string { return richtext.EmbedURL(v.YouTubeID) }

// VideoInput is what the video form submits.
type VideoInput struct {
	MetaInput
	Programme   Programme
	Title       string
	Link        string // any YouTube link form; only the ID is kept
	Description string
	PosterKey   string
	youtubeID   string
}

// Validate checks the form and extracts the video ID from the link.
func (in *VideoInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	if !slices.Contains(Programmes, in.Programme) {
		fe.Add("programme", "err.choose")
	}
	in.Title = validHeadline(fe, "title", in.Title)
	id, ok := richtext.YouTubeID(strings.TrimSpace(in.Link))
	switch {
	case strings.TrimSpace(in.Link) == "":
		fe.Add("link", "err.required")
	case !ok:
		fe.Add("link", "err.youtube")
	}
	in.youtubeID = id
	in.Description = strings.TrimSpace(in.Description)
	if utf8.RuneCountInString(in.Description) > MaxDescription {
		fe.Add("description", "err.too_long")
	}
	return fe.Err()
}

const videoCols = metaCols + `, x.programme, x.title, x.youtube_id, x.description, x.poster_key, x.views`

const videoFrom = ` FROM videos x JOIN units u ON u.id = x.unit_id`

func scanVideo(r interface{ Scan(...any) error }) (Video, error) {
	var v Video
	var prog string
	err := scanWith(r, &v.Meta, &prog, &v.Title, &v.YouTubeID, &v.Description, &v.PosterKey, count{&v.Views})
	v.Programme = Programme(prog)
	return v, err
}

// Video returns one video.
func (s *Store) Video(ctx context.Context, id int64) (Video, error) {
	v, err := scanVideo(s.db.R.QueryRowContext(ctx, `SELECT `+videoCols+videoFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return Video{}, notFound(fmt.Sprintf("video %d", id), err)
	}
	return v, nil
}

// SaveVideo creates (current.ID == 0) or updates a video. An uploaded
// poster must be one this user uploaded (or the current one).
func (s *Store) SaveVideo(ctx context.Context, current Video, in VideoInput, by Author, now time.Time) (int64, error) {
	if err := s.validate(ctx, "videos", current.ID, in.UnitID, in.Validate); err != nil {
		return 0, err
	}
	return s.save(ctx, saveSpec{table: "videos", id: current.ID, in: in.MetaInput,
		file: fileRef{kind: "poster", key: in.PosterKey, current: PendingFile{Key: current.PosterKey}, field: "poster", errKey: "err.poster"},
		columns: func(f PendingFile) ([]string, []any) {
			return []string{"programme", "title", "youtube_id", "description", "poster_key"},
				[]any{string(in.Programme), in.Title, in.youtubeID, in.Description, f.Key}
		}}, by, now)
}

// DeleteVideo removes a video and, when unused, its poster.
func (s *Store) DeleteVideo(ctx context.Context, v Video) error {
	return s.deleteRow(ctx, "videos", v.ID, v.PosterKey)
}

// VideoFilter selects videos for the admin list.
type VideoFilter struct {
	ListFilter
	Programme Programme
	Q         string
}

// ListVideos returns a page of the admin list, newest first.
func (s *Store) ListVideos(ctx context.Context, f VideoFilter) ([]Video, int, error) {
	conds, args := f.where()
	if f.Programme != "" {
		conds, args = append(conds, "x.programme = ?"), append(args, string(f.Programme))
	}
	if strings.TrimSpace(f.Q) != "" {
		conds, args = append(conds, `x.title LIKE ? ESCAPE '\'`), append(args, likeArg(f.Q))
	}
	return queryList(ctx, s, "videos", videoCols, videoFrom, conds, args, "x.created_at DESC, x.id DESC", f.limit(), f.Offset, scanVideo)
}

// LiveVideos lists live videos in lang (of one programme unless empty), by
// display order then newest.
func (s *Store) LiveVideos(ctx context.Context, lang Lang, prog Programme, now time.Time, limit, offset int) ([]Video, int, error) {
	return liveQuery(ctx, s, "videos", videoCols, videoFrom, scanVideo, lang, now, "programme", string(prog), limit, offset)
}

// PublicVideo returns a video a visitor may see at now.
func (s *Store) PublicVideo(ctx context.Context, id int64, now time.Time) (Video, error) {
	return visibleAt[Video](now)(s.Video(ctx, id))
}

// deleteRow removes one row of table and then the files only it used.
func (s *Store) deleteRow(ctx context.Context, table string, id int64, keys ...string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if err := forgetRevisions(ctx, tx, kind.ByTable(table), id); err != nil {
			return err
		}
		return s.unindexRow(ctx, tx, table, id)
	})
	if err != nil {
		return fmt.Errorf("content: delete %s %d: %w", table, id, err)
	}
	var files []string
	for _, k := range keys {
		if k != "" {
			files = append(files, k)
		}
	}
	s.deleteUnreferenced(ctx, files)
	return nil
}
