// Package newsroom holds what every layer shares: the error kinds (stores
// return them wrapped with what was being done; web.Fail maps each kind to
// an HTTP status in one place), the Asia/Bangkok zone of every calendar
// rule, and CSVCell, which keeps exported cells safe to open in a
// spreadsheet.
package newsroom

import (
	"errors"
	"sort"
	"strings"
)

var (
	// ErrNotFound means the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrForbidden means the actor may not do this; see roles.Denied for why.
	ErrForbidden = errors.New("forbidden")
	// ErrGone means the thing was taken down (Computer Crime Act s.15).
	ErrGone = errors.New("taken down")
	// ErrConflict means the change clashes with the current state.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the input is wrong; FieldErrors says where.
	ErrInvalid = errors.New("invalid input")
)

// FieldErrors maps a form field name to a message key of the i18n catalog.
// It is an error that matches ErrInvalid.
type FieldErrors map[string]string

// Error lists the fields, for logs and tests.
func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k, v := range f {
		keys = append(keys, k+": "+v)
	}
	sort.Strings(keys)
	return "invalid input: " + strings.Join(keys, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true.
func (f FieldErrors) Is(target error) bool { return target == ErrInvalid }

// Add records a message for field unless it already has one.
func (f FieldErrors) Add(field, key string) {
	if _, ok := f[field]; !ok {
		f[field] = key
	}
}

// Err returns f as an error, or nil when it is empty.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}
