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
