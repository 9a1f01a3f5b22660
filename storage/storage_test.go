package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

var ctx = context.Background()

// t0 is 2026-12-01 00:00 UTC; the fixtures below count from it.
var t0 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

var dec = sla.Month{Year: 2026, Month: time.December}

func newAgreement(t *testing.T, s *storage.Store, team, channel, name string) sla.Agreement {
	t.Helper()
	a := sla.Agreement{
		TeamID: team, ChannelID: channel, Name: name, Kind: sla.KindInternal, Status: sla.StatusActive,
		TZ: "Europe/Berlin", Marketing: "UMKT", Sales: "USALES",
		Hours: sla.DefaultHours, StrikeLimit: 3, Repeat: 4 * time.Hour, Digest: sla.DefaultDigest,
		CreatedBy: "UMKT", CreatedAt: t0,
	}
	if err := s.CreateAgreement(ctx, &a, dec, sla.DefaultTargets); err != nil {
		t.Fatalf("create agreement: %v", err)
	}
	if a.ID == 0 {
		t.Fatal("agreement id not set")
	}
	return a
}

func addLead(t *testing.T, s *storage.Store, a sla.Agreement, l sla.Lead) sla.Lead {
	t.Helper()
	l.TeamID, l.AgreementID = a.TeamID, a.ID
	if l.Source == "" {
		l.Source = sla.SourceMarketing
	}
	if l.FirstAttemptAt.IsZero() {
		l.SpeedSecs = -1
	}
	got, err := s.AddLead(ctx, l, "", "UTEST")
	if err != nil {
		t.Fatalf("add lead: %v", err)
	}
	return got
}

func TestAgreementRoundTrip(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		got, err := s.AgreementByChannel(ctx, "T1", "C1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Smarketing" || got.TZ != "Europe/Berlin" || got.Hours != sla.DefaultHours ||
			got.Repeat != 4*time.Hour || got.Digest != sla.DefaultDigest || got.Marketing != "UMKT" || !got.CreatedAt.Equal(t0) {
			t.Fatalf("round trip changed the agreement: %+v", got)
		}
		// another workspace cannot see it
		if _, err := s.AgreementByChannel(ctx, "T2", "C1"); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("other team: err = %v, want not_found", err)
		}
		// a second agreement in the same channel is refused
		b := a
		b.ID, b.Name = 0, "Other"
		if err := s.CreateAgreement(ctx, &b, dec, sla.DefaultTargets); sla.ErrorCode(err) != sla.Conflict {
			t.Fatalf("second agreement in channel: err = %v, want conflict", err)
		}
		// the same name in another channel is refused (webhooks find agreements by name)
		c := a
		c.ID, c.ChannelID, c.Name = 0, "C2", "SMARKETING"
		if err := s.CreateAgreement(ctx, &c, dec, sla.DefaultTargets); sla.ErrorCode(err) != sla.Conflict {
			t.Fatalf("duplicate name: err = %v, want conflict", err)
		}
		// the same channel id in another workspace is fine
		newAgreement(t, s, "T2", "C1", "Smarketing")

		byName, err := s.AgreementByRef(ctx, "T1", "#smarketing")
		if err != nil || byName.ID != a.ID {
			t.Fatalf("by name: %v %+v", err, byName)
		}
	})
}

