package richtext

import (
	"net/url"
	"strings"
)

// youTubeHosts maps every host we accept a video link from to the shape of
// its paths. Look-alikes (youtube.com.evil.example, notyoutube.com) are simply
// not in the map: hosts are compared whole, never by suffix or substring.
var youTubeHosts = map[string]string{
	"youtube.com":              "site",
	"www.youtube.com":          "site",
	"m.youtube.com":            "site",
	"music.youtube.com":        "site",
	"youtu.be":                 "short",
	"youtube-nocookie.com":     "nocookie",
	"www.youtube-nocookie.com": "nocookie",
}

// YouTubeID extracts the 11-character video ID from a YouTube link as people
// paste it: watch?v=, youtu.be/, /shorts/, /embed/, /live/, /v/ on youtube.com,
// www., m. and music. hosts, youtube-nocookie.com/embed/, with extra parameters
// (si=, t=, list= next to v=, feature=) and fragments. A link without a scheme
// ("youtu.be/ID", "www.youtube.com/watch?v=ID") is read as https.
// It reports ok=false for anything else: other hosts, playlist-only links,
// malformed IDs, non-http(s) schemes.
func YouTubeID(raw string) (id string, ok bool) {
	s := strings.TrimSpace(raw)
	if s == "" || len(s) > 2048 {
		return "", false
	}
	for _, r := range s {
		// Browsers drop tabs and newlines inside URLs and treat "\" as "/";
		// Go's parser does neither, so refuse rather than disagree.
		if r <= ' ' || r == 0x7f || r == '\\' {
			return "", false
		}
	}
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "http://"):
	case strings.HasPrefix(lower, "//"):
		s = "https:" + s
	default:
		host, _, _ := strings.Cut(lower, "/")
		if _, known := youTubeHosts[host]; !known {
			return "", false
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Port() != "" || u.Opaque != "" {
		return "", false
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", false
	}
	segs := strings.Split(strings.TrimPrefix(strings.TrimSuffix(u.Path, "/"), "/"), "/")
	switch youTubeHosts[strings.ToLower(u.Host)] {
	case "short":
		if len(segs) == 1 {
			id = segs[0]
		}
	case "nocookie":
		if len(segs) == 2 && segs[0] == "embed" {
			id = segs[1]
		}
	case "site":
		switch {
		case len(segs) == 1 && segs[0] == "watch":
			id = u.Query().Get("v")
		case len(segs) == 2 && (segs[0] == "shorts" || segs[0] == "embed" || segs[0] == "live" || segs[0] == "v"):
			id = segs[1]
		}
	}
	if !validID(id) {
		return "", false
	}
	return id, true
}

// EmbedURL returns the privacy-enhanced (youtube-nocookie.com) player URL for
// a video ID, or "" when id is not a well-formed ID.
func EmbedURL(id string) string {
	if !validID(id) {
		return ""
	}
	return "https://www.youtube-nocookie.com/embed/" + id
}

// watchURL is the ordinary YouTube page of a video, the fallback link of the
// click-to-load placeholder.
func watchURL(id string) string {
	return "https://www.youtube.com/watch?v=" + id
}

// validID reports whether id has the shape of a YouTube video ID: 11
// characters of [A-Za-z0-9_-]. "videoseries" has that shape but is the
// playlist player (/embed/videoseries?list=...), not a video.
func validID(id string) bool {
	if len(id) != 11 || id == "videoseries" {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isYouTubeHost reports whether host (lower case) is one of YouTube's, for
// stripping the share tracker si= from links.
func isYouTubeHost(host string) bool {
	_, ok := youTubeHosts[host]
	return ok
}
