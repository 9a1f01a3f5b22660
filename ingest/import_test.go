package ingest_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// The leads of testdata/leads.csv, worked out by hand. Berlin is UTC+2 until
// Sun 25 Oct 2026, UTC+1 after; business hours Mon–Fri 09:00–17:00 local.
var slabotSample = []sla.Lead{
	{ // hand-off 10:00, first attempt 10:45 local: speed 45 min = 2700 s; won, so no clocks.
		Seq: 1, ExternalID: "crm-1", Name: "Ada Lovelace", Email: "ada@example.com", Segment: "exec",
		Source: sla.SourceMarketing, Owner: "U0REP1",
		CreatedAt: utc(2026, 10, 5, 7, 0), QualifiedAt: utc(2026, 10, 5, 7, 0), HandedOffAt: utc(2026, 10, 5, 8, 0), FirstAttemptAt: utc(2026, 10, 5, 8, 45),
		Attempts: 3, SpeedSecs: 2700, ContactedAt: utc(2026, 10, 6, 9, 0), WonAt: utc(2026, 10, 20, 13, 0), Revenue: 120000,
	},
	{ // hand-off Fri 16:30, first attempt Mon 09:30: 30 + 30 min of business time = 3600 s.
		// Attempted, so only the depth clock runs: hand-off + 14 days (2 attempts < 6).
		Seq: 2, ExternalID: "crm-2", Name: "Grace Hopper", Email: "grace@example.com", Segment: "director",
		Source: sla.SourceMarketing, Owner: "U0REP2",
		CreatedAt: utc(2026, 10, 9, 14, 0), QualifiedAt: utc(2026, 10, 9, 14, 0), HandedOffAt: utc(2026, 10, 9, 14, 30), FirstAttemptAt: utc(2026, 10, 12, 7, 30),
		Attempts: 2, SpeedSecs: 3600, DepthDueAt: utc(2026, 10, 23, 14, 30), NextCheckAt: utc(2026, 10, 23, 14, 30),
	},
	{ // never handed off: no clocks.
		Seq: 3, ExternalID: "crm-3", Name: "Alan Turing", Email: "alan@example.com", Segment: "manager",
		Source: sla.SourceSales, CreatedAt: utc(2026, 10, 12, 6, 0), QualifiedAt: utc(2026, 10, 12, 6, 0), SpeedSecs: -1,
		LostAt: utc(2026, 10, 14, 10, 0), LostReason: "no budget",
	},
	{ // owner named but not in Slack: no owner; handed off at creation (Tue 10:00 local).
		// Warning at 45 min of business time (10:45 = 08:45Z), breach at 1 h
		// (09:00Z), depth at + 14 days = 27 Oct 08:00Z (09:00 CET).
		Seq: 4, ExternalID: "crm-4", Name: "Katherine Johnson", Email: "kj@example.com",
		Source: sla.SourceMarketing, CreatedAt: utc(2026, 10, 13, 8, 0), QualifiedAt: utc(2026, 10, 13, 8, 0), HandedOffAt: utc(2026, 10, 13, 8, 0), SpeedSecs: -1,
		WarnAt: utc(2026, 10, 13, 8, 45), SpeedDueAt: utc(2026, 10, 13, 9, 0), DepthDueAt: utc(2026, 10, 27, 8, 0),
		NextCheckAt: utc(2026, 10, 13, 8, 45),
	},
	{ // after the DST change: 09:00 CET = 08:00Z; first attempt 5 min later, attempts
		// empty but a first attempt means at least one; depth at + 14 days.
		Seq: 5, ExternalID: "crm-5", Name: "Dorothy Vaughan", Email: "dv@example.com", Segment: "exec",
		Source: sla.SourceMarketing, Owner: "U0REP1",
		CreatedAt: utc(2026, 10, 26, 8, 0), QualifiedAt: utc(2026, 10, 26, 8, 0), HandedOffAt: utc(2026, 10, 26, 8, 0), FirstAttemptAt: utc(2026, 10, 26, 8, 5),
		Attempts: 1, SpeedSecs: 300, DepthDueAt: utc(2026, 11, 9, 8, 0), NextCheckAt: utc(2026, 11, 9, 8, 0),
	},
}

