// Package content is the domain of what the newsroom publishes: activity
// news with their photo galleries, NPU Channel videos, homepage banners, PR
// notices and the footer pages, and the featured-news desk with its daily
// tally by unit. It owns their rules (display windows, publishing states,
// validation, who sees a banner, trash and takedown, which stored files each
// item refers to and when a file may go or must answer 410), their SQL, the
// content version that page caches key by, and the background jobs that
// turn uploaded photos into a gallery (through media and jobs).
//
// Each kind is declared once, in kinds.go, in the registry of package kind
// that every cross-cutting feature reads. Search is package search (content
// gives it the searchable kinds and keeps the index in step inside its
// transactions); rich text is package richtext; the views, reads and clicks
// counters are package counter, which content configures with Counted. It
// knows nothing of HTTP.
package content
