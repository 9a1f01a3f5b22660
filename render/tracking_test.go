package render

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// TestHistoryLongFits: ten years of rows go out as several sections, each
// under Slack's 3,000 characters, every row kept once.
func TestHistoryLongFits(t *testing.T) {
	a := sla.Agreement{Name: "Smarketing", TZ: "UTC"}
	var months []sla.MonthRecord
	m := sla.Month{Year: 2017, Month: 1}
	for range 120 {
		months = append(months, sla.MonthRecord{Month: m, Actuals: sla.Actuals{MQLs: 1000, MQLsWon: 100, MQLWonRevenue: sla.Dollars(1_000_000)}, HasGoal: true, Goal: 900, Verdict: sla.Met, Over: true})
		m = m.Next()
	}
	msg := Tracking(HistoryView{Agreement: a, Period: sla.Period{From: months[0].Month, To: m.Prev(), Kind: sla.PeriodRange}, Months: months})
	rows := 0
	sections := 0
	for _, b := range msg.Blocks {
		s, ok := b.(*slack.SectionBlock)
		if !ok || s.Text == nil {
			continue
		}
		sections++
		if len(s.Text.Text) > MaxSectionText {
			t.Errorf("a section of %d characters", len(s.Text.Text))
		}
		rows += strings.Count(s.Text.Text, "  1000  100")
	}
	// 120 months and the total (120 × 1000 MQLs is 120000, another width).
	if rows != 120 || sections < 2 || len(msg.Blocks) > MaxBlocks {
		t.Errorf("%d rows in %d sections, %d blocks", rows, sections, len(msg.Blocks))
	}
}
