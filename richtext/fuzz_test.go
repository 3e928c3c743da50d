package richtext

import (
	"os"
	"path/filepath"
	"testing"

	"newsroom/bench/fuzz/tally"
)

func FuzzSanitize(f *testing.F) {
	for _, tc := range sanitizeCases {
		f.Add(tc.in)
	}
	files, _ := filepath.Glob("testdata/*.*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		`<a href="https://a.example/"><div><p>x</p></div></a>`,
		`<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>`,
		`<p><b><i>a</b>b</i></p>`,
		`<ul><li><p>a</p><ol data-list="x"><li data-list="bullet" class="ql-indent-3">b</li></ol></li></ul>`,
		`<button><p>in button</p></button>`,
		`<select><option>x</option></select><plaintext><p>raw`,
		`<noscript><p>x</p></noscript><template><p>t</p></template>`,
		"<p>\u200b</p><p>\u00a0</p><p>a\u00a0 b</p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tally.Count()
		out := Sanitize(in)
		checkSafe(t, out)
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent for %q:\n once: %q\ntwice: %q", in, out, again)
		}
		_ = Text(out)
		_ = Lead(out, 50)
	})
}

func FuzzYouTubeID(f *testing.F) {
	for _, s := range []string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtu.be/dQw4w9WgXcQ?si=x",
		"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
		"javascript:alert(1)", "https://www.youtube.com/embed/videoseries?list=PL1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tally.Count()
		id, ok := YouTubeID(in)
		if !ok {
			if id != "" {
				t.Fatalf("YouTubeID(%q) = %q with ok=false", in, id)
			}
			return
		}
		if !validID(id) {
			t.Fatalf("YouTubeID(%q) = %q: not an 11-character ID", in, id)
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') || len(id) != 11 {
				t.Fatalf("YouTubeID(%q) = %q", in, id)
			}
		}
		if EmbedURL(id) != "https://www.youtube-nocookie.com/embed/"+id {
			t.Fatalf("EmbedURL(%q) = %q", id, EmbedURL(id))
		}
	})
}
