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
