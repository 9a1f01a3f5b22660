package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/slabot/slabot/sla"
)

// Figures is the period aggregate type, defined with the domain.
type Figures = sla.Figures

// Figures computes the figures of [from, to) for one agreement.
func (s *Store) Figures(ctx context.Context, team string, agreementID int64, from, to time.Time) (Figures, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	from, to = utc(from), utc(to)
	var f Figures

	var created struct {
		Leads         int   `gorm:"column:leads"`
		MQLs          int   `gorm:"column:mqls"`
		MQLsWon       int   `gorm:"column:mqls_won"`
		MQLWonRevenue int64 `gorm:"column:mql_won_revenue"`
	}
	err := db.Raw(`SELECT COUNT(*) AS leads,
		COALESCE(SUM(CASE WHEN source = 'marketing' THEN 1 ELSE 0 END), 0) AS mqls,
		COALESCE(SUM(CASE WHEN source = 'marketing' AND won_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS mqls_won,
		COALESCE(SUM(CASE WHEN source = 'marketing' AND won_at IS NOT NULL THEN revenue_cents ELSE 0 END), 0) AS mql_won_revenue
		FROM leads WHERE team_id = ? AND agreement_id = ? AND created_at >= ? AND created_at < ?`,
		team, agreementID, from, to).Scan(&created).Error
	if err != nil {
		return f, dbErr("figures", err)
	}
	f.Leads = created.Leads
	f.Actuals.MQLs, f.Actuals.MQLsWon, f.Actuals.MQLWonRevenue = created.MQLs, created.MQLsWon, sla.Money(created.MQLWonRevenue)

	var won struct {
		Marketing, Total int64
		CycleN           int
		CycleSecs        int64
	}
	err = db.Raw(`SELECT
		COALESCE(SUM(CASE WHEN source = 'marketing' THEN revenue_cents ELSE 0 END), 0) AS marketing,
		COALESCE(SUM(revenue_cents), 0) AS total,
		COUNT(cycle_secs) AS cycle_n,
		COALESCE(SUM(cycle_secs), 0) AS cycle_secs
		FROM leads WHERE team_id = ? AND agreement_id = ? AND won_at >= ? AND won_at < ?`,
		team, agreementID, from, to).Scan(&won).Error
	if err != nil {
		return f, dbErr("figures", err)
	}
	f.Actuals.MarketingRevenue, f.Actuals.TotalRevenue = sla.Money(won.Marketing), sla.Money(won.Total)
	f.Actuals.CycleN, f.Actuals.CycleTotal = won.CycleN, time.Duration(won.CycleSecs)*time.Second

	var ho struct {
		HandedOff, Uncontacted, UncontactedAttempts, Worked, Waiting int
		ToN                                                          int
		ToSecs                                                       int64
	}
	err = db.Raw(`SELECT COUNT(*) AS handed_off,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL THEN 1 ELSE 0 END), 0) AS uncontacted,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL THEN attempts ELSE 0 END), 0) AS uncontacted_attempts,
		COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS worked,
		COALESCE(SUM(CASE WHEN attempts = 0 AND contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL THEN 1 ELSE 0 END), 0) AS waiting,
		COUNT(to_handoff_secs) AS to_n,
		COALESCE(SUM(to_handoff_secs), 0) AS to_secs
		FROM leads WHERE team_id = ? AND agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ?`,
		team, agreementID, from, to).Scan(&ho).Error
	if err != nil {
		return f, dbErr("figures", err)
	}
	f.Depth = sla.DepthStats{HandedOff: ho.HandedOff, Uncontacted: ho.Uncontacted, UncontactedAttempts: ho.UncontactedAttempts, Worked: ho.Worked}
	f.Waiting = ho.Waiting
	f.ToHandoff = sla.DurationStats{N: ho.ToN}
	if ho.ToN > 0 {
		f.ToHandoff.Avg = time.Duration(ho.ToSecs) * time.Second / time.Duration(ho.ToN)
	}

	f.Speed, err = s.speedStats(db, team, agreementID, from, to)
	if err != nil {
		return f, err
	}
	return f, nil
}

