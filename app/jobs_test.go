package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

var ctx = context.Background()

var berlin, _ = time.LoadLocation("Europe/Berlin")

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, berlin)
}

func agreement(t *testing.T, st *storage.Store, goal int) sla.Agreement {
	t.Helper()
	a := sla.Agreement{TeamID: "T1", ChannelID: "C1", Name: "Smarketing", Kind: sla.KindInternal, Status: sla.StatusActive,
		TZ: "Europe/Berlin", Marketing: "UMKT", Sales: "USALES", Hours: sla.DefaultHours, StrikeLimit: 2,
		Repeat: 4 * time.Hour, Digest: sla.DefaultDigest, CancelAfterMisses: 3, CreatedBy: "UMKT", CreatedAt: at(2026, 9, 1, 9, 0)}
	tg := sla.DefaultTargets
	tg.MQLGoal, tg.MQLSet = goal, true
	if err := st.CreateAgreement(ctx, &a, sla.Month{Year: 2026, Month: time.September}, tg); err != nil {
		t.Fatal(err)
	}
	return a
}

func newJobs(st *storage.Store) (*app.Jobs, *fakeSlack) {
	fs := &fakeSlack{}
	j := app.NewJobs(st, fs, nil)
	j.Owner, j.Backoff = "test", time.Millisecond
	return j, fs
}

func TestDueAndPeriod(t *testing.T) {
	j := app.NewJobs(nil, nil, nil)
	a := sla.Agreement{TZ: "Europe/Berlin", Digest: sla.DefaultDigest}
	cases := []struct {
		kind   string
		now    time.Time
		period string // "" = not due
	}{
		// Monday 7 December 2026, 09:00 Berlin is ISO week 50.
		{app.KindDigest, at(2026, 12, 7, 8, 59), ""},
		{app.KindDigest, at(2026, 12, 7, 9, 0), "2026-W50"},
		{app.KindDigest, at(2026, 12, 7, 20, 59), "2026-W50"},
		{app.KindDigest, at(2026, 12, 7, 21, 1), ""}, // 12 h of grace are over
		{app.KindDigest, at(2026, 12, 10, 9, 0), ""},
		// 09:00 Berlin is 08:00 UTC: a UTC clock at 08:00 is on time.
		{app.KindDigest, time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC), "2026-W50"},
		// month close on the 1st closes the previous month, for a week
		{app.KindMonthClose, at(2026, 12, 1, 8, 0), ""},
		{app.KindMonthClose, at(2026, 12, 1, 9, 0), "2026-11"},
		{app.KindMonthClose, at(2026, 12, 7, 20, 0), "2026-11"},
		{app.KindMonthClose, at(2026, 12, 9, 0, 0), ""},
		{app.KindMonthClose, at(2027, 1, 1, 9, 30), "2026-12"},
		{app.KindMidpoint, at(2026, 12, 15, 9, 0), "2026-12"},
		{app.KindMidpoint, at(2026, 12, 14, 23, 0), ""},
	}
	for _, c := range cases {
		period, _, ok := j.Due(c.kind, a, c.now)
		if (c.period != "") != ok || period != c.period {
			t.Errorf("%s at %v: period %q ok %v, want %q", c.kind, c.now, period, ok, c.period)
		}
	}
	off := a
	off.Digest.Enabled = false
	if _, _, ok := j.Due(app.KindDigest, off, at(2026, 12, 7, 9, 0)); ok {
		t.Error("a digest that is off is never due")
	}
	tue := a
	tue.Digest = sla.Digest{Enabled: true, Weekday: time.Tuesday, Hour: 14, Minute: 30}
	if p, _, ok := j.Due(app.KindDigest, tue, at(2026, 12, 8, 14, 30)); !ok || p != "2026-W50" {
		t.Errorf("tuesday 14:30 digest: %q %v", p, ok)
	}
}

