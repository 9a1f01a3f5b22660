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
	tuneGC(env(""))
	if got := debug.SetGCPercent(100); got != 400 {
		t.Errorf("the runtime has %d, want 400", got)
	}
	// GOGC set: the runtime read it at start (here 100); it is kept.
	tuneGC(env("150"))
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set the runtime has %d, want 100 untouched", got)
	}
}