func TestImportSlabotSample(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := readFile(t, "testdata/leads.csv")
		out := e.importText(t, text, ingest.Options{}, 0)
		if want := (ingest.Result{Rows: 5, Inserted: 5, Format: "slabot"}); out.res != want {
			t.Fatalf("result = %+v, want %+v", out.res, want)
		}
		if len(out.rejected) != 0 {
			t.Fatalf("rejected = %v", out.rejected)
		}
		wantWarn := []string{"owner nobody@example.com has no Slack user with that email; 1 lead(s) imported without an owner (first on line 5)"}
		if !reflect.DeepEqual(out.warnings, wantWarn) {
			t.Fatalf("warnings = %q", out.warnings)
		}
		for _, want := range slabotSample {
			checkLead(t, e.lead(t, want.ExternalID), want)
		}
		// rep1 (twice), rep2, nobody: three lookups, the repeat from the cache.
		if n := e.emu.Calls("users.lookupByEmail"); n != 3 {
			t.Fatalf("lookups = %d, want 3", n)
		}

		// The derived columns, as the figures read them for October (Berlin):
		// to hand-off 3600 + 1800 + 0 + 0 s over 4 hand-offs = 1350 s;
		// cycle of crm-1: 20 Oct 13:00Z − 5 Oct 07:00Z = 15 d 6 h = 1,317,600 s;
		// speed 2700, 3600, 300: mean 2200 s, median 2700 s, p90 3600 s.
		loc := e.a.Location()
		oct := sla.Month{Year: 2026, Month: time.October}
		f, err := s.Figures(ctx, team, e.a.ID, oct.Start(loc), oct.End(loc), oct.End(loc))
		if err != nil {
			t.Fatal(err)
		}
		if f.Leads != 5 || f.Actuals.MQLs != 4 || f.Actuals.MQLsWon != 1 || f.Actuals.MQLWonRevenue != 120000 {
			t.Errorf("counts = %d leads, %+v", f.Leads, f.Actuals)
		}
		if f.Actuals.CycleN != 1 || f.Actuals.CycleTotal != 1317600*time.Second {
			t.Errorf("cycle = %d, %s", f.Actuals.CycleN, f.Actuals.CycleTotal)
		}
		if f.ToHandoff.N != 4 || f.ToHandoff.Avg != 1350*time.Second {
			t.Errorf("to hand-off = %+v", f.ToHandoff)
		}
		if want := (sla.DurationStats{N: 3, Avg: 2200 * time.Second, Median: 2700 * time.Second, P90: 3600 * time.Second}); f.Speed != want {
			t.Errorf("speed = %+v, want %+v", f.Speed, want)
		}

		// Importing the same file again changes nothing.
		before := map[string]string{}
		for _, l := range slabotSample {
			before[l.ExternalID] = describe(e.lead(t, l.ExternalID))
		}
		again := e.importText(t, text, ingest.Options{}, 0)
		if want := (ingest.Result{Rows: 5, Unchanged: 5, Format: "slabot"}); again.res != want {
			t.Fatalf("re-import = %+v, want %+v", again.res, want)
		}
		for _, l := range slabotSample {
			if got := describe(e.lead(t, l.ExternalID)); got != before[l.ExternalID] {
				t.Errorf("re-import changed %s:\n%s\n%s", l.ExternalID, before[l.ExternalID], got)
			}
		}
		// The cache lives for one import: the second run looked up the same three.
		if n := e.emu.Calls("users.lookupByEmail"); n != 6 {
			t.Fatalf("lookups after two imports = %d, want 6", n)
		}

		// An updated file: crm-2 was contacted; crm-1's won and revenue cells
		// are now empty, which leaves the stored values alone.
		updated := strings.Replace(text, "2026-10-12 09:30,2,,,,,", "2026-10-12 09:30,2,2026-10-12 10:00,,,,", 1)
		updated = strings.Replace(updated, "2026-10-20 15:00,1200,,", ",,,", 1)
		if updated == text {
			t.Fatal("the edit did not apply")
		}
		third := e.importText(t, updated, ingest.Options{}, 0)
		if want := (ingest.Result{Rows: 5, Updated: 1, Unchanged: 4, Format: "slabot"}); third.res != want {
			t.Fatalf("updated import = %+v, want %+v", third.res, want)
		}
		crm2 := slabotSample[1]
		crm2.ContactedAt = utc(2026, 10, 12, 8, 0) // contacted: every clock stops
		crm2.DepthDueAt, crm2.NextCheckAt = time.Time{}, time.Time{}
		checkLead(t, e.lead(t, "crm-2"), crm2)
		for _, l := range []sla.Lead{slabotSample[0], slabotSample[2], slabotSample[3], slabotSample[4]} {
			if got := describe(e.lead(t, l.ExternalID)); got != before[l.ExternalID] {
				t.Errorf("updated import changed %s:\n%s\n%s", l.ExternalID, before[l.ExternalID], got)
			}
		}
	})
}

