package app

// SetLeaseAnswered lets a test hear each answer the instances have from the
// periodic jobs' leases (nil: stop). Set it before any job starts.
func SetLeaseAnswered(f func(a *App, name string, ran bool)) { leaseAnswered = f }