// TestDigestExactlyOnce: the digest (status + three charts) goes out once per
// week however often the job runs, and a failed send is retried.
func TestDigestExactlyOnce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		agreement(t, st, 100)
		j, fs := newJobs(st)
		mon := at(2026, 12, 7, 9, 0)
		fs.fail = 4 // every try of the first run fails: nothing is marked sent
		var missing *app.Missing
		if err := j.Digests(ctx, mon); !errors.As(err, &missing) || !strings.Contains(err.Error(), "digest 2026-W50 message") ||
			!strings.Contains(err.Error(), "digest 2026-W50 chart:depth") {
			t.Fatalf("a failed post must be reported with what is missing: %v", err)
		}
		for i := 0; i < 3; i++ {
			if err := j.Digests(ctx, mon.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if n := fs.count("C1", "Weekly digest"); n != 1 {
			t.Fatalf("%d digests posted, want 1", n)
		}
		if len(fs.uploads) != 3 {
			t.Fatalf("%d charts uploaded, want 3", len(fs.uploads))
		}
		for i, kind := range []string{"waterfall", "speed", "depth"} {
			if !strings.HasPrefix(fs.uploads[i].file.Name, kind+"-2026-12") || fs.uploads[i].file.Comment == "" {
				t.Errorf("upload %d: %+v", i, fs.uploads[i].file.Name)
			}
		}
		// next week: a new digest
		if err := j.Digests(ctx, mon.AddDate(0, 0, 7)); err != nil {
			t.Fatal(err)
		}
		if n := fs.count("C1", "Weekly digest"); n != 2 {
			t.Fatalf("%d digests after a second week, want 2", n)
		}
	})
}

// TestDeadRunsClaimIsTakenOver: a replica that died after claiming the
// digest holds it up only until its lease runs out.
func TestDeadRunsClaimIsTakenOver(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		mon := at(2026, 12, 7, 9, 0)
		real := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
		p := sla.Part{Key: sla.PartKey{PostKey: sla.PostKey{TeamID: "T1", AgreementID: a.ID, Kind: app.KindDigest, Period: "2026-W50"}, Part: app.PartMessage}, Channel: "C1"}
		if c, err := st.ClaimPart(ctx, p, "dead-replica", real, app.DefaultLease); err != nil || c.State != sla.Claimed {
			t.Fatal(c, err)
		}
		j, fs := newJobs(st)
		j.Clock = func() time.Time { return real.Add(app.DefaultLease - time.Second) }
		if err := j.Digests(ctx, mon.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if len(fs.posts) != 0 || len(fs.uploads) != 0 {
			t.Fatal("posted while another replica's lease ran")
		}
		j.Clock = func() time.Time { return real.Add(app.DefaultLease + time.Second) }
		if err := j.Digests(ctx, mon.Add(6*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n := fs.count("C1", "Weekly digest"); n != 1 || len(fs.uploads) != 3 {
			t.Fatalf("%d digests and %d charts after the lease ran out, want 1 and 3", n, len(fs.uploads))
		}
	})
}

// TestLostAnswersAreLookedUp: a post and a chart whose sends took effect
// but whose answers were lost are found in Slack, not sent again; a run
// that died after posting is completed by the next without a second post.
func TestLostAnswersAreLookedUp(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		agreement(t, st, 100)
		j, fs := newJobs(st)
		mon := at(2026, 12, 7, 9, 0)
		fs.lost = 2 // the message, then the first chart
		if err := j.Digests(ctx, mon); err != nil {
			t.Fatal(err)
		}
		if n := fs.count("C1", "Weekly digest"); n != 1 || len(fs.uploads) != 3 {
			t.Fatalf("%d digests and %d charts, want 1 and 3", n, len(fs.uploads))
		}
		// next week, the run dies right after the post took effect: its
		// part is left pending with one send started
		a, _ := st.AgreementByChannel(ctx, "T1", "C1")
		next := mon.AddDate(0, 0, 7)
		k := sla.PartKey{PostKey: sla.PostKey{TeamID: "T1", AgreementID: a.ID, Kind: app.KindDigest, Period: "2026-W51"}, Part: app.PartMessage}
		died := time.Now().Add(-time.Hour)
		if _, err := st.ClaimPart(ctx, sla.Part{Key: k, Channel: "C1"}, "dead", died, app.DefaultLease); err != nil {
			t.Fatal(err)
		}
		if ok, err := st.StartSend(ctx, k, "dead", "", died, app.DefaultLease); err != nil || !ok {
			t.Fatal(ok, err)
		}
		md := app.PartMetadata(k)
		if _, err := fs.PostOnce(ctx, "C1", render.Message{Text: "Weekly digest (the dead run's)", Metadata: &md}); err != nil {
			t.Fatal(err)
		}
		if err := j.Digests(ctx, next); err != nil {
			t.Fatal(err)
		}
		if n := fs.count("C1", "Weekly digest"); n != 2 || len(fs.uploads) != 6 {
			t.Fatalf("%d digests and %d charts after two weeks, want 2 and 6", n, len(fs.uploads))
		}
	})
}

