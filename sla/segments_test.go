package sla

import "testing"

// TestSegmentedPlanWorkedExample is the guide's example (docs/design.md,
// Segments and lead value).
func TestSegmentedPlanWorkedExample(t *testing.T) {
	segs := []Segment{
		{Name: "manager", Mix: Percent(50), Deal: Dollars(1000), Close: Percent(10), Value: Dollars(40)},
		{Name: "exec", Mix: Percent(50), Deal: Dollars(5000), Close: Percent(25), Value: Dollars(100)},
	}
	p, err := ComputeSegmentedPlan(Dollars(100_000), Percent(50), segs)
	if err != nil {
		t.Fatal(err)
	}
	// R = $100,000 × 50 % = $50,000.
	// exec: R = $25,000, C = ⌈25,000 ÷ 5,000⌉ = 5, L = ⌈5 ÷ 0.25⌉ = 20, V = 20 × $100 = $2,000.
	// manager: R = $25,000, C = ⌈25,000 ÷ 1,000⌉ = 25, L = ⌈25 ÷ 0.10⌉ = 250, V = 250 × $40 = $10,000.
	// L = 270, V = $12,000, ΣC = 30.
	if p.Revenue != Dollars(50_000) || p.Leads != 270 || p.Value != Dollars(12_000) || p.Customers != 30 {
		t.Fatalf("totals %+v", p)
	}
	want := []SegmentPlanLine{
		{Segment: segs[1], Revenue: Dollars(25_000), Customers: 5, Leads: 20, Value: Dollars(2000)},
		{Segment: segs[0], Revenue: Dollars(25_000), Customers: 25, Leads: 250, Value: Dollars(10_000)},
	}
	for i, w := range want {
		if p.Lines[i] != w {
			t.Errorf("line %d %+v, want %+v", i, p.Lines[i], w)
		}
	}
	// Blended: deal $50,000 ÷ 30 = $1,666.67; close 30 ÷ 270 = 11.1111 %.
	deal, closeRate := p.Blended()
	if deal != 166667 || closeRate != 111111 {
		t.Errorf("blended %v %v", deal, closeRate)
	}
}

func TestSegmentedPlanRoundsUpPerSegment(t *testing.T) {
	// R = $1,000 × 100 % = $1,000; a: R = $333.33⅓, C = ⌈333.33 ÷ 100⌉ = 4,
	// L = ⌈4 ÷ 0.5⌉ = 8; b: R = $666.66⅔, C = ⌈6.67⌉ = 7, L = ⌈7 ÷ 0.5⌉ = 14.
	// Σ L = 22, where one unsegmented plan gives ⌈⌈10⌉ ÷ 0.5⌉ = 20.
	segs := []Segment{
		{Name: "a", Mix: Ratio(333_333), Deal: Dollars(100), Close: Percent(50)},
		{Name: "b", Mix: Ratio(666_667), Deal: Dollars(100), Close: Percent(50)},
	}
	p, err := ComputeSegmentedPlan(Dollars(1000), Percent(100), segs)
	if err != nil {
		t.Fatal(err)
	}
	if p.Lines[0].Customers != 4 || p.Lines[0].Leads != 8 || p.Lines[1].Customers != 7 || p.Lines[1].Leads != 14 || p.Leads != 22 || p.Value != 0 {
		t.Errorf("%+v", p)
	}
}

func TestSegmentedPlanMixMustAddUp(t *testing.T) {
	segs := []Segment{
		{Name: "exec", Mix: Percent(50), Deal: Dollars(5000), Close: Percent(25)},
		{Name: "manager", Mix: Percent(40), Deal: Dollars(1000), Close: Percent(10)},
	}
	_, err := ComputeSegmentedPlan(Dollars(100_000), Percent(50), segs)
	if ErrorCode(err) != Invalid {
		t.Fatalf("err %v, want invalid", err)
	}
	if got := ErrorMessage(err); got != "The segments' mixes add up to 90%, not 100% (exec 50%, manager 40%): change them with `/sla segment set <name> mix=…` until they do." {
		t.Errorf("message %q", got)
	}
	if _, err := ComputeSegmentedPlan(Dollars(100_000), Percent(50), nil); ErrorCode(err) != Invalid {
		t.Errorf("no segments: %v", err)
	}
}

func TestSegmentsOf(t *testing.T) {
	segs := []Segment{
		{Name: "exec", Mix: Percent(50), Deal: Dollars(5000), Close: Percent(25), Value: Dollars(100)},
		{Name: "manager", Mix: Percent(50), Deal: Dollars(1000), Close: Percent(10), Value: Dollars(40)},
	}
	goals := []SegmentGoal{{"exec", 20}, {"manager", 250}}
	counts := []SegmentCount{{"exec", 3}, {"Manager", 10}, {"", 2}, {"vip", 1}}
	st := SegmentsOf(segs, goals, counts, Dollars(12_000))
	// exec 3 × $100 = $300; manager 10 × $40 = $400; value $700 of $12,000;
	// unsegmented: 2 without a segment + 1 of an unknown one = 3.
	want := []SegmentProgress{
		{Name: "exec", MQLs: 3, Goal: 20, HasGoal: true, Value: Dollars(300)},
		{Name: "manager", MQLs: 10, Goal: 250, HasGoal: true, Value: Dollars(400)},
		{Name: Unsegmented, MQLs: 3},
	}
	if len(st.Rows) != len(want) || st.Value != Dollars(700) || !st.Shown() {
		t.Fatalf("%+v", st)
	}
	for i := range want {
		if st.Rows[i] != want[i] {
			t.Errorf("row %d %+v, want %+v", i, st.Rows[i], want[i])
		}
	}
	if (SegmentsOf(nil, nil, counts, 0)).Shown() {
		t.Error("no segments, no value goal: nothing to show")
	}
}
