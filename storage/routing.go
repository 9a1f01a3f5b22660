package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// Routing (docs/design.md, Routing): away periods, the pool and moves of
// leads between reps.

// awayRow is one rep's out-of-office period in an agreement.
type awayRow struct {
	ID          int64     `gorm:"primaryKey"`
	TeamID      string    `gorm:"size:32;not null;index:ix_away_agreement,priority:1"`
	AgreementID int64     `gorm:"not null;index:ix_away_agreement,priority:2"`
	Rep         string    `gorm:"size:32;not null;index:ix_away_agreement,priority:3"`
	FromAt      time.Time `gorm:"not null"`
	ToAt        time.Time `gorm:"not null"`
	Cover       string    `gorm:"size:32;not null;default:''"`
	SetBy       string    `gorm:"size:32;not null;default:''"`
	CreatedAt   time.Time `gorm:"not null"`
}

func (awayRow) TableName() string { return "away" }

// poolMemberRow is one rep of an agreement's round-robin pool, with nginx's
// smooth weighted round-robin current weight and the day's pool leads.
type poolMemberRow struct {
	TeamID        string    `gorm:"size:32;not null;index:ix_pool_members_team"`
	AgreementID   int64     `gorm:"primaryKey;autoIncrement:false"`
	Rep           string    `gorm:"primaryKey;size:32"`
	Weight        int       `gorm:"not null"`
	Cap           int       `gorm:"not null;default:0"`
	CurrentWeight int       `gorm:"not null;default:0"`
	Today         string    `gorm:"size:10;not null;default:''"`
	TodayCount    int       `gorm:"not null;default:0"`
	AddedBy       string    `gorm:"size:32;not null;default:''"`
	CreatedAt     time.Time `gorm:"not null"`
}

func (poolMemberRow) TableName() string { return "pool_members" }

func (r poolMemberRow) toSLA() sla.PoolMember {
	m := sla.PoolMember{Rep: r.Rep, Weight: r.Weight, Cap: r.Cap, Current: r.CurrentWeight, Count: r.TodayCount}
	if d, err := sla.ParseDate(r.Today); err == nil {
		m.Today = d
	}
	return m
}

func (r awayRow) toSLA() sla.Away {
	return sla.Away{Rep: r.Rep, Span: sla.Span{From: r.FromAt.UTC(), To: r.ToAt.UTC()}, Cover: r.Cover, By: r.SetBy}
}

// SetAway records rep's away period, replacing the rep's periods that had
// not ended by at (a past one stays: the clocks of older leads keep it).
func (s *Store) SetAway(ctx context.Context, team string, agreementID int64, w sla.Away, at time.Time) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("team_id = ? AND agreement_id = ? AND rep = ? AND to_at > ?", team, agreementID, w.Rep, utc(at)).Delete(&awayRow{}).Error; err != nil {
			return dbErr("away", err)
		}
		row := awayRow{TeamID: team, AgreementID: agreementID, Rep: w.Rep, FromAt: utc(w.Span.From), ToAt: utc(w.Span.To), Cover: w.Cover, SetBy: w.By, CreatedAt: utc(at)}
		return dbErr("away", tx.Create(&row).Error)
	})
}

// EndAway ends rep's period in force at at (it ends at at) and drops the
// rep's later ones; it reports whether there was any.
func (s *Store) EndAway(ctx context.Context, team string, agreementID int64, rep string, at time.Time) (bool, error) {
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		at := utc(at)
		del := tx.Where("team_id = ? AND agreement_id = ? AND rep = ? AND from_at >= ?", team, agreementID, rep, at).Delete(&awayRow{})
		if del.Error != nil {
			return dbErr("away", del.Error)
		}
		upd := tx.Model(&awayRow{}).Where("team_id = ? AND agreement_id = ? AND rep = ? AND from_at < ? AND to_at > ?", team, agreementID, rep, at, at).Update("to_at", at)
		if upd.Error != nil {
			return dbErr("away", upd.Error)
		}
		n = del.RowsAffected + upd.RowsAffected
		return nil
	})
	return n > 0, err
}

