package app

import (
	"context"
	"time"

	"github.com/slabot/slabot/sla"
)

// MaxHistoryMonths bounds one history table (ten years), so a typo like
// from=2000 does not read a century of months.
const MaxHistoryMonths = 120

// Tracking is the month-by-month tracking document (docs/design.md,
// History): one record per month of period, oldest first, each judged
// against the goal in force that month.
func (s *Service) Tracking(ctx context.Context, a sla.Agreement, period sla.Period, now time.Time) ([]sla.MonthRecord, error) {
	months := period.Months()
	if len(months) > MaxHistoryMonths {
		return nil, sla.Errorf(sla.Invalid, "That is %d months; the history shows at most %d at once. Narrow `from=` and `to=`.", len(months), MaxHistoryMonths)
	}
	loc := a.Location()
	out := make([]sla.MonthRecord, 0, len(months))
	for _, m := range months {
		t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, m)
		if err != nil {
			return nil, err
		}
		f, err := s.Store.Figures(ctx, a.TeamID, a.ID, m.Start(loc), m.End(loc), sla.MatureBefore(now, t.Within))
		if err != nil {
			return nil, err
		}
		out = append(out, sla.JudgeMonth(a, m, t, f.Actuals, now))
	}
	return out, nil
}

// DefaultTracking is the period history shows without from= and to=: the
// last 12 months through the current one.
func DefaultTracking(now time.Time, loc *time.Location) sla.Period {
	cur := sla.MonthOf(now, loc)
	from := cur
	for range 11 {
		from = from.Prev()
	}
	return sla.Period{From: from, To: cur, Kind: sla.PeriodRange}
}
