package sla

import (
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ValueError is what every value parser and Lead.Validate return: the value
// (or the part of it that is wrong) and the problem, a sentence tail such as
// "is not an amount: use 5000, $5,000, 5k or 1.2M". It unwraps to an Invalid
// *Error, so ErrorCode and ErrorMessage treat it as one. Callers that name the
// value their own way (`revenue=abc`, a CSV column, a JSON field) use Problem.
type ValueError struct {
	// Field is the Lead field Validate refused (FieldName, …); "" from a parser.
	Field   string
	Input   string
	Problem string
}

// Error is the value quoted, then the problem: `"5,00" has misplaced commas: …`.
func (e *ValueError) Error() string { return quoteValue(e.Input) + " " + e.Problem }

func (e *ValueError) Unwrap() error { return &Error{Code: Invalid, Message: e.Error()} }

func invalid(s, problem string) error {
	return &ValueError{Input: strings.TrimSpace(s), Problem: problem}
}

// quoteValue quotes a value for a message, cut short so that a pasted essay is
// not echoed back whole.
func quoteValue(s string) string {
	if strings.TrimSpace(s) == "" {
		return "an empty value"
	}
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:59]) + "…"
	}
	return strconv.Quote(s)
}

// Years outside this range are typos, and bounding them keeps every month and
// time a parser returns inside what storage and the charts can handle.
const (
	minYear = 2000
	maxYear = 2100
)

func outsideYears(y int) string {
	if y < minYear || y > maxYear {
		return "is outside the years " + strconv.Itoa(minYear) + "–" + strconv.Itoa(maxYear)
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// readDecimal reads 12, 12.5 or .5 as an exact rational; ok is false for
// anything else (signs, exponents, hex, a trailing point).
func readDecimal(s string) (*big.Rat, bool) {
	whole, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && !allDigits(frac) || !hasPoint && !allDigits(whole) || whole != "" && !allDigits(whole) {
		return nil, false
	}
	if len(s) > 40 { // no sensible figure is this long; keeps big.Rat cheap
		return nil, false
	}
	if whole == "" {
		whole = "0"
	}
	return new(big.Rat).SetString(whole + "." + frac + "0")
}

// ungroup removes thousands separators from 1,250,000; ok is false when the
// commas are misplaced (5,00) or s is not digits and commas.
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, true
	}
	groups := strings.Split(s, ",")
	for i, g := range groups {
		if !allDigits(g) || i == 0 && len(g) > 3 || i > 0 && len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}