// Aways lists the agreement's away periods that end after since, by start.
func (s *Store) Aways(ctx context.Context, team string, agreementID int64, since time.Time) ([]sla.Away, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []awayRow
	if err := db.Where("team_id = ? AND agreement_id = ? AND to_at > ?", team, agreementID, utc(since)).Order("from_at, id").Find(&rows).Error; err != nil {
		return nil, dbErr("away", err)
	}
	out := make([]sla.Away, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// PoolMembers lists the agreement's pool in the order reps joined it.
func (s *Store) PoolMembers(ctx context.Context, team string, agreementID int64) ([]sla.PoolMember, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return poolMembers(db, team, agreementID)
}

func poolMembers(db *gorm.DB, team string, agreementID int64) ([]sla.PoolMember, error) {
	var rows []poolMemberRow
	if err := db.Where("team_id = ? AND agreement_id = ?", team, agreementID).Order("created_at, rep").Find(&rows).Error; err != nil {
		return nil, dbErr("pool", err)
	}
	out := make([]sla.PoolMember, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// SetPoolMember adds rep to the pool or changes its weight and cap (its
// round-robin state stays).
func (s *Store) SetPoolMember(ctx context.Context, team string, agreementID int64, m sla.PoolMember, by string, at time.Time) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	row := poolMemberRow{TeamID: team, AgreementID: agreementID, Rep: m.Rep, Weight: m.Weight, Cap: m.Cap, AddedBy: by, CreatedAt: utc(at)}
	return dbErr("pool", db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "agreement_id"}, {Name: "rep"}},
		DoUpdates: clause.AssignmentColumns([]string{"weight", "cap"}),
	}).Create(&row).Error)
}

// RemovePoolMember takes rep out of the pool; it reports whether rep was in.
func (s *Store) RemovePoolMember(ctx context.Context, team string, agreementID int64, rep string) (bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	res := db.Where("team_id = ? AND agreement_id = ? AND rep = ?", team, agreementID, rep).Delete(&poolMemberRow{})
	return res.RowsAffected > 0, dbErr("pool", res.Error)
}

// pickFromPool runs the smooth weighted round-robin on the pool's rows
// inside tx and saves the new state; "" when nobody is eligible. The caller
// holds the team lock, so two replicas pick one after the other.
func (s *Store) pickFromPool(tx *gorm.DB, team string, agreementID int64, now time.Time, loc *time.Location, eligible func(sla.PoolMember) bool) (string, error) {
	var rows []poolMemberRow
	if err := s.forUpdate(tx).Where("team_id = ? AND agreement_id = ?", team, agreementID).Order("created_at, rep").Find(&rows).Error; err != nil {
		return "", dbErr("pool", err)
	}
	ms := make([]sla.PoolMember, len(rows))
	for i, r := range rows {
		ms[i] = r.toSLA()
	}
	i := sla.PickSmooth(ms, eligible)
	if i < 0 {
		return "", nil
	}
	ms[i].Counted(now, loc)
	for j, m := range ms {
		if m.Current == rows[j].CurrentWeight && j != i {
			continue
		}
		upd := map[string]any{"current_weight": m.Current}
		if j == i {
			upd["today"], upd["today_count"] = m.Today.String(), m.Count
		}
		if err := tx.Model(&poolMemberRow{}).Where("agreement_id = ? AND rep = ?", agreementID, m.Rep).Updates(upd).Error; err != nil {
			return "", dbErr("pool", err)
		}
	}
	return ms[i].Rep, nil
}

// PickFromPool claims the pool's next rep in one transaction (the team row
// locked first, docs/architecture.md); "" when nobody is eligible.
func (s *Store) PickFromPool(ctx context.Context, team string, agreementID int64, now time.Time, loc *time.Location, eligible func(sla.PoolMember) bool) (string, error) {
	var rep string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockTeam(tx, s.dialect, team); err != nil {
			return err
		}
		var err error
		rep, err = s.pickFromPool(tx, team, agreementID, now, loc, eligible)
		return err
	})
	return rep, err
}

