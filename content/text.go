package content

import "newsroom/richtext"

// bodyText is the plain text kept beside a body for search and leads.
func bodyText(html string) string { return richtext.Text(html) }

// PlainText is a rich-text body's text, for comparing versions.
func PlainText(html string) string { return richtext.Text(html) }
