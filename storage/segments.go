package storage

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// segmentRow is one segment of an agreement's plan (docs/design.md,
// Segments and lead value).
type segmentRow struct {
	TeamID      string `gorm:"size:32;not null;index"`
	AgreementID int64  `gorm:"primaryKey;autoIncrement:false"`
	Name        string `gorm:"primaryKey;size:64"`
	MixPPM      int64  `gorm:"not null"`
	DealCents   int64  `gorm:"not null"`
	ClosePPM    int64  `gorm:"not null"`
	ValueCents  int64  `gorm:"not null;default:0"`
	UpdatedBy   string `gorm:"size:32;not null"`
	UpdatedAt   time.Time
}

func (segmentRow) TableName() string { return "segments" }

// segmentGoalRow is one segment's MQL goal, set by an applied segmented plan
// for a month; a month without rows takes the latest earlier month's set.
type segmentGoalRow struct {
	TeamID      string `gorm:"size:32;not null;index"`
	AgreementID int64  `gorm:"primaryKey;autoIncrement:false"`
	Month       string `gorm:"primaryKey;size:7"`
	Segment     string `gorm:"primaryKey;size:64"`
	MQLGoal     int64  `gorm:"not null"`
	UpdatedBy   string `gorm:"size:32;not null"`
	UpdatedAt   time.Time
}

func (segmentGoalRow) TableName() string { return "segment_goals" }

// SetSegment adds or replaces a segment; it refuses a new one past
// sla.MaxSegments.
func (s *Store) SetSegment(ctx context.Context, team string, agreementID int64, seg sla.Segment, by string, at time.Time) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockTeam(tx, s.dialect, team); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&segmentRow{}).Where("team_id = ? AND agreement_id = ? AND name <> ?", team, agreementID, seg.Name).Count(&n).Error; err != nil {
			return dbErr("segments", err)
		}
		if n >= sla.MaxSegments {
			return sla.Errorf(sla.Invalid, "An agreement has at most %d segments; remove one first with `/sla segment remove <name>`.", sla.MaxSegments)
		}
		row := segmentRow{TeamID: team, AgreementID: agreementID, Name: seg.Name, MixPPM: int64(seg.Mix),
			DealCents: int64(seg.Deal), ClosePPM: int64(seg.Close), ValueCents: int64(seg.Value), UpdatedBy: by, UpdatedAt: utc(at)}
		return dbErr("segments", tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error)
	})
}

// RemoveSegment deletes a segment; false when there was none of that name.
// The leads keep their segment label: they count as unsegmented from then.
func (s *Store) RemoveSegment(ctx context.Context, team string, agreementID int64, name string) (bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	res := db.Where("team_id = ? AND agreement_id = ? AND name = ?", team, agreementID, name).Delete(&segmentRow{})
	return res.RowsAffected > 0, dbErr("segments", res.Error)
}

// Segments lists an agreement's segments by name.
func (s *Store) Segments(ctx context.Context, team string, agreementID int64) ([]sla.Segment, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []segmentRow
	if err := db.Where("team_id = ? AND agreement_id = ?", team, agreementID).Order("name").Find(&rows).Error; err != nil {
		return nil, dbErr("segments", err)
	}
	out := make([]sla.Segment, len(rows))
	for i, r := range rows {
		out[i] = sla.Segment{Name: r.Name, Mix: sla.Ratio(r.MixPPM), Deal: sla.Money(r.DealCents), Close: sla.Ratio(r.ClosePPM), Value: sla.Money(r.ValueCents)}
	}
	return out, nil
}

// ApplySegmentedPlan records an applied segmented plan in one transaction:
// the plan (with its blended rates), the month's MQL and value goals, and
// the month's per-segment goals, replacing any the month had.
func (s *Store) ApplySegmentedPlan(ctx context.Context, team string, agreementID int64, p sla.SavedPlan, goals []sla.SegmentGoal, value sla.Money) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		p.Applied = true
		row := newPlanRow(team, agreementID, p)
		if err := tx.Create(&row).Error; err != nil {
			return dbErr("plan", err)
		}
		goal := int(p.Result.Leads)
		patch := sla.TargetPatch{MQLGoal: &goal}
		if value > 0 {
			patch.ValueGoal = &value
		}
		if err := setTargets(tx, team, agreementID, p.Month, patch, p.CreatedBy, p.CreatedAt); err != nil {
			return err
		}
		if err := tx.Where("team_id = ? AND agreement_id = ? AND month = ?", team, agreementID, p.Month.String()).Delete(&segmentGoalRow{}).Error; err != nil {
			return dbErr("segment goals", err)
		}
		for _, g := range goals {
			r := segmentGoalRow{TeamID: team, AgreementID: agreementID, Month: p.Month.String(), Segment: g.Segment,
				MQLGoal: int64(g.Goal), UpdatedBy: p.CreatedBy, UpdatedAt: utc(p.CreatedAt)}
			if err := tx.Create(&r).Error; err != nil {
				return dbErr("segment goals", err)
			}
		}
		return nil
	})
}

