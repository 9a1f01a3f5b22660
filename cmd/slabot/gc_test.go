package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	was := debug.SetGCPercent(100)
	defer debug.SetGCPercent(was)
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "GOGC" {
				return v
			}
			return ""
		}
	}
	if got := tuneGC(env("")); got != 400 {
		t.Errorf("without GOGC: %d, want 400", got)
	}
	if got := debug.SetGCPercent(100); got != 400 {
		t.Errorf("the runtime has %d, want 400", got)
	}
	// GOGC set: the runtime read it at start (here 100); it is kept.
	if got := tuneGC(env("150")); got != 100 {
		t.Errorf("with GOGC set: %d, want the runtime's 100", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set the runtime has %d, want 100 untouched", got)
	}
}
