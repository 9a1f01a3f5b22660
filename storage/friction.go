package storage

import (
	"context"
	"time"

	"github.com/slabot/slabot/sla"
)

// frictionRow is one customer-friction note (docs/design.md, Customer friction).
type frictionRow struct {
	ID          int64     `gorm:"primaryKey"`
	TeamID      string    `gorm:"size:32;not null;index:ix_friction_notes_agreement,priority:1"`
	AgreementID int64     `gorm:"not null;index:ix_friction_notes_agreement,priority:2"`
	LeadID      int64     `gorm:"not null"`
	Note        string    `gorm:"not null"`
	By          string    `gorm:"size:32;not null"`
	At          time.Time `gorm:"not null;index:ix_friction_notes_agreement,priority:3"`
}

func (frictionRow) TableName() string { return "friction_notes" }

// AddFriction records a note on a customer of the agreement.
func (s *Store) AddFriction(ctx context.Context, team string, agreementID int64, n sla.FrictionNote) (sla.FrictionNote, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	row := frictionRow{TeamID: team, AgreementID: agreementID, LeadID: n.LeadID, Note: n.Note, By: n.By, At: utc(n.At)}
	if err := db.Create(&row).Error; err != nil {
		return n, dbErr("add friction note", err)
	}
	n.ID = row.ID
	return n, nil
}

// Friction lists the month's new customers (won in [from, to)) and the
// friction notes written in it, each with its lead, oldest first.
func (s *Store) Friction(ctx context.Context, team string, agreementID int64, from, to time.Time) ([]sla.Lead, []sla.FrictionNote, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var won []leadRow
	if err := db.Where("team_id = ? AND agreement_id = ? AND won_at >= ? AND won_at < ?", team, agreementID, utc(from), utc(to)).
		Order("won_at, id").Find(&won).Error; err != nil {
		return nil, nil, dbErr("customers won", err)
	}
	var rows []frictionRow
	if err := db.Where("team_id = ? AND agreement_id = ? AND at >= ? AND at < ?", team, agreementID, utc(from), utc(to)).
		Order("at, id").Find(&rows).Error; err != nil {
		return nil, nil, dbErr("friction notes", err)
	}
	customers := make([]sla.Lead, len(won))
	for i, r := range won {
		customers[i] = r.toSLA()
	}
	ids := map[int64]bool{}
	for _, r := range rows {
		ids[r.LeadID] = true
	}
	leads := map[int64]sla.Lead{}
	if len(ids) > 0 {
		var list []int64
		for id := range ids {
			list = append(list, id)
		}
		var lr []leadRow
		if err := db.Where("team_id = ? AND id IN ?", team, list).Find(&lr).Error; err != nil {
			return nil, nil, dbErr("friction leads", err)
		}
		for _, r := range lr {
			leads[r.ID] = r.toSLA()
		}
	}
	notes := make([]sla.FrictionNote, len(rows))
	for i, r := range rows {
		notes[i] = sla.FrictionNote{ID: r.ID, LeadID: r.LeadID, Lead: leads[r.LeadID], Note: r.Note, By: r.By, At: r.At.UTC()}
	}
	return customers, notes, nil
}
