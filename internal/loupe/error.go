package loupe

import (
	"errors"
	"fmt"
)

// Code classifies an error for clients; the HTTP layer maps each code to a status in one table.
type Code string

const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Forbidden       Code = "forbidden"
	Unauthenticated Code = "unauthenticated"
	TooManyRequests Code = "too_many_requests"
	Internal        Code = "internal"
)

// FieldError names one input field that was refused and why.
type FieldError struct {
	Field   string // JSON path of the field, as the client sent it: "email", "email_domains[2]"
	Message string
}

// Error is the one error type that crosses package boundaries. Message is safe to show to clients;
// the wrapped cause is for logs only.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	// RetryAfterSeconds tells a throttled client when to come back.
	RetryAfterSeconds int
	cause             error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.cause }

// Errorf returns an *Error with a client-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an internal error whose cause is logged but never shown.
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var le *Error
	if errors.As(err, &le) {
		return err
	}
	return &Error{Code: Internal, Message: "internal error", cause: fmt.Errorf(format+": %w", append(args, err)...)}
}

// InvalidField returns an Invalid error about a single field.
func InvalidField(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: Invalid, Message: field + ": " + msg, Fields: []FieldError{{Field: field, Message: msg}}}
}

// ErrorCode returns the code of err, Internal for errors that are not *Error, "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var le *Error
	if errors.As(err, &le) {
		return le.Code
	}
	return Internal
}

// IsCode reports whether err carries code.
func IsCode(err error, code Code) bool { return ErrorCode(err) == code }

// Validation collects field errors so that a client learns about every bad field at once.
type Validation struct{ fields []FieldError }

func (v *Validation) Add(field, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when nothing was added.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	msg := v.fields[0].Field + ": " + v.fields[0].Message
	if len(v.fields) > 1 {
		msg = fmt.Sprintf("%s (and %d more)", msg, len(v.fields)-1)
	}
	return &Error{Code: Invalid, Message: msg, Fields: v.fields}
}
