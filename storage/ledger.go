package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// The outbox of scheduled posts (docs/design.md, Scheduled posts, exactly
// once): one row per part. A claim is a lease that the claiming run renews
// while it lives; a lease that ran out belongs to a run that died, and the
// next claim takes the part over. Times compared with leases are the
// caller's real clock, never a job's --at.

func partWhere(db *gorm.DB, k sla.PartKey) *gorm.DB {
	return db.Where("team_id = ? AND agreement_id = ? AND kind = ? AND period = ? AND part = ?",
		k.TeamID, k.AgreementID, k.Kind, k.Period, k.Part)
}

func (r outboxRow) toPart() sla.Part {
	return sla.Part{Key: sla.PartKey{PostKey: sla.PostKey{TeamID: r.TeamID, AgreementID: r.AgreementID, Kind: r.Kind, Period: r.Period}, Part: r.Part},
		Channel: r.Channel, Payload: r.Payload}
}

func newOutboxRow(p sla.Part, now time.Time) outboxRow {
	k := p.Key
	return outboxRow{TeamID: k.TeamID, AgreementID: k.AgreementID, Kind: k.Kind, Period: k.Period, Part: k.Part,
		Channel: p.Channel, Payload: p.Payload, Status: "pending", CreatedAt: utc(now)}
}

// AddParts records parts to send later, unclaimed; parts already recorded
// are left as they are.
func (s *Store) AddParts(ctx context.Context, parts []sla.Part, now time.Time) error {
	if len(parts) == 0 {
		return nil
	}
	db, cancel := s.ctx(ctx)
	defer cancel()
	return addParts(db, parts, now)
}

func addParts(db *gorm.DB, parts []sla.Part, now time.Time) error {
	rows := make([]outboxRow, len(parts))
	for i, p := range parts {
		rows[i] = newOutboxRow(p, now)
	}
	return dbErr("outbox", db.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 200).Error)
}

// ClaimPart takes the part for owner until now+lease: a new part, a part
// nobody holds, or one whose holder's lease ran out. It reports Done for a
// part already sent and Held, with the holder, for one another run holds.
func (s *Store) ClaimPart(ctx context.Context, p sla.Part, owner string, now time.Time, lease time.Duration) (sla.PartClaim, error) {
	var out sla.PartClaim
	now = utc(now)
	until := now.Add(lease)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row := newOutboxRow(p, now)
		row.ClaimedBy, row.LeaseUntil = owner, &until
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return dbErr("outbox", res.Error)
		}
		if res.RowsAffected == 1 {
			out = sla.PartClaim{State: sla.Claimed, Part: row.toPart()}
			return nil
		}
		// The conditional update is the lock: of two runs taking over the
		// same part, only one still matches the WHERE once the other commits.
		res = partWhere(tx.Model(&outboxRow{}), p.Key).
			Where("status = 'pending' AND (lease_until IS NULL OR lease_until < ?)", now).
			Updates(map[string]any{"claimed_by": owner, "lease_until": &until})
		if res.Error != nil {
			return dbErr("outbox", res.Error)
		}
		var cur outboxRow
		if err := partWhere(tx, p.Key).Take(&cur).Error; err != nil {
			return dbErr("outbox", err)
		}
		out = sla.PartClaim{Part: cur.toPart(), Sends: cur.Sends, Ref: cur.Ref}
		switch {
		case cur.Status != "pending":
			out.State = sla.Done
		case res.RowsAffected == 1:
			out.State = sla.Claimed
		default:
			out.State, out.HeldBy = sla.Held, cur.ClaimedBy
			if cur.LeaseUntil != nil {
				out.HeldUntil = cur.LeaseUntil.UTC()
			}
		}
		return nil
	})
	return out, err
}

