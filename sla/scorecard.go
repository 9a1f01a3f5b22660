package sla

import (
	"sort"
	"time"
)

// Scorecards: per rep follow-up figures for a period (docs/design.md,
// Routing, Scorecards).

// RepWeek is one calendar week of a rep's scorecard.
type RepWeek struct {
	Week         int // index into Month.WeekBounds
	Judged       int
	WithinTarget int
}

// Scorecard is one rep's figures over the leads handed off to them in a
// period (the current owner: a lead moved counts for the rep who has it).
type Scorecard struct {
	Rep       string
	HandedOff int
	// Judged are the leads whose speed is settled: followed up, or past
	// their speed target without a follow-up. WithinTarget of them were
	// followed up within it. The share is "% within target"; "n/a" with
	// none judged.
	Judged       int
	WithinTarget int
	Speed        DurationStats // over the followed-up leads
	Depth        DepthStats    // mature leads are judged, InWindow shown apart
	Strikes      int
	Weeks        []RepWeek // the weeks with a judged lead
}

// WithinShare is the share of judged leads followed up within the target.
func (s Scorecard) WithinShare() (Ratio, bool) {
	if s.Judged == 0 {
		return 0, false
	}
	return Ratio(int64(s.WithinTarget) * int64(RatioOne) / int64(s.Judged)), true
}

// BestWorst are the weeks with the highest and the lowest share within
// target (the earlier week on a tie); ok is false with no judged week.
func (s Scorecard) BestWorst() (best, worst RepWeek, ok bool) {
	for i, w := range s.Weeks {
		if i == 0 {
			best, worst, ok = w, w, true
			continue
		}
		// a/b > c/d as a×d > c×b: no rounding
		if w.WithinTarget*best.Judged > best.WithinTarget*w.Judged {
			best = w
		}
		if w.WithinTarget*worst.Judged < worst.WithinTarget*w.Judged {
			worst = w
		}
	}
	return best, worst, ok
}

// Scorecards computes each rep's card for month at now from the leads
// handed off in it (t the month's targets, cal the agreement's calendar,
// strikes by rep), ordered by rep id so the output is stable; callers sort
// by name. A lead counts for its current rep; one moved to them (a cover, a
// reassignment) is timed from the move.
func Scorecards(leads []Lead, t Targets, cal Calendar, strikes map[string]int, month Month, now time.Time) []Scorecard {
	loc := cal.loc()
	bounds := month.WeekBounds(loc)
	start, end := month.Start(loc), month.End(loc)
	mature := MatureBefore(now, t.Within)
	cards := map[string]*Scorecard{}
	speeds := map[string][]time.Duration{}
	weeks := map[string]map[int]*RepWeek{}
	card := func(rep string) *Scorecard {
		c, ok := cards[rep]
		if !ok {
			c = &Scorecard{Rep: rep, Strikes: strikes[rep]}
			cards[rep] = c
			weeks[rep] = map[int]*RepWeek{}
		}
		return c
	}
	for _, l := range leads {
		if l.Owner == "" || l.HandedOffAt.IsZero() || l.HandedOffAt.Before(start) || !l.HandedOffAt.Before(end) {
			continue
		}
		c := card(l.Owner)
		c.HandedOff++
		c.Depth.HandedOff++
		followed := !l.FirstAttemptAt.IsZero() && l.SpeedSecs >= 0
		judged, within := false, false
		switch {
		case followed:
			d := time.Duration(l.SpeedSecs) * time.Second
			if !l.AssignedAt.IsZero() && l.FirstAttemptAt.After(l.AssignedAt) {
				d = cal.Elapsed(l.AssignedAt, l.FirstAttemptAt) // a moved lead is its new rep's from the move
			}
			speeds[l.Owner] = append(speeds[l.Owner], d)
			judged, within = true, t.Speed <= 0 || d <= t.Speed
			c.Depth.Worked++
		case !l.SpeedDueAt.IsZero() && !now.Before(l.SpeedDueAt):
			judged = true
		}
		if judged {
			c.Judged++
			w := weekOf(bounds, l.HandedOffAt)
			rw := weeks[l.Owner][w]
			if rw == nil {
				rw = &RepWeek{Week: w}
				weeks[l.Owner][w] = rw
			}
			rw.Judged++
			if within {
				c.WithinTarget++
				rw.WithinTarget++
			}
		}
		if l.ContactedAt.IsZero() && l.WonAt.IsZero() {
			if l.HandedOffAt.Before(mature) {
				c.Depth.Uncontacted++
				c.Depth.UncontactedAttempts += l.Attempts
			} else {
				c.Depth.InWindow++
				c.Depth.InWindowAttempts += l.Attempts
			}
		}
	}
	for rep, n := range strikes {
		if n > 0 {
			card(rep)
		}
	}
	out := make([]Scorecard, 0, len(cards))
	for rep, c := range cards {
		c.Speed = SpeedStats(speeds[rep])
		for _, w := range weeks[rep] {
			c.Weeks = append(c.Weeks, *w)
		}
		sort.Slice(c.Weeks, func(i, j int) bool { return c.Weeks[i].Week < c.Weeks[j].Week })
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rep < out[j].Rep })
	return out
}

// weekOf is the index of the week of bounds that holds t.
func weekOf(bounds []time.Time, t time.Time) int {
	for i := 1; i < len(bounds); i++ {
		if t.Before(bounds[i]) {
			return i - 1
		}
	}
	return len(bounds) - 2
}
