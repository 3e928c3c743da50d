package content

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/roles"
)

// Notice limits. The initial read count carries a legacy notice's count
// over on import; the old system's notices were read at most thousands of
// times, so a million leaves room and keeps counting far from MaxCount.
const (
	MaxSummary      = 1000
	MaxNewDays      = 60
	MaxInitialReads = 1_000_000
)

// Notice is a PR notice (ข่าวประชาสัมพันธ์): a PDF or a link, in one of the
// six categories.
type Notice struct {
	Meta
	Category roles.Category
	Headline string
	Summary  string
	FileKey  string // the PDF in the media store, or ""
	FileName string // the uploader's (Thai) file name, used for downloads
	FileSize int64
	LinkURL  string // or a link instead of a PDF
	NewDays  int
	Reads    int64
}

// IsNew reports whether the NEW badge shows at now: within NewDays days of
// the start (by Bangkok calendar day).
func (n Notice) IsNew(now time.Time) bool {
	return n.NewDays > 0 && now.Before(EndOfDay(StartOfDay(n.Window.Start).AddDate(0, 0, n.NewDays-1)))
}

// NoticeInput is what the notice form submits.
type NoticeInput struct {
	MetaInput
	Category roles.Category
	Headline string
	Summary  string
	FileKey  string // from the form's upload step, or the current file
	LinkURL  string
	NewDays  int
	Reads    int64 // the initial read count, for back-dated notices
}

// Validate checks the form: exactly one attachment, a real link, sane numbers.
func (in *NoticeInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	if !slices.Contains(roles.AllCategories, in.Category) {
		fe.Add("category", "err.choose")
	}
	in.Headline = validHeadline(fe, "headline", in.Headline)
	in.Summary = strings.TrimSpace(in.Summary)
	if utf8.RuneCountInString(in.Summary) > MaxSummary {
		fe.Add("summary", "err.too_long")
	}
	var key string
	in.LinkURL, key = CleanLink(in.LinkURL, false)
	switch {
	case key != "":
		fe.Add("link_url", key)
	case in.FileKey != "" && in.LinkURL != "":
		fe.Add("attachment", "err.attach_both")
	case in.FileKey == "" && in.LinkURL == "":
		fe.Add("attachment", "err.attach_none")
	}
	if in.NewDays < 0 || in.NewDays > MaxNewDays {
		fe.Add("new_days", "err.new_days")
	}
	if in.Reads < 0 || in.Reads > MaxInitialReads {
		fe.Add("reads", "err.reads")
	}
	return fe.Err()
}

const noticeCols = metaCols + `, x.category, x.headline, x.summary, x.file_key, x.file_name, x.file_size, x.link_url, x.new_days, x.reads`

const noticeFrom = ` FROM notices x JOIN units u ON u.id = x.unit_id`

func scanNotice(r interface{ Scan(...any) error }) (Notice, error) {
	var n Notice
	var cat string
	err := scanWith(r, &n.Meta, &cat, &n.Headline, &n.Summary, &n.FileKey, &n.FileName, &n.FileSize, &n.LinkURL, bounded{&n.NewDays, 0, MaxNewDays}, count{&n.Reads})
	n.Category = roles.Category(cat)
	return n, err
}

// Notice returns one notice.
func (s *Store) Notice(ctx context.Context, id int64) (Notice, error) {
	n, err := scanNotice(s.db.R.QueryRowContext(ctx, `SELECT `+noticeCols+noticeFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return Notice{}, notFound(fmt.Sprintf("notice %d", id), err)
	}
	return n, nil
}

// SaveNotice creates (current.ID == 0) or updates a notice. Its PDF is the
// current one or one this user uploaded and we checked. The read count is
// set only on create; afterwards it only grows by reads.
func (s *Store) SaveNotice(ctx context.Context, current Notice, in NoticeInput, by Author, now time.Time) (int64, error) {
	if err := s.validate(ctx, "notices", current.ID, in.UnitID, in.Validate); err != nil {
		return 0, err
	}
	cur := PendingFile{Key: current.FileKey, Name: current.FileName, Size: current.FileSize}
	return s.save(ctx, saveSpec{table: "notices", id: current.ID, in: in.MetaInput,
		file: fileRef{kind: "notice", key: in.FileKey, current: cur, field: "attachment", errKey: "err.attach_none"},
		columns: func(f PendingFile) ([]string, []any) {
			return []string{"category", "headline", "summary", "file_key", "file_name", "file_size", "link_url", "new_days"},
				[]any{string(in.Category), in.Headline, in.Summary, f.Key, f.Name, f.Size, in.LinkURL, in.NewDays}
		},
		created: func() ([]string, []any) { return []string{"reads"}, []any{in.Reads} }}, by, now)
}

// DeleteNotice removes a notice and, when unused, its PDF.
func (s *Store) DeleteNotice(ctx context.Context, n Notice) error {
	return s.deleteRow(ctx, "notices", n.ID, n.FileKey)
}

// NoticeFilter selects notices for the admin list.
type NoticeFilter struct {
	ListFilter
	Categories []roles.Category // the user's categories; the list shows only these
	Category   roles.Category
	Q          string
}

func (f NoticeFilter) conds() ([]string, []any) {
	conds, args := f.where()
	marks := make([]string, 0, len(f.Categories))
	for _, c := range f.Categories {
		marks, args = append(marks, "?"), append(args, string(c))
	}
	if len(marks) == 0 {
		marks = append(marks, "NULL") // no category: nothing
	}
	conds = append(conds, "x.category IN ("+strings.Join(marks, ",")+")")
	if f.Category != "" {
		conds, args = append(conds, "x.category = ?"), append(args, string(f.Category))
	}
	if strings.TrimSpace(f.Q) != "" {
		conds = append(conds, `(x.headline LIKE ? ESCAPE '\' OR x.summary LIKE ? ESCAPE '\')`)
		args = append(args, likeArg(f.Q), likeArg(f.Q))
	}
	return conds, args
}

// ListNotices returns a page of the admin list, newest announcement first.
func (s *Store) ListNotices(ctx context.Context, f NoticeFilter) ([]Notice, int, error) {
	conds, args := f.conds()
	return queryList(ctx, s, "notices", noticeCols, noticeFrom, conds, args, "x.start_at DESC, x.id DESC", f.limit(), f.Offset, scanNotice)
}

// LiveNotices lists live notices in lang (of one category unless empty), by
// display order then newest.
func (s *Store) LiveNotices(ctx context.Context, lang Lang, cat roles.Category, now time.Time, limit, offset int) ([]Notice, int, error) {
	return liveQuery(ctx, s, "notices", noticeCols, noticeFrom, scanNotice, lang, now, "category", string(cat), limit, offset)
}

// PublicNotice returns a notice a visitor may open at now (expired ones too:
// notices must stay findable).
func (s *Store) PublicNotice(ctx context.Context, id int64, now time.Time) (Notice, error) {
	return visibleAt[Notice](now)(s.Notice(ctx, id))
}
