package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestFrictionReportAtMonthClose: the month close of a multi-level
// agreement DMs the service owner, once, November's new customers (name,
// revenue, rep) and the friction notes written in November.
func TestFrictionReportAtMonthClose(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := sla.Agreement{TeamID: "T1", ChannelID: "C1", Name: "Smarketing", Kind: sla.KindMultiLevel, Status: sla.StatusActive,
			TZ: "Europe/Berlin", Marketing: "UMKT", Sales: "USALES", Service: "USVC", Hours: sla.DefaultHours, StrikeLimit: 2,
			Repeat: 4 * time.Hour, Digest: sla.DefaultDigest, CreatedBy: "UMKT", CreatedAt: at(2026, 9, 1, 9, 0)}
		if err := st.CreateAgreement(ctx, &a, sla.Month{Year: 2026, Month: time.September}, sla.DefaultTargets); err != nil {
			t.Fatal(err)
		}
		svc := &app.Service{Store: st}
		won := func(name string, cents int64, wonAt time.Time) sla.Lead {
			ho := wonAt.Add(-48 * time.Hour)
			l, err := st.AddLead(ctx, sla.Lead{TeamID: "T1", AgreementID: a.ID, Name: name, Source: sla.SourceMarketing, CreatedAt: ho, QualifiedAt: ho,
				HandedOffAt: ho, Owner: "UREP", FirstAttemptAt: ho, Attempts: 1, ContactedAt: ho, WonAt: wonAt, Revenue: sla.Money(cents), SpeedSecs: 0}, "", "UTEST")
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		ada := won("Ada", 50_000, at(2026, 11, 10, 12, 0))
		won("Bob", 120_000, at(2026, 11, 20, 12, 0))
		old := won("Cy", 9_900, at(2026, 10, 30, 12, 0)) // October's customer
		if _, err := svc.AddFriction(ctx, a, ada, app.Actor{User: "UREP"}, "Needs SSO", at(2026, 11, 12, 9, 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddFriction(ctx, a, old, app.Actor{User: "USALES"}, "Invoice confusion", at(2026, 11, 2, 9, 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddFriction(ctx, a, old, app.Actor{User: "UMKT"}, "x", at(2026, 11, 2, 9, 0)); sla.ErrorCode(err) != sla.Forbidden {
			t.Fatalf("marketing noting friction: %v", err)
		}
		j, fs := newJobs(st)
		for i := 0; i < 2; i++ {
			if err := j.MonthCloses(ctx, at(2026, 12, 1, 9, 0).Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		dms := fs.postsTo("D-USVC")
		if len(dms) != 1 {
			t.Fatalf("service owner DMs: %q", dms)
		}
		// Ada $500 + Bob $1,200 = $1,700; Cy was won in October.
		for _, want := range []string{"Customer friction report, November 2026", "*New customers in November 2026*: 2, $1,700",
			"• L-1 Ada — $500 · rep <@UREP>", "• L-2 Bob — $1,200 · rep <@UREP>", "*Customer friction*: 2 notes",
			"• L-3 Cy: “Invoice confusion” (<@USALES>)", "• L-1 Ada: “Needs SSO” (<@UREP>)"} {
			if !strings.Contains(dms[0], want) {
				t.Errorf("DM lacks %q:\n%s", want, dms[0])
			}
		}
		if strings.Contains(dms[0], "Cy —") {
			t.Error("October's customer listed as November's")
		}
	})
}

// TestNoStrikeDuringException: with Mon 21 – Wed 23 December agreed as an
// exception, a lead handed off on Friday the 18th at 16:30 (1 h target)
// is not breached, nudged or struck during it; its speed clock resumes on
// Thursday the 24th: 30 min on Friday + 30 min from 09:00 = due 09:30.
func TestNoStrikeDuringException(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		if err := st.AddException(ctx, "T1", a.ID, sla.Exception{From: sla.Date{Year: 2026, Month: 12, Day: 21}, To: sla.Date{Year: 2026, Month: 12, Day: 23}, Reason: "CRM outage", By: "UMKT", At: at(2026, 12, 18, 9, 0)}); err != nil {
			t.Fatal(err)
		}
		a, err := st.AgreementByID(ctx, "T1", a.ID)
		if err != nil || len(a.Exceptions) != 1 {
			t.Fatalf("agreement %+v, %v", a.Exceptions, err)
		}
		svc := &app.Service{Store: st}
		ho := at(2026, 12, 18, 16, 30)
		l, err := svc.RecordLead(ctx, a, sla.Lead{Name: "Ada", CreatedAt: ho, Owner: "UREP"}, "", "UMKT", ho)
		if err != nil {
			t.Fatal(err)
		}
		if !l.SpeedDueAt.Equal(at(2026, 12, 24, 9, 30)) {
			t.Fatalf("speed due %s, want Thu 24 Dec 09:30", l.SpeedDueAt.In(berlin))
		}
		j, fs := newJobs(st)
		for _, now := range []time.Time{at(2026, 12, 21, 10, 0), at(2026, 12, 22, 16, 0), at(2026, 12, 23, 12, 0)} {
			stats, err := j.BreachScan(ctx, now)
			if err != nil || stats.Nudges != 0 || stats.Strikes != 0 {
				t.Fatalf("scan at %s: %+v, %v", now, stats, err)
			}
		}
		if n := len(fs.postsTo("D-UREP")); n != 0 {
			t.Fatalf("%d nudges during the exception", n)
		}
		stats, err := j.BreachScan(ctx, at(2026, 12, 24, 9, 35))
		if err != nil || stats.Nudges != 1 || stats.Strikes != 1 {
			t.Fatalf("scan after the exception: %+v, %v (the breach counts once the clock ran out)", stats, err)
		}
	})
}