func TestUpdateAgreement(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		_, err := s.UpdateAgreement(ctx, "T1", a.ID, func(a *sla.Agreement) error {
			a.Text = map[sla.Section]string{sla.SectionSummary: "We promise 100 leads", sla.SectionCancellation: "3 misses"}
			a.Holidays = []sla.Date{{Year: 2026, Month: 12, Day: 25}, {Year: 2026, Month: 12, Day: 24}, {Year: 2026, Month: 12, Day: 25}}
			a.Hours = sla.AlwaysOpen
			a.ChannelID = "CHACK" // identity fields are kept
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.AgreementByChannel(ctx, "T1", "C1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Text[sla.SectionSummary] != "We promise 100 leads" || got.Text[sla.SectionCancellation] != "3 misses" || len(got.Text) != 2 {
			t.Fatalf("text = %v", got.Text)
		}
		if len(got.Holidays) != 2 || got.Holidays[0].String() != "2026-12-24" || got.Holidays[1].String() != "2026-12-25" {
			t.Fatalf("holidays = %v", got.Holidays)
		}
		if !got.Hours.Always {
			t.Fatalf("hours = %+v", got.Hours)
		}
		// an error from fn writes nothing
		boom := errors.New("boom")
		_, err = s.UpdateAgreement(ctx, "T1", a.ID, func(a *sla.Agreement) error {
			a.Name = "Changed"
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		got, _ = s.AgreementByChannel(ctx, "T1", "C1")
		if got.Name != "Smarketing" {
			t.Fatalf("failed update wrote name %q", got.Name)
		}
		// wrong team cannot update
		if _, err := s.UpdateAgreement(ctx, "T2", a.ID, func(*sla.Agreement) error { return nil }); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("other team update: %v", err)
		}
	})
}

func TestAdmins(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		if err := s.AddAdmin(ctx, "T1", a.ID, "UADM", "UMKT", t0); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAdmin(ctx, "T1", a.ID, "UADM", "UMKT", t0); err != nil {
			t.Fatalf("adding twice: %v", err)
		}
		ids, err := s.Admins(ctx, "T1", a.ID)
		if err != nil || len(ids) != 1 || ids[0] != "UADM" {
			t.Fatalf("admins = %v, %v", ids, err)
		}
		if ok, _ := s.IsAdmin(ctx, "T2", a.ID, "UADM"); ok {
			t.Fatal("admin visible from another team")
		}
		removed, err := s.RemoveAdmin(ctx, "T1", a.ID, "UADM")
		if err != nil || !removed {
			t.Fatalf("remove: %v %v", removed, err)
		}
		removed, _ = s.RemoveAdmin(ctx, "T1", a.ID, "UADM")
		if removed {
			t.Fatal("removed twice")
		}
	})
}

func TestTargetsInherit(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S") // December: default sales targets, no MQL goal
		tg, info, err := s.TargetsFor(ctx, "T1", a.ID, dec)
		if err != nil {
			t.Fatal(err)
		}
		if tg.MQLSet || tg.Speed != time.Hour || tg.Depth != 6 || tg.Within != 14*24*time.Hour || tg.Warn != sla.Percent(75) {
			t.Fatalf("defaults: %+v", tg)
		}
		if info.MQLFrom != (sla.Month{}) {
			t.Fatalf("info = %+v", info)
		}
		goal := 100
		if err := s.SetTargets(ctx, "T1", a.ID, dec, sla.TargetPatch{MQLGoal: &goal}, "UMKT", t0); err != nil {
			t.Fatal(err)
		}
		speed := 30 * time.Minute
		feb := sla.Month{Year: 2027, Month: time.February}
		if err := s.SetTargets(ctx, "T1", a.ID, feb, sla.TargetPatch{Speed: &speed}, "USALES", t0); err != nil {
			t.Fatal(err)
		}
		jan := dec.Next()
		tg, info, _ = s.TargetsFor(ctx, "T1", a.ID, jan)
		if !tg.MQLSet || tg.MQLGoal != 100 || info.MQLFrom != dec || tg.Speed != time.Hour {
			t.Fatalf("january inherits december: %+v %+v", tg, info)
		}
		tg, _, _ = s.TargetsFor(ctx, "T1", a.ID, feb)
		if tg.Speed != 30*time.Minute || tg.Depth != 6 || tg.MQLGoal != 100 {
			t.Fatalf("february: %+v", tg)
		}
		// Before the first month with targets: no goal, but the sales
		// targets the agreement started with (a backdated hand-off is measured).
		tg, _, _ = s.TargetsFor(ctx, "T1", a.ID, dec.Prev())
		if tg.MQLSet || tg.Speed != time.Hour || tg.Depth != 6 {
			t.Fatalf("before any target: %+v", tg)
		}
		// other workspace sees nothing
		tg, _, _ = s.TargetsFor(ctx, "T2", a.ID, dec)
		if tg.MQLSet || tg.Speed != 0 {
			t.Fatalf("other team: %+v", tg)
		}
	})
}

