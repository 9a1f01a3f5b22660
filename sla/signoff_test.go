package sla

import (
	"testing"
	"time"
)

func TestApprover(t *testing.T) {
	a := Agreement{Marketing: "UMKT", Sales: "USALES", Service: "USVC"}
	for _, c := range []struct {
		user string
		off  bool
		want string
	}{
		{"UMKT", false, "USALES"},
		{"USALES", false, "UMKT"},
		{"USVC", false, "USALES"}, // service takes over sales' customers
		{"UADM", false, ""},       // an admin's change applies at once
		{"UMKT", true, ""},        // approval off
		{"USALES", true, ""},
	} {
		if got := Approver(a, c.user, c.off); got != c.want {
			t.Errorf("Approver(%s, off=%v) = %q, want %q", c.user, c.off, got, c.want)
		}
	}
	if who, ok := ApprovalApprover(a, "UMKT"); !ok || who != "USALES" {
		t.Errorf("approval off by marketing waits for %q, %v", who, ok)
	}
	if _, ok := ApprovalApprover(a, "UADM"); ok {
		t.Error("an admin may not turn approval off alone: it needs both owners")
	}
	if _, ok := ApprovalApprover(a, "USVC"); ok {
		t.Error("the service owner is not one of the two owners approval needs")
	}
}

func TestVersionsAndApproval(t *testing.T) {
	at := time.Date(2026, 12, 11, 15, 0, 0, 0, time.UTC)
	off := Change{ID: 2, Status: ChangeApplied, Version: 3, DecidedBy: "USALES", Items: []ChangeItem{{Kind: ChangeApproval, After: "off"}}}
	on := Change{ID: 4, Status: ChangeApplied, Version: 4, Items: []ChangeItem{{Kind: ChangeApproval, After: "on"}}}
	changes := []Change{
		{ID: 1, Status: ChangeApplied, Version: 2, At: at, Items: []ChangeItem{{Kind: ChangeMQL, Key: "2026-12", After: "120"}}},
		off,
		{ID: 3, Status: ChangePending, WaitFor: "USALES"},
		{ID: 5, Status: ChangePending, WaitFor: "USALES"},
		{ID: 6, Status: ChangePending, WaitFor: "UMKT"},
		{ID: 7, Status: ChangeWithdrawn},
	}
	if !ApprovalOff(changes) {
		t.Error("approval turned off by change #2 is off")
	}
	if ApprovalOff(append(changes, on)) {
		t.Error("turned on again by change #4 (version 4, after version 3) is on")
	}
	v, made, ok := InForce(changes)
	if v != 3 || made.ID != 2 || !ok {
		t.Errorf("in force: version %d by #%d (%v), want 3 by #2", v, made.ID, ok)
	}
	if v, _, ok := InForce(nil); v != FirstVersion || ok {
		t.Errorf("as set up: version %d, %v; want %d", v, ok, FirstVersion)
	}
	order, n := Waiting(changes)
	if len(order) != 2 || order[0] != "USALES" || n["USALES"] != 2 || n["UMKT"] != 1 {
		t.Errorf("waiting %v %v, want USALES 2 then UMKT 1", order, n)
	}
}

func TestPlanInputRoundTrip(t *testing.T) {
	in := PlanInput{Quota: Dollars(5000), Share: Percent(100), Deal: Dollars(100), Close: Percent(50)}
	got, err := DecodePlanInput(EncodePlanInput(in))
	if err != nil || got != in {
		t.Fatalf("round trip %+v: %+v, %v", in, got, err)
	}
	if _, err := DecodePlanInput("quota=x"); err == nil {
		t.Error("garbage decoded")
	}
}

func TestSegmentChangeRoundTrip(t *testing.T) {
	segs := []Segment{
		{Name: "exec", Mix: Percent(50), Deal: Dollars(5000), Close: Percent(25), Value: Dollars(100)},
		{Name: "mid-market", Mix: Percent(50), Deal: Dollars(1000), Close: Percent(10)},
	}
	got, err := DecodeSegment("exec", EncodeSegment(segs[0]))
	if err != nil || got != segs[0] {
		t.Fatalf("segment round trip: %+v, %v", got, err)
	}
	q, sh, back, err := DecodeSegmentedPlan(EncodeSegmentedPlan(Dollars(100_000), Percent(50), segs))
	if err != nil || q != Dollars(100_000) || sh != Percent(50) || len(back) != 2 || back[0] != segs[0] || back[1] != segs[1] {
		t.Fatalf("segmented plan round trip: %v %v %+v, %v", q, sh, back, err)
	}
	for _, bad := range []string{"quota=x", "quota=1 share=2|exec", "quota=1 share=2|exec mix=x"} {
		if _, _, _, err := DecodeSegmentedPlan(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}
