package sla

import "time"

// The lead lifecycle rules shared by slash commands, buttons, the webhook
// and the importer, so every path records exactly the same thing.

// stamp renders an instant for a message in the agreement's zone.
func stamp(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon 2 Jan 15:04 MST")
}

// ClosedError explains why a won or lost lead cannot change; nil otherwise.
func ClosedError(l Lead, loc *time.Location) error {
	switch {
	case !l.WonAt.IsZero():
		return Errorf(Conflict, "%s was won on %s; it is closed.", l.ShortID(), stamp(l.WonAt, loc))
	case !l.LostAt.IsZero():
		return Errorf(Conflict, "%s was marked lost on %s; it is closed.", l.ShortID(), stamp(l.LostAt, loc))
	}
	return nil
}

// HandOff gives the lead to rep at at. A lead already handed off is
// reassigned and keeps its clock: the SLA runs from the first hand-off.
// reassigned reports which of the two happened.
func HandOff(l *Lead, rep string, at time.Time, loc *time.Location) (reassigned bool, err error) {
	if err := ClosedError(*l, loc); err != nil {
		return false, err
	}
	if rep == "" {
		return false, Errorf(Invalid, "A hand-off needs the rep who takes the lead.")
	}
	if !l.Qualified() {
		return false, Errorf(Invalid, "%s is not a marketing qualified lead yet; sales gets it once the CRM qualifies it.", l.ShortID())
	}
	if at.Before(l.CreatedAt) {
		return false, Errorf(Invalid, "%s was created %s; it cannot be handed off before that.", l.ShortID(), stamp(l.CreatedAt, loc))
	}
	if !l.HandedOffAt.IsZero() {
		if l.Owner == rep {
			return false, Errorf(Conflict, "%s is already with that rep (handed off %s).", l.ShortID(), stamp(l.HandedOffAt, loc))
		}
		l.Owner = rep
		return true, nil
	}
	l.HandedOffAt, l.Owner = at, rep
	return false, nil
}

// RecordAttempt applies a follow-up attempt. The first attempt fixes the
// lead's speed: business time from hand-off, on the calendar in force now.
func RecordAttempt(l *Lead, via Via, at time.Time, by string, cal Calendar) (*Attempt, error) {
	if err := ClosedError(*l, cal.Loc); err != nil {
		return nil, err
	}
	if l.HandedOffAt.IsZero() {
		return nil, Errorf(Invalid, "%s has not been handed off yet, so there is no follow-up to time. Hand it over first: `/sla lead handoff %s @rep`.", l.ShortID(), l.ShortID())
	}
	if at.Before(l.HandedOffAt) {
		return nil, Errorf(Invalid, "%s was handed off %s; an attempt cannot come before that.", l.ShortID(), stamp(l.HandedOffAt, cal.Loc))
	}
	if via == "" {
		via = ViaCall
	}
	l.Attempts++
	if l.FirstAttemptAt.IsZero() || at.Before(l.FirstAttemptAt) {
		l.FirstAttemptAt = at
		l.SpeedSecs = int64(cal.Elapsed(l.HandedOffAt, at) / time.Second)
	}
	return &Attempt{At: at, Via: via, By: by}, nil
}

// MarkContacted records that a real conversation happened; every clock stops.
func MarkContacted(l *Lead, at time.Time, loc *time.Location) error {
	if err := ClosedError(*l, loc); err != nil {
		return err
	}
	if !l.ContactedAt.IsZero() {
		return Errorf(Conflict, "%s was already contacted on %s.", l.ShortID(), stamp(l.ContactedAt, loc))
	}
	if at.Before(l.CreatedAt) {
		return Errorf(Invalid, "%s was created %s; contact cannot come before that.", l.ShortID(), stamp(l.CreatedAt, loc))
	}
	l.ContactedAt = at
	return nil
}

// MarkWon records the deal; a won lead was certainly contacted.
func MarkWon(l *Lead, revenue Money, at time.Time, loc *time.Location) error {
	if err := ClosedError(*l, loc); err != nil {
		return err
	}
	if revenue <= 0 {
		return Errorf(Invalid, "A won lead needs its revenue, above zero: `revenue=1200`.")
	}
	if at.Before(l.CreatedAt) {
		return Errorf(Invalid, "%s was created %s; it cannot be won before that.", l.ShortID(), stamp(l.CreatedAt, loc))
	}
	l.WonAt, l.Revenue = at, revenue
	if l.ContactedAt.IsZero() {
		l.ContactedAt = at
	}
	return nil
}

// MarkLost closes the lead without a deal.
func MarkLost(l *Lead, reason string, at time.Time, loc *time.Location) error {
	if err := ClosedError(*l, loc); err != nil {
		return err
	}
	if at.Before(l.CreatedAt) {
		return Errorf(Invalid, "%s was created %s; it cannot be lost before that.", l.ShortID(), stamp(l.CreatedAt, loc))
	}
	l.LostAt, l.LostReason = at, reason
	return nil
}

// SetClocks recomputes the lead's breach clocks and when the breach scan
// must next look at it (never before a snooze ends).
func SetClocks(l *Lead, t Targets, cal Calendar) {
	k := LeadClocks(*l, t, cal)
	l.WarnAt, l.SpeedDueAt, l.DepthDueAt = k.WarnAt, k.SpeedAt, k.DepthAt
	l.NextCheckAt = time.Time{}
	for _, at := range []time.Time{k.WarnAt, k.SpeedAt, k.DepthAt} {
		if !at.IsZero() && (l.NextCheckAt.IsZero() || at.Before(l.NextCheckAt)) {
			l.NextCheckAt = at
		}
	}
	if NoticePending(*l) && (l.NextCheckAt.IsZero() || l.HandedOffAt.Before(l.NextCheckAt)) {
		l.NextCheckAt = l.HandedOffAt // the new owner is told by the next scan
	}
	if !l.NextCheckAt.IsZero() && l.SnoozedUntil.After(l.NextCheckAt) {
		l.NextCheckAt = l.SnoozedUntil
	}
}
