package sla

import (
	"testing"
	"time"
)

func TestDateOf(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	la := mustLoad(t, "America/Los_Angeles")
	tests := []struct {
		at   string
		loc  *time.Location
		want Date
	}{
		{"2026-12-24T23:30:00Z", time.UTC, Date{2026, time.December, 24}},
		{"2026-12-24T23:30:00Z", berlin, Date{2026, time.December, 25}},
		{"2027-01-01T05:00:00Z", la, Date{2026, time.December, 31}},
	}
	for _, tt := range tests {
		if got := DateOf(mustTime(t, tt.at), tt.loc); got != tt.want {
			t.Errorf("DateOf(%s, %v) = %v, want %v", tt.at, tt.loc, got, tt.want)
		}
	}
}

func TestDateText(t *testing.T) {
	if got := (Date{2026, time.March, 5}).String(); got != "2026-03-05" {
		t.Errorf("String() = %q, want 2026-03-05", got)
	}
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-12-25", Date{2026, time.December, 25}, true},
		{"2028-02-29", Date{2028, time.February, 29}, true},
		{"2026-02-29", Date{}, false}, // not a leap year
		{"2026-02-30", Date{}, false},
		{"12/25/2026", Date{}, false},
		{"2026-12-25T00:00:00Z", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.ok {
			if err != nil || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil || ErrorCode(err) != Invalid {
			t.Errorf("ParseDate(%q) = %v, %v; want an invalid error", tt.in, got, err)
		}
	}
	want := `"12/25/2026" is not a date like 2026-12-25`
	if _, err := ParseDate("12/25/2026"); ErrorMessage(err) != want {
		t.Errorf("message %q, want %q", ErrorMessage(err), want)
	}
}

func TestDefaultCalendars(t *testing.T) {
	if err := DefaultHours.Valid(); err != nil {
		t.Errorf("DefaultHours invalid: %v", err)
	}
	// docs/design.md, Business time: a new agreement is Mon–Fri 09:00–17:00.
	if got := DefaultHours.String(); got != "Mon–Fri 09:00–17:00" {
		t.Errorf("DefaultHours = %q", got)
	}
}
