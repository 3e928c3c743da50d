package audit

// The traffic log is a SQLite file of its own. What is SQLite's own about it
// lives here: the driver, the connection settings, where the file keeps its
// schema version and the type test of a damaged block's columns. The rest
// of the package speaks portable SQL.

import (
	"net/url"
	"strconv"
	"strings"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// uriPath escapes the characters that end or alter the path of an SQLite
// "file:" URI.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// trafficDSN builds the connection string. The settings live in the DSN so
// every pooled connection gets them. Readers open the file read-only at the
// SQLite level, so the CLI can never change a log the server is writing.
func trafficDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", "immediate")
	}
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// driverName is the database/sql driver go-sqlite3 registers.
const driverName = "sqlite3"

// readSchemaVersion reads the traffic log's schema version, kept in the
// file's header.
const readSchemaVersion = "PRAGMA user_version"

// setSchemaVersion is the statement that records schema version v.
func setSchemaVersion(v int) string {
	// PRAGMA takes no bound parameters; v is our own integer.
	return "PRAGMA user_version = " + strconv.Itoa(v)
}

// isInteger is the SQL condition "col holds an integer" (a damaged row
// may hold text in an integer column).
func isInteger(col string) string {
	return "typeof(" + col + ") = 'integer'"
}
