package sla

import (
	"slices"
	"testing"
	"time"
)

// handoff Fri 2026-03-27 16:50 UTC with the default targets (1 h speed, warning
// at 75 % = 45 min, 6 attempts within 14 days) on Mon–Fri 09:00–17:00:
// 10 min on Friday, so the warning falls Mon 09:35 and the breach Mon 09:50;
// the depth window ends 14×24 h later, Fri 2026-04-10 16:50.
const handoff = "2026-03-27T16:50:00Z"

func TestLeadClocks(t *testing.T) {
	utc := Calendar{Hours: DefaultHours, Loc: time.UTC}
	berlin := Calendar{Hours: DefaultHours, Loc: mustLoad(t, "Europe/Berlin")}
	at := func(s string) time.Time { return mustTime(t, s) }
	fresh := Lead{HandedOffAt: at(handoff), SpeedSecs: -1}
	with := func(f func(*Lead)) Lead {
		l := fresh
		f(&l)
		return l
	}
	targets := func(f func(*Targets)) Targets {
		tg := DefaultTargets
		f(&tg)
		return tg
	}
	tests := []struct {
		name string
		l    Lead
		t    Targets
		c    Calendar
		want [3]string // WarnAt, SpeedAt, DepthAt; "" for zero
	}{
		{"fresh", fresh, DefaultTargets, utc,
			[3]string{"2026-03-30T09:35:00Z", "2026-03-30T09:50:00Z", "2026-04-10T16:50:00Z"}},
		{
			// Same wall times in Berlin across the spring-forward weekend; the depth
			// window is 336 real hours, so it ends at 17:50 CEST.
			"berlin",
			with(func(l *Lead) { l.HandedOffAt = at("2026-03-27T16:50:00+01:00") }),
			DefaultTargets, berlin,
			[3]string{"2026-03-30T09:35:00+02:00", "2026-03-30T09:50:00+02:00", "2026-04-10T17:50:00+02:00"},
		},
		{"not handed off", Lead{SpeedSecs: -1}, DefaultTargets, utc, [3]string{}},
		{"one attempt stops speed", with(func(l *Lead) { l.Attempts, l.FirstAttemptAt = 1, at("2026-03-30T09:40:00Z") }),
			DefaultTargets, utc, [3]string{"", "", "2026-04-10T16:50:00Z"}},
		{"first attempt time alone stops speed", with(func(l *Lead) { l.FirstAttemptAt = at("2026-03-30T09:40:00Z") }),
			DefaultTargets, utc, [3]string{"", "", "2026-04-10T16:50:00Z"}},
		{"depth reached", with(func(l *Lead) { l.Attempts, l.FirstAttemptAt = 6, at("2026-03-30T09:40:00Z") }),
			DefaultTargets, utc, [3]string{}},
		{"contacted", with(func(l *Lead) { l.ContactedAt = at("2026-03-30T09:00:00Z") }), DefaultTargets, utc, [3]string{}},
		{"won", with(func(l *Lead) { l.WonAt = at("2026-03-30T09:00:00Z") }), DefaultTargets, utc, [3]string{}},
		{"lost", with(func(l *Lead) { l.LostAt = at("2026-03-30T09:00:00Z") }), DefaultTargets, utc, [3]string{}},
		{"no warning", fresh, targets(func(t *Targets) { t.Warn = 0 }), utc,
			[3]string{"", "2026-03-30T09:50:00Z", "2026-04-10T16:50:00Z"}},
		{"warning at 100% is no warning", fresh, targets(func(t *Targets) { t.Warn = RatioOne }), utc,
			[3]string{"", "2026-03-30T09:50:00Z", "2026-04-10T16:50:00Z"}},
		{"no speed target", fresh, targets(func(t *Targets) { t.Speed = 0 }), utc,
			[3]string{"", "", "2026-04-10T16:50:00Z"}},
		{"no depth target", fresh, targets(func(t *Targets) { t.Depth = 0 }), utc,
			[3]string{"2026-03-30T09:35:00Z", "2026-03-30T09:50:00Z", ""}},
		{"no depth window", fresh, targets(func(t *Targets) { t.Within = 0 }), utc,
			[3]string{"2026-03-30T09:35:00Z", "2026-03-30T09:50:00Z", ""}},
		{
			// 24 h speed with a 50 % warning, from Friday 16:50 (10 min Friday, then 8 h days):
			// 12 h = 10m + Mon 8h + Tue 3h50m → Tue 12:50;
			// 24 h = 10m + Mon 8h + Tue 8h + Wed 7h50m → Wed 16:50.
			"long target",
			fresh, targets(func(t *Targets) { t.Speed, t.Warn = 24*time.Hour, Percent(50) }), utc,
			[3]string{"2026-03-31T12:50:00Z", "2026-04-01T16:50:00Z", "2026-04-10T16:50:00Z"},
		},
		{
			// 24x7: plain real time, 45 min and 1 h after hand-off.
			"24x7", fresh, DefaultTargets, Calendar{Hours: AlwaysOpen, Loc: time.UTC},
			[3]string{"2026-03-27T17:35:00Z", "2026-03-27T17:50:00Z", "2026-04-10T16:50:00Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LeadClocks(tt.l, tt.t, tt.c)
			for i, g := range []time.Time{got.WarnAt, got.SpeedAt, got.DepthAt} {
				name := []string{"WarnAt", "SpeedAt", "DepthAt"}[i]
				if tt.want[i] == "" {
					if !g.IsZero() {
						t.Errorf("%s = %s, want zero", name, g)
					}
					continue
				}
				if w := mustTime(t, tt.want[i]); !g.Equal(w) {
					t.Errorf("%s = %s, want %s", name, g, tt.want[i])
				}
			}
		})
	}
}

func TestScaleDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		r    Ratio
		want time.Duration
	}{
		{time.Hour, Percent(75), 45 * time.Minute},
		{time.Hour, Percent(50), 30 * time.Minute},
		// 3,600 s × 0.333333 = 1,199.9988 s.
		{time.Hour, 333333, 1199998800 * time.Microsecond},
		{30 * 24 * time.Hour, Percent(90), 27 * 24 * time.Hour}, // 2.6e15 ns × 1e6 would overflow
		{7, Percent(50), 3}, // 3.5 ns truncated
		{time.Hour, 0, 0},
	}
	for _, tt := range tests {
		if got := scaleDuration(tt.d, tt.r); got != tt.want {
			t.Errorf("scaleDuration(%v, %v) = %v, want %v", tt.d, tt.r, got, tt.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	c := Calendar{Hours: DefaultHours, Loc: time.UTC}
	at := func(s string) time.Time { return mustTime(t, s) }
	fresh := Lead{HandedOffAt: at(handoff), SpeedSecs: -1}
	worked := fresh
	worked.Attempts, worked.FirstAttemptAt = 2, at("2026-03-30T09:40:00Z")
	full := worked
	full.Attempts = 6
	contacted := fresh
	contacted.ContactedAt = at("2026-03-30T09:45:00Z")

	warn := func(since string, left time.Duration) Breach {
		return Breach{Kind: SpeedWarning, Since: at(since), Late: left}
	}
	speed := func(late time.Duration) Breach {
		return Breach{Kind: SpeedBreach, Since: at("2026-03-30T09:50:00Z"), Late: late}
	}
	depth := func(late time.Duration, missing int) Breach {
		return Breach{Kind: DepthBreach, Since: at("2026-04-10T16:50:00Z"), Late: late, Missing: missing}
	}
	const (
		m = time.Minute
		h = time.Hour
	)
	tests := []struct {
		name string
		l    Lead
		now  string
		want []Breach
	}{
		{"friday evening", fresh, "2026-03-27T17:30:00Z", nil},
		{"a second before the warning", fresh, "2026-03-30T09:34:59Z", nil},
		{"warning on its minute", fresh, "2026-03-30T09:35:00Z", []Breach{warn("2026-03-30T09:35:00Z", 15*m)}},
		{"warning, 10 min left", fresh, "2026-03-30T09:40:00Z", []Breach{warn("2026-03-30T09:35:00Z", 10*m)}},
		{"a second before the breach", fresh, "2026-03-30T09:49:59Z", []Breach{warn("2026-03-30T09:35:00Z", time.Second)}},
		// At or after the due instant is a breach; the warning is replaced.
		{"breach on its minute", fresh, "2026-03-30T09:50:00Z", []Breach{speed(0)}},
		{"breach 1h10m late", fresh, "2026-03-30T11:00:00Z", []Breach{speed(h + 10*m)}},
		// Lateness is business time: 09:50–17:00 is 7h10m; the evening adds nothing.
		{"breach after hours", fresh, "2026-03-30T23:00:00Z", []Breach{speed(7*h + 10*m)}},
		{"breach next morning", fresh, "2026-03-31T10:00:00Z", []Breach{speed(8*h + 10*m)}},
		// Two weeks on: Mon 7h10m + Tue–Fri 32h + Mon–Thu 32h + Fri 09:00–16:50 7h50m = 79h.
		{"speed and depth on the depth minute", fresh, "2026-04-10T16:50:00Z", []Breach{speed(79 * h), depth(0, 6)}},
		{"worked: no speed clock, depth short by 4", worked, "2026-04-10T16:50:00Z", []Breach{depth(0, 4)}},
		{"worked: a second before the depth minute", worked, "2026-04-10T16:49:59Z", nil},
		// Depth lateness is calendar time: 1 day and 10 minutes.
		{"worked: depth a day later", worked, "2026-04-11T17:00:00Z", []Breach{depth(24*h+10*m, 4)}},
		{"depth satisfied", full, "2026-04-20T12:00:00Z", nil},
		{"contacted stops everything", contacted, "2026-04-20T12:00:00Z", nil},
		{"not handed off", Lead{SpeedSecs: -1}, "2026-04-20T12:00:00Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(tt.l, DefaultTargets, c, at(tt.now))
			if !slices.EqualFunc(got, tt.want, func(a, b Breach) bool {
				return a.Kind == b.Kind && a.Since.Equal(b.Since) && a.Late == b.Late && a.Missing == b.Missing
			}) {
				t.Errorf("Evaluate at %s = %+v, want %+v", tt.now, got, tt.want)
			}
		})
	}
}

func TestNextCheck(t *testing.T) {
	c := Calendar{Hours: DefaultHours, Loc: time.UTC}
	at := func(s string) time.Time { return mustTime(t, s) }
	fresh := Lead{HandedOffAt: at(handoff), SpeedSecs: -1}
	worked := fresh
	worked.Attempts, worked.FirstAttemptAt = 1, at("2026-03-30T09:40:00Z")
	won := fresh
	won.WonAt = at("2026-03-30T09:45:00Z")

	tests := []struct {
		name string
		l    Lead
		now  string
		want string // "" for zero
	}{
		{"before the warning", fresh, "2026-03-27T17:00:00Z", "2026-03-30T09:35:00Z"},
		{"on the warning: strictly after", fresh, "2026-03-30T09:35:00Z", "2026-03-30T09:50:00Z"},
		{"on the breach", fresh, "2026-03-30T09:50:00Z", "2026-04-10T16:50:00Z"},
		{"all due", fresh, "2026-04-10T16:50:00Z", ""},
		{"worked", worked, "2026-03-30T10:00:00Z", "2026-04-10T16:50:00Z"},
		{"won", won, "2026-03-30T10:00:00Z", ""},
		{"not handed off", Lead{SpeedSecs: -1}, "2026-03-30T10:00:00Z", ""},
	}
	for _, tt := range tests {
		got := NextCheck(tt.l, DefaultTargets, c, at(tt.now))
		if tt.want == "" {
			if !got.IsZero() {
				t.Errorf("%s: NextCheck = %s, want zero", tt.name, got)
			}
			continue
		}
		if w := at(tt.want); !got.Equal(w) {
			t.Errorf("%s: NextCheck = %s, want %s", tt.name, got, tt.want)
		}
	}
}
