package commands_test

import (
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestExceptions: an owner's exception waits for the other owner; once
// approved the document, status and the report show it, the goal line
// pauses on its days and a handed-off lead's clocks skip them. Bad input is
// refused with the usage and writes nothing.
func TestExceptions(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st) // Friday 11 December 2026, 15:00 Berlin
		for text, want := range map[string]string{
			"exception add from=2026-12-21 to=2026-12-23":                    "missing `reason=\"…\"`",
			`exception add to=2026-12-23 reason="x"`:                         "missing `from=",
			`exception add from=2026-12-23 to=2026-12-21 reason="x"`:         "is before",
			`exception add from=2026-12-01 to=2027-02-01 reason="x"`:         "at most 31 days",
			`exception add from=21/12 to=2026-12-23 reason="x"`:              "is not a date",
			`exception add from=2026-12-21 to=2026-12-23 reason="  "`:        "Give the reason",
			`exception add from=2026-12-21 to=2026-12-23 reason="x" extra`:   "is not expected",
			`exception add from=2026-12-21 to=2026-12-23 why="x" reason="x"`: "unknown option",
		} {
			before := f.fingerprint()
			r := f.do("UADM", text)
			if !r.Failed || !strings.Contains(r.Text, want) || !strings.Contains(r.Text, "/sla exception add from=") {
				t.Errorf("%q: %+v", text, r.Text)
			}
			if f.fingerprint() != before {
				t.Errorf("refused %q wrote", text)
			}
		}
		before := f.fingerprint()
		if r := f.do("UREP", `exception add from=2026-12-21 to=2026-12-23 reason="CRM outage"`); !r.Failed || !strings.Contains(r.Text, "Only the party owners") {
			t.Fatalf("rep: %+v", r)
		}
		if f.fingerprint() != before {
			t.Fatal("the rep's refused exception wrote")
		}
		f.ok("UMKT", "agreement approval on") // already on: says so, writes nothing
		f.ok("UADM", "target mql=56")
		f.ok("USALES", `lead handoff L-1 <@UREP> at="2026-12-11 14:00"`)

		r := f.ok("UMKT", `exception add from=2026-12-21 to=2026-12-23 reason="CRM outage"`)
		has(t, "held", r, "add the exception *2026-12-21 – 2026-12-23* — CRM outage", "when <@USALES> approves it")
		has(t, "document before approval", f.ok("UREP", "agreement"), "*Exceptions*", "_none_")
		f.ok("USALES", "agreement approve")
		has(t, "document", f.ok("UREP", "agreement"), "• 2026-12-21 – 2026-12-23 — CRM outage (<@UMKT>)")
		// 56 spread over the 28 days outside it. The agreement was set up
		// now, 11 Dec 15:00, after 10.625 of those 28 days: judged pro rata
		// on 56 × 17.375 ÷ 28 = 34.75, rounded up to 35.
		has(t, "status", f.ok("UREP", "status"), "3 of 35 MQLs", "paused 3 days (2026-12-21 – 2026-12-23: CRM outage); the goal is spread over the other 28")
		has(t, "report", f.ok("UREP", "report"), "*Exceptions*", "2026-12-21 – 2026-12-23 — CRM outage")
		has(t, "history", f.ok("UREP", "history from=2026-11"), "*Exceptions*", "2026-12-21 – 2026-12-23 — CRM outage")
		if r := f.ok("UREP", "history from=2026-10 to=2026-11"); strings.Contains(r.Text, "CRM outage") {
			t.Errorf("a history without the exception's months names it: %s", r.Text)
		}

		// L-1, handed off at 14:00 with 6 attempts due within 14 days:
		// its depth window, calendar time, is pushed back by the three
		// paused days: 25 Dec 14:00 + 72 h = 28 Dec 14:00.
		if l := f.lead(1); !l.DepthDueAt.Equal(time.Date(2026, 12, 28, 14, 0, 0, 0, berlin)) {
			t.Errorf("depth due %s, want 28 Dec 14:00", l.DepthDueAt.In(berlin))
		}
		// A hand-off on Friday the 18th at 16:30 with the 1 h target is due
		// on Thursday the 24th at 09:30: Monday to Wednesday are paused.
		f.now = time.Date(2026, 12, 18, 17, 0, 0, 0, berlin)
		f.ok("USALES", `lead handoff L-2 <@UREP> at="2026-12-18 16:30"`)
		if l := f.lead(2); !l.SpeedDueAt.Equal(time.Date(2026, 12, 24, 9, 30, 0, 0, berlin)) {
			t.Errorf("speed due %s, want Thu 24 Dec 09:30", l.SpeedDueAt.In(berlin))
		}
		if r := f.ok("UADM", `exception add from=2026-12-21 to=2026-12-23 reason="again"`); !strings.Contains(r.Text, "already an exception") {
			t.Errorf("repeat: %s", r.Text)
		}

		// Removing it: refused for a period that is none, then by the admin
		// at once; L-2's clock moves back to Monday 21 Dec 09:30.
		before = f.fingerprint()
		if r := f.do("UADM", "exception remove from=2026-12-21 to=2026-12-22"); !r.Failed || !strings.Contains(r.Text, "No exception from 2026-12-21 to 2026-12-22") {
			t.Fatalf("remove a period that is none: %s", r.Text)
		}
		if r := f.do("UADM", "exception remove from=2026-12-21"); !r.Failed || !strings.Contains(r.Text, "missing `to=") {
			t.Fatalf("remove without to=: %s", r.Text)
		}
		if f.fingerprint() != before {
			t.Fatal("refused removals wrote")
		}
		has(t, "remove", f.ok("UADM", "exception remove from=2026-12-21 to=2026-12-23"), "removed the exception *2026-12-21 – 2026-12-23*")
		if l := f.lead(2); !l.SpeedDueAt.Equal(time.Date(2026, 12, 21, 9, 30, 0, 0, berlin)) {
			t.Errorf("speed due %s after the removal, want Mon 21 Dec 09:30", l.SpeedDueAt.In(berlin))
		}
		has(t, "document", f.ok("UREP", "agreement"), "*Exceptions*", "_none_")
	})
}

