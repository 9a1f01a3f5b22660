package sla

import (
	"testing"
	"time"
)

func TestTargetsInForce(t *testing.T) {
	dec, nov, jan := Month{2026, time.December}, Month{2026, time.November}, Month{2027, time.January}
	hour, half := time.Hour, 30*time.Minute
	six, hundred, ninety := 6, 100, 90
	window := 14 * 24 * time.Hour
	warn := Percent(75)
	settings := []TargetSetting{
		// the agreement was set up in December with the default sales targets
		{Month: dec, TargetPatch: TargetPatch{Speed: &hour, Depth: &six, Within: &window, Warn: &warn, MQLGoal: &hundred}},
		// January tightens speed and lowers the goal
		{Month: jan, TargetPatch: TargetPatch{Speed: &half, MQLGoal: &ninety}},
	}
	cases := []struct {
		name    string
		month   Month
		speed   time.Duration
		depth   int
		mql     int
		mqlSet  bool
		mqlFrom Month
	}{
		// A lead handed off on 27 November, recorded in December, is measured
		// against the first sales targets; November has no MQL goal.
		{"before the first setting", nov, hour, 6, 0, false, Month{}},
		{"the first month", dec, hour, 6, 100, true, dec},
		{"a later month overrides", jan, half, 6, 90, true, jan},
		{"inherited forward", Month{2027, time.March}, half, 6, 90, true, jan},
	}
	for _, c := range cases {
		for _, order := range [][]TargetSetting{settings, {settings[1], settings[0]}} {
			got, src := TargetsInForce(order, c.month)
			if got.Speed != c.speed || got.Depth != c.depth || got.MQLGoal != c.mql || got.MQLSet != c.mqlSet || got.Within != window || got.Warn != warn {
				t.Errorf("%s: got %+v", c.name, got)
			}
			if src.MQLFrom != c.mqlFrom {
				t.Errorf("%s: MQL from %v, want %v", c.name, src.MQLFrom, c.mqlFrom)
			}
		}
	}
	if got, _ := TargetsInForce(nil, dec); got != (Targets{}) {
		t.Errorf("no settings: %+v", got)
	}
}

func TestLeadPermissions(t *testing.T) {
	a := Agreement{Marketing: "UMKT", Sales: "USALES"}
	handed := Lead{Owner: "UREP"}
	for _, c := range []struct {
		user         string
		admin        bool
		work, edit   bool
		editOutcome  bool
		workUnhanded bool
	}{
		{"UREP", false, true, false, true, true},
		{"USALES", false, true, true, true, true},
		{"UMKT", false, false, true, true, true},
		{"UADM", true, true, true, true, true},
		{"UOTHER", false, false, false, false, true},
	} {
		if got := MayWorkLead(a, handed, c.user, c.admin); got != c.work {
			t.Errorf("%s works a handed-off lead: %v", c.user, got)
		}
		if got := MayWorkLead(a, Lead{}, c.user, c.admin); got != c.workUnhanded {
			t.Errorf("%s works a lead not handed off: %v", c.user, got)
		}
		if got := MayCorrectLead(a, handed, c.user, c.admin, false); got != c.edit {
			t.Errorf("%s edits: %v", c.user, got)
		}
		if got := MayCorrectLead(a, handed, c.user, c.admin, true); got != c.editOutcome {
			t.Errorf("%s edits the outcome: %v", c.user, got)
		}
	}
	// ten times the plan's $1,000 deal; $10M without a plan
	if got := RevenueCeiling(&PlanInput{Deal: Dollars(1000)}); got != Dollars(10_000) {
		t.Errorf("ceiling with a plan %v", got)
	}
	if got := RevenueCeiling(nil); got != Dollars(10_000_000) {
		t.Errorf("ceiling without a plan %v", got)
	}
}
