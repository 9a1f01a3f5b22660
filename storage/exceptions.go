package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/slabot/slabot/sla"
)

// exceptionRow is one agreed exception period (docs/design.md, Exceptions).
type exceptionRow struct {
	ID          int64     `gorm:"primaryKey"`
	TeamID      string    `gorm:"size:32;not null;index:ix_exceptions_agreement,priority:1"`
	AgreementID int64     `gorm:"not null;index:ix_exceptions_agreement,priority:2"`
	FromDay     string    `gorm:"size:10;not null;index:ix_exceptions_agreement,priority:3"`
	ToDay       string    `gorm:"size:10;not null"`
	Reason      string    `gorm:"not null;default:''"`
	CreatedBy   string    `gorm:"size:32;not null"`
	CreatedAt   time.Time `gorm:"not null"`
}

func (exceptionRow) TableName() string { return "exceptions" }

func loadExceptions(db *gorm.DB, team string, id int64) ([]sla.Exception, error) {
	var rows []exceptionRow
	if err := db.Where("team_id = ? AND agreement_id = ?", team, id).Order("from_day, id").Find(&rows).Error; err != nil {
		return nil, dbErr("exceptions", err)
	}
	var out []sla.Exception
	for _, r := range rows {
		from, err1 := sla.ParseDate(r.FromDay)
		to, err2 := sla.ParseDate(r.ToDay)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("exception %d of agreement %d: %q – %q", r.ID, id, r.FromDay, r.ToDay)
		}
		out = append(out, sla.Exception{ID: r.ID, From: from, To: to, Reason: r.Reason, By: r.CreatedBy, At: r.CreatedAt.UTC()})
	}
	return out, nil
}

// AddException records an agreed exception; the same period again is
// recorded once (applying an approved change twice changes nothing).
func (s *Store) AddException(ctx context.Context, team string, agreementID int64, e sla.Exception) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockTeam(tx, s.dialect, team); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&exceptionRow{}).Where("team_id = ? AND agreement_id = ? AND from_day = ? AND to_day = ?", team, agreementID, e.From.String(), e.To.String()).Count(&n).Error; err != nil {
			return dbErr("exception", err)
		}
		if n > 0 {
			return nil
		}
		row := exceptionRow{TeamID: team, AgreementID: agreementID, FromDay: e.From.String(), ToDay: e.To.String(), Reason: e.Reason, CreatedBy: e.By, CreatedAt: utc(e.At)}
		return dbErr("add exception", tx.Create(&row).Error)
	})
}

// RemoveException deletes the exception of exactly that period; removing
// one that is gone changes nothing (an approval applied twice).
func (s *Store) RemoveException(ctx context.Context, team string, agreementID int64, from, to sla.Date) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return dbErr("remove exception", db.Where("team_id = ? AND agreement_id = ? AND from_day = ? AND to_day = ?", team, agreementID, from.String(), to.String()).Delete(&exceptionRow{}).Error)
}
