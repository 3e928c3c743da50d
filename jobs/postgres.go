package jobs

// The PostgreSQL dialect of the queue; sqlite.go holds SQLite's.

// postgresClaim is sqliteClaim for several instances writing side by side:
// the ready row is locked as it is chosen, and a row another instance's
// claim has locked is skipped rather than waited for (FOR UPDATE SKIP
// LOCKED), so concurrent claims take different jobs and never block one
// another. The lease fences the rest as on SQLite: a running job is taken
// over only once its lease has run out. Same arguments as sqliteClaim.
const postgresClaim = `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = ?, updated_at = ?
	WHERE id = (SELECT id FROM jobs WHERE ((state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_until < ?))
	            AND kind IN (%s)%s ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
	RETURNING id, kind, batch_id, payload, attempts`
