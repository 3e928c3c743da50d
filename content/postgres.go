package content

// PostgreSQL's own SQL in package content, the counterpart of sqlite.go.

// postgresInsertionOrder: placements is only ever inserted into (by
// migrations), so its rows' physical order is their insertion order.
const postgresInsertionOrder = "ctid"
