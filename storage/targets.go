package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/slabot/slabot/sla"
)

// TargetPatch changes some targets from a month on; nil fields are left alone.
type TargetPatch struct {
	MQLGoal   *int
	ValueGoal *sla.Money
	Speed     *time.Duration
	Depth     *int
	Within    *time.Duration
	Warn      *sla.Ratio
}

func patchOf(t sla.Targets) TargetPatch {
	p := TargetPatch{Speed: &t.Speed, Depth: &t.Depth, Within: &t.Within, Warn: &t.Warn}
	if t.MQLSet {
		p.MQLGoal = &t.MQLGoal
	}
	if t.ValueGoal != 0 {
		p.ValueGoal = &t.ValueGoal
	}
	return p
}

// SetTargets records targets for month; later months that set nothing inherit them.
func (s *Store) SetTargets(ctx context.Context, team string, agreementID int64, month sla.Month, p TargetPatch, by string, at time.Time) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		return setTargets(tx, team, agreementID, month, p, by, at)
	})
}

func setTargets(tx *gorm.DB, team string, agreementID int64, month sla.Month, p TargetPatch, by string, at time.Time) error {
	var row targetRow
	err := tx.Where("team_id = ? AND agreement_id = ? AND month = ?", team, agreementID, month.String()).Take(&row).Error
	isNew := err == gorm.ErrRecordNotFound
	if err != nil && !isNew {
		return dbErr("targets", err)
	}
	row.TeamID, row.AgreementID, row.Month = team, agreementID, month.String()
	if p.MQLGoal != nil {
		v := *p.MQLGoal
		row.MQLGoal = &v
	}
	if p.ValueGoal != nil {
		v := int64(*p.ValueGoal)
		row.ValueGoal = &v
	}
	if p.Speed != nil {
		v := int64(*p.Speed / time.Second)
		row.SpeedSecs = &v
	}
	if p.Depth != nil {
		v := *p.Depth
		row.Depth = &v
	}
	if p.Within != nil {
		v := int64(*p.Within / time.Second)
		row.WithinSecs = &v
	}
	if p.Warn != nil {
		v := int64(*p.Warn)
		row.WarnPPM = &v
	}
	row.UpdatedBy, row.UpdatedAt = by, utc(at)
	if isNew {
		return dbErr("targets", tx.Create(&row).Error)
	}
	return dbErr("targets", tx.Save(&row).Error)
}

// TargetInfo says where the month's targets came from.
type TargetInfo struct {
	MQLFrom sla.Month // the month whose MQL goal is in force (zero when none is set)
}

// TargetsFor returns the targets in force for month: each field from the
// latest month at or before it that set the field.
func (s *Store) TargetsFor(ctx context.Context, team string, agreementID int64, month sla.Month) (sla.Targets, TargetInfo, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []targetRow
	err := db.Where("team_id = ? AND agreement_id = ? AND month <= ?", team, agreementID, month.String()).
		Order("month DESC").Find(&rows).Error
	if err != nil {
		return sla.Targets{}, TargetInfo{}, dbErr("targets", err)
	}
	t, info := mergeTargets(rows, month)
	return t, info, nil
}

// mergeTargets applies the inheritance rule to an agreement's target rows,
// newest month first: each field comes from the latest month at or before
// month that set it.
func mergeTargets(rows []targetRow, month sla.Month) (sla.Targets, TargetInfo) {
	var t sla.Targets
	var info TargetInfo
	var haveSpeed, haveDepth, haveWithin, haveWarn, haveValue bool
	m := month.String()
	for _, r := range rows {
		if r.Month > m {
			continue
		}
		if !t.MQLSet && r.MQLGoal != nil {
			t.MQLGoal, t.MQLSet = *r.MQLGoal, true
			info.MQLFrom, _ = sla.ParseMonth(r.Month)
		}
		if !haveValue && r.ValueGoal != nil {
			t.ValueGoal, haveValue = sla.Money(*r.ValueGoal), true
		}
		if !haveSpeed && r.SpeedSecs != nil {
			t.Speed, haveSpeed = time.Duration(*r.SpeedSecs)*time.Second, true
		}
		if !haveDepth && r.Depth != nil {
			t.Depth, haveDepth = *r.Depth, true
		}
		if !haveWithin && r.WithinSecs != nil {
			t.Within, haveWithin = time.Duration(*r.WithinSecs)*time.Second, true
		}
		if !haveWarn && r.WarnPPM != nil {
			t.Warn, haveWarn = sla.Ratio(*r.WarnPPM), true
		}
	}
	return t, info
}

// Plan is a saved plan calculation.
type Plan struct {
	Month     sla.Month
	Input     sla.PlanInput
	Result    sla.PlanResult
	Applied   bool
	CreatedBy string
	CreatedAt time.Time
}

// SavePlan records a plan for month; when p.Applied, the plan's lead count
// becomes the month's MQL goal in the same transaction.
func (s *Store) SavePlan(ctx context.Context, team string, agreementID int64, p Plan) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		row := planRow{
			TeamID: team, AgreementID: agreementID, Month: p.Month.String(),
			QuotaCents: int64(p.Input.Quota), SharePPM: int64(p.Input.Share),
			DealCents: int64(p.Input.Deal), ClosePPM: int64(p.Input.Close),
			RevenueCents: int64(p.Result.Revenue), Customers: p.Result.Customers, Leads: p.Result.Leads,
			Applied: p.Applied, CreatedBy: p.CreatedBy, CreatedAt: utc(p.CreatedAt),
		}
		if err := tx.Create(&row).Error; err != nil {
			return dbErr("plan", err)
		}
		if !p.Applied {
			return nil
		}
		goal := int(p.Result.Leads)
		return setTargets(tx, team, agreementID, p.Month, TargetPatch{MQLGoal: &goal}, p.CreatedBy, p.CreatedAt)
	})
}

// PlanFor returns the latest applied plan at or before month (the rates the
// team planned with); ok is false when there is none.
func (s *Store) PlanFor(ctx context.Context, team string, agreementID int64, month sla.Month) (Plan, bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var row planRow
	err := db.Where("team_id = ? AND agreement_id = ? AND month <= ? AND applied", team, agreementID, month.String()).
		Order("month DESC, id DESC").Take(&row).Error
	if err == gorm.ErrRecordNotFound {
		return Plan{}, false, nil
	}
	if err != nil {
		return Plan{}, false, dbErr("plan", err)
	}
	m, _ := sla.ParseMonth(row.Month)
	return Plan{
		Month: m,
		Input: sla.PlanInput{Quota: sla.Money(row.QuotaCents), Share: sla.Ratio(row.SharePPM),
			Deal: sla.Money(row.DealCents), Close: sla.Ratio(row.ClosePPM)},
		Result:  sla.PlanResult{Revenue: sla.Money(row.RevenueCents), Customers: row.Customers, Leads: row.Leads},
		Applied: row.Applied, CreatedBy: row.CreatedBy, CreatedAt: row.CreatedAt.UTC(),
	}, true, nil
}
