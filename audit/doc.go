// Package audit keeps the two logs that answer "who did what, and when".
//
// The traffic log is the web server's traffic data that the Computer Crime Act
// B.E. 2550 s.26 obliges a service provider to keep for at least 90 days: time,
// client IP, user, method and URI of every request. It lives in its own SQLite
// file so that logging never contends with content writes. Requests are queued
// without blocking and written in batches by a single goroutine, which links
// each record to the one before it with a SHA-256 hash chain and stores them
// in blocks of up to 64 records (traffic_block.go); Verify recomputes
// the chain and names any record that was edited, deleted, inserted or moved,
// so that administrators cannot alter the log unnoticed.
//
// With NEWSROOM_DATABASE_URL set, several instances share one PostgreSQL
// database and the traffic log lives there instead (postgres.go): one hash
// chain per instance, each written by the one process that holds the
// chain's advisory lock, verified and purged on its own, and exported
// merged in time order.
//
// The action log records administrative acts (logins, user changes,
// takedowns, deletions) in the main database, next to the content they touch,
// so an act and its record can share one transaction.
package audit
