package demo

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

var berlin = func() *time.Location {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		panic(err)
	}
	return loc
}()

func TestSeedPlans(t *testing.T) {
	tests := []struct {
		name string
		in   sla.PlanInput
		want sla.PlanResult
	}{
		// $250,000 × 40% = $100,000; ÷ $2,500 = 40 customers; ÷ 25% = 160 leads.
		{"this month", PlanThisMonth, sla.PlanResult{Revenue: sla.Dollars(100_000), Customers: 40, Leads: 160}},
		// $225,000 × 40% = $90,000; ÷ $2,500 = 36 customers; ÷ 25% = 144 leads.
		{"last month", PlanLastMonth, sla.PlanResult{Revenue: sla.Dollars(90_000), Customers: 36, Leads: 144}},
	}
	for _, tt := range tests {
		got, err := sla.ComputePlan(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

// seeded seeds a fresh SQLite store and returns it with every lead, by short id.
func seeded(t *testing.T, now time.Time, seed uint64) (*storage.Store, SeedStats, []sla.Lead) {
	t.Helper()
	st := storagetest.SQLite(t)
	stats, err := Seed(context.Background(), st, now, seed, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range stats.Leads {
		ids = append(ids, fmt.Sprintf("hs-%d", 40100+i))
	}
	var leads []sla.Lead
	err = st.InTx(context.Background(), TeamID, func(tx *storage.Tx) error {
		byExt, err := tx.LeadsByExternalIDs(ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			l, ok := byExt[id]
			if !ok {
				return fmt.Errorf("no lead %s", id)
			}
			leads = append(leads, l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, stats, leads
}

func TestSeedDeterministic(t *testing.T) {
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin)
	_, s1, a := seeded(t, now, 1)
	_, s2, b := seeded(t, now, 1)
	if s1 != s2 || !reflect.DeepEqual(a, b) {
		t.Fatalf("the same now and seed gave different data: %+v vs %+v", s1, s2)
	}
	_, _, c := seeded(t, now, 2)
	if reflect.DeepEqual(a, c) {
		t.Error("seeds 1 and 2 gave the same leads")
	}
}

func TestSeedRealistic(t *testing.T) {
	ctx := context.Background()
	// Friday 11 December 2026, 14:00 in Berlin (the tour's clock).
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin)
	st, stats, leads := seeded(t, now, 1)
	a, err := st.AgreementByChannel(ctx, TeamID, SeedChannel)
	if err != nil {
		t.Fatal(err)
	}
	cal := a.Calendar()

	if stats.Leads < 150 || stats.Leads > 400 {
		t.Errorf("%d leads, want a few hundred", stats.Leads)
	}
	if got := fmt.Sprint(a.Holidays); got != "[2026-12-25 2026-12-26 2027-01-01]" {
		t.Errorf("holidays %s", got)
	}
	if len(a.Text) != len(a.DocumentSections()) {
		t.Errorf("%d of %d document sections written", len(a.Text), len(a.DocumentSections()))
	}
	for _, m := range []struct {
		month sla.Month
		goal  int
	}{{sla.Month{Year: 2026, Month: time.November}, 144}, {sla.Month{Year: 2026, Month: time.December}, 160}} {
		tg, _, err := st.TargetsFor(ctx, TeamID, a.ID, m.month)
		if err != nil || !tg.MQLSet || tg.MQLGoal != m.goal || tg.Speed != time.Hour || tg.Depth != 6 {
			t.Errorf("%s targets %+v, %v; want goal %d, 1h, depth 6", m.month, tg, err, m.goal)
		}
	}
	if admins, err := st.Admins(ctx, TeamID, a.ID); err != nil || fmt.Sprint(admins) != "[U0ALEX]" {
		t.Errorf("admins %v, %v", admins, err)
	}

	segs, owners, sources := map[string]int{}, map[string]int{}, map[sla.Source]int{}
	won, lost, weekday := 0, 0, 0
	for _, l := range leads {
		segs[l.Segment]++
		owners[l.Owner]++
		sources[l.Source]++
		if !l.WonAt.IsZero() {
			won++
			if l.Revenue <= 0 {
				t.Errorf("%s won without revenue", l.ShortID())
			}
		}
		if !l.LostAt.IsZero() {
			lost++
		}
		if d := l.CreatedAt.In(berlin).Weekday(); d != time.Saturday && d != time.Sunday {
			weekday++
		}
		for name, at := range map[string]time.Time{"created": l.CreatedAt, "handed off": l.HandedOffAt, "attempted": l.FirstAttemptAt,
			"contacted": l.ContactedAt, "won": l.WonAt, "lost": l.LostAt} {
			if at.After(now) {
				t.Errorf("%s %s in the future: %s", l.ShortID(), name, at)
			}
		}
		// The derived columns are what the lifecycle rules compute.
		if !l.FirstAttemptAt.IsZero() {
			if want := int64(cal.Elapsed(l.HandedOffAt, l.FirstAttemptAt) / time.Second); l.SpeedSecs != want {
				t.Errorf("%s speed %ds, want %ds", l.ShortID(), l.SpeedSecs, want)
			}
		}
		k := sla.LeadClocks(l, SeedTargets, cal)
		if !k.WarnAt.Equal(l.WarnAt) || !k.SpeedAt.Equal(l.SpeedDueAt) || !k.DepthAt.Equal(l.DepthDueAt) {
			t.Errorf("%s clocks %v %v %v, want %+v", l.ShortID(), l.WarnAt, l.SpeedDueAt, l.DepthDueAt, k)
		}
	}
	for _, s := range []string{"exec", "director", "manager", "intern"} {
		if segs[s] == 0 {
			t.Errorf("no %s leads", s)
		}
	}
	for _, o := range []string{riley, jo, sam} {
		if owners[o] < 10 {
			t.Errorf("%s owns %d leads", o, owners[o])
		}
	}
	if sources[sla.SourceSales] == 0 || sources[sla.SourceMarketing] < stats.Leads/2 {
		t.Errorf("sources %v", sources)
	}
	if won != stats.Won || lost != stats.Lost || won == 0 || lost == 0 {
		t.Errorf("won %d lost %d, stats %+v", won, lost, stats)
	}
	if weekday*10 < len(leads)*9 {
		t.Errorf("only %d of %d leads created on weekdays", weekday, len(leads))
	}
	b, err := st.BreachCounts(ctx, TeamID, a.ID, now)
	if err != nil || b.Total() == 0 {
		t.Errorf("open breaches %+v, %v: want some", b, err)
	}

	// The newest lead: handed to Riley at 13:30, warning at 13:30 + 45 min
	// = 14:15, breach at 13:30 + 1 h = 14:30.
	l := leads[len(leads)-1]
	at := func(h, m int) time.Time { return time.Date(2026, 12, 11, h, m, 0, 0, berlin) }
	if l.Name != "Ada Lovelace" || l.Owner != riley || !l.HandedOffAt.Equal(at(13, 30)) || l.Attempts != 0 ||
		!l.WarnAt.Equal(at(14, 15)) || !l.SpeedDueAt.Equal(at(14, 30)) {
		t.Errorf("fresh lead %+v", l)
	}

	// What was due by now was handled quietly: nothing is left for a scan
	// at now, and the breaches already counted strikes.
	if due, err := st.DueLeads(ctx, now, 10); err != nil || len(due) != 0 {
		t.Errorf("%d leads still due at now (%v)", len(due), err)
	}
	if s, err := st.Strikes(ctx, TeamID, a.ID, sla.MonthOf(now, berlin)); err != nil || len(s) == 0 {
		t.Errorf("strikes %v, %v", s, err)
	}
}

// TestSeedFreshLeadOutsideHours: at night the fresh lead was handed off
// half an hour of business time before the close, 16:30 (hours end at 17:00).
func TestSeedFreshLeadOutsideHours(t *testing.T) {
	now := time.Date(2026, 12, 11, 22, 0, 0, 0, berlin)
	_, _, leads := seeded(t, now, 1)
	l := leads[len(leads)-1]
	if want := time.Date(2026, 12, 11, 16, 30, 0, 0, berlin); !l.HandedOffAt.Equal(want) {
		t.Errorf("fresh lead handed off %s, want %s", l.HandedOffAt.In(berlin), want)
	}
}

// TestSeedSegmentedPlan: this month's plan by segment gives PlanThisMonth's
// figures, and the value goal, by hand (see SeedSegments).
func TestSeedSegmentedPlan(t *testing.T) {
	p, err := sla.ComputeSegmentedPlan(PlanThisMonth.Quota, PlanThisMonth.Share, SeedSegments)
	if err != nil {
		t.Fatal(err)
	}
	// director $30,000 ÷ $2,500 = 12 ÷ 25% = 48; exec $20,000 ÷ $5,000 = 4 → 16;
	// intern $10,000 ÷ $2,500 = 4 → 16; manager $40,000 ÷ $2,000 = 20 → 80.
	want := []int64{48, 16, 16, 80}
	for i, l := range p.Lines {
		if l.Leads != want[i] {
			t.Errorf("%s: %d MQLs, want %d", l.Segment.Name, l.Leads, want[i])
		}
	}
	// 16 × $100 + 48 × $50 + 80 × $40 + 16 × $10 = $7,360.
	if p.Result() != (sla.PlanResult{Revenue: sla.Dollars(100_000), Customers: 40, Leads: 160}) || p.Value != sla.Dollars(7_360) {
		t.Errorf("plan by segment %+v, value %s", p.Result(), p.Value)
	}
	// $200,000 × 40% = $80,000 ÷ $2,500 = 32 ÷ 25% = 128.
	for i, in := range PlanHistory[:2] {
		if r, err := sla.ComputePlan(in); err != nil || r.Leads != 128 {
			t.Errorf("history plan %d: %+v, %v", i, r, err)
		}
	}
}