func TestPlanApply(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		in := sla.PlanInput{Quota: sla.Dollars(5000), Share: sla.Percent(100), Deal: sla.Dollars(100), Close: sla.Percent(50)}
		res := sla.PlanResult{Revenue: sla.Dollars(5000), Customers: 50, Leads: 100}
		if err := s.SavePlan(ctx, "T1", a.ID, sla.SavedPlan{Month: dec, Input: in, Result: res, CreatedBy: "U", CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.PlanFor(ctx, "T1", a.ID, dec); ok {
			t.Fatal("a plan that was only shown is not the month's plan")
		}
		tg, _, _ := s.TargetsFor(ctx, "T1", a.ID, dec)
		if tg.MQLSet {
			t.Fatal("unapplied plan set the goal")
		}
		if err := s.SavePlan(ctx, "T1", a.ID, sla.SavedPlan{Month: dec, Input: in, Result: res, Applied: true, CreatedBy: "U", CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
		p, ok, err := s.PlanFor(ctx, "T1", a.ID, dec.Next())
		if err != nil || !ok || p.Input != in || p.Result != res || p.Month != dec {
			t.Fatalf("plan = %+v %v %v", p, ok, err)
		}
		tg, _, _ = s.TargetsFor(ctx, "T1", a.ID, dec)
		if !tg.MQLSet || tg.MQLGoal != 100 {
			t.Fatalf("applied plan goal: %+v", tg)
		}
	})
}

func TestLeadsSeqAndScope(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		b := newAgreement(t, s, "T2", "C9", "S")
		l1 := addLead(t, s, a, sla.Lead{Name: "Ada", Email: "Ada@Example.com", CreatedAt: t0})
		l2 := addLead(t, s, a, sla.Lead{Name: "Bob", CreatedAt: t0, ExternalID: "hs-2"})
		m1 := addLead(t, s, b, sla.Lead{Name: "Zed", CreatedAt: t0})
		if l1.ShortID() != "L-1" || l2.ShortID() != "L-2" || m1.ShortID() != "L-1" {
			t.Fatalf("short ids %s %s %s: numbering is per workspace", l1.ShortID(), l2.ShortID(), m1.ShortID())
		}
		got, err := s.LeadBySeq(ctx, "T2", 1)
		if err != nil || got.Name != "Zed" {
			t.Fatalf("T2 L-1 = %+v %v", got, err)
		}
		if _, err := s.LeadBySeq(ctx, "T2", 2); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("T2 L-2: %v", err)
		}
		if _, err := s.LeadByExternalID(ctx, "T2", "hs-2"); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("external id across teams: %v", err)
		}
		if _, err := s.LeadByExternalID(ctx, "T1", ""); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("empty external id must not match: %v", err)
		}
		byMail, err := s.LeadsByEmail(ctx, "T1", "ada@EXAMPLE.com")
		if err != nil || len(byMail) != 1 || byMail[0].ID != l1.ID {
			t.Fatalf("by email: %v %v", byMail, err)
		}
		// external id is unique per team
		l := sla.Lead{TeamID: "T1", AgreementID: a.ID, Name: "Dup", ExternalID: "hs-2", Source: sla.SourceMarketing, CreatedAt: t0, SpeedSecs: -1}
		if _, err := s.AddLead(ctx, l, "", "UTEST"); sla.ErrorCode(err) != sla.Conflict {
			t.Fatalf("duplicate external id: %v", err)
		}
		// a failed add does not burn a number
		l3 := addLead(t, s, a, sla.Lead{Name: "Cy", CreatedAt: t0})
		if l3.Seq != 3 {
			t.Fatalf("after a failed add the next lead is L-%d, want L-3", l3.Seq)
		}
	})
}

