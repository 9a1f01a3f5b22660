package ingest

import (
	"context"
	"testing"
	"time"
)

// The pacer starts at most n calls in any window of n ÷ rate seconds (and
// the margin), the way HubSpot counts them.
func TestPacer(t *testing.T) {
	p := newPacer(20)
	var starts []time.Time
	for range 45 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Now())
	}
	for i := 20; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-20]); d < time.Second {
			t.Fatalf("calls %d and %d %s apart: 21 in a second", i-20, i, d)
		}
	}
	if d := starts[len(starts)-1].Sub(starts[0]); d > 2*time.Second+200*time.Millisecond {
		t.Fatalf("45 calls at 20/s took %s", d)
	}
	p.pushBack(300 * time.Millisecond)
	start := time.Now()
	p.wait(context.Background())
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Fatalf("a pushed-back call waited %s", d)
	}
}
