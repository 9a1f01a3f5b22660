package main

import (
	"context"
	"testing"
	"time"

	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestGenerator checks the benchmark's data is what its numbers claim: the
// month's leads, MQLs, hand-offs and worked leads, worked out from the
// generator's rules for leads 1..1000 (all in December).
func TestGenerator(t *testing.T) {
	storagetest.Each(t, testGenerator)
}

func testGenerator(t *testing.T, st *storage.Store) {
	ctx := context.Background()
	a, err := seedAgreement(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if err := generate(ctx, st, a, 1, 1000); err != nil {
		t.Fatal(err)
	}
	f, err := st.Figures(ctx, benchTeam, a.ID, monthStart, monthEnd, monthEnd)
	if err != nil {
		t.Fatal(err)
	}
	// every fifth is sales: 800 MQLs; all handed off; multiples of 7 (142) never attempted
	if f.Leads != 1000 || f.Actuals.MQLs != 800 || f.Depth.HandedOff != 1000 || f.Depth.Worked != 858 || f.Speed.N != 858 {
		t.Fatalf("figures %+v", f)
	}
	// open: not contacted (multiples of 3), not won (of 10): 1000 − 333 − 100 + 33 = 600
	if err := armClocks(ctx, st, monthEnd); err != nil {
		t.Fatal(err)
	}
	if n, err := openClocks(ctx, st, a, monthEnd); err != nil || n != 600 {
		t.Fatalf("%d armed clocks, want 600 (%v)", n, err)
	}
	if err := makeDue(ctx, st, 10, monthEnd.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	due, err := st.DueLeads(ctx, monthEnd.Add(-time.Hour), 500)
	if err != nil || len(due) != 10 {
		t.Fatalf("%d due leads, want 10 (%v)", len(due), err)
	}
}
