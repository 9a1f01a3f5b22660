package sla

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
)

// Segment is one subset of leads with its own plan figures (docs/design.md,
// Segments and lead value): its share of marketing revenue, deal size,
// close rate and, optionally, the value of one of its leads.
type Segment struct {
	Name  string
	Mix   Ratio // share of the marketing revenue target; all segments add up to 100 %
	Deal  Money
	Close Ratio
	Value Money // value per lead; 0: none
}

// MaxSegments bounds an agreement's segments, so its plan fits one message.
const MaxSegments = 20

var segmentName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// SegmentName normalizes a segment's name (lower case) and refuses one that
// a lead's segment= could not carry.
func SegmentName(s string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	if !segmentName.MatchString(n) {
		return "", invalid(s, "is not a segment name: use letters, digits, - or _, up to 64, like exec or mid-market")
	}
	return n, nil
}

// Validate checks one segment's own figures.
func (s Segment) Validate() error {
	switch {
	case s.Mix <= 0 || s.Mix > RatioOne:
		return Errorf(Invalid, "Segment %s: the mix must be more than 0%% and at most 100%%.", s.Name)
	case s.Deal <= 0:
		return Errorf(Invalid, "Segment %s: the deal size must be more than $0.", s.Name)
	case s.Close <= 0 || s.Close > RatioOne:
		return Errorf(Invalid, "Segment %s: the close rate must be more than 0%% and at most 100%%.", s.Name)
	case s.Value < 0:
		return Errorf(Invalid, "Segment %s: the value per lead cannot be negative.", s.Name)
	}
	return nil
}

// MixTotal is the sum of the segments' mixes.
func MixTotal(segs []Segment) Ratio {
	var t Ratio
	for _, s := range segs {
		t += s.Mix
	}
	return t
}

// SegmentPlanLine is one segment's part of a segmented plan.
type SegmentPlanLine struct {
	Segment   Segment
	Revenue   Money // R_s = R × mix_s, rounded half up to the cent
	Customers int64 // C_s = ceil(R_s ÷ D_s), from the unrounded R_s
	Leads     int64 // L_s = ceil(C_s ÷ c_s)
	Value     Money // L_s × value_s
}

// SegmentedPlan is the plan computed per segment and summed.
type SegmentedPlan struct {
	Revenue   Money // R = Q × s
	Lines     []SegmentPlanLine
	Customers int64 // Σ C_s
	Leads     int64 // L = Σ L_s, the MQL goal
	Value     Money // V = Σ L_s × value_s, the value goal
}

// Result is the plan's totals in the shape of an unsegmented plan.
func (p SegmentedPlan) Result() PlanResult {
	return PlanResult{Revenue: p.Revenue, Customers: p.Customers, Leads: p.Leads}
}

// Blended are the deal size and close rate the totals imply (R ÷ ΣC,
// ΣC ÷ ΣL), kept with a saved segmented plan so status compares the
// recalculated rates with something (docs/design.md, Segments and lead value).
func (p SegmentedPlan) Blended() (deal Money, close Ratio) {
	if p.Customers > 0 {
		deal = Money(roundHalfUp(big.NewRat(int64(p.Revenue), p.Customers)).Int64())
	}
	if p.Leads > 0 {
		close = Ratio(roundHalfUp(big.NewRat(p.Customers*int64(RatioOne), p.Leads)).Int64())
	}
	return deal, close
}