func TestImportHubSpotSample(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := readFile(t, "testdata/hubspot.csv")
		out := e.importText(t, text, ingest.Options{}, 0)
		if want := (ingest.Result{Rows: 5, Inserted: 5, Unqualified: 1, Format: "hubspot"}); out.res != want || out.rejected != nil {
			t.Fatalf("result = %+v, rejected %v; want %+v", out.res, out.rejected, want)
		}
		want := []sla.Lead{
			{ // created at Create Date, qualified at the MQL date (09:00 CEST) and
				// handed to its owner then; won, so contacted at the win and no clocks.
				Seq: 1, ExternalID: "101", Name: "Ada Lovelace", Email: "ada@example.com", Source: sla.SourceMarketing, Owner: "U0REP1",
				CreatedAt: utc(2026, 9, 20, 10, 0), QualifiedAt: utc(2026, 10, 5, 7, 0), HandedOffAt: utc(2026, 10, 5, 7, 0), SpeedSecs: -1,
				ContactedAt: utc(2026, 10, 20, 13, 0), WonAt: utc(2026, 10, 20, 13, 0), Revenue: 120000,
			},
			{ // hand-off Fri 16:30 CEST, no attempt: warning at 45 min of business
				// time = 30 min Friday + Mon 09:15 (07:15Z), breach Mon 09:30 (07:30Z),
				// depth at + 14 days.
				Seq: 2, ExternalID: "102", Name: "Grace Hopper", Email: "grace@example.com", Source: sla.SourceMarketing, Owner: "U0REP2",
				CreatedAt: utc(2026, 10, 1, 6, 0), QualifiedAt: utc(2026, 10, 9, 14, 30), HandedOffAt: utc(2026, 10, 9, 14, 30), SpeedSecs: -1,
				WarnAt: utc(2026, 10, 12, 7, 15), SpeedDueAt: utc(2026, 10, 12, 7, 30), DepthDueAt: utc(2026, 10, 23, 14, 30),
				NextCheckAt: utc(2026, 10, 9, 14, 30), // the hand-off: the rep is told first
			},
			{ // a subscriber: stored, not qualified, no clocks.
				Seq: 3, ExternalID: "103", Name: "Alan Turing", Email: "alan@example.com", Source: sla.SourceMarketing,
				CreatedAt: utc(2026, 10, 2, 8, 0), SpeedSecs: -1,
			},
			{ // "Offline Sources" is sales; a sales qualified lead without an MQL
				// date is qualified at its creation; no owner.
				Seq: 4, ExternalID: "104", Name: "Katherine Johnson", Email: "kj@example.com", Source: sla.SourceSales,
				CreatedAt: utc(2026, 10, 13, 8, 0), QualifiedAt: utc(2026, 10, 13, 8, 0), SpeedSecs: -1,
			},
			{ // a customer without a revenue in the file: won, revenue unknown.
				Seq: 5, ExternalID: "105", Name: "Dorothy Vaughan", Email: "dv@example.com", Source: sla.SourceMarketing, Owner: "U0REP1",
				CreatedAt: utc(2026, 10, 1, 8, 0), QualifiedAt: utc(2026, 10, 2, 8, 0), HandedOffAt: utc(2026, 10, 2, 8, 0), SpeedSecs: -1,
				ContactedAt: utc(2026, 10, 30, 11, 0), WonAt: utc(2026, 10, 30, 11, 0),
			},
		}
		for _, w := range want {
			checkLead(t, e.lead(t, w.ExternalID), w)
		}
		if n := e.emu.Calls("users.lookupByEmail"); n != 2 {
			t.Fatalf("lookups = %d, want 2 (rep1 cached)", n)
		}
		// October's MQLs count by qualification: Ada, Grace and Dorothy (the
		// subscriber does not count, Katherine is sales-sourced); two became
		// customers, one with a known revenue: close 2/3, deal $1,200.
		oct := sla.Month{Year: 2026, Month: time.October}
		f, err := s.Figures(ctx, team, e.a.ID, oct.Start(e.a.Location()), oct.End(e.a.Location()), oct.End(e.a.Location()))
		if err != nil {
			t.Fatal(err)
		}
		act := f.Actuals
		if f.Leads != 4 || act.MQLs != 3 || act.MQLsWon != 2 || act.MQLsWonUnknown != 1 || act.MQLWonRevenue != 120000 {
			t.Fatalf("figures = %d leads, %+v", f.Leads, act)
		}
		if r := act.Rates(); r.Close.Percent() != "66.7%" || r.Deal.String() != "$1,200" {
			t.Fatalf("rates = close %s, deal %s", r.Close.Percent(), r.Deal.String())
		}
		again := e.importText(t, text, ingest.Options{}, 0)
		if w := (ingest.Result{Rows: 5, Unchanged: 5, Format: "hubspot"}); again.res != w {
			t.Fatalf("re-import = %+v, want %+v", again.res, w)
		}
		// Without the Lifecycle Stage column, the subscriber says nothing of
		// its stage: qualified at its creation, it starts counting.
		third := e.importText(t, text, ingest.Options{Maps: []ingest.Mapping{{Column: "lifecycle stage"}}}, 0)
		if w := (ingest.Result{Rows: 5, Updated: 1, Unchanged: 4, Format: "hubspot"}); third.res != w {
			t.Fatalf("import without stages = %+v, want %+v", third.res, w)
		}
		checkLead(t, e.lead(t, "103"), sla.Lead{Seq: 3, ExternalID: "103", Name: "Alan Turing", Email: "alan@example.com",
			Source: sla.SourceMarketing, CreatedAt: utc(2026, 10, 2, 8, 0), QualifiedAt: utc(2026, 10, 2, 8, 0), SpeedSecs: -1})
	})
}

