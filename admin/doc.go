// Package admin holds the Gin handlers under /admin: login and passwords,
// the dashboard, the editors of news (with photo uploads), videos, banners,
// notices and footer pages, publishing, trash and takedown with the
// takedown register, the featured-news desk and its reports, users and
// units, and the action log. Each handler parses, authorises with roles,
// acts through the stores, and responds; Gin types stop here.
package admin