// ComputeSegmentedPlan derives the plan per segment (docs/design.md,
// Segments and lead value): R_s = R × mix_s, C_s = ⌈R_s ÷ D_s⌉,
// L_s = ⌈C_s ÷ c_s⌉, L = Σ L_s, V = Σ L_s × value_s. Rounding up is per
// segment, so L can exceed the unsegmented plan's. Exact rational
// arithmetic, as in ComputePlan.
func ComputeSegmentedPlan(quota Money, share Ratio, segs []Segment) (SegmentedPlan, error) {
	switch {
	case quota <= 0:
		return SegmentedPlan{}, Errorf(Invalid, "The quota must be more than $0.")
	case share < 0 || share > RatioOne:
		return SegmentedPlan{}, Errorf(Invalid, "The share must be between 0%% and 100%%.")
	case len(segs) == 0:
		return SegmentedPlan{}, Errorf(Invalid, "No segments are defined: add them with `/sla segment set <name> mix=… deal=… close=…`, or give `deal=` and `close=`.")
	}
	for _, s := range segs {
		if err := s.Validate(); err != nil {
			return SegmentedPlan{}, err
		}
	}
	if t := MixTotal(segs); t != RatioOne {
		return SegmentedPlan{}, Errorf(Invalid, "The segments' mixes add up to %s, not 100%% (%s): change them with `/sla segment set <name> mix=…` until they do.", t, MixList(segs))
	}
	rExact := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(quota)), share.Rat())
	p := SegmentedPlan{Revenue: Money(roundHalfUp(rExact).Int64())}
	for _, s := range sortedSegments(segs) {
		rs := new(big.Rat).Mul(rExact, s.Mix.Rat())
		cs := ceilRat(new(big.Rat).Quo(rs, new(big.Rat).SetInt64(int64(s.Deal))))
		ls := ceilRat(new(big.Rat).Quo(new(big.Rat).SetInt(cs), s.Close.Rat()))
		if !cs.IsInt64() || !ls.IsInt64() || ls.Int64() > 1_000_000 {
			return SegmentedPlan{}, Errorf(Invalid, "Segment %s gives a goal too large to track; check the quota and its rates.", s.Name)
		}
		line := SegmentPlanLine{Segment: s, Revenue: Money(roundHalfUp(rs).Int64()), Customers: cs.Int64(), Leads: ls.Int64()}
		line.Value = Money(line.Leads) * s.Value
		p.Lines = append(p.Lines, line)
		p.Customers += line.Customers
		p.Leads += line.Leads
		p.Value += line.Value
	}
	if p.Leads > 1_000_000 {
		return SegmentedPlan{}, Errorf(Invalid, "Those figures give a goal too large to track; check the quota and rates.")
	}
	return p, nil
}

// MixList is "exec 50%, manager 40%", in name order.
func MixList(segs []Segment) string {
	var parts []string
	for _, s := range sortedSegments(segs) {
		parts = append(parts, fmt.Sprintf("%s %s", s.Name, s.Mix))
	}
	return strings.Join(parts, ", ")
}

func sortedSegments(segs []Segment) []Segment {
	out := append([]Segment(nil), segs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// SegmentGoal is one segment's MQL goal for a month.
type SegmentGoal struct {
	Segment string
	Goal    int
}

// Unsegmented names the leads without a segment, or with one the agreement
// does not define: they count toward the total only.
const Unsegmented = "unsegmented"

// SegmentCount is how many MQLs of one lead segment (as recorded on the
// leads, "" for none) a period had.
type SegmentCount struct {
	Segment string
	MQLs    int
}

// SegmentProgress is one row of the per-segment status: a defined segment
// with its goal (if any), or the unsegmented leads.
type SegmentProgress struct {
	Name    string
	MQLs    int
	Goal    int
	HasGoal bool
	Value   Money // MQLs × the segment's value per lead
}

// SegmentStatus is the per-segment MQLs and lead value of a period.
type SegmentStatus struct {
	Rows      []SegmentProgress // defined segments in name order, then unsegmented when any
	Value     Money             // Σ value of the period's MQLs
	ValueGoal Money             // 0: none
}

// Shown reports whether status has anything per segment or value to show.
func (s SegmentStatus) Shown() bool {
	if s.ValueGoal > 0 {
		return true
	}
	for _, r := range s.Rows {
		if r.Name != Unsegmented {
			return true
		}
	}
	return false
}

// SegmentsOf sorts a period's MQL counts into the agreement's segments (a
// lead's value is its segment's value per lead), with unknown and empty
// segments as one unsegmented row. Lead segments match case-insensitively.
func SegmentsOf(segs []Segment, goals []SegmentGoal, counts []SegmentCount, valueGoal Money) SegmentStatus {
	st := SegmentStatus{ValueGoal: valueGoal}
	idx := map[string]int{}
	for _, s := range sortedSegments(segs) {
		idx[s.Name] = len(st.Rows)
		st.Rows = append(st.Rows, SegmentProgress{Name: s.Name})
	}
	for _, g := range goals {
		if i, ok := idx[g.Segment]; ok {
			st.Rows[i].Goal, st.Rows[i].HasGoal = g.Goal, true
		}
	}
	value := map[string]Money{}
	for _, s := range segs {
		value[s.Name] = s.Value
	}
	un := 0
	for _, c := range counts {
		name := strings.ToLower(strings.TrimSpace(c.Segment))
		i, ok := idx[name]
		if !ok {
			un += c.MQLs
			continue
		}
		st.Rows[i].MQLs += c.MQLs
		v := Money(c.MQLs) * value[name]
		st.Rows[i].Value += v
		st.Value += v
	}
	if un > 0 {
		st.Rows = append(st.Rows, SegmentProgress{Name: Unsegmented, MQLs: un})
	}
	return st
}
