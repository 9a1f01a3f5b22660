package sla

import "testing"

// TestCapacityWorkedExample is the guide's example (docs/design.md, Rep
// capacity): L = 270, 5 reps, depth 6, 10 minutes, 40 hours.
func TestCapacityWorkedExample(t *testing.T) {
	c, err := ComputeCapacity(CapacityInput{Goal: 270, Reps: 5, Depth: 6, Minutes: 10, Hours: 40})
	if err != nil {
		t.Fatal(err)
	}
	// 270 ÷ 5 = 54 leads; 54 × 6 = 324 attempts; 324 × 10 ÷ 60 = 54 h;
	// 54 ÷ 40 = 135 %; ⌊40 × 60 ÷ (54 × 10)⌋ = ⌊2400 ÷ 540⌋ = ⌊4.44⌋ = 4.
	if got := FormatCount(mustValue(t, c.LeadsPerRep)); got != "54" {
		t.Errorf("leads per rep %s, want 54", got)
	}
	if got := FormatCount(mustValue(t, c.AttemptsPerRep)); got != "324" {
		t.Errorf("attempts per rep %s, want 324", got)
	}
	if got := FormatCount(mustValue(t, c.HoursNeeded)); got != "54" {
		t.Errorf("hours needed %s, want 54", got)
	}
	if got := c.Load.Percent(); got != "135.0%" {
		t.Errorf("load %s, want 135.0%%", got)
	}
	if !c.Over() || !c.DeepestOK || c.Deepest != 4 {
		t.Errorf("over %v, deepest %d (%v), want over, 4", c.Over(), c.Deepest, c.DeepestOK)
	}
}

func TestCapacityEdges(t *testing.T) {
	// 100 leads, 3 reps, depth 6, 10 min, 40 h: 33.3 leads, 200 attempts,
	// 33.3 h of 40 (83.3 %), ⌊40 × 60 × 3 ÷ (100 × 10)⌋ = ⌊7.2⌋ = 7.
	c, err := ComputeCapacity(CapacityInput{Goal: 100, Reps: 3, Depth: 6, Minutes: 10, Hours: 40})
	if err != nil {
		t.Fatal(err)
	}
	if FormatCount(mustValue(t, c.LeadsPerRep)) != "33.3" || FormatCount(mustValue(t, c.AttemptsPerRep)) != "200" ||
		FormatCount(mustValue(t, c.HoursNeeded)) != "33.3" || c.Load.Percent() != "83.3%" || c.Over() || c.Deepest != 7 {
		t.Errorf("got %+v", c)
	}
	// No goal: nothing to share, the deepest follow-up is n/a.
	c, err = ComputeCapacity(CapacityInput{Goal: 0, Reps: 2, Depth: 6, Minutes: 10, Hours: 40})
	if err != nil || c.DeepestOK || c.Load.Percent() != "0.0%" {
		t.Errorf("no goal: %+v, %v", c, err)
	}
	if _, err := ComputeCapacity(CapacityInput{Goal: 10, Reps: 0, Depth: 6, Minutes: 10, Hours: 40}); ErrorCode(err) != Invalid {
		t.Errorf("no reps: %v, want invalid", err)
	}
}

func mustValue(t *testing.T, f Fraction) float64 {
	t.Helper()
	v, ok := f.Value()
	if !ok {
		t.Fatalf("%+v has no value", f)
	}
	return v
}