// badFile has one good lead spanning two lines (a quoted newline, so later
// line numbers are file lines, not record numbers), one more good lead, and
// a rejected row for each rule.
const badFile = `external_id,name,email,created_at,won_at,revenue,owner_email,handed_off_at,first_attempt_at
ok-1,"Multi
line",a@example.com,2026-10-01 10:00,,,,,
ok-2,B,b@example.com,2026-10-01 11:00,,,,,
,No Id,c@example.com,2026-10-01 12:00,,,,,
bad-date,D,d@example.com,2026-13-01,,,,,
future,E,e@example.com,2099-01-01,,,,,
ok-1,Again,x@example.com,2026-10-02 10:00,,,,,
bad-rev,F,f@example.com,2026-10-01 10:00,2026-10-10 10:00,12abc,,,
no-rev,G,g@example.com,2026-10-01 10:00,2026-10-10 10:00,,,,
early,H,h@example.com,2026-10-05 10:00,,,,2026-10-04 10:00,
noho,I,i@example.com,2026-10-05 10:00,,,,,2026-10-06 10:00
bad-email,J,not-an-email,2026-10-05 10:00,,,,,
neg,K,k@example.com,2026-10-01 10:00,2026-10-10 10:00,-5,,,
won-ok,L,l@example.com,2026-10-01 10:00,2026-10-10 10:00,100,,,
bad-date,M,m@example.com,2026-10-01 10:00,,,,,
`

var badRejections = []rejection{
	{5, "no external_id; every row needs one to be matched on the next import"},
	{6, `created_at: "2026-13-01" is not a date: use 2026-12-01, 2026-12-01 09:30 or RFC 3339`},
	{7, "created_at: 2099-01-01 is in the future"},
	{8, `external id "ok-1" repeats line 2; the first row wins`},
	{9, `revenue: "12abc" is not an amount: use 5000, $5,000, 5k or 1.2M`},
	{11, "handed_off_at 2026-10-04 10:00 CEST is before created_at 2026-10-05 10:00 CEST"},
	{12, "attempts are recorded but the lead was never handed off; give handed_off_at or owner_email"},
	{13, `email: "not-an-email" is not an email address like ada@example.com`},
	{14, `revenue: "-5" is negative: amounts are $0 or more`},
	// the row of line 15 is good; line 16 repeats line 6's id, whose row was itself refused
	{16, `external id "bad-date" repeats line 6; the first row wins`},
}

