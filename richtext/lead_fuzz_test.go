package richtext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"newsroom/bench/fuzz/tally"
)

// FuzzLead: a card's lead is a prefix of the body's one-line text, cut only
// when the text is longer than asked, and ends with "…" exactly when cut.
func FuzzLead(f *testing.F) {
	f.Add("<p>มหาวิทยาลัยนครพนม จัดกิจกรรม</p><p>second</p>", 10)
	f.Add("<p>เเเเเเเเ</p>", 3)
	f.Add("<p>ก\u0e49\u0e49\u0e49\u0e49\u0e49</p>", 1)
	f.Add("a b c d e f g", 4)
	f.Add("<script>x</script><p>\u200b\u200b a</p>", 0)
	f.Fuzz(func(t *testing.T, in string, n int) {
		tally.Count()
		if n < -1 || n > 400 || !utf8.ValidString(in) {
			return
		}
		body := Sanitize(in)
		full := strings.Join(strings.Fields(Text(body)), " ")
		lead := Lead(body, n)
		if !utf8.ValidString(lead) {
			t.Fatalf("Lead(%q, %d) = %q: not UTF-8", body, n, lead)
		}
		cut, ok := strings.CutSuffix(lead, "…")
		switch {
		case lead == full, lead == "" && n <= 0:
		case ok && strings.HasPrefix(full, cut) && len(cut) < len(full):
		default:
			t.Fatalf("Lead(%q, %d) = %q; text %q", body, n, lead, full)
		}
		if utf8.RuneCountInString(full) <= n && lead != full {
			t.Fatalf("Lead(%q, %d) = %q cut a short text %q", body, n, lead, full)
		}
	})
}

// FuzzYouTubeRoundTrip: an ID taken from any link gives, through the
// embed and watch links we write, the same ID again.
func FuzzYouTubeRoundTrip(f *testing.F) {
	for _, s := range []string{"https://youtu.be/dQw4w9WgXcQ", "https://m.youtube.com/shorts/dQw4w9WgXcQ?feature=share",
		"https://www.youtube.com/live/dQw4w9WgXcQ", "www.youtube.com/watch?feature=x&v=dQw4w9WgXcQ#t=1", "dQw4w9WgXcQ",
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa", "https://youtube.com/watch?v=dQw4w9WgXc%51"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tally.Count()
		id, ok := YouTubeID(in)
		if !ok {
			return
		}
		for _, link := range []string{EmbedURL(id), watchURL(id)} {
			if again, ok := YouTubeID(link); !ok || again != id {
				t.Fatalf("YouTubeID(%q) = %q; YouTubeID(%q) = %q, %v", in, id, link, again, ok)
			}
		}
		if again, ok := YouTubeID(" " + in + " "); ok && again != id {
			t.Fatalf("YouTubeID(%q) = %q but with spaces %q", in, id, again)
		}
	})
}
