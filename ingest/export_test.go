package ingest_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// A HubSpot export as HubSpot writes it: every field quoted, a BOM, 12-digit
// record ids, `YYYY-MM-DD HH:MM` dates and few of the columns slabot reads
// (no stage, no MQL date). Every contact is a lead; the lead status says
// who was reached and who was disqualified.
func TestImportHubSpotRealExport(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		out := e.importText(t, readFile(t, "testdata/hubspot_export.csv"), ingest.Options{}, 0)
		if want := (ingest.Result{Rows: 6, Inserted: 6, Format: "hubspot"}); out.res != want || out.rejected != nil {
			t.Fatalf("result = %+v, rejected %v; want %+v", out.res, out.rejected, want)
		}
		wantWarn := []string{"owner Sam Seller is not an email address, so it cannot be matched to a Slack user; 1 lead(s) imported without an owner (first on line 6)"}
		if !reflect.DeepEqual(out.warnings, wantWarn) {
			t.Fatalf("warnings = %q", out.warnings)
		}
		want := []sla.Lead{
			{ // Connected: contacted at the last activity, so no clocks.
				Seq: 1, ExternalID: "101488213542", Name: "Ada Lovelace", Email: "ada@example.com", Source: sla.SourceMarketing, Owner: "U0REP1",
				CreatedAt: utc(2026, 10, 5, 7, 0), QualifiedAt: utc(2026, 10, 5, 7, 0), HandedOffAt: utc(2026, 10, 5, 7, 0), SpeedSecs: -1,
				ContactedAt: utc(2026, 10, 6, 9, 0),
			},
			{ // Attempted to contact says nothing: its clocks run from the hand-off.
				Seq: 2, ExternalID: "101488213543", Name: "Grace Hopper", Email: "grace@example.com", Source: sla.SourceMarketing, Owner: "U0REP2",
				CreatedAt: utc(2026, 10, 9, 14, 30), QualifiedAt: utc(2026, 10, 9, 14, 30), HandedOffAt: utc(2026, 10, 9, 14, 30), SpeedSecs: -1,
				WarnAt: utc(2026, 10, 12, 7, 15), SpeedDueAt: utc(2026, 10, 12, 7, 30), DepthDueAt: utc(2026, 10, 23, 14, 30),
				NextCheckAt: utc(2026, 10, 9, 14, 30), // the hand-off: the rep is told first
			},
			{
				Seq: 3, ExternalID: "101488213544", Name: "Alan Turing", Email: "alan@example.com", Source: sla.SourceMarketing,
				CreatedAt: utc(2026, 10, 12, 6, 0), QualifiedAt: utc(2026, 10, 12, 6, 0), SpeedSecs: -1,
			},
			{ // Unqualified: lost at the last activity.
				Seq: 4, ExternalID: "101488213545", Name: "Katherine Johnson", Email: "kj@example.com", Source: sla.SourceMarketing, Owner: "U0REP1",
				CreatedAt: utc(2026, 10, 13, 8, 0), QualifiedAt: utc(2026, 10, 13, 8, 0), HandedOffAt: utc(2026, 10, 13, 8, 0), SpeedSecs: -1,
				LostAt: utc(2026, 10, 14, 10, 0), LostReason: "lead status: unqualified",
			},
			{ // An owner by name only: handed off, without an owner (a warning).
				Seq: 5, ExternalID: "101488213546", Name: "Dorothy Vaughan", Email: "dv@example.com", Source: sla.SourceMarketing,
				CreatedAt: utc(2026, 10, 26, 8, 0), QualifiedAt: utc(2026, 10, 26, 8, 0), HandedOffAt: utc(2026, 10, 26, 8, 0), SpeedSecs: -1,
				ContactedAt: utc(2026, 10, 27, 9, 0),
			},
			{
				Seq: 6, ExternalID: "101488213547", Name: "Mary Jackson", Source: sla.SourceMarketing,
				CreatedAt: utc(2026, 11, 2, 13, 45), QualifiedAt: utc(2026, 11, 2, 13, 45), SpeedSecs: -1,
			},
		}
		for _, w := range want {
			checkLead(t, e.lead(t, w.ExternalID), w)
		}
	})
}

// The 500-contact export with every lifecycle stage: all of it is taken,
// the 284 contacts still at Subscriber, Lead or Other stored unqualified,
// the 40 customers kept though a contacts export has no revenue.
func TestImportHubSpot500(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := readFile(t, "testdata/hubspot_500.csv")
		out := e.importText(t, text, ingest.Options{}, 0)
		if got, want := out.res.Summary(), "inserted 500 (284 not yet qualified), updated 0, unchanged 0, rejected 0"; got != want || out.rejected != nil {
			t.Fatalf("summary = %q, rejected %v; want %q", got, out.rejected, want)
		}
		year := sla.Month{Year: 2026, Month: time.January}
		f, err := s.Figures(ctx, team, e.a.ID, year.Start(e.a.Location()), sla.Month{Year: 2027, Month: time.January}.Start(e.a.Location()), sla.Month{Year: 2027, Month: time.January}.Start(e.a.Location()))
		if err != nil {
			t.Fatal(err)
		}
		// Counted from the file by hand: 216 contacts at MQL or later, 181 of
		// them from a marketing source, 33 of those customers.
		if a := f.Actuals; f.Leads != 216 || a.MQLs != 181 || a.MQLsWon != 33 || a.MQLsWonUnknown != 33 {
			t.Fatalf("figures: %d qualified leads, %+v", f.Leads, f.Actuals)
		}
		again := e.importText(t, text, ingest.Options{}, 0)
		if got, want := again.res.Summary(), "inserted 0 (0 not yet qualified), updated 0, unchanged 500, rejected 0"; got != want {
			t.Fatalf("re-import = %q, want %q", got, want)
		}
	})
}

