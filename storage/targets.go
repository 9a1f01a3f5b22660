package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/slabot/slabot/sla"
)

// SetTargets records targets for month; later months that set nothing inherit them.
func (s *Store) SetTargets(ctx context.Context, team string, agreementID int64, month sla.Month, p sla.TargetPatch, by string, at time.Time) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		return setTargets(tx, team, agreementID, month, p, by, at)
	})
}

func setTargets(tx *gorm.DB, team string, agreementID int64, month sla.Month, p sla.TargetPatch, by string, at time.Time) error {
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

// TargetsFor returns the targets in force for month (sla.TargetsInForce).
func (s *Store) TargetsFor(ctx context.Context, team string, agreementID int64, month sla.Month) (sla.Targets, sla.TargetSource, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []targetRow
	err := db.Where("team_id = ? AND agreement_id = ?", team, agreementID).Find(&rows).Error
	if err != nil {
		return sla.Targets{}, sla.TargetSource{}, dbErr("targets", err)
	}
	t, src := sla.TargetsInForce(settingsOf(rows), month)
	return t, src, nil
}

// settingsOf turns target rows into the domain's settings.
func settingsOf(rows []targetRow) []sla.TargetSetting {
	out := make([]sla.TargetSetting, 0, len(rows))
	for _, r := range rows {
		m, err := sla.ParseMonth(r.Month)
		if err != nil {
			continue // written by setTargets from a Month: cannot happen
		}
		st := sla.TargetSetting{Month: m, TargetPatch: sla.TargetPatch{MQLGoal: r.MQLGoal, Depth: r.Depth}}
		if r.ValueGoal != nil {
			v := sla.Money(*r.ValueGoal)
			st.ValueGoal = &v
		}
		if r.SpeedSecs != nil {
			v := time.Duration(*r.SpeedSecs) * time.Second
			st.Speed = &v
		}
		if r.WithinSecs != nil {
			v := time.Duration(*r.WithinSecs) * time.Second
			st.Within = &v
		}
		if r.WarnPPM != nil {
			v := sla.Ratio(*r.WarnPPM)
			st.Warn = &v
		}
		out = append(out, st)
	}
	return out
}

func newPlanRow(team string, agreementID int64, p sla.SavedPlan) planRow {
	return planRow{
		TeamID: team, AgreementID: agreementID, Month: p.Month.String(),
		QuotaCents: int64(p.Input.Quota), SharePPM: int64(p.Input.Share),
		DealCents: int64(p.Input.Deal), ClosePPM: int64(p.Input.Close),
		RevenueCents: int64(p.Result.Revenue), Customers: p.Result.Customers, Leads: p.Result.Leads,
		Applied: p.Applied, CreatedBy: p.CreatedBy, CreatedAt: utc(p.CreatedAt),
	}
}

// SavePlan records a plan for month; when p.Applied, the plan's lead count
// becomes the month's MQL goal in the same transaction.
func (s *Store) SavePlan(ctx context.Context, team string, agreementID int64, p sla.SavedPlan) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		row := newPlanRow(team, agreementID, p)
		if err := tx.Create(&row).Error; err != nil {
			return dbErr("plan", err)
		}
		if !p.Applied {
			return nil
		}
		goal := int(p.Result.Leads)
		return setTargets(tx, team, agreementID, p.Month, sla.TargetPatch{MQLGoal: &goal}, p.CreatedBy, p.CreatedAt)
	})
}

// PlanFor returns the latest applied plan at or before month (the rates the
// team planned with); ok is false when there is none.
func (s *Store) PlanFor(ctx context.Context, team string, agreementID int64, month sla.Month) (sla.SavedPlan, bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var row planRow
	err := db.Where("team_id = ? AND agreement_id = ? AND month <= ? AND applied", team, agreementID, month.String()).
		Order("month DESC, id DESC").Take(&row).Error
	if err == gorm.ErrRecordNotFound {
		return sla.SavedPlan{}, false, nil
	}
	if err != nil {
		return sla.SavedPlan{}, false, dbErr("plan", err)
	}
	m, _ := sla.ParseMonth(row.Month)
	return sla.SavedPlan{
		Month: m,
		Input: sla.PlanInput{Quota: sla.Money(row.QuotaCents), Share: sla.Ratio(row.SharePPM),
			Deal: sla.Money(row.DealCents), Close: sla.Ratio(row.ClosePPM)},
		Result:  sla.PlanResult{Revenue: sla.Money(row.RevenueCents), Customers: row.Customers, Leads: row.Leads},
		Applied: row.Applied, CreatedBy: row.CreatedBy, CreatedAt: row.CreatedAt.UTC(),
	}, true, nil
}
