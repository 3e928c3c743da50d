package content

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/content/richtext"
)

// NewsType is one of the six news types of the university's PR policy.
type NewsType string

// The six news types (SPEC §2.1).
const (
	Activity    NewsType = "activity"    // กิจกรรมองค์กร
	Achievement NewsType = "achievement" // ความสำเร็จ
	Policy      NewsType = "policy"      // ประเด็นนโยบาย
	Research    NewsType = "research"    // ผลงานการศึกษา ค้นคว้า วิจัย
	Campaign    NewsType = "campaign"    // การเชิญชวน รณรงค์
	MOU         NewsType = "mou"         // การลงนามความร่วมมือ/MOU
)

// NewsTypes lists the types in the order forms show them.
var NewsTypes = []NewsType{Activity, Achievement, Policy, Research, Campaign, MOU}

// Limits of the news form.
const (
	MaxHeadline     = 200 // Unicode code points, as the legacy TIS-620 system counted
	MaxPhotosPerRow = 6
	MaxSort         = 9999
)

// News is an activity news item (รอบรั้วกันเกรา).
type News struct {
	ID           int64
	Lang         Lang
	Type         NewsType
	Headline     string
	Body         string // sanitised HTML
	BodyText     string
	Sort         int
	PhotosPerRow int
	Window       Window
	Status       Status
	StatusNote   string
	MainPhotoID  int64
	MainThumb    string // media key of the main photo's thumbnail, "" when none
	MainFile     string // media key of the main photo
	UnitID       int64
	UnitName     string
	UnitNameEN   string
	AuthorID     int64
	AuthorName   string
	Views        int64
	PhotoCount   int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// State is the list badge at now.
func (n News) State(now time.Time) string { return Badge(n.Status, n.Window, now) }

// Lead is the first sentence-ish of the body for cards and the featured desk.
func (n News) Lead(runes int) string { return richtext.Lead(n.Body, runes) }

// NewsInput is what the news form submits.
type NewsInput struct {
	Lang         Lang
	Type         NewsType
	Headline     string
	Body         string // raw HTML from the editor; sanitised on save
	Sort         int
	PhotosPerRow int
	Start        time.Time
	End          time.Time // any instant on the end date; stored as its last millisecond
	UnitID       int64
	MainPhotoID  int64
	DraftToken   string // photos uploaded before the first save
	FormToken    string // idempotency key of this form submission
	Publish      bool   // false saves a draft
}

// Validate checks the input and normalises it (trims, sanitises the body,
// moves End to the end of its day). Field errors use catalog keys.
func (in *NewsInput) Validate() error {
	fe := newsroom.FieldErrors{}
	if !in.Lang.Valid() {
		fe.Add("lang", "err.choose")
	}
	if !slices.Contains(NewsTypes, in.Type) {
		fe.Add("news_type", "err.choose")
	}
	in.Headline = strings.Join(strings.Fields(in.Headline), " ")
	switch n := utf8.RuneCountInString(in.Headline); {
	case n == 0:
		fe.Add("headline", "err.required")
	case n > MaxHeadline:
		fe.Add("headline", "err.headline_long")
	}
	if len(in.Body) > richtext.MaxInput {
		fe.Add("body", "err.body_long")
	} else {
		in.Body = richtext.Sanitize(in.Body)
	}
	if in.Sort < 1 || in.Sort > MaxSort {
		fe.Add("sort", "err.sort")
	}
	if in.PhotosPerRow < 1 || in.PhotosPerRow > MaxPhotosPerRow {
		fe.Add("photos_per_row", "err.photos_per_row")
	}
	validateWindow(fe, in.Start, &in.End)
	if in.UnitID == 0 {
		fe.Add("unit_id", "err.choose")
	}
	return fe.Err()
}

// validateWindow is shared by every content type: a start, an end date, and
// the end not before the start's day.
func validateWindow(fe newsroom.FieldErrors, start time.Time, end *time.Time) {
	if start.IsZero() {
		fe.Add("start", "err.date")
	}
	if end.IsZero() {
		fe.Add("end", "err.date")
		return
	}
	*end = EndOfDay(*end)
	if !start.IsZero() && end.Before(start) {
		fe.Add("end", "err.end_before_start")
	}
}
