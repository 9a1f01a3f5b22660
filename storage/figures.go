package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/slabot/slabot/sla"
)

// Figures is the period aggregate type, defined with the domain.
type Figures = sla.Figures

// Figures computes the figures of [from, to) for one agreement. The parts
// are independent aggregate queries over different indexes; on PostgreSQL
// they run at once on separate connections, so the answer takes as long as
// the slowest, not the sum (SQLite has one connection and runs them in turn).
//
// Leads handed off before matureBefore have ended their depth window
// (sla.MatureBefore): depth is judged on them, the others are in window.
func (s *Store) Figures(ctx context.Context, team string, agreementID int64, from, to, matureBefore time.Time) (Figures, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	from, to, matureBefore = utc(from), utc(to), utc(matureBefore)
	var f Figures
	parts := []func() error{
		func() error { return s.createdFigures(db, &f, team, agreementID, from, to) },
		func() error { return s.wonFigures(db, &f, team, agreementID, from, to) },
		func() error { return s.handoffFigures(db, &f, team, agreementID, from, to, matureBefore) },
		func() (err error) {
			if s.dialect == "postgres" {
				f.Speed, err = s.pgSpeedStats(db, team, agreementID, from, to)
			} else {
				f.Speed, err = s.sqliteSpeedStats(db, team, agreementID, from, to)
			}
			return err
		},
	}
	if s.dialect != "postgres" {
		for _, p := range parts {
			if err := p(); err != nil {
				return f, err
			}
		}
		return f, nil
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p() // each part fills its own fields of f
		}()
	}
	wg.Wait()
	return f, errors.Join(errs...)
}

func (s *Store) createdFigures(db *gorm.DB, f *Figures, team string, agreementID int64, from, to time.Time) error {
	var r struct {
		Leads         int   `gorm:"column:leads"`
		MQLs          int   `gorm:"column:mqls"`
		MQLsWon       int   `gorm:"column:mqls_won"`
		MQLWonRevenue int64 `gorm:"column:mql_won_revenue"`
		Unknown       int   `gorm:"column:mqls_won_unknown"`
	}
	if err := db.Raw(sqlCreated, team, agreementID, from, to).Scan(&r).Error; err != nil {
		return dbErr("figures", err)
	}
	f.Leads = r.Leads
	f.Actuals.MQLs, f.Actuals.MQLsWon, f.Actuals.MQLWonRevenue = r.MQLs, r.MQLsWon, sla.Money(r.MQLWonRevenue)
	f.Actuals.MQLsWonUnknown = r.Unknown
	return nil
}

func (s *Store) wonFigures(db *gorm.DB, f *Figures, team string, agreementID int64, from, to time.Time) error {
	var r struct {
		Marketing, Total int64
		CycleN           int
		CycleSecs        int64
	}
	if err := db.Raw(sqlWon, team, agreementID, from, to).Scan(&r).Error; err != nil {
		return dbErr("figures", err)
	}
	f.Actuals.MarketingRevenue, f.Actuals.TotalRevenue = sla.Money(r.Marketing), sla.Money(r.Total)
	f.Actuals.CycleN, f.Actuals.CycleTotal = r.CycleN, time.Duration(r.CycleSecs)*time.Second
	return nil
}

func (s *Store) handoffFigures(db *gorm.DB, f *Figures, team string, agreementID int64, from, to, matureBefore time.Time) error {
	var r struct {
		HandedOff           int   `gorm:"column:handed_off"`
		Uncontacted         int   `gorm:"column:uncontacted"`
		UncontactedAttempts int   `gorm:"column:uncontacted_attempts"`
		InWindow            int   `gorm:"column:in_window"`
		InWindowAttempts    int   `gorm:"column:in_window_attempts"`
		Worked              int   `gorm:"column:worked"`
		Waiting             int   `gorm:"column:waiting"`
		ToN                 int   `gorm:"column:to_n"`
		ToSecs              int64 `gorm:"column:to_secs"`
	}
	m := matureBefore
	if err := db.Raw(sqlHandoff+sqlHandoffFrom, m, m, m, m, agreementID, from, to, team).Scan(&r).Error; err != nil {
		return dbErr("figures", err)
	}
	f.Depth = sla.DepthStats{HandedOff: r.HandedOff, Uncontacted: r.Uncontacted, UncontactedAttempts: r.UncontactedAttempts,
		InWindow: r.InWindow, InWindowAttempts: r.InWindowAttempts, Worked: r.Worked}
	f.Waiting = r.Waiting
	f.ToHandoff = sla.DurationStats{N: r.ToN}
	if r.ToN > 0 {
		f.ToHandoff.Avg = time.Duration(r.ToSecs) * time.Second / time.Duration(r.ToN)
	}
	return nil
}