// TestExceptionOn24x7: a 24x7 calendar ignores holidays but not exceptions.
// A 1 h target on a Sunday 20 Dec 23:30 hand-off is due Mon 21 Dec 00:30;
// with 21–23 December an exception, the half hour left runs from Thursday's
// midnight: due Thu 24 Dec 00:30. Removing it moves the clock back.
func TestExceptionOn24x7(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		f.ok("UADM", "hours 24x7")
		f.now = time.Date(2026, 12, 20, 23, 45, 0, 0, berlin)
		f.ok("USALES", `lead handoff L-2 <@UREP> at="2026-12-20 23:30"`)
		if l := f.lead(2); !l.SpeedDueAt.Equal(time.Date(2026, 12, 21, 0, 30, 0, 0, berlin)) {
			t.Fatalf("speed due %s, want Mon 21 Dec 00:30", l.SpeedDueAt.In(berlin))
		}
		f.ok("UADM", `exception add from=2026-12-21 to=2026-12-23 reason="Office move"`)
		if l := f.lead(2); !l.SpeedDueAt.Equal(time.Date(2026, 12, 24, 0, 30, 0, 0, berlin)) {
			t.Errorf("speed due %s with the exception, want Thu 24 Dec 00:30", l.SpeedDueAt.In(berlin))
		}
		f.ok("UADM", "exception remove from=2026-12-21 to=2026-12-23")
		if l := f.lead(2); !l.SpeedDueAt.Equal(time.Date(2026, 12, 21, 0, 30, 0, 0, berlin)) {
			t.Errorf("speed due %s after the removal, want Mon 21 Dec 00:30", l.SpeedDueAt.In(berlin))
		}
	})
}
