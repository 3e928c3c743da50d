package content

import (
	"context"

	"newsroom/kind"
)

// The content kinds, declared once here for every feature that lists kinds
// (see package kind). A new kind adds its declaration beside its code, in
// its own file, with kind.Register.

const statusFeatures = kind.Status | kind.Trash | kind.Takedown

// NewsKind is activity news: gallery photos, images in the body.
var NewsKind = kind.Register(&kind.Kind{
	Name: "news", Table: "news", Section: "news", Public: "/news/{ref}", Edit: "/admin/news/{ref}/edit",
	Label: "kind.news", Use: "use.news", Title: "headline", Action: "news",
	Features: statusFeatures | kind.Feeds | kind.Sitemap | kind.Search | kind.API | kind.Featured | kind.Counter | kind.Archive,
	Files: []kind.Files{
		{Table: "photos", Column: "file_key", Item: "news_id"},
		{Table: "photos", Column: "thumb_key", Item: "news_id"},
	},
	Bodies:  []string{"body"},
	Counter: "views",
	Search:  &kind.SearchColumns{Title: "headline", Body: "body_text", Category: "news_type", Lang: "lang"},
})

// VideoKind is NPU Channel videos: an uploaded poster.
var VideoKind = kind.Register(&kind.Kind{
	Name: "video", Table: "videos", Section: "videos", Public: "/videos/{ref}", Edit: "/admin/videos/{ref}/edit",
	Label: "kind.video", Use: "use.video", Title: "title", Action: "video",
	Features: statusFeatures | kind.Feeds | kind.Sitemap | kind.Search | kind.API | kind.Counter | kind.Archive,
	Files:    []kind.Files{{Table: "videos", Column: "poster_key"}},
	Counter:  "views",
	Search:   &kind.SearchColumns{Title: "title", Body: "description", Category: "programme", Lang: "lang"},
})

// BannerKind is homepage banners: the cropped image. Banners have no page.
var BannerKind = kind.Register(&kind.Kind{
	Name: "banner", Table: "banners", Section: "banners", Edit: "/admin/banners/{ref}/edit",
	Label: "kind.banner", Use: "use.banner", Title: "title", Action: "banner",
	Features: statusFeatures | kind.API | kind.Counter,
	Files:    []kind.Files{{Table: "banners", Column: "image_key"}},
	Counter:  "clicks",
})

// NoticeKind is PR notices: a PDF (or a link).
var NoticeKind = kind.Register(&kind.Kind{
	Name: "notice", Table: "notices", Section: "notices", Public: "/notices/{ref}", Edit: "/admin/notices/{ref}/edit",
	Label: "kind.notice", Use: "use.notice", Title: "headline", Action: "notice",
	Features: statusFeatures | kind.Feeds | kind.Sitemap | kind.Search | kind.API | kind.Counter | kind.Archive,
	Files:    []kind.Files{{Table: "notices", Column: "file_key"}},
	Counter:  "reads",
	Search:   &kind.SearchColumns{Title: "headline", Body: "summary", Category: "category", Lang: "lang"},
})

func init() {
	kind.RegisterFiles(
		// Uploads waiting for their form (banner crop, poster, PDF).
		kind.FileTable{Table: "pending_files", Column: "file_key", Keeps: true},
		// Files withdrawn by a takedown, whatever uses them.
		kind.FileTable{Table: "takedown_files", Column: "file_key"},
		// Upload records of the images in news bodies: a body shows them.
		kind.FileTable{Table: "body_images", Column: "file_key"},
		kind.FileTable{Table: "revision_files", Column: "file_key"},
	)
}

// purgers delete an item of a kind for good when deleting its row and
// its own file columns is not enough (purge in status.go does that).
var purgers = map[*kind.Kind]func(s *Store, ctx context.Context, id int64) error{
	NewsKind: func(s *Store, ctx context.Context, id int64) error { return s.DeleteNews(ctx, id) },
}