// StartSend is the fence before a send: it counts the send and notes ref
// (a file id, known before the file is shared) only while owner still
// holds an unexpired lease, which it extends to now+lease. false: the part
// is no longer owner's, and must not be sent.
func (s *Store) StartSend(ctx context.Context, k sla.PartKey, owner, ref string, now time.Time, lease time.Duration) (bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	now = utc(now)
	until := now.Add(lease)
	res := partWhere(db.Model(&outboxRow{}), k).
		Where("status = 'pending' AND claimed_by = ? AND lease_until >= ?", owner, now).
		Updates(map[string]any{"sends": gorm.Expr("sends + 1"), "ref": ref, "lease_until": &until,
			"started_at": gorm.Expr("COALESCE(started_at, ?)", now)})
	if res.Error != nil {
		return false, dbErr("outbox", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// MarkPartSent records that the part is in Slack (ref: its message ts or
// file id), whoever holds it now.
func (s *Store) MarkPartSent(ctx context.Context, k sla.PartKey, ref string, at time.Time) error {
	return s.finishPart(ctx, k, "sent", ref, "", at)
}

// DropPart closes a part that is no longer worth sending (a nudge whose
// leads were all worked meanwhile).
func (s *Store) DropPart(ctx context.Context, k sla.PartKey, why string, at time.Time) error {
	return s.finishPart(ctx, k, "dropped", "", why, at)
}

func (s *Store) finishPart(ctx context.Context, k sla.PartKey, status, ref, why string, at time.Time) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	t := utc(at)
	set := map[string]any{"status": status, "sent_at": &t, "lease_until": nil, "last_error": truncateText(why, 500)}
	if ref != "" {
		set["ref"] = ref
	}
	return dbErr("outbox", partWhere(db.Model(&outboxRow{}), k).Where("status = 'pending'").Updates(set).Error)
}

// ReleasePart gives up owner's claim after a failed send, noting why, so
// that the next run may claim it at once.
func (s *Store) ReleasePart(ctx context.Context, k sla.PartKey, owner, why string) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return dbErr("outbox", partWhere(db.Model(&outboxRow{}), k).
		Where("status = 'pending' AND claimed_by = ?", owner).
		Updates(map[string]any{"claimed_by": "", "lease_until": nil, "last_error": truncateText(why, 500)}).Error)
}

// RenewLeases extends every lease owner holds to now+lease: the heartbeat
// of a live run.
func (s *Store) RenewLeases(ctx context.Context, owner string, now time.Time, lease time.Duration) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	until := utc(now).Add(lease)
	return dbErr("outbox", db.Model(&outboxRow{}).
		Where("claimed_by = ? AND status = 'pending' AND lease_until IS NOT NULL", owner).
		Update("lease_until", &until).Error)
}

// PendingParts lists up to limit parts of the given kinds, of every team,
// that are waiting and that nobody holds: sends that failed or whose run
// died, oldest first.
func (s *Store) PendingParts(ctx context.Context, kinds []string, now time.Time, limit int) ([]sla.Part, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []outboxRow
	err := db.Where("status = 'pending' AND kind IN ? AND (lease_until IS NULL OR lease_until < ?)", kinds, utc(now)).
		Order("created_at, agreement_id, period, part").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, dbErr("outbox", err)
	}
	out := make([]sla.Part, len(rows))
	for i, r := range rows {
		out[i] = r.toPart()
	}
	return out, nil
}

// PartsDone lists the parts of a post that are sent or dropped.
func (s *Store) PartsDone(ctx context.Context, k sla.PostKey) (map[string]bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var parts []string
	err := db.Model(&outboxRow{}).Where("team_id = ? AND agreement_id = ? AND kind = ? AND period = ? AND status <> 'pending'",
		k.TeamID, k.AgreementID, k.Kind, k.Period).Pluck("part", &parts).Error
	if err != nil {
		return nil, dbErr("outbox", err)
	}
	out := make(map[string]bool, len(parts))
	for _, p := range parts {
		out[p] = true
	}
	return out, nil
}

func truncateText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
