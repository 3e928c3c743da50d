package content

// SQLite's own SQL in package content: the fragment below has no portable
// spelling, and every other query of the package is portable SQL.
// postgres.go holds PostgreSQL's; dialect.go picks one.

// sqliteInsertionOrder sorts a table's rows in the order they were inserted (for
// tables with no column to sort by, such as placements).
const sqliteInsertionOrder = "rowid"
