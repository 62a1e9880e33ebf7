package bot

import (
	"errors"
	"fmt"
)

// Error codes. Every error the core shows a member carries one of these.
const (
	EINVALID   = "invalid"   // bad input: the usage line helps
	ENOTFOUND  = "not_found" // no such member, event, ...
	EFORBIDDEN = "forbidden" // the person may not do this
	ECONFLICT  = "conflict"  // the state does not allow it (already joined, ...)
	EINTERNAL  = "internal"  // a bug or a failing dependency: logged under a ref
	// EUNAVAILABLE: rete cannot do it now (the disk is nearly full); the
	// same request later may work. Nothing was changed.
	EUNAVAILABLE = "unavailable"
)

// Error is an error meant for a member: a code for programs and a catalog
// key (plus arguments) for people. The key is rendered in the reader's
// language; Detail is for logs only and never shown.
type Error struct {
	Code   string
	Key    string // catalog key of the member-facing message
	Args   Args   // arguments for the catalog template
	Usage  bool   // append the command's usage line
	Detail string // for logs
}

// Error implements error. It gives the code and key, not a translation.
func (e *Error) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Key, e.Detail)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Key)
}

// Errorf returns an *Error with a code, a catalog key and its arguments.
func Errorf(code, key string, args Args) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// usageErr is an EINVALID error that also shows the usage line.
func usageErr(key string, args Args) *Error {
	return &Error{Code: EINVALID, Key: key, Args: args, Usage: true}
}

// ErrorCode returns the code of err: the code of an *Error in its chain,
// else EINTERNAL (nil gives "").
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrNotFound is returned by a [Tx] lookup that finds nothing.
var ErrNotFound = &Error{Code: ENOTFOUND, Key: "err.not_found"}

// ErrDataDirInUse reports a data dir locked by another process. Stores wrap
// it so the operator gets one plain sentence.
var ErrDataDirInUse = errors.New("data dir is in use by another rete process")

// ErrCannotSave is wrapped by a store's write that it refused because it
// cannot save now (the disk is nearly full): nothing was written, and reads
// still work. Members get "try again later".
var ErrCannotSave = &Error{Code: EUNAVAILABLE, Key: "err.cannot_save"}