func TestAddLeadIdempotent(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		l := sla.Lead{TeamID: "T1", AgreementID: a.ID, Name: "Ada", Source: sla.SourceMarketing, CreatedAt: t0, SpeedSecs: -1}
		first, err := s.AddLead(ctx, l, "env-1", "UTEST")
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.AddLead(ctx, l, "env-1", "UTEST")
		if !errors.Is(err, sla.ErrDuplicate) || again.ID != first.ID {
			t.Fatalf("redelivery: %v %+v", err, again)
		}
		_, n, _ := s.ListLeads(ctx, "T1", a.ID, sla.LeadFilter{})
		if n != 1 {
			t.Fatalf("%d leads after a redelivery, want 1", n)
		}
	})
}

func TestUpdateLeadConcurrentAttempts(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		l := addLead(t, s, a, sla.Lead{Name: "Ada", CreatedAt: t0})
		var wg sync.WaitGroup
		const n = 8
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				key := "click" // every click is the same button: one attempt only
				if i%2 == 1 {
					key = ""
				}
				at := t0.Add(time.Duration(i) * time.Minute)
				_, err := s.UpdateLead(ctx, "T1", l.ID, key, "UTEST", at, func(l *sla.Lead) (*sla.Attempt, error) {
					l.Attempts++
					if l.FirstAttemptAt.IsZero() {
						l.FirstAttemptAt = at
					}
					return &sla.Attempt{At: at, Via: sla.ViaCall, By: "UREP"}, nil
				})
				if err != nil && !errors.Is(err, sla.ErrDuplicate) {
					errs <- err
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got, _ := s.LeadByID(ctx, "T1", l.ID)
		atts, _ := s.Attempts(ctx, "T1", l.ID)
		// 4 unkeyed + 1 of the 4 keyed
		if got.Attempts != 5 || len(atts) != 5 {
			t.Fatalf("attempts = %d (rows %d), want 5", got.Attempts, len(atts))
		}
		// an error in fn writes nothing
		_, err := s.UpdateLead(ctx, "T1", l.ID, "k2", "UTEST", t0, func(l *sla.Lead) (*sla.Attempt, error) {
			l.Attempts = 99
			return &sla.Attempt{At: t0}, sla.Errorf(sla.Invalid, "no")
		})
		if sla.ErrorCode(err) != sla.Invalid {
			t.Fatal(err)
		}
		got, _ = s.LeadByID(ctx, "T1", l.ID)
		atts, _ = s.Attempts(ctx, "T1", l.ID)
		if got.Attempts != 5 || len(atts) != 5 {
			t.Fatalf("failed update wrote: %d %d", got.Attempts, len(atts))
		}
		// the key of the failed update was rolled back too: it can be used now
		if _, err := s.UpdateLead(ctx, "T1", l.ID, "k2", "UTEST", t0, func(l *sla.Lead) (*sla.Attempt, error) { return nil, nil }); err != nil {
			t.Fatalf("key of a failed update: %v", err)
		}
		// wrong team
		if _, err := s.UpdateLead(ctx, "T2", l.ID, "", "UTEST", t0, func(l *sla.Lead) (*sla.Attempt, error) { return nil, nil }); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("other team: %v", err)
		}
	})
}

