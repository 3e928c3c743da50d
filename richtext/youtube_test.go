package richtext

import "testing"

func TestYouTubeID(t *testing.T) {
	const id = "dQw4w9WgXcQ"
	accepted := []struct{ in, want string }{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", id},
		{"https://youtube.com/watch?v=dQw4w9WgXcQ", id},
		{"http://www.youtube.com/watch?v=dQw4w9WgXcQ", id},
		{"HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", id},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", id},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=2", id},
		{"https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", id},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=AbC_dEf123&pp=ygUE", id},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=1m30s", id},
		{"https://youtu.be/dQw4w9WgXcQ", id},
		{"https://youtu.be/dQw4w9WgXcQ?si=AbC_dEf123", id},
		{"https://youtu.be/dQw4w9WgXcQ?t=42", id},
		{"https://www.youtube.com/shorts/dQw4w9WgXcQ", id},
		{"https://youtube.com/shorts/dQw4w9WgXcQ?feature=share", id},
		{"https://www.youtube.com/shorts/dQw4w9WgXcQ/", id},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ?showinfo=0", id},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ?start=30&autoplay=1", id},
		{"https://www.youtube.com/live/dQw4w9WgXcQ?si=x", id},
		{"https://www.youtube.com/v/dQw4w9WgXcQ", id},
		{"https://m.youtube.com/watch?v=dQw4w9WgXcQ", id},
		{"https://m.youtube.com/shorts/dQw4w9WgXcQ", id},
		{"https://music.youtube.com/watch?v=dQw4w9WgXcQ&feature=share", id},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", id},
		{"//www.youtube.com/embed/dQw4w9WgXcQ", id},
		{"youtu.be/dQw4w9WgXcQ", id},
		{"www.youtube.com/watch?v=dQw4w9WgXcQ", id},
		{"m.youtube.com/watch?v=dQw4w9WgXcQ", id},
		{"  https://youtu.be/dQw4w9WgXcQ \n", id},
		{"https://youtu.be/a-b_c-d_e12", "a-b_c-d_e12"},
	}
	for _, tc := range accepted {
		got, ok := YouTubeID(tc.in)
		if !ok || got != tc.want {
			t.Errorf("YouTubeID(%q) = %q, %v; want %q, true", tc.in, got, ok, tc.want)
		}
	}
	rejected := []string{
		"",
		"dQw4w9WgXcQ", // a bare ID is not a link
		"https://vimeo.com/123456789",
		"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com.evil.example/embed/dQw4w9WgXcQ",
		"https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
		"evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
		"https://notyoutube.com/watch?v=dQw4w9WgXcQ",
		"https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
		"https://evil.example@www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
		"https://www.youtube.com/watch?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
		"https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
		"https://youtu.be/dQw4w9WgXc",                  // 10 characters
		"https://youtu.be/dQw4w9WgXcQQ",                // 12 characters
		"https://www.youtube.com/watch?v=dQw4w9WgXcQQ", // 12 characters
		"https://www.youtube.com/watch?v=dQw4w9WgXc",   // 10 characters
		"https://youtu.be/dQw4w9WgX!Q",
		"https://www.youtube.com/watch?v=dQw4w9Wg%20Q",
		"https://www.youtube.com/shorts/dQw4w9WgXcQ/extra",
		"https://youtu.be/dQw4w9WgXcQ/extra",
		"https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw",
		"https://www.youtube.com/@npuchannel",
		"https://www.youtube.com/",
		"https://www.youtube-nocookie.com/watch?v=dQw4w9WgXcQ",
		"javascript:alert('https://youtu.be/dQw4w9WgXcQ')",
		"javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"JavaScript:alert(1)//youtu.be/dQw4w9WgXcQ",
		"ftp://youtu.be/dQw4w9WgXcQ",
		"data:text/html,youtu.be/dQw4w9WgXcQ",
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ\nhttps://evil.example/",
		`https://www.youtube.com\@evil.example/watch?v=dQw4w9WgXcQ`,
	}
	for _, in := range rejected {
		if got, ok := YouTubeID(in); ok {
			t.Errorf("YouTubeID(%q) = %q, true; want rejected", in, got)
		}
	}
}

func TestEmbedURL(t *testing.T) {
	if got, want := EmbedURL("dQw4w9WgXcQ"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"; got != want {
		t.Errorf("EmbedURL = %q, want %q", got, want)
	}
	for _, bad := range []string{"", "dQw4w9WgXc", `x"><script>`, "videoseries"} {
		if got := EmbedURL(bad); got != "" {
			t.Errorf("EmbedURL(%q) = %q, want empty", bad, got)
		}
	}
}