func TestImportRejections(t *testing.T) {
	// The same answer whether duplicates meet in one batch or across batches.
	for _, batch := range []int{0, 2, 3} {
		t.Run(fmt.Sprintf("batch%d", batch), func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				e := newEnv(t, s)
				out := e.importText(t, badFile, ingest.Options{}, batch)
				if want := (ingest.Result{Rows: 14, Inserted: 4, Rejected: 10, Format: "slabot"}); out.res != want {
					t.Fatalf("result = %+v, want %+v", out.res, want)
				}
				if !reflect.DeepEqual(out.rejected, badRejections) {
					t.Fatalf("rejected =\n%v\nwant\n%v", out.rejected, badRejections)
				}
				if l := e.lead(t, "ok-1"); l.Name != "Multi\nline" || l.Email != "a@example.com" {
					t.Fatalf("ok-1 = %+v", l)
				}
				if l := e.lead(t, "won-ok"); l.Revenue != 10000 || !l.WonAt.Equal(utc(2026, 10, 10, 8, 0)) {
					t.Fatalf("won-ok = %+v", l)
				}
				// A customer without a revenue is kept, its revenue unknown.
				if l := e.lead(t, "no-rev"); l.Revenue != 0 || !l.WonAt.Equal(utc(2026, 10, 10, 8, 0)) {
					t.Fatalf("no-rev = %+v", l)
				}
				for _, ext := range []string{"bad-date", "future", "bad-rev", "early", "noho", "bad-email", "neg"} {
					if _, err := s.LeadByExternalID(ctx, team, ext); sla.ErrorCode(err) != sla.NotFound {
						t.Fatalf("rejected %s was stored (err %v)", ext, err)
					}
				}
			})
		})
	}
}

// A row that breaks a lifecycle rule against the stored lead changes
// nothing of it; a lead of another agreement is not touched.
func TestImportNeverHalfWrites(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		other := sla.Agreement{TeamID: team, ChannelID: "C0OTHER", Name: "Other", Kind: sla.KindInternal, Status: sla.StatusActive,
			TZ: "UTC", Hours: sla.AlwaysOpen, CreatedAt: utc(2026, 9, 1, 0, 0)}
		if err := s.CreateAgreement(ctx, &other, sla.Month{Year: 2026, Month: time.September}, sla.DefaultTargets); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddLead(ctx, sla.Lead{TeamID: team, AgreementID: other.ID, ExternalID: "theirs", Source: sla.SourceMarketing,
			CreatedAt: utc(2026, 10, 1, 0, 0), SpeedSecs: -1}, "", "UTEST"); err != nil {
			t.Fatal(err)
		}
		e.importText(t, readFile(t, "testdata/leads.csv"), ingest.Options{}, 0)
		before := describe(e.lead(t, "crm-2"))
		theirs := describe(e.lead(t, "theirs"))
		// crm-2: a new name (fine) with a loss before its creation (not fine):
		// the whole row is refused, the name too.
		text := "external_id,name,lost_at\n" +
			"crm-2,Grace B. Hopper,2026-10-01 10:00\n" +
			"theirs,Mine now,\n"
		out := e.importText(t, text, ingest.Options{}, 0)
		want := []rejection{
			{2, "lost_at 2026-10-01 10:00 CEST is before created_at 2026-10-09 16:00 CEST"},
			{3, `external id "theirs" is L-1 of another agreement`},
		}
		if !reflect.DeepEqual(out.rejected, want) {
			t.Fatalf("rejected = %v", out.rejected)
		}
		if got := describe(e.lead(t, "crm-2")); got != before {
			t.Fatalf("crm-2 changed:\n%s\n%s", before, got)
		}
		if got := describe(e.lead(t, "theirs")); got != theirs {
			t.Fatalf("the other agreement's lead changed:\n%s\n%s", theirs, got)
		}
	})
}

