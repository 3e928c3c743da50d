package jobs

// The SQLite dialect of the queue; postgres.go holds PostgreSQL's.

// sqliteClaim takes the oldest ready job: queued and due, or running with
// a lease that ran out (its server died). SQLite runs one writer at a time,
// so the statement's read and write are one step no other claim can come
// between. %s are the kinds' placeholders and the clause that leaves out
// this queue's running jobs; the arguments are the new lease's end, now
// (updated_at), now (run_after) and now (lease_until), then the kinds and
// the running ids.
const sqliteClaim = `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = ?, updated_at = ?
	WHERE id = (SELECT id FROM jobs WHERE ((state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_until < ?))
	            AND kind IN (%s)%s ORDER BY id LIMIT 1)
	RETURNING id, kind, batch_id, payload, attempts`
