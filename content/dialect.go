package content

import (
	"newsroom/db"
)

// insertionOrder sorts a table's rows in the order they were inserted (for
// tables with no column to sort by, such as placements), in d's dialect.
func insertionOrder(d *db.DB) string {
	if d.IsPostgres() {
		return postgresInsertionOrder
	}
	return sqliteInsertionOrder
}

// contains is the portable SQL condition "text contains sub" for two SQL
// expressions, sub never empty: case-sensitive, with no wildcard
// characters (LIKE would read "_" and "%" in a key as wildcards).
func contains(text, sub string) string {
	return "replace(" + text + ", " + sub + ", '') <> " + text
}
