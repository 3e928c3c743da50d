package content

// SQLite's own SQL in package content: the fragments below have no portable
// spelling, and every other query of the package is portable SQL. A second
// dialect gets a file like this one with the same names.

// hasSubstring is the SQL condition "text contains sub" for two SQL
// expressions: case-sensitive, with no wildcard characters in sub.
func hasSubstring(text, sub string) string {
	return "instr(" + text + ", " + sub + ") > 0"
}

// insertionOrder sorts a table's rows in the order they were inserted (for
// tables with no column to sort by, such as placements).
const insertionOrder = "rowid"