// pgSpeedStats matches sla.SpeedStats: percentile_cont(0.5) is the mean of
// the two middle values, percentile_disc(0.9) the nearest rank.
func (s *Store) pgSpeedStats(db *gorm.DB, team string, agreementID int64, from, to time.Time) (sla.DurationStats, error) {
	var r struct {
		N      int     `gorm:"column:n"`
		Sum    int64   `gorm:"column:sum"`
		Median float64 `gorm:"column:median"`
		P90    int64   `gorm:"column:p90"`
	}
	if err := db.Raw(sqlSpeedPG, agreementID, from, to, team).Scan(&r).Error; err != nil {
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

// sqliteSpeedStats computes sla.SpeedStats' figures from a histogram of the
// period's speeds (SQLite has no percentile aggregate, and a count per
// distinct second is far fewer rows to read than every lead): mean from the
// sum, median as the mean of the two middle values, p90 by nearest rank.
func (s *Store) sqliteSpeedStats(db *gorm.DB, team string, agreementID int64, from, to time.Time) (sla.DurationStats, error) {
	var hist []struct {
		Secs int64 `gorm:"column:speed_secs"`
		N    int   `gorm:"column:n"`
	}
	err := db.Raw(sqlSpeedHistogram, agreementID, from, to, team).Scan(&hist).Error
	if err != nil {
		return sla.DurationStats{}, dbErr("speed", err)
	}
	n, sum := 0, int64(0)
	for _, h := range hist {
		n += h.N
		sum += h.Secs * int64(h.N)
	}
	if n == 0 {
		return sla.DurationStats{}, nil
	}
	// nth returns the k-th smallest speed (1-based).
	nth := func(k int) int64 {
		seen := 0
		for _, h := range hist {
			seen += h.N
			if seen >= k {
				return h.Secs
			}
		}
		return hist[len(hist)-1].Secs
	}
	median := time.Duration(nth((n+1)/2)) * time.Second
	if n%2 == 0 {
		median = (time.Duration(nth(n/2)) + time.Duration(nth(n/2+1))) * time.Second / 2
	}
	return sla.DurationStats{
		N:      n,
		Avg:    time.Duration(sum) * time.Second / time.Duration(n),
		Median: median,
		P90:    time.Duration(nth((9*n+9)/10)) * time.Second,
	}, nil
}

// CountByBuckets counts the agreement's marketing leads qualified in each
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
		cols = append(cols, fmt.Sprintf("COALESCE(SUM(CASE WHEN qualified_at >= ? AND qualified_at < ? THEN 1 ELSE 0 END), 0) AS b%d", i))
		args = append(args, utc(bounds[i]), utc(bounds[i+1]))
	}
	args = append(args, team, agreementID, utc(bounds[0]), utc(bounds[len(bounds)-1]))
	q := `SELECT ` + strings.Join(cols, ", ") + ` FROM leads WHERE team_id = ? AND agreement_id = ? AND source = 'marketing' AND qualified_at >= ? AND qualified_at < ?`
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
//
// Leads handed off before matureBefore are mature (sla.MatureBefore).
func (s *Store) HandoffBuckets(ctx context.Context, team string, agreementID int64, bounds []time.Time, matureBefore time.Time) ([]Bucket, error) {
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
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at < ? THEN 1 ELSE 0 END), 0) AS uncontacted,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at < ? THEN attempts ELSE 0 END), 0) AS uncontacted_attempts,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at >= ? THEN 1 ELSE 0 END), 0) AS in_window,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at >= ? THEN attempts ELSE 0 END), 0) AS in_window_attempts,
		COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS worked
		FROM leads WHERE team_id = ? AND agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ?
		GROUP BY 1`
	m := utc(matureBefore)
	args = append(args, m, m, m, m, team, agreementID, utc(bounds[0]), utc(bounds[len(bounds)-1]))
	var rows []struct {
		B                   int   `gorm:"column:b"`
		SpeedN              int   `gorm:"column:speed_n"`
		SpeedSum            int64 `gorm:"column:speed_sum"`
		HandedOff           int   `gorm:"column:handed_off"`
		Uncontacted         int   `gorm:"column:uncontacted"`
		UncontactedAttempts int   `gorm:"column:uncontacted_attempts"`
		InWindow            int   `gorm:"column:in_window"`
		InWindowAttempts    int   `gorm:"column:in_window_attempts"`
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
		b := Bucket{SpeedN: r.SpeedN, Depth: sla.DepthStats{HandedOff: r.HandedOff, Uncontacted: r.Uncontacted, UncontactedAttempts: r.UncontactedAttempts,
			InWindow: r.InWindow, InWindowAttempts: r.InWindowAttempts, Worked: r.Worked}}
		if r.SpeedN > 0 {
			b.SpeedAvg = time.Duration(r.SpeedSum) * time.Second / time.Duration(r.SpeedN)
		}
		out[r.B] = b
	}
	return out, nil
}