func TestLeadRoundTrip(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		at := func(h, m int) time.Time { return t0.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
		in := sla.Lead{
			Name: "Ada", Email: "ada@example.com", Segment: "exec", Source: sla.SourceSales, Owner: "UREP",
			ExternalID: "x1", CreatedAt: at(1, 0).Add(123456789 * time.Nanosecond),
		}
		l := addLead(t, s, a, in)
		if !l.CreatedAt.Equal(at(1, 0).Add(123456 * time.Microsecond)) {
			t.Fatalf("created at = %v (kept to the microsecond)", l.CreatedAt)
		}
		got, err := s.UpdateLead(ctx, "T1", l.ID, "", "UTEST", at(9, 0), func(l *sla.Lead) (*sla.Attempt, error) {
			l.HandedOffAt = at(2, 0)
			l.FirstAttemptAt = at(2, 30)
			l.SpeedSecs = 1800
			l.Attempts = 1
			l.WonAt = at(50, 0)
			l.Revenue = sla.Money(120050)
			l.WarnAt, l.SpeedDueAt, l.DepthDueAt, l.NextCheckAt = at(2, 45), at(3, 0), at(300, 0), at(2, 45)
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		back, _ := s.LeadByID(ctx, "T1", l.ID)
		if back != got {
			t.Fatalf("read back differs:\n%+v\n%+v", back, got)
		}
		if back.Segment != "exec" || back.Source != sla.SourceSales || back.SpeedSecs != 1800 || back.Revenue != 120050 ||
			!back.NextCheckAt.Equal(at(2, 45)) || back.State() != "won" || back.Seq != 1 {
			t.Fatalf("lead = %+v", back)
		}
	})
}

// TestFigures checks every aggregate against figures worked out by hand.
func TestFigures(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		other := newAgreement(t, s, "T1", "C2", "Other")
		d := func(day, h int) time.Time { return t0.AddDate(0, 0, day-1).Add(time.Duration(h) * time.Hour) }
		type L = sla.Lead
		leads := []L{
			// 4 marketing leads created in December
			{Name: "m1", CreatedAt: d(1, 10), HandedOffAt: d(1, 11), FirstAttemptAt: d(1, 12), SpeedSecs: 600, Attempts: 2, WonAt: d(10, 10), Revenue: sla.Dollars(1000)},
			{Name: "m2", CreatedAt: d(2, 10), HandedOffAt: d(2, 12), FirstAttemptAt: d(2, 13), SpeedSecs: 1200, Attempts: 3},
			{Name: "m3", CreatedAt: d(3, 10), HandedOffAt: d(3, 10), FirstAttemptAt: d(3, 11), SpeedSecs: 3600, Attempts: 1, ContactedAt: d(4, 9)},
			{Name: "m4", CreatedAt: d(31, 23)},
			// a sales-sourced lead: not an MQL, but its revenue counts in the total
			{Name: "s1", Source: sla.SourceSales, CreatedAt: d(5, 10), HandedOffAt: d(5, 10), WonAt: d(20, 10), Revenue: sla.Dollars(500)},
			// a November MQL won in December: revenue in December, not an MQL of December
			{Name: "n1", CreatedAt: d(-5, 10), HandedOffAt: d(1, 9), FirstAttemptAt: d(1, 9), SpeedSecs: 60, Attempts: 1, WonAt: d(2, 9), Revenue: sla.Dollars(2000)},
			// January: outside
			{Name: "j1", CreatedAt: d(32, 0)},
		}
		for _, l := range leads {
			addLead(t, s, a, l)
		}
		addLead(t, s, other, sla.Lead{Name: "elsewhere", CreatedAt: d(2, 10), HandedOffAt: d(2, 10), FirstAttemptAt: d(2, 11), SpeedSecs: 5, Attempts: 9})

		f, err := s.Figures(ctx, "T1", a.ID, t0, t0.AddDate(0, 1, 0), t0.AddDate(0, 1, 0))
		if err != nil {
			t.Fatal(err)
		}
		// created in Dec: m1..m4, s1 = 5 leads; MQLs m1..m4 = 4; won of those: m1 ($1,000)
		want := sla.Actuals{MQLs: 4, MQLsWon: 1, MQLWonRevenue: sla.Dollars(1000),
			// won in Dec: m1 $1,000 (mkt), s1 $500 (sales), n1 $2,000 (mkt)
			MarketingRevenue: sla.Dollars(3000), TotalRevenue: sla.Dollars(3500),
			// cycles: m1 9d, s1 15d, n1 Nov 25 10:00 → Dec 2 09:00 = 167h → 216h + 360h + 167h = 743h
			CycleN: 3, CycleTotal: 743 * time.Hour}
		if f.Leads != 5 || f.Actuals != want {
			t.Fatalf("leads %d actuals\n got %+v\nwant %+v", f.Leads, f.Actuals, want)
		}
		// handed off in Dec: m1 m2 m3 s1 n1 = 5; uncontacted & not won: m2 (3 attempts), s1? s1 won → no. So 1 lead, 3 attempts.
		// worked (attempts > 0): m1 m2 m3 n1 = 4; waiting: none (s1 won, no attempts but won)
		wantDepth := sla.DepthStats{HandedOff: 5, Uncontacted: 1, UncontactedAttempts: 3, Worked: 4}
		if f.Depth != wantDepth || f.Waiting != 0 {
			t.Fatalf("depth %+v waiting %d, want %+v", f.Depth, f.Waiting, wantDepth)
		}
		// The same month read on 10 December with a 14-day window: hand-offs
		// before 26 November are mature, so m2 (2 December) is still in its
		// window: nothing mature to judge, 1 lead in window with 3 attempts.
		f, err = s.Figures(ctx, "T1", a.ID, t0, t0.AddDate(0, 1, 0), sla.MatureBefore(d(10, 0), 14*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		wantDepth = sla.DepthStats{HandedOff: 5, InWindow: 1, InWindowAttempts: 3, Worked: 4}
		if f.Depth != wantDepth {
			t.Fatalf("in window: depth %+v, want %+v", f.Depth, wantDepth)
		}
		if _, ok := f.Depth.AvgAttempts(); ok {
			t.Error("depth judged on a lead still in its window")
		}
		// speed over m1 600, m2 1200, m3 3600, n1 60: avg 1365s, median (600+1200)/2 = 900s, p90 rank ceil(3.6)=4 → 3600s
		wantSpeed := sla.DurationStats{N: 4, Avg: 1365 * time.Second, Median: 900 * time.Second, P90: 3600 * time.Second}
		if f.Speed != wantSpeed {
			t.Fatalf("speed %+v, want %+v", f.Speed, wantSpeed)
		}
		// to hand-off: m1 1h, m2 2h, m3 0, s1 0, n1 Nov 25 10:00 → Dec 1 09:00 = 143h; 146h / 5 = 29h12m
		if f.ToHandoff.N != 5 || f.ToHandoff.Avg != 29*time.Hour+12*time.Minute {
			t.Fatalf("to hand-off %+v", f.ToHandoff)
		}

		// daily MQLs for the first three days and the last: 1,1,1 ... m4 on the 31st
		var bounds []time.Time
		for day := 1; day <= 32; day++ {
			bounds = append(bounds, d(day, 0))
		}
		daily, err := s.CountByBuckets(ctx, "T1", a.ID, bounds)
		if err != nil {
			t.Fatal(err)
		}
		if len(daily) != 31 || daily[0] != 1 || daily[1] != 1 || daily[2] != 1 || daily[4] != 0 || daily[30] != 1 {
			t.Fatalf("daily = %v", daily)
		}
		sum := 0
		for _, v := range daily {
			sum += v
		}
		if sum != 4 {
			t.Fatalf("daily sums to %d, want the 4 MQLs", sum)
		}
	})
}

func TestFiguresEmpty(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		f, err := s.Figures(ctx, "T1", a.ID, t0, t0.AddDate(0, 1, 0), t0.AddDate(0, 1, 0))
		if err != nil {
			t.Fatal(err)
		}
		if f != (storage.Figures{}) {
			t.Fatalf("empty month: %+v", f)
		}
	})
}