// RouteCandidates lists up to limit open, handed-off leads that may have to
// move at now: those of agreements that reassign on breach whose speed
// breach has come without an attempt, and those whose rep is away with a
// cover. The caller decides with sla's rules.
func (s *Store) RouteCandidates(ctx context.Context, now time.Time, limit int) ([]sla.Lead, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	now = utc(now)
	var rows []leadRow
	err := db.Raw(sqlRouteCandidates, now, now, now, limit).Scan(&rows).Error
	if err != nil {
		return nil, dbErr("route candidates", err)
	}
	out := make([]sla.Lead, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// MoveLead applies m in one transaction (team, then lead, then pool rows):
// the lead gets its new owner and its clocks start at now, its nudge state
// is cleared (the new rep is nudged afresh; the strikes stay with the first
// rep), the move goes into its history and the DMs into the outbox. ok is
// false when nothing moved: the lead was worked or moved meanwhile, or
// nobody in the pool is free.
func (s *Store) MoveLead(ctx context.Context, team string, m sla.LeadMove, by string, now time.Time) (moved sla.Lead, parts []sla.Part, ok bool, err error) {
	now = utc(now)
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockTeam(tx, s.dialect, team); err != nil {
			return err
		}
		var row leadRow
		if err := s.forUpdate(tx).Where("team_id = ? AND id = ? AND agreement_id > 0", team, m.LeadID).Take(&row).Error; err != nil {
			return dbErr("lead", err)
		}
		l := row.toSLA()
		if l.Owner != m.FromOwner || l.Stopped() || l.HandedOffAt.IsZero() {
			return nil
		}
		to := m.To
		if to == "" {
			var err error
			if to, err = s.pickFromPool(tx, team, row.AgreementID, now, m.Loc, m.Eligible); err != nil || to == "" {
				return err
			}
		}
		if to == l.Owner {
			return nil
		}
		sla.Move(&l, to, now)
		if m.Clocks != nil {
			m.Clocks(&l)
		}
		note := string(m.Reason)
		if err := recordChanges(tx, team, l.ID, by, now, []sla.LeadChange{{Field: "owner", Before: m.FromOwner, After: to, Note: note}}); err != nil {
			return err
		}
		if err := tx.Where("team_id = ? AND lead_id = ?", team, l.ID).Delete(&nudgeRow{}).Error; err != nil {
			return dbErr("nudges", err)
		}
		nr := toLeadRow(l)
		nr.ID, nr.TeamID, nr.AgreementID, nr.Seq = row.ID, row.TeamID, row.AgreementID, row.Seq
		nr.UpdatedAt = now
		if err := tx.Select("*").Save(&nr).Error; err != nil {
			return dbErr("lead", err)
		}
		moved, ok = nr.toSLA(), true
		if m.Parts != nil {
			parts = m.Parts(moved, m.FromOwner)
			if err := addParts(tx, parts, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sla.Lead{}, nil, false, err
	}
	return moved, parts, ok, nil
}

// Aways is Store.Aways inside an ingest transaction.
func (tx *Tx) Aways(agreementID int64, since time.Time) ([]sla.Away, error) {
	var rows []awayRow
	if err := tx.db.Where("team_id = ? AND agreement_id = ? AND to_at > ?", tx.team, agreementID, utc(since)).Order("from_at, id").Find(&rows).Error; err != nil {
		return nil, dbErr("away", err)
	}
	out := make([]sla.Away, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// PickFromPool claims the pool's next rep inside an ingest transaction
// (which holds the team lock already).
func (tx *Tx) PickFromPool(agreementID int64, now time.Time, loc *time.Location, eligible func(sla.PoolMember) bool) (string, error) {
	return tx.s.pickFromPool(tx.db, tx.team, agreementID, utc(now), loc, eligible)
}

// LeadsHandedOff lists the agreement's leads handed off in [from, to), for
// the scorecards.
func (s *Store) LeadsHandedOff(ctx context.Context, team string, agreementID int64, from, to time.Time) ([]sla.Lead, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []leadRow
	err := db.Where("team_id = ? AND agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ?", team, agreementID, utc(from), utc(to)).
		Order("handed_off_at, id").Find(&rows).Error
	if err != nil {
		return nil, dbErr("leads handed off", err)
	}
	out := make([]sla.Lead, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// StrikesByRep counts each rep's strikes in a month of an agreement.
func (s *Store) StrikesByRep(ctx context.Context, team string, agreementID int64, month sla.Month) (map[string]int, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return strikesByRep(db, team, agreementID, month)
}

// StrikesByRep counts each rep's strikes in a month inside an ingest
// transaction, for the pool's strike routing.
func (tx *Tx) StrikesByRep(agreementID int64, month sla.Month) (map[string]int, error) {
	return strikesByRep(tx.db, tx.team, agreementID, month)
}

func strikesByRep(db *gorm.DB, team string, agreementID int64, month sla.Month) (map[string]int, error) {
	var rows []struct {
		UserID string `gorm:"column:user_id"`
		N      int    `gorm:"column:n"`
	}
	err := db.Raw(`SELECT user_id, COUNT(*) AS n FROM strikes WHERE team_id = ? AND agreement_id = ? AND month = ? GROUP BY user_id`,
		team, agreementID, month.String()).Scan(&rows).Error
	if err != nil {
		return nil, dbErr("strikes", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.UserID] = r.N
	}
	return out, nil
}