// When the database fails mid-import, the batches before stay, the failing
// one leaves nothing, and importing again finishes the job.
func TestImportFailureKeepsWholeLeads(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := readFile(t, "testdata/leads.csv")
		cctx, cancel := ctxWithCancel()
		im := &ingest.Importer{Store: server.CRM(s), Users: e.users, BatchSize: 2,
			Now:      func() time.Time { return utc(2026, 11, 27, 12, 0) },
			Progress: func(int) { cancel() }, // after the first batch
		}
		res, err := im.Import(cctx, strings.NewReader(text), ingest.Options{Team: team, Agreement: channel})
		if err == nil {
			t.Fatal("import with a cancelled context: no error")
		}
		if res.Inserted != 2 {
			t.Fatalf("inserted before the failure = %d, want 2", res.Inserted)
		}
		for i, l := range slabotSample {
			_, err := s.LeadByExternalID(ctx, team, l.ExternalID)
			if stored := err == nil; stored != (i < 2) {
				t.Fatalf("%s stored = %v after the failure", l.ExternalID, stored)
			}
		}
		out := e.importText(t, text, ingest.Options{}, 2)
		if want := (ingest.Result{Rows: 5, Inserted: 3, Unchanged: 2, Format: "slabot"}); out.res != want {
			t.Fatalf("second run = %+v, want %+v", out.res, want)
		}
		for _, want := range slabotSample {
			checkLead(t, e.lead(t, want.ExternalID), want)
		}
	})
}

func TestImportMappings(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := "Id,Full name,Signed up,Rep,Notes\n" +
			"a-1,Ada,2026-10-05,U0REP1,hello\n"
		maps := []ingest.Mapping{{"Id", "external_id"}, {"Full name", "name"}, {"Signed up", "created_at"}, {"Rep", "owner_email"}}
		out := e.importText(t, text, ingest.Options{Maps: maps}, 0)
		if want := (ingest.Result{Rows: 1, Inserted: 1, Format: "slabot"}); out.res != want {
			t.Fatalf("result = %+v (rejected %v)", out.res, out.rejected)
		}
		if !reflect.DeepEqual(out.warnings, []string{"ignoring columns that name no field: Notes"}) {
			t.Fatalf("warnings = %q", out.warnings)
		}
		// A date without a time is midnight in Berlin (22:00Z the day before);
		// an owner given as a user id is taken as is, and handed off at creation.
		checkLead(t, e.lead(t, "a-1"), sla.Lead{Seq: 1, ExternalID: "a-1", Name: "Ada", Source: sla.SourceMarketing, Owner: "U0REP1",
			CreatedAt: utc(2026, 10, 4, 22, 0), QualifiedAt: utc(2026, 10, 4, 22, 0), HandedOffAt: utc(2026, 10, 4, 22, 0), SpeedSecs: -1,
			// Monday 00:00 local: the clocks start at 09:00; warn 09:45, breach 10:00.
			WarnAt: utc(2026, 10, 5, 7, 45), SpeedDueAt: utc(2026, 10, 5, 8, 0), DepthDueAt: utc(2026, 10, 18, 22, 0),
			NextCheckAt: utc(2026, 10, 4, 22, 0)}) // the hand-off: the rep is told first
		if n := e.emu.Calls("users.lookupByEmail"); n != 0 {
			t.Fatalf("lookups = %d, want 0 for a user id", n)
		}
	})
}

func TestLayoutErrors(t *testing.T) {
	s := storagetest.SQLite(t)
	e := newEnv(t, s)
	cases := []struct {
		name, text string
		opt        ingest.Options
		want       string
	}{
		{"empty", "", ingest.Options{}, "the file is empty: it needs a header line"},
		{"no id", "name,email\nA,a@example.com\n", ingest.Options{}, `the header has no external id column (slabot format: external_id; HubSpot: Record ID; Salesforce: Lead ID); name one with --map "Your column=external_id"`},
		{"dup column", "external_id,name,Name\n", ingest.Options{}, `the header has the column "Name" twice`},
		{"map missing", "external_id\n", ingest.Options{Maps: []ingest.Mapping{{"Owner", "owner_email"}}}, `--map: the header has no column "Owner" (columns: external_id)`},
		{"agreement", "external_id\n", ingest.Options{Team: team, Agreement: "#nope"}, `no agreement "#nope" in workspace T1 (use its home channel id or its name)`},
	}
	for _, c := range cases {
		opt := c.opt
		if opt.Team == "" {
			opt.Team, opt.Agreement = team, channel
		}
		im := &ingest.Importer{Store: server.CRM(e.store), Users: e.users}
		_, err := im.Import(ctx, strings.NewReader(c.text), opt)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.want)
		}
	}
}

