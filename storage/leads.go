package storage

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

func secsBetween(from, to time.Time) *int64 {
	if from.IsZero() || to.IsZero() {
		return nil
	}
	v := int64(to.Sub(from) / time.Second)
	return &v
}

func toLeadRow(l sla.Lead) leadRow {
	r := leadRow{
		ID: l.ID, TeamID: l.TeamID, AgreementID: l.AgreementID, Seq: l.Seq,
		ExternalID: l.ExternalID, Name: l.Name, Email: strings.ToLower(strings.TrimSpace(l.Email)), Segment: l.Segment,
		Source: string(l.Source), Owner: l.Owner, ToldOwner: l.ToldOwner,
		CreatedAt:      utc(l.CreatedAt),
		QualifiedAt:    utcPtr(l.QualifiedAt),
		HandedOffAt:    utcPtr(l.HandedOffAt),
		AssignedAt:     utcPtr(l.AssignedAt),
		ToHandoffSecs:  secsBetween(l.QualifiedAt, l.HandedOffAt),
		FirstAttemptAt: utcPtr(l.FirstAttemptAt),
		Attempts:       l.Attempts,
		ContactedAt:    utcPtr(l.ContactedAt),
		WonAt:          utcPtr(l.WonAt),
		RevenueCents:   int64(l.Revenue),
		CycleSecs:      secsBetween(l.CreatedAt, l.WonAt),
		LostAt:         utcPtr(l.LostAt),
		LostReason:     l.LostReason,
		WarnAt:         utcPtr(l.WarnAt),
		SpeedDueAt:     utcPtr(l.SpeedDueAt),
		DepthDueAt:     utcPtr(l.DepthDueAt),
		NextCheckAt:    utcPtr(l.NextCheckAt),
		SnoozedUntil:   utcPtr(l.SnoozedUntil),
	}
	if l.SpeedSecs >= 0 && !l.FirstAttemptAt.IsZero() {
		v := l.SpeedSecs
		r.SpeedSecs = &v
	}
	return r
}

func (r leadRow) toSLA() sla.Lead {
	l := sla.Lead{
		ID: r.ID, TeamID: r.TeamID, AgreementID: r.AgreementID, Seq: r.Seq,
		ExternalID: r.ExternalID, Name: r.Name, Email: r.Email, Segment: r.Segment,
		Source: sla.Source(r.Source), Owner: r.Owner, ToldOwner: r.ToldOwner,
		CreatedAt:      r.CreatedAt.UTC(),
		QualifiedAt:    fromPtr(r.QualifiedAt),
		HandedOffAt:    fromPtr(r.HandedOffAt),
		AssignedAt:     fromPtr(r.AssignedAt),
		FirstAttemptAt: fromPtr(r.FirstAttemptAt),
		Attempts:       r.Attempts,
		SpeedSecs:      -1,
		ContactedAt:    fromPtr(r.ContactedAt),
		WonAt:          fromPtr(r.WonAt),
		Revenue:        sla.Money(r.RevenueCents),
		LostAt:         fromPtr(r.LostAt),
		LostReason:     r.LostReason,
		WarnAt:         fromPtr(r.WarnAt),
		SpeedDueAt:     fromPtr(r.SpeedDueAt),
		DepthDueAt:     fromPtr(r.DepthDueAt),
		NextCheckAt:    fromPtr(r.NextCheckAt),
		SnoozedUntil:   fromPtr(r.SnoozedUntil),
	}
	if r.SpeedSecs != nil {
		l.SpeedSecs = *r.SpeedSecs
	}
	return l
}

// claimKey records an idempotency key inside tx. It reports false, with the
// first run's result, when the key was already used.
func claimKey(tx *gorm.DB, team, key, result string, at time.Time) (bool, string, error) {
	if key == "" {
		return true, "", nil
	}
	row := idempotencyRow{TeamID: team, Key: key, Result: result, CreatedAt: utc(at)}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return false, "", dbErr("idempotency key", res.Error)
	}
	if res.RowsAffected == 1 {
		return true, "", nil
	}
	var prev idempotencyRow
	if err := tx.Where("team_id = ? AND key = ?", team, key).Take(&prev).Error; err != nil {
		return false, "", dbErr("idempotency key", err)
	}
	return false, prev.Result, nil
}

