package sla

import (
	"errors"
	"fmt"
)

// Code classifies an error so the transport can pick a reply without parsing text.
type Code string

const (
	Invalid     Code = "invalid"
	NotFound    Code = "not_found"
	Forbidden   Code = "forbidden"
	Conflict    Code = "conflict"
	Unavailable Code = "unavailable"
	Internal    Code = "internal"
)

// Error carries a code and a message that is safe to show to a Slack user.
// Err, when set, is the underlying cause and is only ever logged.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a user-safe error with the given code.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, Internal otherwise.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the user-safe message of err, or a generic line for
// anything that is not an *Error (internal details are never shown).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Message
	}
	return "Something went wrong on our side; it has been logged. Please try again in a minute."
}