// TestSpeedStatsMatchDomain compares the SQL percentiles with sla.SpeedStats
// on odd and even counts.
func TestSpeedStatsMatchDomain(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		secs := []int64{7, 3, 100, 42, 42, 1, 900, 13, 5, 61, 2}
		var ds []time.Duration
		for i, v := range secs {
			h := t0.Add(time.Duration(i) * time.Hour)
			addLead(t, s, a, sla.Lead{CreatedAt: h, HandedOffAt: h, FirstAttemptAt: h.Add(time.Minute), SpeedSecs: v, Attempts: 1})
			ds = append(ds, time.Duration(v)*time.Second)
			f, err := s.Figures(ctx, "T1", a.ID, t0, t0.AddDate(0, 1, 0), t0.AddDate(0, 1, 0))
			if err != nil {
				t.Fatal(err)
			}
			if want := sla.SpeedStats(ds); f.Speed != want {
				t.Fatalf("after %d leads: sql %+v, domain %+v", i+1, f.Speed, want)
			}
		}
	})
}

func TestListLeads(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
		addLead(t, s, a, sla.Lead{Name: "late", Owner: "U1", CreatedAt: h(0), HandedOffAt: h(0), SpeedDueAt: h(1)})
		addLead(t, s, a, sla.Lead{Name: "fine", Owner: "U1", CreatedAt: h(1), HandedOffAt: h(1), SpeedDueAt: h(30)})
		addLead(t, s, a, sla.Lead{Name: "depth", Owner: "U2", CreatedAt: h(2), HandedOffAt: h(2), DepthDueAt: h(5)})
		addLead(t, s, a, sla.Lead{Name: "done", Owner: "U1", CreatedAt: h(3), HandedOffAt: h(3), SpeedDueAt: h(4), ContactedAt: h(3)})
		names := func(ls []sla.Lead) (out []string) {
			for _, l := range ls {
				out = append(out, l.Name)
			}
			return
		}
		all, n, _ := s.ListLeads(ctx, "T1", a.ID, sla.LeadFilter{})
		if n != 4 || len(all) != 4 || all[0].Name != "done" {
			t.Fatalf("all: %d %v", n, names(all))
		}
		mine, n, _ := s.ListLeads(ctx, "T1", a.ID, sla.LeadFilter{Owner: "U1", Open: true})
		if n != 2 || names(mine)[0] != "late" || names(mine)[1] != "fine" {
			t.Fatalf("mine open: %d %v", n, names(mine))
		}
		over, n, _ := s.ListLeads(ctx, "T1", a.ID, sla.LeadFilter{Overdue: h(10)})
		if n != 2 || names(over)[0] != "late" || names(over)[1] != "depth" {
			t.Fatalf("overdue at +10h: %d %v", n, names(over))
		}
		over, n, _ = s.ListLeads(ctx, "T1", a.ID, sla.LeadFilter{Overdue: h(1)})
		if n != 1 || over[0].Name != "late" {
			t.Fatalf("overdue exactly at the due minute: %d %v", n, names(over))
		}
		lim, n, _ := s.ListLeads(ctx, "T1", a.ID, sla.LeadFilter{Limit: 1})
		if n != 4 || len(lim) != 1 {
			t.Fatalf("limit: %d %d", n, len(lim))
		}
	})
}