func setKeyResult(tx *gorm.DB, team, key, result string) error {
	if key == "" {
		return nil
	}
	return dbErr("idempotency key", tx.Model(&idempotencyRow{}).Where("team_id = ? AND key = ?", team, key).Update("result", result).Error)
}

// ClaimKey records key for team and reports whether this is its first use.
// The bot claims each socket-mode envelope id so a redelivery runs nothing twice.
func (s *Store) ClaimKey(ctx context.Context, team, key string, at time.Time) (bool, error) {
	var first bool
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		first, _, err = claimKey(tx, team, key, "", at)
		return err
	})
	return first, err
}

// AddLead stores a new lead, giving it the team's next short id. A lead
// recorded this way (Slack) is qualified at its creation unless it says
// otherwise. With a non-empty key, a second AddLead with the same key
// returns the first lead and sla.ErrDuplicate.
//
// The lead's history starts with its creation, by by.
func (s *Store) AddLead(ctx context.Context, l sla.Lead, key, by string) (sla.Lead, error) {
	if l.QualifiedAt.IsZero() {
		l.QualifiedAt = l.CreatedAt
	}
	var out sla.Lead
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockTeam(tx, s.dialect, l.TeamID); err != nil {
			return err
		}
		first, prev, err := claimKey(tx, l.TeamID, key, "", l.CreatedAt)
		if err != nil {
			return err
		}
		if !first {
			id, _ := strconv.ParseInt(prev, 10, 64)
			var row leadRow
			if err := tx.Where("team_id = ? AND id = ?", l.TeamID, id).Take(&row).Error; err != nil {
				return dbErr("lead", err)
			}
			out = row.toSLA()
			return sla.ErrDuplicate
		}
		if l.ExternalID != "" {
			var n int64
			if err := tx.Model(&leadRow{}).Where("team_id = ? AND external_id = ?", l.TeamID, l.ExternalID).Count(&n).Error; err != nil {
				return dbErr("lead", err)
			}
			if n > 0 {
				return sla.Errorf(sla.Conflict, "A lead with external id %q already exists.", l.ExternalID)
			}
		}
		seq, err := nextSeq(tx, l.TeamID)
		if err != nil {
			return err
		}
		l.Seq = seq
		row := toLeadRow(l)
		row.ID = 0
		row.UpdatedAt = utc(l.CreatedAt)
		if err := tx.Create(&row).Error; err != nil {
			return dbErr("lead", err)
		}
		out = row.toSLA()
		if err := recordChanges(tx, l.TeamID, row.ID, by, l.CreatedAt, []sla.LeadChange{{Field: "created", After: out.Label()}}); err != nil {
			return err
		}
		return setKeyResult(tx, l.TeamID, key, strconv.FormatInt(row.ID, 10))
	})
	if errors.Is(err, sla.ErrDuplicate) {
		return out, sla.ErrDuplicate
	}
	return out, err
}

// lockTeam takes the team's lock, the workspace row, for the rest of the
// transaction. The lock order of every write path is: the team, then lead
// rows, then idempotency keys. Writers of many rows (a webhook batch, an
// import batch, a new lead with its number) take the team first, so they
// run one at a time per team and never hold a key or a lead another of
// them waits for; a single-lead update (UpdateLead) locks its lead and then
// its own key, and never the team. Without this, two webhook batches
// sharing keys deadlock: each holds a key the other inserts and waits for
// the workspace row to number a lead. SQLite runs one write transaction at
// a time already.
func lockTeam(tx *gorm.DB, dialect, team string) error {
	if dialect != "postgres" {
		return nil
	}
	var n int64
	return dbErr("workspace lock", tx.Raw(`SELECT 1 FROM workspaces WHERE team_id = ? FOR NO KEY UPDATE`, team).Scan(&n).Error)
}

// nextSeq allocates the team's next short-id number inside tx (the team
// lock: see lockTeam).
func nextSeq(tx *gorm.DB, team string) (int64, error) {
	var seq int64
	res := tx.Raw(`UPDATE workspaces SET next_seq = next_seq + 1 WHERE team_id = ? RETURNING next_seq`, team).Scan(&seq)
	if res.Error != nil {
		return 0, dbErr("lead number", res.Error)
	}
	if res.RowsAffected == 0 || seq == 0 {
		return 0, sla.Errorf(sla.NotFound, "This workspace has no agreement yet; run `/sla setup` first.")
	}
	return seq, nil
}

