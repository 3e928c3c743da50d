package content

import "newsroom/search"

// searchSources are the searchable content kinds: what the search index
// reads of each and shows in results (package search). Banners are not
// searched: their only text is alt text. Columns left out are the usual
// lang, status, start_at and end_at.
var searchSources = []search.Source{
	{Kind: "news", Table: "news", Title: "headline", Body: "body_text", Category: "news_type"},
	{Kind: "video", Table: "videos", Title: "title", Body: "description", Category: "programme"},
	{Kind: "notice", Table: "notices", Title: "headline", Body: "summary", Category: "category"},
}
