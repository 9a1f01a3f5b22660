package commands_test

import (
	"strings"
	"testing"

	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// historyFixture adds October and November leads to the fixture (set up
// Fri 11 Dec 2026 15:00 Berlin, three unsegmented MQLs that morning):
//
//	October:  L-4, L-5 marketing, L-6 sales; L-4 won $1,000 on 20 Oct
//	          (a 15-day cycle), L-6 won $3,000 on 24 Oct (a 9-day cycle; before the 25th, when Berlin leaves summer time).
//	November: L-7 marketing, won $2,000 on 1 Dec.
//	December: the goal is 10 MQLs, judged pro rata from set-up.
func historyFixture(t *testing.T, st *storage.Store) *fixture {
	f := newFixture(t, st)
	f.ok("UMKT", `lead add "Oct A" at="2026-10-05 10:00"`)
	f.ok("UMKT", `lead add "Oct B" at="2026-10-06 10:00"`)
	f.ok("USALES", `lead add "Oct S" source=sales at="2026-10-15 10:00"`)
	f.ok("UMKT", `lead add "Nov A" at="2026-11-10 10:00"`)
	f.ok("USALES", `lead won L-4 revenue=1000 at="2026-10-20 10:00"`)
	f.ok("USALES", `lead won L-6 revenue=3000 at="2026-10-24 10:00"`)
	f.ok("USALES", `lead won L-7 revenue=2000 at="2026-12-01 10:00"`)
	f.ok("UADM", "target mql=10") // an admin: applies at once, no sign-off
	return f
}

// TestHistory is the month-by-month tracking table (docs/design.md, History).
func TestHistory(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := historyFixture(t, st)
		r := f.ok("UREP", "history from=2026-10 to=2026-12")
		// October: 2 MQLs, 1 won for $1,000; closed $1,000 marketing of $4,000;
		// cycle (15d + 9d) ÷ 2 = 12d; close 1 ÷ 2 = 50.0 %, deal $1,000,
		// share 1,000 ÷ 4,000 = 25.0 %; no goal (before set-up).
		// November: 1 MQL, won (in December) for $2,000; nothing closed in
		// November: share n/a. December: 3 MQLs, none won; $2,000 closed, all
		// marketing: share 100.0 %; L-7's cycle 10 Nov → 1 Dec = 21d; the goal of 10 judged pro rata from Fri 11
		// Dec 15:00: ⌈10 × (31 − 10 − 15/24) ÷ 31⌉ = ⌈6.57⌉ = 7, still open.
		// Total: 6 MQLs, 2 won, $3,000; $3,000 of $6,000 closed; cycle
		// (15d + 9d + 21d) ÷ 3 = 15d; close 2 ÷ 6 =
		// 33.3 %, deal $1,500, share 50.0 %; goal 7.
		contains(t, "history", allText(r),
			"2026-10     2    1     $1,000     $1,000     $4,000     12d  50.0%    $1,000  25.0%     — —",
			"2026-11     1    1     $2,000         $0         $0     n/a 100.0%    $2,000    n/a     — —",
			"2026-12     3    0         $0     $2,000     $2,000     21d   0.0%       n/a 100.0%     7 open",
			"total       6    2     $3,000     $3,000     $6,000     15d  33.3%    $1,500  50.0%     7 open")
		if len(r.Files) != 0 || r.InChannel {
			t.Errorf("history without csv: %d files, in channel %v", len(r.Files), r.InChannel)
		}
		// The same as a quarter, and as a CSV file.
		r = f.ok("UREP", "history 2026-Q4 csv")
		if len(r.Files) != 1 || r.Files[0].Name != "history-2026-Q4.csv" {
			t.Fatalf("csv: %+v", r.Files)
		}
		want := "month,mqls,customers,customer_revenue,marketing_revenue_closed,total_revenue_closed,avg_sales_cycle_days,close_rate_pct,deal_size,share_pct,goal,result\n" +
			"2026-10,2,1,1000.00,1000.00,4000.00,12.0,50.0,1000.00,25.0,,—\n" +
			"2026-11,1,1,2000.00,0.00,0.00,n/a,100.0,2000.00,n/a,,—\n" +
			"2026-12,3,0,0.00,2000.00,2000.00,21.0,0.0,n/a,100.0,7,open\n" +
			"total,6,2,3000.00,3000.00,6000.00,15.0,33.3,1500.00,50.0,7,open\n"
		if got := string(r.Files[0].Content); got != want {
			t.Errorf("csv\n%s\nwant\n%s", got, want)
		}
		// The last 12 months by default: January through December 2026.
		all := allText(f.ok("UREP", "history"))
		contains(t, "default history", all, "January 2026 – December 2026", "2026-01     0    0")
		// from= alone runs to this month; a quarter in from= starts it.
		contains(t, "from", allText(f.ok("UREP", "history from=2026-Q4")), "October 2026 – December 2026")
		// A refused history writes nothing.
		before := f.fingerprint()
		for text, want := range map[string]string{
			"history from=2026-13":            "`from=2026-13` is not a period",
			"history from=2026-12 to=2026-10": "is before `from=`",
			"history csvv":                    "did you mean `csv`",
			"history 2026 2025":               "not expected",
			"history from=2000-01":            "at most 120",
		} {
			if r := f.do("UREP", text); !r.Failed || !strings.Contains(r.Text, want) {
				t.Errorf("%q: %q, want %q", text, r.Text, want)
			}
		}
		if f.fingerprint() != before {
			t.Error("a refused history wrote")
		}
	})
}

