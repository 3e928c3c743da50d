package counter

// The PostgreSQL dialect of the counter, the counterpart of sqlite.go.

// postgresSaturatingAdd adds n (1 <= n <= MaxCount) to t's column,
// saturating at MaxCount: the stored value is first clamped into
// 0..MaxCount-n. A BIGINT column holds nothing but integers, so there is no
// type to test. Its arguments are postgresAddArgs's, in order.
func postgresSaturatingAdd(t Target) string {
	col := t.Column
	return `UPDATE ` + t.Table + ` SET ` + col + ` = least(greatest(` + col + `, 0), ?::bigint - ?::bigint) + ?::bigint WHERE id = ?`
}

// postgresAddArgs are the arguments of postgresSaturatingAdd's statement.
func postgresAddArgs(n, id int64) []any { return []any{MaxCount, n, n, id} }