// speedStats matches sla.SpeedStats over the period's speed_secs: mean,
// median (mean of the two middle values), p90 by nearest rank.
func (s *Store) speedStats(db *gorm.DB, team string, agreementID int64, from, to time.Time) (sla.DurationStats, error) {
	const where = `team_id = ? AND agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ? AND speed_secs IS NOT NULL`
	if s.dialect == "postgres" {
		var r struct {
			N      int
			Sum    int64
			Median float64
			P90    int64
		}
		err := db.Raw(`SELECT COUNT(*) AS n, COALESCE(SUM(speed_secs), 0) AS sum,
			COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY speed_secs), 0) AS median,
			COALESCE(percentile_disc(0.9) WITHIN GROUP (ORDER BY speed_secs), 0) AS p90
			FROM leads WHERE `+where, team, agreementID, from, to).Scan(&r).Error
		if err != nil {
			return sla.DurationStats{}, dbErr("speed", err)
		}
		if r.N == 0 {
			return sla.DurationStats{}, nil
		}
		return sla.DurationStats{
			N:      r.N,
			Avg:    time.Duration(r.Sum) * time.Second / time.Duration(r.N),
			Median: time.Duration(r.Median * float64(time.Second)),
			P90:    time.Duration(r.P90) * time.Second,
		}, nil
	}
	var secs []int64
	if err := db.Model(&leadRow{}).Where(where, team, agreementID, from, to).Order("speed_secs").Pluck("speed_secs", &secs).Error; err != nil {
		return sla.DurationStats{}, dbErr("speed", err)
	}
	ds := make([]time.Duration, len(secs))
	for i, v := range secs {
		ds[i] = time.Duration(v) * time.Second
	}
	return sla.SpeedStats(ds), nil
}

// CountByBuckets counts the agreement's marketing leads created in each
// [bounds[i], bounds[i+1]) in one scan (the waterfall's daily MQLs).
func (s *Store) CountByBuckets(ctx context.Context, team string, agreementID int64, bounds []time.Time) ([]int, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	db, cancel := s.ctx(ctx)
	defer cancel()
	var cols []string
	var args []any
	for i := 0; i+1 < len(bounds); i++ {
		cols = append(cols, fmt.Sprintf("COALESCE(SUM(CASE WHEN created_at >= ? AND created_at < ? THEN 1 ELSE 0 END), 0) AS b%d", i))
		args = append(args, utc(bounds[i]), utc(bounds[i+1]))
	}
	args = append(args, team, agreementID, utc(bounds[0]), utc(bounds[len(bounds)-1]))
	q := `SELECT ` + strings.Join(cols, ", ") + ` FROM leads WHERE team_id = ? AND agreement_id = ? AND source = 'marketing' AND created_at >= ? AND created_at < ?`
	rows, err := db.Raw(q, args...).Rows()
	if err != nil {
		return nil, dbErr("daily leads", err)
	}
	defer rows.Close()
	out := make([]int, len(bounds)-1)
	if rows.Next() {
		ptrs := make([]any, len(out))
		for i := range out {
			ptrs[i] = &out[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, dbErr("daily leads", err)
		}
	}
	return out, dbErr("daily leads", rows.Err())
}

// Bucket is the follow-up figures of one interval's hand-offs.
type Bucket = sla.Bucket

// HandoffBuckets groups the agreement's hand-offs into [bounds[i],
// bounds[i+1]) in one indexed scan: the weekly speed and depth charts.
func (s *Store) HandoffBuckets(ctx context.Context, team string, agreementID int64, bounds []time.Time) ([]Bucket, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	db, cancel := s.ctx(ctx)
	defer cancel()
	var cases []string
	var args []any
	for i := 1; i < len(bounds); i++ {
		cases = append(cases, fmt.Sprintf("WHEN handed_off_at < ? THEN %d", i-1))
		args = append(args, utc(bounds[i]))
	}
	bucket := "CASE " + strings.Join(cases, " ") + " END"
	q := `SELECT ` + bucket + ` AS b,
		COUNT(speed_secs) AS speed_n,
		COALESCE(SUM(speed_secs), 0) AS speed_sum,
		COUNT(*) AS handed_off,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL THEN 1 ELSE 0 END), 0) AS uncontacted,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL THEN attempts ELSE 0 END), 0) AS uncontacted_attempts,
		COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS worked
		FROM leads WHERE team_id = ? AND agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ?
		GROUP BY 1`
	args = append(args, team, agreementID, utc(bounds[0]), utc(bounds[len(bounds)-1]))
	var rows []struct {
		B                   int   `gorm:"column:b"`
		SpeedN              int   `gorm:"column:speed_n"`
		SpeedSum            int64 `gorm:"column:speed_sum"`
		HandedOff           int   `gorm:"column:handed_off"`
		Uncontacted         int   `gorm:"column:uncontacted"`
		UncontactedAttempts int   `gorm:"column:uncontacted_attempts"`
		Worked              int   `gorm:"column:worked"`
	}
	if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, dbErr("weekly figures", err)
	}
	out := make([]Bucket, len(bounds)-1)
	for _, r := range rows {
		if r.B < 0 || r.B >= len(out) {
			continue
		}
		b := Bucket{SpeedN: r.SpeedN, Depth: sla.DepthStats{HandedOff: r.HandedOff, Uncontacted: r.Uncontacted, UncontactedAttempts: r.UncontactedAttempts, Worked: r.Worked}}
		if r.SpeedN > 0 {
			b.SpeedAvg = time.Duration(r.SpeedSum) * time.Second / time.Duration(r.SpeedN)
		}
		out[r.B] = b
	}
	return out, nil
}
