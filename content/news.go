package content

import (
	"newsroom/roles"
	"slices"
	"strings"
	"unicode/utf8"

	"newsroom"
	"newsroom/richtext"
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
	Meta
	Type         NewsType
	Headline     string
	Body         string // sanitised HTML
	BodyText     string
	PhotosPerRow int
	MainPhotoID  int64
	MainThumb    string // media key of the main photo's thumbnail, "" when none
	MainFile     string // media key of the main photo
	Views        int64
	PhotoCount   int
	Tags         []string // its tags' slugs, sorted
}

// Lead is the first sentence-ish of the body for cards and the featured desk.
func (n News) Lead(runes int) string { return richtext.Lead(n.Body, runes) }

// NewsInput is what the news form submits.
type NewsInput struct {
	MetaInput
	Type         NewsType
	Headline     string
	Body         string // raw HTML from the editor; sanitised on save
	PhotosPerRow int
	MainPhotoID  int64
	DraftToken   string   // photos uploaded before the first save
	Tags         []string // slugs of its tags; unknown ones are ignored
}

// Validate checks the input and normalises it (trims, sanitises the body,
// moves End to the end of its day). Field errors use catalog keys.
func (in *NewsInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	if !slices.Contains(NewsTypes, in.Type) {
		fe.Add("news_type", "err.choose")
	}
	in.Headline = validHeadline(fe, "headline", in.Headline)
	if in.Tags = cleanTagSlugs(in.Tags); len(in.Tags) > MaxNewsTags {
		fe.Add("tags", "err.too_many_tags")
	}
	if len(in.Body) > richtext.MaxInput {
		fe.Add("body", "err.body_long")
	} else {
		in.Body = richtext.Sanitize(in.Body)
	}
	if in.PhotosPerRow < 1 || in.PhotosPerRow > MaxPhotosPerRow {
		fe.Add("photos_per_row", "err.photos_per_row")
	}
	return fe.Err()
}

// validHeadline trims a headline or title and checks it is 1–200 code points.
func validHeadline(fe newsroom.FieldErrors, field, s string) string {
	s = strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		fe.Add(field, "err.required")
	case n > MaxHeadline:
		fe.Add(field, "err.headline_long")
	}
	return s
}

// NewsPage is what the public news page shows: the story, its tags, photos
// and sanitised body, and around it (not in previews) its unit's page,
// related news and its address for the share links. Both the public site
// and the admin's preview of an unsaved form render it.
type NewsPage struct {
	News    News
	Tags    []Tag
	Photos  []Photo
	Body    any // template.HTML of the sanitised body
	Expired bool
	Preview bool // the admin's preview of an unsaved form
	// The story's own unit page (zero Slug: none), related live news and
	// its address for the share links; empty in previews.
	Unit     roles.Unit
	Related  []News
	ShareURL string
}

// MainPhoto is the gallery photo shown above the body (width and height
// for the page's layout); nil when the story has none.
func (d NewsPage) MainPhoto() *Photo {
	for i := range d.Photos {
		if d.Photos[i].FileKey == d.News.MainFile {
			return &d.Photos[i]
		}
	}
	return nil
}
