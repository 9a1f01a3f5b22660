package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// ClaimPost reserves the post for owner before it is sent. It reports false
// when the post was already sent, or when another run claimed it less than
// stale ago (it is still in flight). A claim older than stale belongs to a
// run that died before sending, so it is taken over and the post retried.
func (s *Store) ClaimPost(ctx context.Context, k sla.PostKey, owner string, now time.Time, stale time.Duration) (bool, error) {
	var claimed bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row := postRow{TeamID: k.TeamID, AgreementID: k.AgreementID, Kind: k.Kind, Period: k.Period,
			Status: "pending", ClaimedBy: owner, ClaimedAt: utc(now), Tries: 1}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return dbErr("post ledger", res.Error)
		}
		if res.RowsAffected == 1 {
			claimed = true
			return nil
		}
		// The conditional update is the lock: of two runs taking over the
		// same stale claim, only one matches the WHERE.
		res = tx.Model(&postRow{}).
			Where("team_id = ? AND agreement_id = ? AND kind = ? AND period = ? AND status = 'pending' AND claimed_at < ?",
				k.TeamID, k.AgreementID, k.Kind, k.Period, utc(now.Add(-stale))).
			Updates(map[string]any{"claimed_by": owner, "claimed_at": utc(now), "tries": gorm.Expr("tries + 1")})
		if res.Error != nil {
			return dbErr("post ledger", res.Error)
		}
		claimed = res.RowsAffected == 1
		return nil
	})
	return claimed, err
}

// MarkSent records that the claimed post went out.
func (s *Store) MarkSent(ctx context.Context, k sla.PostKey, owner string, at time.Time) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	t := utc(at)
	return dbErr("post ledger", db.Model(&postRow{}).
		Where("team_id = ? AND agreement_id = ? AND kind = ? AND period = ? AND claimed_by = ?", k.TeamID, k.AgreementID, k.Kind, k.Period, owner).
		Updates(map[string]any{"status": "sent", "sent_at": &t}).Error)
}

// ReleasePost drops a claim whose send failed so the next run retries at once.
func (s *Store) ReleasePost(ctx context.Context, k sla.PostKey, owner string) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return dbErr("post ledger", db.
		Where("team_id = ? AND agreement_id = ? AND kind = ? AND period = ? AND claimed_by = ? AND status = 'pending'", k.TeamID, k.AgreementID, k.Kind, k.Period, owner).
		Delete(&postRow{}).Error)
}

// PostSent reports whether the post has gone out.
func (s *Store) PostSent(ctx context.Context, k sla.PostKey) (bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var n int64
	err := db.Model(&postRow{}).Where("team_id = ? AND agreement_id = ? AND kind = ? AND period = ? AND status = 'sent'", k.TeamID, k.AgreementID, k.Kind, k.Period).Count(&n).Error
	return n > 0, dbErr("post ledger", err)
}
