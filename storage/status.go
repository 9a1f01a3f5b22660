package storage

import (
	"context"
	"time"

	"github.com/slabot/slabot/sla"
)

// BreachCounts counts the agreement's open leads in breach at now, from the
// clocks kept on each lead (partial index on open leads).
func (s *Store) BreachCounts(ctx context.Context, team string, agreementID int64, now time.Time) (sla.BreachCounts, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	now = utc(now)
	var r struct {
		Warnings int `gorm:"column:warnings"`
		Speed    int `gorm:"column:speed"`
		Depth    int `gorm:"column:depth"`
	}
	err := db.Raw(sqlBreachCounts,
		now, now, now, now, agreementID, now, now, now, team).Scan(&r).Error
	if err != nil {
		return sla.BreachCounts{}, dbErr("breaches", err)
	}
	return sla.BreachCounts{Warnings: r.Warnings, Speed: r.Speed, Depth: r.Depth}, nil
}

// Strikes counts each owner's strikes in month, most first.
func (s *Store) Strikes(ctx context.Context, team string, agreementID int64, month sla.Month) ([]sla.StrikeCount, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []struct {
		UserID string `gorm:"column:user_id"`
		N      int    `gorm:"column:n"`
	}
	err := db.Raw(`SELECT user_id, COUNT(*) AS n FROM strikes WHERE team_id = ? AND agreement_id = ? AND month = ?
		GROUP BY user_id ORDER BY n DESC, user_id`, team, agreementID, month.String()).Scan(&rows).Error
	if err != nil {
		return nil, dbErr("strikes", err)
	}
	out := make([]sla.StrikeCount, len(rows))
	for i, r := range rows {
		out[i] = sla.StrikeCount{User: r.UserID, N: r.N}
	}
	return out, nil
}

// StatusInput gathers everything the status of month shows, as of now.
func (s *Store) StatusInput(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time) (sla.StatusInput, error) {
	loc := a.Location()
	in := sla.StatusInput{Agreement: a, Month: month, Now: now}
	var err error
	var info sla.TargetSource
	if in.Targets, info, err = s.TargetsFor(ctx, a.TeamID, a.ID, month); err != nil {
		return in, err
	}
	in.MQLFrom = info.MQLFrom
	plan, ok, err := s.PlanFor(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return in, err
	}
	if ok {
		in.Plan, in.PlanMonth, in.PlanGoal = &plan.Input, plan.Month, int(plan.Result.Leads)
	}
	if in.Figures, err = s.Figures(ctx, a.TeamID, a.ID, month.Start(loc), month.End(loc), sla.MatureBefore(now, in.Targets.Within)); err != nil {
		return in, err
	}
	// Open breaches are a "now" figure; for a past month they are not shown.
	if !now.Before(month.Start(loc)) && now.Before(month.End(loc)) {
		if in.Breaches, err = s.BreachCounts(ctx, a.TeamID, a.ID, now); err != nil {
			return in, err
		}
	}
	if in.Strikes, err = s.Strikes(ctx, a.TeamID, a.ID, month); err != nil {
		return in, err
	}
	if in.Segments, err = s.segmentStatus(ctx, a, month, in.Targets.ValueGoal); err != nil {
		return in, err
	}
	return in, nil
}

// RecomputeOpenLeads applies fn to every open, handed-off lead of the
// agreement (after its hours or targets changed, the clocks move), in
// batches, each lead saved only when fn reports a change.
func (s *Store) RecomputeOpenLeads(ctx context.Context, team string, agreementID int64, fn func(*sla.Lead) bool) (int, error) {
	changed := 0
	var lastID int64
	for {
		var rows []leadRow
		db, cancel := s.ctx(ctx)
		err := db.Where("team_id = ? AND agreement_id = ? AND id > ? AND handed_off_at IS NOT NULL AND contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL",
			team, agreementID, lastID).Order("id").Limit(500).Find(&rows).Error
		cancel()
		if err != nil {
			return changed, dbErr("leads", err)
		}
		if len(rows) == 0 {
			return changed, nil
		}
		for _, r := range rows {
			lastID = r.ID
			l := r.toSLA()
			if !fn(&l) {
				continue
			}
			db, cancel := s.ctx(ctx)
			err := db.Model(&leadRow{}).Where("team_id = ? AND id = ?", team, r.ID).Updates(map[string]any{
				"warn_at": utcPtr(l.WarnAt), "speed_due_at": utcPtr(l.SpeedDueAt), "depth_due_at": utcPtr(l.DepthDueAt),
				"next_check_at": utcPtr(l.NextCheckAt),
			}).Error
			cancel()
			if err != nil {
				return changed, dbErr("lead clocks", err)
			}
			changed++
		}
	}
}