func TestParseMapping(t *testing.T) {
	cases := []struct {
		in   string
		want ingest.Mapping
		err  bool
	}{
		{"Amount=revenue", ingest.Mapping{Column: "Amount", Field: "revenue"}, false},
		{" Deal = amount = revenue ", ingest.Mapping{Column: "Deal = amount", Field: "revenue"}, false},
		{"Lifecycle Stage=", ingest.Mapping{Column: "Lifecycle Stage"}, false},
		{"Rep=OWNER", ingest.Mapping{Column: "Rep", Field: "owner_email"}, false},
		{"Amount", ingest.Mapping{}, true},
		{"=revenue", ingest.Mapping{}, true},
		{"Amount=money", ingest.Mapping{}, true},
	}
	for _, c := range cases {
		got, err := ingest.ParseMapping(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseMapping(%q) = %+v, %v", c.in, got, err)
		}
	}
}

// A malformed record is one rejected row; the rows after it still import.
func TestImportMalformedRecord(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := "external_id,name,created_at\n" +
			"a,Ada,2026-10-01\n" +
			"b,Bad \"quote,2026-10-01\n" +
			"c,Cy,2026-10-01\n"
		out := e.importText(t, text, ingest.Options{}, 0)
		if want := (ingest.Result{Rows: 3, Inserted: 2, Rejected: 1, Format: "slabot"}); out.res != want {
			t.Fatalf("result = %+v (rejected %v)", out.res, out.rejected)
		}
		want := []rejection{{3, `malformed CSV: bare " in non-quoted-field`}}
		if !reflect.DeepEqual(out.rejected, want) {
			t.Fatalf("rejected = %v", out.rejected)
		}
		e.lead(t, "c")
	})
}

// A lead's limits are sla.Lead.Validate's, as in the slash commands; the
// rejection names the column the value came from.
func TestImportLimits(t *testing.T) {
	long := strings.Repeat("x", 101)
	hubspot := "Record ID,First Name,Last Name,Email,Create Date\n" +
		"1,Ada,Lovelace,ada@example.com,2026-10-01 10:00\n" +
		long + ",Ada,Lovelace,ada2@example.com,2026-10-01 10:00\n" +
		"3," + strings.Repeat("n", 150) + "," + strings.Repeat("n", 50) + ",ada3@example.com,2026-10-01 10:00\n" +
		"4,Ada,Lovelace,ada@localhost,2026-10-01 10:00\n" +
		"5,Ada,Lovelace," + strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".com,2026-10-01 10:00\n"
	slabot := "external_id,name,segment,lost_at,lost_reason\n" +
		"s1,Ada," + strings.Repeat("s", 41) + ",,\n" +
		"s2,Ada,smb,2026-10-02 10:00," + strings.Repeat("r", 501) + "\n" +
		"s3,\"Ada\x00\",smb,,\n"
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		out := e.importText(t, hubspot, ingest.Options{}, 0)
		want := []rejection{
			{3, `external_id (Record ID): "` + long[:59] + `…" is too long: 101 characters, at most 100`},
			{4, `name: "` + strings.Repeat("n", 59) + `…" is too long: 201 characters, at most 200`},
			{5, `email: "ada@localhost" is not an email address like ada@example.com`},
			{6, `email: "` + strings.Repeat("a", 59) + `…" is too long: 255 characters, at most 254`},
		}
		if out.res.Inserted != 1 || !reflect.DeepEqual(out.rejected, want) {
			t.Fatalf("hubspot: %+v, rejected =\n%v\nwant\n%v", out.res, out.rejected, want)
		}
		out = e.importText(t, slabot, ingest.Options{}, 0)
		want = []rejection{
			{2, `segment: "` + strings.Repeat("s", 41) + `" is too long: 41 characters, at most 40`},
			{3, `lost_reason: "` + strings.Repeat("r", 59) + `…" is too long: 501 characters, at most 500`},
			{4, `name: "Ada\x00" contains a NUL character`},
		}
		if out.res.Inserted != 0 || !reflect.DeepEqual(out.rejected, want) {
			t.Fatalf("slabot: %+v, rejected =\n%v\nwant\n%v", out.res, out.rejected, want)
		}
	})
}