// SegmentGoalsFor returns the per-segment goals in force for month: the set
// of the latest month at or before it that had one (goals carry forward,
// never back: docs/design.md, Targets).
func (s *Store) SegmentGoalsFor(ctx context.Context, team string, agreementID int64, month sla.Month) ([]sla.SegmentGoal, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var latest []string
	if err := db.Model(&segmentGoalRow{}).Where("team_id = ? AND agreement_id = ? AND month <= ?", team, agreementID, month.String()).
		Order("month DESC").Limit(1).Pluck("month", &latest).Error; err != nil {
		return nil, dbErr("segment goals", err)
	}
	if len(latest) == 0 {
		return nil, nil
	}
	var rows []segmentGoalRow
	if err := db.Where("team_id = ? AND agreement_id = ? AND month = ?", team, agreementID, latest[0]).Order("segment").Find(&rows).Error; err != nil {
		return nil, dbErr("segment goals", err)
	}
	out := make([]sla.SegmentGoal, len(rows))
	for i, r := range rows {
		out[i] = sla.SegmentGoal{Segment: r.Segment, Goal: int(r.MQLGoal)}
	}
	return out, nil
}

// SegmentCounts are the MQLs qualified in [from, to) per lead segment,
// lower-cased ("" for none), the same leads Figures counts as MQLs.
func (s *Store) SegmentCounts(ctx context.Context, team string, agreementID int64, from, to time.Time) ([]sla.SegmentCount, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []struct {
		Segment string
		N       int
	}
	err := db.Raw(`SELECT LOWER(segment) AS segment, COUNT(*) AS n FROM leads
		WHERE team_id = ? AND agreement_id = ? AND source = 'marketing' AND qualified_at >= ? AND qualified_at < ?
		GROUP BY LOWER(segment) ORDER BY LOWER(segment)`, team, agreementID, utc(from), utc(to)).Scan(&rows).Error
	if err != nil {
		return nil, dbErr("segment counts", err)
	}
	out := make([]sla.SegmentCount, len(rows))
	for i, r := range rows {
		out[i] = sla.SegmentCount{Segment: strings.TrimSpace(r.Segment), MQLs: r.N}
	}
	return out, nil
}

// ActiveReps counts the reps who had leads handed off in [from, to).
func (s *Store) ActiveReps(ctx context.Context, team string, agreementID int64, from, to time.Time) (int, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var n int64
	err := db.Model(&leadRow{}).Where("team_id = ? AND agreement_id = ? AND owner <> '' AND handed_off_at >= ? AND handed_off_at < ?",
		team, agreementID, utc(from), utc(to)).Distinct("owner").Count(&n).Error
	return int(n), dbErr("reps", err)
}

// SegmentStatus is the month's per-segment MQLs against their goals and the
// lead value against valueGoal (the waterfall's comment).
func (s *Store) SegmentStatus(ctx context.Context, a sla.Agreement, month sla.Month, valueGoal sla.Money) (sla.SegmentStatus, error) {
	return s.segmentStatus(ctx, a, month, valueGoal)
}

// segmentStatus is the month's per-segment MQLs and lead value for status.
func (s *Store) segmentStatus(ctx context.Context, a sla.Agreement, month sla.Month, valueGoal sla.Money) (sla.SegmentStatus, error) {
	segs, err := s.Segments(ctx, a.TeamID, a.ID)
	if err != nil {
		return sla.SegmentStatus{}, err
	}
	var goals []sla.SegmentGoal
	if a.Covers(month) {
		if goals, err = s.SegmentGoalsFor(ctx, a.TeamID, a.ID, month); err != nil {
			return sla.SegmentStatus{}, err
		}
	}
	if len(segs) == 0 && valueGoal == 0 {
		return sla.SegmentStatus{}, nil // nothing per segment to show: skip the count
	}
	loc := a.Location()
	counts, err := s.SegmentCounts(ctx, a.TeamID, a.ID, month.Start(loc), month.End(loc))
	if err != nil {
		return sla.SegmentStatus{}, err
	}
	return sla.SegmentsOf(segs, goals, counts, valueGoal), nil
}
