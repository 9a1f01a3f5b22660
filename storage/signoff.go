package storage

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"github.com/slabot/slabot/sla"
)

// changeRow is one change of an agreement (docs/design.md, Sign-off).
type changeRow struct {
	ID          int64      `gorm:"primaryKey"`
	TeamID      string     `gorm:"size:32;not null;index:ix_agreement_changes_agreement,priority:1"`
	AgreementID int64      `gorm:"not null;index:ix_agreement_changes_agreement,priority:2"`
	Version     int        `gorm:"not null;default:0"`
	Status      string     `gorm:"size:20;not null"`
	By          string     `gorm:"size:32;not null"`
	At          time.Time  `gorm:"not null"`
	WaitFor     string     `gorm:"size:32;not null;default:''"`
	DecidedBy   string     `gorm:"size:32;not null;default:''"`
	DecidedAt   *time.Time //
	Items       string     `gorm:"not null"` // JSON []sla.ChangeItem
}

func (changeRow) TableName() string { return "agreement_changes" }

func (r changeRow) toSLA() (sla.Change, error) {
	c := sla.Change{
		ID: r.ID, TeamID: r.TeamID, AgreementID: r.AgreementID, Version: r.Version, Status: sla.ChangeStatus(r.Status),
		By: r.By, At: r.At.UTC(), WaitFor: r.WaitFor, DecidedBy: r.DecidedBy, DecidedAt: fromPtr(r.DecidedAt),
	}
	if err := json.Unmarshal([]byte(r.Items), &c.Items); err != nil {
		return c, dbErr("change items", err)
	}
	return c, nil
}

// AddChange records c. A pending change gets its approval DM in the same
// transaction (dm is called with the change's id), so the DM goes out once
// through the outbox however the run ends. An applied change takes the next
// version.
func (s *Store) AddChange(ctx context.Context, c *sla.Change, dm func(sla.Change) []sla.Part) error {
	items, err := json.Marshal(c.Items)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockTeam(tx, s.dialect, c.TeamID); err != nil {
			return err
		}
		if c.Status == sla.ChangeApplied {
			v, err := nextVersion(tx, c.TeamID, c.AgreementID)
			if err != nil {
				return err
			}
			c.Version = v
		}
		row := changeRow{TeamID: c.TeamID, AgreementID: c.AgreementID, Version: c.Version, Status: string(c.Status),
			By: c.By, At: utc(c.At), WaitFor: c.WaitFor, DecidedBy: c.DecidedBy, DecidedAt: utcPtr(c.DecidedAt), Items: string(items)}
		if err := tx.Create(&row).Error; err != nil {
			return dbErr("add change", err)
		}
		c.ID = row.ID
		if dm != nil {
			return addParts(tx, dm(*c), c.At)
		}
		return nil
	})
}

func nextVersion(tx *gorm.DB, team string, agreementID int64) (int, error) {
	var v *int
	if err := tx.Raw(`SELECT MAX(version) FROM agreement_changes WHERE team_id = ? AND agreement_id = ?`, team, agreementID).Scan(&v).Error; err != nil {
		return 0, dbErr("change version", err)
	}
	if v == nil || *v < sla.FirstVersion {
		return sla.FirstVersion + 1, nil
	}
	return *v + 1, nil
}

// DecideChange moves a pending change to status (applied: with the next
// version) by who at at. ok is false when it was no longer pending (a
// second click, or someone else decided first): nothing is written.
func (s *Store) DecideChange(ctx context.Context, team string, id int64, status sla.ChangeStatus, who string, at time.Time) (out sla.Change, ok bool, err error) {
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockTeam(tx, s.dialect, team); err != nil {
			return err
		}
		var row changeRow
		if err := s.forUpdate(tx).Where("team_id = ? AND id = ?", team, id).Take(&row).Error; err != nil {
			return dbErr("change", err)
		}
		if row.Status != string(sla.ChangePending) {
			out, err = row.toSLA()
			return err
		}
		upd := map[string]any{"status": string(status), "decided_by": who, "decided_at": utc(at)}
		if status == sla.ChangeApplied {
			v, err := nextVersion(tx, team, row.AgreementID)
			if err != nil {
				return err
			}
			upd["version"] = v
		}
		if err := tx.Model(&changeRow{}).Where("team_id = ? AND id = ?", team, id).Updates(upd).Error; err != nil {
			return dbErr("decide change", err)
		}
		if err := tx.Where("team_id = ? AND id = ?", team, id).Take(&row).Error; err != nil {
			return dbErr("change", err)
		}
		ok = true
		out, err = row.toSLA()
		return err
	})
	return out, ok, err
}

// ChangeByID loads one change.
func (s *Store) ChangeByID(ctx context.Context, team string, id int64) (sla.Change, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var row changeRow
	if err := db.Where("team_id = ? AND id = ?", team, id).Take(&row).Error; err != nil {
		return sla.Change{}, dbErr("change", err)
	}
	return row.toSLA()
}

// Changes lists an agreement's changes, oldest first.
func (s *Store) Changes(ctx context.Context, team string, agreementID int64) ([]sla.Change, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []changeRow
	if err := db.Where("team_id = ? AND agreement_id = ?", team, agreementID).Order("id").Find(&rows).Error; err != nil {
		return nil, dbErr("changes", err)
	}
	out := make([]sla.Change, 0, len(rows))
	for _, r := range rows {
		c, err := r.toSLA()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
