package public_test

import (
	"net/http"
	"net/url"
	"testing"
	"unicode/utf8"

	"newsroom/content"
)

// FuzzQAForm: whatever a visitor posts with a valid form token, the answer
// is a thank-you redirect or the form again (422/429), never a server
// error, and what is stored is within the bounds.
func FuzzQAForm(f *testing.F) {
	ta := newTestApp(f)
	f.Add("คำถาม", "ชื่อ", "a@example.org", "yes", "", "")
	f.Add("", "", "", "", "", "x")
	f.Add("q", "n", "bad@", "yes", "12", "")
	f.Add("\xff\xfe", "\x00", "a@b.c", "yes", "99999999999999999999999", "")
	f.Add("ก\r\nข", "   ", "Name <a@example.org>", "on", "0", "")
	f.Fuzz(func(t *testing.T, question, name, email, consent, pow, website string) {
		b := ta.browser(t)
		tok, _, _ := qaForm(t, b, "/qa")
		p := b.postRaw("/qa", url.Values{"token": {tok}, "question": {question}, "name": {name}, "email": {email},
			"consent": {consent}, "pow": {pow}, "website": {website}}, nil)
		switch p.status {
		case http.StatusSeeOther, http.StatusUnprocessableEntity, http.StatusTooManyRequests:
		default:
			t.Fatalf("status %d: %.300s", p.status, p.body)
		}
		rows, err := ta.db.R.Query(`SELECT question, asker_name, asker_email FROM questions`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var q, n, e string
			if err := rows.Scan(&q, &n, &e); err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(q) || utf8.RuneCountInString(q) > content.MaxQuestion || q == "" ||
				utf8.RuneCountInString(n) > content.MaxAskerName || len(e) > content.MaxAskerEmail {
				t.Fatalf("stored out of bounds: %q %q %q", q, n, e)
			}
		}
	})
}
