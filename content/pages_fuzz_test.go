package content

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzPageInput: whatever a form posts, Validate never panics, and what it
// accepts is within every bound, with a slug that can never be an id and a
// phone whose tel: link holds digits (and a leading +) only.
func FuzzPageInput(f *testing.F) {
	f.Add("about", "เกี่ยวกับเรา", "0 4250 3777 ต่อ 12", "pr@npu.ac.th", "https://reg.npu.ac.th/", "ผู้บริหาร", "+66 (42) 503-777")
	f.Add("12", "", "<script>", "a@b", "javascript:alert(1)", "", "ext 1")
	f.Add("a--b", strings.Repeat("ก", 201), "๐๔๒", "x@y.z", "http://[::1", "\x00", ";;;")
	f.Fuzz(func(t *testing.T, slug, title, phone, email, link, name, personPhone string) {
		in := PageInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: time.Now(), End: PageEnd, UnitID: 1},
			Slug: slug, Section: SectionContact, Title: title, Phone: phone, Email: email, MapURL: link,
			People: []Person{{Name: name, Phone: personPhone}}, Links: []PageLink{{Title: name, URL: link}}}
		for _, p := range []string{phone, personPhone} {
			if h := TelHref(p); h != "" {
				if !strings.HasPrefix(h, "tel:") || strings.Trim(strings.TrimPrefix(h[4:], "+"), "0123456789") != "" {
					t.Fatalf("TelHref(%q) = %q", p, h)
				}
			}
		}
		if in.Validate() != nil {
			return
		}
		switch {
		case !ValidPageSlug(in.Slug) || strings.Trim(in.Slug, "0123456789") == "":
			t.Fatalf("accepted slug %q", in.Slug)
		case in.Title == "" || utf8.RuneCountInString(in.Title) > MaxHeadline:
			t.Fatalf("accepted title %q", in.Title)
		case utf8.RuneCountInString(in.Phone) > MaxPhone || strings.ContainsAny(in.Phone, "<>\""):
			t.Fatalf("accepted phone %q", in.Phone)
		case utf8.RuneCountInString(in.Email) > MaxEmail:
			t.Fatalf("accepted e-mail %q", in.Email)
		case in.MapURL != "" && !strings.HasPrefix(in.MapURL, "http://") && !strings.HasPrefix(in.MapURL, "https://"):
			t.Fatalf("accepted link %q", in.MapURL)
		case in.People[0].Name == "" || utf8.RuneCountInString(in.People[0].Name) > MaxPersonName:
			t.Fatalf("accepted name %q", in.People[0].Name)
		}
	})
}
