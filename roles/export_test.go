package roles

// SetVerifyHook makes Authenticate call f just before each password check,
// so tests can hold checks in flight while more logins arrive.
func SetVerifyHook(s *Store, f func()) { s.login.verifyHook = f }
