package werkpad

import (
	"errors"
	"fmt"
)

// Error codes. Adapters map them to transport status in exactly one place.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "notfound"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
	// EUNAVAILABLE: the service cannot store anything right now (disk full,
	// database read-only or shutting down); nothing was changed.
	EUNAVAILABLE = "unavailable"
)

// Error is the one error type of the domain. Message is safe to show to the
// user (in Dutch); Field names the offending input field, if any.
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("werkpad: %s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("werkpad: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic message so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Er ging iets mis aan onze kant. Probeer het later opnieuw."
}

// ErrorField returns the input field that err is about, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// problems collects the field errors of one validation, so that a form
// shows every mistake at once instead of one per submit.
type problems []error

// add keeps err when it is not nil.
func (p *problems) add(err error) {
	if err != nil {
		*p = append(*p, err)
	}
}

// err returns nil, the one error, or all of them joined; ErrorCode,
// ErrorMessage and ErrorField read the first.
func (p problems) err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return errors.Join(p...)
}

// has reports whether a field already has an error, so that a check that
// depends on it is skipped.
func (p problems) has(field string) bool {
	for _, err := range p {
		if ErrorField(err) == field {
			return true
		}
	}
	return false
}

// FieldErrors returns every *Error in err's tree (joined and wrapped
// errors), in order: the errors a form shows at once.
func FieldErrors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}
