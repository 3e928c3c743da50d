// Package e2e holds the browser tests: the journeys of JOURNEYS.md driven
// through a real headless Chromium (Debian's package) with chromedp, against
// the real newsroom binary.
//
// TestMain builds the binary once, starts it on a free port with a fresh data
// directory and demo users, reads the printed logins, and at the end stops it
// with SIGTERM and checks that it exits cleanly and logged no errors.
//
// Without Chromium the tests skip, except under CI=true, where they fail: a CI
// run that silently skips its browser tests proves nothing. The browser is
// /usr/bin/chromium, or the one the CHROMIUM environment variable names.
// When E2E_ARTIFACTS names a directory, screenshots are copied there too.
//
// Run them with:
//
//	go test ./e2e/ -v -count=1
package e2e