func addMQLs(t *testing.T, st *storage.Store, a sla.Agreement, n int, day time.Time) {
	t.Helper()
	for i := 0; i < n; i++ {
		l := sla.Lead{TeamID: a.TeamID, AgreementID: a.ID, Name: "lead", Source: sla.SourceMarketing, CreatedAt: day.Add(time.Duration(i) * time.Minute), SpeedSecs: -1}
		if _, err := st.AddLead(ctx, l, "", "UTEST"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGoalCelebrationOnce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 5)
		j, fs := newJobs(st)
		addMQLs(t, st, a, 3, at(2026, 12, 2, 10, 0))
		if err := j.CheckGoal(ctx, "T1", a.ID, at(2026, 12, 2, 11, 0)); err != nil {
			t.Fatal(err)
		}
		if len(fs.posts) != 0 {
			t.Fatal("celebrated 3 of 5")
		}
		addMQLs(t, st, a, 2, at(2026, 12, 4, 10, 0))
		for i := 0; i < 3; i++ {
			if err := j.CheckGoal(ctx, "T1", a.ID, at(2026, 12, 9, 11, 0)); err != nil {
				t.Fatal(err)
			}
		}
		if err := j.Celebrations(ctx, at(2026, 12, 9, 12, 0)); err != nil {
			t.Fatal(err)
		}
		posts := fs.postsTo("C1")
		if len(posts) != 1 {
			t.Fatalf("%d celebrations, want 1: %v", len(posts), posts)
		}
		// reached on the 4th (the fifth MQL), 27 days before the end of December
		if !strings.Contains(posts[0], "5 of 5 leads, goal reached on day 4, 27 days before the month ends") {
			t.Fatalf("celebration: %s", posts[0])
		}
	})
}

func TestReachedDay(t *testing.T) {
	for _, c := range []struct {
		daily []int
		goal  int
		want  int
	}{{[]int{1, 0, 3, 2}, 4, 3}, {[]int{1, 1}, 5, 0}, {[]int{0, 0, 7}, 7, 3}, {nil, 1, 0}} {
		if got := app.ReachedDay(c.daily, c.goal); got != c.want {
			t.Errorf("ReachedDay(%v, %d) = %d, want %d", c.daily, c.goal, got, c.want)
		}
	}
}

// TestMonthClose: the closed month's report, the sales celebration when
// speed and depth were met, and the review prompt after three missed months.
func TestMonthClose(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100) // goal 100 from September: September–November are missed
		j, fs := newJobs(st)
		// One November lead, followed up in 10 minutes with 6 attempts: speed and depth met.
		ho := at(2026, 11, 3, 10, 0)
		l := sla.Lead{TeamID: "T1", AgreementID: a.ID, Name: "n", Source: sla.SourceMarketing, CreatedAt: ho, HandedOffAt: ho,
			FirstAttemptAt: ho.Add(10 * time.Minute), SpeedSecs: 600, Attempts: 6, Owner: "UREP"}
		if _, err := st.AddLead(ctx, l, "", "UTEST"); err != nil {
			t.Fatal(err)
		}
		close := at(2026, 12, 1, 9, 0)
		for i := 0; i < 2; i++ {
			if err := j.MonthCloses(ctx, close.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		posts := fs.postsTo("C1")
		if len(posts) != 3 {
			t.Fatalf("month close posted %d messages, want report, sales celebration and review prompt: %q", len(posts), posts)
		}
		if !strings.Contains(posts[0], "Month closed — Smarketing — November 2026: 1 MQL,") {
			t.Errorf("report: %s", posts[0])
		}
		if !strings.Contains(posts[1], "Sales met the follow-up SLA for November 2026") {
			t.Errorf("celebration: %s", posts[1])
		}
		if !strings.Contains(posts[2], "missed 3 months in a row") {
			t.Errorf("review: %s", posts[2])
		}
	})
}

