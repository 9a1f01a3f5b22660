package sla

import (
	"testing"
	"time"
)

func TestJudgeMonthAndTotal(t *testing.T) {
	a := Agreement{TZ: "UTC", CreatedAt: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}
	now := time.Date(2026, 12, 15, 12, 0, 0, 0, time.UTC)
	goal := Targets{MQLGoal: 100, MQLSet: true}
	oct := JudgeMonth(a, Month{2026, 10}, goal, Actuals{MQLs: 110, MQLsWon: 11, MQLWonRevenue: Dollars(1100), TotalRevenue: Dollars(2000), MarketingRevenue: Dollars(1000)}, now)
	nov := JudgeMonth(a, Month{2026, 11}, goal, Actuals{MQLs: 80, MQLsWon: 4, MQLWonRevenue: Dollars(800), TotalRevenue: Dollars(3000), MarketingRevenue: Dollars(1500)}, now)
	dec := JudgeMonth(a, Month{2026, 12}, goal, Actuals{MQLs: 40}, now)
	aug := JudgeMonth(a, Month{2026, 8}, goal, Actuals{MQLs: 5}, now)
	if oct.Verdict != Met || nov.Verdict != Missed || dec.Verdict != Unknown || aug.HasGoal || !oct.Over || dec.Over {
		t.Fatalf("verdicts %v %v %v, aug %+v", oct.Verdict, nov.Verdict, dec.Verdict, aug)
	}
	// Oct + Nov: 190 MQLs of a 200 goal, both over: missed. Close rate
	// (11 + 4) ÷ 190 = 7.9 %, deal ($1,100 + $800) ÷ 15 = $126.67, share
	// ($1,000 + $1,500) ÷ ($2,000 + $3,000) = 50.0 % — from the sums, not
	// the mean of 10.0 % and 5.0 %.
	q := TotalRecord([]MonthRecord{oct, nov})
	r := q.Actuals.Rates()
	if q.Goal != 200 || q.Actuals.MQLs != 190 || q.Verdict != Missed || r.Close.Percent() != "7.9%" || r.Deal.String() != "$126.67" || r.Share.Percent() != "50.0%" {
		t.Errorf("total %+v rates %s %s %s", q, r.Close.Percent(), r.Deal, r.Share.Percent())
	}
	// With December still open and short, the quarter is not yet missed.
	if q4 := TotalRecord([]MonthRecord{oct, nov, dec}); q4.Verdict != Unknown || q4.Goal != 300 || q4.Actuals.MQLs != 230 {
		t.Errorf("Q4 so far %+v", q4)
	}
}