// A contact imported before it qualified counts from the import that
// qualifies it, and its clocks start then.
func TestImportQualifiesLater(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := readFile(t, "testdata/hubspot.csv")
		e.importText(t, text, ingest.Options{}, 0)
		nov := sla.Month{Year: 2026, Month: time.November}
		mqls := func() int {
			f, err := s.Figures(ctx, team, e.a.ID, nov.Start(e.a.Location()), nov.End(e.a.Location()), nov.End(e.a.Location()))
			if err != nil {
				t.Fatal(err)
			}
			return f.Actuals.MQLs
		}
		if n := mqls(); n != 0 {
			t.Fatalf("November MQLs before = %d", n)
		}
		later := strings.Replace(text, "103,Alan,Turing,alan@example.com,,Subscriber,2026-10-02 10:00,,",
			"103,Alan,Turing,alan@example.com,rep2@example.com,Marketing Qualified Lead,2026-10-02 10:00,2026-11-03 10:00,", 1)
		if later == text {
			t.Fatal("the edit did not apply")
		}
		out := e.importText(t, later, ingest.Options{}, 0)
		if got, want := out.res.Summary(), "inserted 0 (0 not yet qualified), updated 1, unchanged 4, rejected 0"; got != want {
			t.Fatalf("second import = %q, want %q", got, want)
		}
		// Tue 3 Nov 10:00 CET (09:00Z): warning at 45 min, breach at 1 h.
		checkLead(t, e.lead(t, "103"), sla.Lead{Seq: 3, ExternalID: "103", Name: "Alan Turing", Email: "alan@example.com",
			Source: sla.SourceMarketing, Owner: "U0REP2", CreatedAt: utc(2026, 10, 2, 8, 0), QualifiedAt: utc(2026, 11, 3, 9, 0),
			HandedOffAt: utc(2026, 11, 3, 9, 0), SpeedSecs: -1,
			WarnAt: utc(2026, 11, 3, 9, 45), SpeedDueAt: utc(2026, 11, 3, 10, 0), DepthDueAt: utc(2026, 11, 17, 9, 0),
			NextCheckAt: utc(2026, 11, 3, 9, 0)}) // the hand-off: the rep is told first
		if n := mqls(); n != 1 {
			t.Fatalf("November MQLs after = %d, want 1", n)
		}
	})
}

// A Salesforce leads report export: converted is won (revenue unknown),
// working - contacted is contacted, closed - not converted is lost.
func TestImportSalesforce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		text := readFile(t, "testdata/salesforce.csv")
		out := e.importText(t, text, ingest.Options{}, 0)
		if want := (ingest.Result{Rows: 4, Inserted: 4, Format: "salesforce"}); out.res != want || out.rejected != nil {
			t.Fatalf("result = %+v, rejected %v; want %+v", out.res, out.rejected, want)
		}
		want := []sla.Lead{
			{Seq: 1, ExternalID: "00Q5g00000AbCdEAAZ", Name: "Ada Lovelace", Email: "ada@example.com", Source: sla.SourceMarketing, Owner: "U0REP1",
				CreatedAt: utc(2026, 10, 5, 7, 0), QualifiedAt: utc(2026, 10, 5, 7, 0), HandedOffAt: utc(2026, 10, 5, 7, 0), SpeedSecs: -1,
				ContactedAt: utc(2026, 10, 20, 13, 0), WonAt: utc(2026, 10, 20, 13, 0)},
			{Seq: 2, ExternalID: "00Q5g00000AbCdFAAZ", Name: "Grace Hopper", Email: "grace@example.com", Source: sla.SourceMarketing, Owner: "U0REP2",
				CreatedAt: utc(2026, 10, 9, 14, 30), QualifiedAt: utc(2026, 10, 9, 14, 30), HandedOffAt: utc(2026, 10, 9, 14, 30), SpeedSecs: -1,
				ContactedAt: utc(2026, 10, 11, 22, 0)},
			{Seq: 3, ExternalID: "00Q5g00000AbCdGAAZ", Name: "Alan Turing", Email: "alan@example.com", Source: sla.SourceSales,
				CreatedAt: utc(2026, 10, 12, 6, 0), QualifiedAt: utc(2026, 10, 12, 6, 0), SpeedSecs: -1},
			{Seq: 4, ExternalID: "00Q5g00000AbCdHAAZ", Name: "Katherine Johnson", Email: "kj@example.com", Source: sla.SourceMarketing, Owner: "U0REP1",
				CreatedAt: utc(2026, 10, 13, 8, 0), QualifiedAt: utc(2026, 10, 13, 8, 0), HandedOffAt: utc(2026, 10, 13, 8, 0), SpeedSecs: -1,
				LostAt: utc(2026, 10, 14, 22, 0), LostReason: "lead status: unqualified"},
		}
		for _, w := range want {
			checkLead(t, e.lead(t, w.ExternalID), w)
		}
		if again := e.importText(t, text, ingest.Options{Format: "salesforce"}, 0); again.res.Unchanged != 4 {
			t.Fatalf("re-import = %+v", again.res)
		}
	})
}