func TestClaimKey(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		first, err := s.ClaimKey(ctx, "T1", "env-9", t0)
		if err != nil || !first {
			t.Fatalf("first claim: %v %v", first, err)
		}
		again, _ := s.ClaimKey(ctx, "T1", "env-9", t0)
		other, _ := s.ClaimKey(ctx, "T2", "env-9", t0)
		if again || !other {
			t.Fatalf("again %v (want false), other team %v (want true)", again, other)
		}
	})
}

func TestHandoffBuckets(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		d := func(day int) time.Time { return t0.AddDate(0, 0, day-1).Add(10 * time.Hour) }
		// week 1 (days 1–7): speeds 600 and 1800 → avg 1200s; one uncontacted with 2 attempts, one contacted
		addLead(t, s, a, sla.Lead{CreatedAt: d(1), HandedOffAt: d(1), FirstAttemptAt: d(1), SpeedSecs: 600, Attempts: 2})
		addLead(t, s, a, sla.Lead{CreatedAt: d(7), HandedOffAt: d(7), FirstAttemptAt: d(7), SpeedSecs: 1800, Attempts: 1, ContactedAt: d(8)})
		// week 3 (days 15–21): one handed off, never attempted
		addLead(t, s, a, sla.Lead{CreatedAt: d(15), HandedOffAt: d(15)})
		// not handed off: in no bucket
		addLead(t, s, a, sla.Lead{CreatedAt: d(2)})
		var bounds []time.Time
		for _, day := range []int{1, 8, 15, 22, 29, 32} {
			bounds = append(bounds, t0.AddDate(0, 0, day-1))
		}
		bs, err := s.HandoffBuckets(ctx, "T1", a.ID, bounds, bounds[len(bounds)-1])
		if err != nil {
			t.Fatal(err)
		}
		want := []storage.Bucket{
			{SpeedN: 2, SpeedAvg: 1200 * time.Second, Depth: sla.DepthStats{HandedOff: 2, Uncontacted: 1, UncontactedAttempts: 2, Worked: 2}},
			{},
			{Depth: sla.DepthStats{HandedOff: 1, Uncontacted: 1}},
			{}, {},
		}
		if len(bs) != len(want) {
			t.Fatalf("%d buckets", len(bs))
		}
		for i := range want {
			if bs[i] != want[i] {
				t.Errorf("week %d: %+v, want %+v", i+1, bs[i], want[i])
			}
		}
	})
}

