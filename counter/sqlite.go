package counter

// The SQLite dialect of the counter: the one statement that adds to a
// counter. postgres.go holds PostgreSQL's.

// sqliteSaturatingAdd is the UPDATE that adds n (1 ≤ n ≤ MaxCount) to t's column
// and saturates at MaxCount: the stored value is first clamped into
// 0..MaxCount-n (what is not a number counts as 0), so the sum never leaves
// 0..MaxCount, whatever an older version or a hand edit left there (SQLite
// would turn an int64 overflow into a REAL that no longer scans as an
// integer, and every page listing the row would fail). Its arguments are
// sqliteAddArgs's, in order.
func sqliteSaturatingAdd(t Target) string {
	col := t.Column
	return `UPDATE ` + t.Table + ` SET ` + col + ` = CASE WHEN typeof(` + col + `) IN ('integer', 'real')
		THEN CAST(min(max(` + col + `, 0), ? - ?) AS INTEGER) + ? ELSE ? END WHERE id = ?`
}

// sqliteAddArgs are the arguments of sqliteSaturatingAdd's statement for
// adding n to row id.
func sqliteAddArgs(n, id int64) []any { return []any{MaxCount, n, n, n, id} }
