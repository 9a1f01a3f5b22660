package sla

import "time"

// Recurrence is when a scheduled post falls, in a location: every week on
// Weekday, or every month on Day (1–28), at Hour:Minute local time.
type Recurrence struct {
	Weekly  bool
	Weekday time.Weekday
	Day     int
	Hour    int
	Minute  int
}

// Next is the first instant of r strictly after after, in loc. A local time
// that a daylight-saving jump skips is taken as the instant time.Date gives
// it (the same wall-clock minute, shifted by the jump).
func (r Recurrence) Next(after time.Time, loc *time.Location) time.Time {
	local := after.In(loc)
	y, m, d := local.Date()
	// 32 days reach the next matching day of either kind.
	for i := 0; i <= 32; i++ {
		noon := time.Date(y, m, d+i, 12, 0, 0, 0, loc) // the day, whatever its length
		if r.Weekly && noon.Weekday() != r.Weekday || !r.Weekly && noon.Day() != r.Day {
			continue
		}
		at := time.Date(y, m, d+i, r.Hour, r.Minute, 0, 0, loc)
		if at.After(after) {
			return at
		}
	}
	return time.Time{}
}