// UpdateLead applies fn to the lead inside one transaction with the row
// locked. fn may return an attempt to record with it. fn must not call the
// Store (on SQLite the transaction holds the only connection). With a non-empty key,
// a repeated call changes nothing and returns sla.ErrDuplicate with the current lead.
//
// What fn changed in the fields people see goes into the lead's history, by by.
func (s *Store) UpdateLead(ctx context.Context, team string, id int64, key, by string, at time.Time, fn func(*sla.Lead) (*sla.Attempt, error)) (sla.Lead, error) {
	var out sla.Lead
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var row leadRow
		if err := s.forUpdate(tx).Where("team_id = ? AND id = ?", team, id).Take(&row).Error; err != nil {
			return dbErr("lead", err)
		}
		first, _, err := claimKey(tx, team, key, strconv.FormatInt(id, 10), at)
		if err != nil {
			return err
		}
		if !first {
			out = row.toSLA()
			return sla.ErrDuplicate
		}
		l := row.toSLA()
		before := l
		att, err := fn(&l)
		if err != nil {
			return err
		}
		if err := recordChanges(tx, team, id, by, at, sla.DiffLead(before, l)); err != nil {
			return err
		}
		if att != nil {
			a := attemptRow{TeamID: team, LeadID: id, At: utc(att.At), Via: string(att.Via), By: att.By, CreatedAt: utc(at)}
			if err := tx.Create(&a).Error; err != nil {
				return dbErr("attempt", err)
			}
		}
		nr := toLeadRow(l)
		nr.ID, nr.TeamID, nr.AgreementID, nr.Seq = row.ID, row.TeamID, row.AgreementID, row.Seq
		nr.UpdatedAt = utc(at)
		if err := tx.Select("*").Save(&nr).Error; err != nil {
			return dbErr("lead", err)
		}
		out = nr.toSLA()
		return nil
	})
	if errors.Is(err, sla.ErrDuplicate) {
		return out, sla.ErrDuplicate
	}
	return out, err
}

// LeadBySeq finds L-<seq>.
func (s *Store) LeadBySeq(ctx context.Context, team string, seq int64) (sla.Lead, error) {
	return s.leadWhere(ctx, team, "seq = ?", seq)
}

// LeadByID finds a lead by its row id.
func (s *Store) LeadByID(ctx context.Context, team string, id int64) (sla.Lead, error) {
	return s.leadWhere(ctx, team, "id = ?", id)
}

// LeadsByID finds the leads with these row ids, in one query per 500 ids;
// an id with no lead (deleted) is left out.
func (s *Store) LeadsByID(ctx context.Context, team string, ids []int64) (map[int64]sla.Lead, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	out := make(map[int64]sla.Lead, len(ids))
	for chunk := range slices.Chunk(ids, 500) {
		var rows []leadRow
		if err := db.Where("team_id = ? AND id IN ?", team, chunk).Find(&rows).Error; err != nil {
			return nil, dbErr("leads", err)
		}
		for _, r := range rows {
			out[r.ID] = r.toSLA()
		}
	}
	return out, nil
}

// LeadByExternalID finds a lead by its CRM id.
func (s *Store) LeadByExternalID(ctx context.Context, team, ext string) (sla.Lead, error) {
	return s.leadWhere(ctx, team, "external_id = ? AND external_id <> ''", ext)
}

func (s *Store) leadWhere(ctx context.Context, team, cond string, arg any) (sla.Lead, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var row leadRow
	if err := db.Where("team_id = ?", team).Where(cond, arg).Take(&row).Error; err != nil {
		return sla.Lead{}, dbErr("lead", err)
	}
	return row.toSLA(), nil
}

