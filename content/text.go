package content

import "newsroom/richtext"

// bodyText is the plain text kept beside a body for search and leads.
func bodyText(html string) string { return richtext.Text(html) }