// TestPeriods: a quarter or a year wherever a past month is read sums the
// months' counts and recomputes the rates (docs/design.md, Periods).
func TestPeriods(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := historyFixture(t, st)
		// Q4: 6 MQLs (2 + 1 + 3), 2 won for $3,000, $3,000 of $6,000 closed from
		// marketing: close 2 ÷ 6 = 33.3 %, deal $3,000 ÷ 2 = $1,500, share 50.0 %;
		// goal 7 (December's pro rata).
		for _, text := range []string{"report 2026-Q4", "status 2026-q4", "report month=2026-Q4"} {
			r := f.ok("UREP", text)
			contains(t, text, allText(r), "Report — Smarketing — Q4 2026", "*MQLs created*\n6 (goal 7)", "*Of those, became customers*\n2",
				"*Revenue from those customers*\n$3,000", "*Revenue closed, all sources*\n$6,000",
				"*Close rate*\n33.3%", "*Deal size*\n$1,500", "*Marketing share of revenue*\n50.0%", "2026-11     1    1")
		}
		// The year: the same leads, twelve months.
		contains(t, "year", allText(f.ok("UREP", "report 2026 post")), "Report — Smarketing — 2026", "12 months", "*MQLs created*\n6 (goal 7)")
		// A month still reads as a month.
		contains(t, "month", allText(f.ok("UREP", "report 2026-10")), "Month closed — Smarketing — October 2026", "*MQLs created*\n2 (no goal set)")
		// The waterfall over Q4: 92 days, 6 MQLs by day 72 (31 + 30 + 11).
		r := f.ok("UREP", "chart waterfall 2026-Q4")
		if len(r.Files) != 1 || r.Files[0].Name != "waterfall-2026-Q4.png" || !strings.Contains(r.Files[0].Comment, "Q4 2026: 6 MQLs by day 72 of 92, against a goal of 7") {
			t.Errorf("Q4 waterfall: %+v", r.Files)
		}
		for _, kind := range []string{"speed", "depth"} {
			if r := f.ok("UREP", "chart "+kind+" 2026-Q4"); len(r.Files) != 1 || r.Files[0].Name != kind+"-2026-Q4.png" {
				t.Errorf("Q4 %s: %+v", kind, r.Files)
			}
		}
		if r := f.do("UREP", "status 2026-Q7"); !r.Failed || !strings.Contains(r.Text, "not a") {
			t.Errorf("Q7: %q", r.Text)
		}
	})
}