// TestNothingBeforeTheAgreement: an agreement set up on 1 December at 08:00
// gets no close of November at 09:00 (it never ran in November), and a goal
// for November is refused with nothing written.
func TestNothingBeforeTheAgreement(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		svc := &app.Service{Store: st}
		set := at(2026, 12, 1, 8, 0)
		a := sla.Agreement{TeamID: "T1", ChannelID: "C1", Name: "Smarketing", Kind: sla.KindInternal, Status: sla.StatusActive,
			TZ: "Europe/Berlin", Marketing: "UMKT", Sales: "USALES", Hours: sla.DefaultHours, StrikeLimit: 2,
			Repeat: 4 * time.Hour, Digest: sla.DefaultDigest, CancelAfterMisses: 1, CreatedBy: "UMKT", CreatedAt: set}
		if err := svc.Setup(ctx, &a); err != nil {
			t.Fatal(err)
		}
		j, fs := newJobs(st)
		if err := j.MonthCloses(ctx, at(2026, 12, 1, 9, 0)); err != nil {
			t.Fatal(err)
		}
		if posts := fs.postsTo("C1"); len(posts) != 0 {
			t.Fatalf("closed a month before the agreement: %q", posts)
		}
		nov := sla.Month{Year: 2026, Month: time.November}
		before, err := st.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		goal := 100
		_, _, err = svc.SetTargets(ctx, a, nov, sla.TargetPatch{MQLGoal: &goal}, "UMKT", set)
		if sla.ErrorCode(err) != sla.Invalid || !strings.Contains(sla.ErrorMessage(err), "November 2026 was before it") {
			t.Fatalf("goal for November: %v", err)
		}
		res, _ := sla.ComputePlan(sla.PlanInput{Quota: sla.Dollars(5000), Share: sla.Percent(100), Deal: sla.Dollars(100), Close: sla.Percent(50)})
		err = svc.SavePlan(ctx, a, sla.SavedPlan{Month: nov, Result: res, Applied: true, CreatedBy: "UMKT", CreatedAt: set})
		if sla.ErrorCode(err) != sla.Invalid {
			t.Fatalf("plan applied to November: %v", err)
		}
		if after, _ := st.Fingerprint(ctx); after != before {
			t.Error("a refused goal wrote something")
		}
		// December itself is fine.
		if _, _, err := svc.SetTargets(ctx, a, nov.Next(), sla.TargetPatch{MQLGoal: &goal}, "UMKT", set); err != nil {
			t.Fatal(err)
		}
	})
}

// TestHeldPartIsNamedWhenWaited: a run that waits for a part another live
// run holds (as `slabot job run` does) and still finds it held names it as
// not sent; a run that does not wait leaves it to the holder.
func TestHeldPartIsNamedWhenWaited(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		mon := at(2026, 12, 7, 9, 0)
		p := sla.Part{Key: sla.PartKey{PostKey: sla.PostKey{TeamID: "T1", AgreementID: a.ID, Kind: app.KindDigest, Period: "2026-W50"}, Part: app.PartMessage}, Channel: "C1"}
		if c, err := st.ClaimPart(ctx, p, "live-replica", time.Now(), time.Hour); err != nil || c.State != sla.Claimed {
			t.Fatal(c, err)
		}
		j, fs := newJobs(st)
		if err := j.Digests(ctx, mon); err != nil {
			t.Fatalf("not waiting: %v", err)
		}
		j.WaitHeld = 50 * time.Millisecond
		err := j.Digests(ctx, mon)
		var missing *app.Missing
		if !errors.As(err, &missing) || !strings.Contains(err.Error(), "another run is sending it (live-replica") {
			t.Fatalf("waiting: %v", err)
		}
		if len(fs.posts) != 0 {
			t.Fatal("posted a part another run holds")
		}
	})
}