// LeadsByEmail returns the leads with that email (any case), newest first, at most 10.
func (s *Store) LeadsByEmail(ctx context.Context, team, email string) ([]sla.Lead, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []leadRow
	err := db.Where("team_id = ? AND email = ?", team, strings.ToLower(strings.TrimSpace(email))).
		Order("created_at DESC, id DESC").Limit(10).Find(&rows).Error
	if err != nil {
		return nil, dbErr("leads", err)
	}
	out := make([]sla.Lead, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// Attempts lists a lead's follow-up attempts in time order.
func (s *Store) Attempts(ctx context.Context, team string, leadID int64) ([]sla.Attempt, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []attemptRow
	if err := db.Where("team_id = ? AND lead_id = ?", team, leadID).Order("at, id").Find(&rows).Error; err != nil {
		return nil, dbErr("attempts", err)
	}
	out := make([]sla.Attempt, len(rows))
	for i, r := range rows {
		out[i] = sla.Attempt{ID: r.ID, LeadID: r.LeadID, At: r.At.UTC(), Via: sla.Via(r.Via), By: r.By}
	}
	return out, nil
}

// ListLeads returns matching leads of the agreement, most urgent first, and
// how many match in all.
func (s *Store) ListLeads(ctx context.Context, team string, agreementID int64, f sla.LeadFilter) ([]sla.Lead, int64, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	q := db.Model(&leadRow{}).Where("team_id = ? AND agreement_id = ?", team, agreementID)
	if f.Owner != "" {
		q = q.Where("owner = ?", f.Owner)
	}
	if f.Open || !f.Overdue.IsZero() {
		q = q.Where("contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL")
	}
	if !f.Overdue.IsZero() {
		now := utc(f.Overdue)
		q = q.Where("(speed_due_at <= ? AND first_attempt_at IS NULL) OR (depth_due_at <= ?)", now, now)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, dbErr("leads", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	var rows []leadRow
	order := "created_at DESC, id DESC"
	if f.Open || !f.Overdue.IsZero() {
		order = "COALESCE(speed_due_at, depth_due_at, created_at), id"
	}
	if err := q.Order(order).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, dbErr("leads", err)
	}
	out := make([]sla.Lead, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, total, nil
}

// leadChangeRow is one entry of a lead's history.
type leadChangeRow struct {
	ID     int64     `gorm:"primaryKey"`
	TeamID string    `gorm:"size:32;not null;index:ix_lead_changes_lead,priority:1"`
	LeadID int64     `gorm:"not null;index:ix_lead_changes_lead,priority:2"`
	At     time.Time `gorm:"not null"`
	By     string    `gorm:"size:32;not null;default:''"`
	Field  string    `gorm:"size:40;not null"`
	Before string    `gorm:"not null;default:''"`
	After  string    `gorm:"not null;default:''"`
	Note   string    `gorm:"not null;default:''"`
}

func (leadChangeRow) TableName() string { return "lead_changes" }

// recordChanges writes changes to the lead's history inside tx.
func recordChanges(tx *gorm.DB, team string, leadID int64, by string, at time.Time, changes []sla.LeadChange) error {
	for _, c := range changes {
		row := leadChangeRow{TeamID: team, LeadID: leadID, At: utc(at), By: by, Field: c.Field, Before: c.Before, After: c.After, Note: c.Note}
		if err := tx.Create(&row).Error; err != nil {
			return dbErr("lead history", err)
		}
	}
	return nil
}

// LeadHistory is every change to the lead, oldest first.
func (s *Store) LeadHistory(ctx context.Context, team string, leadID int64) ([]sla.LeadChange, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []leadChangeRow
	if err := db.Where("team_id = ? AND lead_id = ?", team, leadID).Order("id").Find(&rows).Error; err != nil {
		return nil, dbErr("lead history", err)
	}
	out := make([]sla.LeadChange, len(rows))
	for i, r := range rows {
		out[i] = sla.LeadChange{At: r.At.UTC(), By: r.By, Field: r.Field, Before: r.Before, After: r.After, Note: r.Note}
	}
	return out, nil
}

// DeleteLead removes a mistaken lead from its agreement: the row is kept,
// with its history, but detached (its agreement id negated, so no figure,
// list or scan of the agreement sees it) and its clocks stopped.
func (s *Store) DeleteLead(ctx context.Context, team string, id int64, by, reason string, at time.Time) (sla.Lead, error) {
	var out sla.Lead
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var row leadRow
		if err := s.forUpdate(tx).Where("team_id = ? AND id = ? AND agreement_id > 0", team, id).Take(&row).Error; err != nil {
			return dbErr("lead", err)
		}
		upd := map[string]any{"agreement_id": -row.AgreementID, "warn_at": nil, "speed_due_at": nil, "depth_due_at": nil, "next_check_at": nil, "updated_at": utc(at)}
		if err := tx.Model(&leadRow{}).Where("team_id = ? AND id = ?", team, id).Updates(upd).Error; err != nil {
			return dbErr("lead", err)
		}
		out = row.toSLA()
		return recordChanges(tx, team, id, by, at, []sla.LeadChange{{Field: "deleted", After: "deleted", Note: reason}})
	})
	return out, err
}
