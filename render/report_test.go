package render

import (
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
)

// The report says how many customers came without a revenue, which the
// deal size leaves out.
func TestReportUnknownRevenue(t *testing.T) {
	a := sla.Agreement{Name: "Smarketing", TZ: "UTC"}
	in := sla.StatusInput{Agreement: a, Month: sla.Month{Year: 2026, Month: time.October}, Now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		Figures: sla.Figures{Actuals: sla.Actuals{MQLs: 4, MQLsWon: 3, MQLsWonUnknown: 2, MQLWonRevenue: 120000}}}
	got := Report(ReportView{Status: in, Closed: true}).Blocks2Text()
	for _, want := range []string{"*Of those, became customers*\n3 (2 customers without a known revenue: in the close rate, not the deal size)", "$1,200"} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	in.Figures.Actuals.MQLsWonUnknown = 0
	if got := Report(ReportView{Status: in, Closed: true}).Blocks2Text(); strings.Contains(got, "without a known revenue") {
		t.Errorf("a report with every revenue known mentions unknown ones:\n%s", got)
	}
}
