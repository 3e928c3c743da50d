package admin

import (
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
)

// Dates of the admin forms: how a typed date is read and how a stored one
// is shown in a form field.

// readDates reads the form's start (date and time) and end (date) into in.
func (h *Handler) readDates(c *gin.Context, in *content.MetaInput) {
	in.Start = parseDateTime(c.PostForm("start"))
	in.End = parseDate(c.PostForm("end"))
}

func inputDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(newsroom.Bangkok).Format("2006-01-02T15:04")
}

func inputDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(newsroom.Bangkok).Format("2006-01-02")
}

func parseDateTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, newsroom.Bangkok); err == nil {
			return t
		}
	}
	return time.Time{}
}

func parseDate(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, newsroom.Bangkok)
	if err != nil {
		return time.Time{}
	}
	return t
}