func TestBreachCounts(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "S")
		b := newAgreement(t, s, "T1", "C2", "Other")
		now := t0.Add(48 * time.Hour)
		past, future := now.Add(-time.Hour), now.Add(time.Hour)
		open := func(ag sla.Agreement, l sla.Lead) {
			l.CreatedAt, l.HandedOffAt, l.Owner = t0, t0, "UREP"
			addLead(t, s, ag, l)
		}
		open(a, sla.Lead{Name: "warned", WarnAt: past, SpeedDueAt: future})
		open(a, sla.Lead{Name: "late", WarnAt: past, SpeedDueAt: past})
		open(a, sla.Lead{Name: "shallow", DepthDueAt: past})
		open(a, sla.Lead{Name: "both", SpeedDueAt: past, DepthDueAt: now}) // due at this very instant counts
		open(a, sla.Lead{Name: "fine", WarnAt: future, SpeedDueAt: future, DepthDueAt: future})
		open(a, sla.Lead{Name: "reached", SpeedDueAt: past, ContactedAt: t0.Add(time.Hour)})
		open(b, sla.Lead{Name: "elsewhere", SpeedDueAt: past})
		got, err := s.BreachCounts(ctx, "T1", a.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		// warning: "warned"; speed: "late", "both"; depth: "shallow", "both"
		if want := (sla.BreachCounts{Warnings: 1, Speed: 2, Depth: 2}); got != want {
			t.Fatalf("breaches %+v, want %+v", got, want)
		}
		if got, _ := s.BreachCounts(ctx, "T2", a.ID, now); got != (sla.BreachCounts{}) {
			t.Fatalf("another workspace sees %+v", got)
		}
	})
}

// TestLeadsByID: the leads asked for, in one workspace only; a missing id
// is left out.
func TestLeadsByID(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		other := newAgreement(t, s, "T2", "C1", "Elsewhere")
		ada := addLead(t, s, a, sla.Lead{Name: "Ada", CreatedAt: t0})
		addLead(t, s, a, sla.Lead{Name: "Bob", CreatedAt: t0})
		cy := addLead(t, s, a, sla.Lead{Name: "Cy", CreatedAt: t0})
		theirs := addLead(t, s, other, sla.Lead{Name: "Theirs", CreatedAt: t0})
		got, err := s.LeadsByID(ctx, "T1", []int64{ada.ID, cy.ID, theirs.ID, 999999})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[ada.ID].Name != "Ada" || got[cy.ID].Name != "Cy" {
			t.Fatalf("got %v, want Ada and Cy only", got)
		}
		if none, err := s.LeadsByID(ctx, "T1", nil); err != nil || len(none) != 0 {
			t.Fatalf("no ids: %v, %v", none, err)
		}
	})
}
