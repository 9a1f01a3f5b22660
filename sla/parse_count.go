package sla

import (
	"strconv"
	"strings"
)

// ParseCount reads a whole number from 0 to max: 120, 1,000, and the 3.0 a
// CRM export writes for 3.
func ParseCount(s string, max int) (int, error) {
	s = strings.TrimSpace(s)
	num := s
	if whole, frac, point := strings.Cut(s, "."); point && frac != "" && strings.Trim(frac, "0") == "" {
		num = whole
	}
	digits, ok := ungroup(num)
	if !ok || !allDigits(digits) {
		if strings.HasPrefix(s, "-") {
			return 0, invalid(s, "is negative")
		}
		return 0, invalid(s, "is not a whole number")
	}
	tooLarge := "is too large: at most " + strconv.Itoa(max)
	if len(digits) > 12 {
		return 0, invalid(s, tooLarge)
	}
	n, _ := strconv.Atoi(digits)
	if n > max {
		return 0, invalid(s, tooLarge)
	}
	return n, nil
}
