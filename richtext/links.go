package richtext

import (
	"net/url"
	"strings"
)

// cleanHref returns the canonical form of a link target we are willing to
// store, or ok=false. Accepted: absolute http(s) URLs (redirect wrappers of
// Facebook, Instagram and Google unwrapped, tracking parameters removed),
// mailto: addresses and site-relative paths ("/news/12"). A "www." start or a
// protocol-relative "//host" is read as https, because Quill keeps what staff
// type in its link box as is.
func cleanHref(raw string) (string, bool) {
	s, ok := urlText(raw)
	if !ok {
		return "", false
	}
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "www."):
		s = "https://" + s
	case strings.HasPrefix(lower, "//"):
		s = "https:" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch u.Scheme {
	case "http", "https":
		return cleanWebURL(u)
	case "mailto":
		if u.Opaque == "" || strings.ContainsAny(u.Opaque, "<>\"") {
			return "", false
		}
		return u.String(), true
	case "":
		// Site-relative paths only; "foo.html" or "../x" would resolve
		// against whatever page shows the body.
		if u.Host != "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
			return "", false
		}
		return u.String(), true
	}
	return "", false
}

// urlText trims what browsers trim around a URL and removes what they remove
// inside it (tab, CR, LF: "java&#09;script:" is javascript: to a browser).
// Other control characters and backslashes, which browsers and Go's parser
// read differently, make the URL unacceptable.
func urlText(raw string) (string, bool) {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, raw)
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if s == "" || len(s) > 8192 {
		return "", false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == '\\' || (0x80 <= r && r < 0xa0) {
			return "", false
		}
	}
	// Spaces are invalid in a URL; browsers send them as %20.
	return strings.ReplaceAll(s, " ", "%20"), true
}

// cleanWebURL finishes an absolute http(s) URL: no user info (the
// "https://bank.example@evil.example" trick), redirect wrappers unwrapped,
// tracking parameters gone.
func cleanWebURL(u *url.URL) (string, bool) {
	if u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	if target, ok := redirectTarget(u); ok {
		// The target is strictly shorter than the wrapper, so nested
		// wrappers unwrap completely and the recursion ends.
		if t, ok := cleanHref(target); ok && isWeb(t) {
			return t, true
		}
		return "", false // a tracker in front of nothing we would link to
	}
	youTube := isYouTubeHost(strings.ToLower(u.Hostname()))
	if u.RawQuery != "" {
		var kept []string
		for _, part := range strings.Split(u.RawQuery, "&") {
			if part == "" {
				continue
			}
			key, _, _ := strings.Cut(part, "=")
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
			if !isTracker(strings.ToLower(key), youTube) {
				kept = append(kept, part)
			}
		}
		u.RawQuery = strings.Join(kept, "&")
	}
	u.ForceQuery = false
	return u.String(), true
}

// redirectTarget returns the destination of a click-tracking redirect link
// (Facebook's l.php?u=, Instagram's l.instagram.com/?u=, Google's /url?q=).
func redirectTarget(u *url.URL) (string, bool) {
	host := strings.ToLower(u.Hostname())
	q := u.Query()
	var target string
	switch {
	case (host == "l.facebook.com" || host == "lm.facebook.com" || host == "www.facebook.com" ||
		host == "m.facebook.com" || host == "facebook.com" || host == "l.messenger.com") && u.Path == "/l.php":
		target = q.Get("u")
	case host == "l.instagram.com" && (u.Path == "/" || u.Path == ""):
		target = q.Get("u")
	case (host == "www.google.com" || host == "google.com" || host == "www.google.co.th") && u.Path == "/url":
		target = q.Get("q")
		if target == "" {
			target = q.Get("url")
		}
	}
	return target, target != ""
}

// isTracker reports whether a query parameter (lower-cased key) only tracks
// the click: Facebook, Google and Microsoft click IDs, Mailchimp, Instagram,
// utm_*, and YouTube's share ID si= on YouTube links.
func isTracker(key string, youTube bool) bool {
	switch key {
	case "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "igshid", "igsh", "mc_eid", "mc_cid", "__tn__", "__eep__":
		return true
	case "si":
		return youTube
	}
	return strings.HasPrefix(key, "utm_") || strings.HasPrefix(key, "__cft__")
}

// mediaSrc accepts an image source only when it is a path in our own media
// store: "/media/...", no scheme or host, no "." or ".." segments (also not
// percent-encoded ones). Anything else would make visitors' browsers call
// another host, or is an inline data: image our editor never sends.
func mediaSrc(raw string) (string, bool) {
	s, ok := urlText(raw)
	if !ok || !strings.HasPrefix(s, "/media/") {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "", false
	}
	if strings.HasSuffix(u.Path, "/") {
		return "", false // a folder, not a file
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	return u.String(), true
}

// isWeb reports whether a cleaned href is an absolute http(s) URL.
func isWeb(href string) bool {
	return strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "http://")
}
