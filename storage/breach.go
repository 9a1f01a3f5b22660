package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// DueLeads peeks at up to limit leads whose next check is due at now, most
// overdue first, across all workspaces (the partial index on next_check_at
// keeps this one short range scan however many leads there are).
func (s *Store) DueLeads(ctx context.Context, now time.Time, limit int) ([]sla.Lead, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []leadRow
	err := db.Raw(sqlDueLeads, utc(now), limit).Scan(&rows).Error
	if err != nil {
		return nil, dbErr("due leads", err)
	}
	out := make([]sla.Lead, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// ApplyScan locks the given leads that are still due (others may have been
// taken by another replica: SKIP LOCKED on PostgreSQL), asks decide what to
// do with each, and records the nudges, strikes and next checks, and the
// outbox parts compose makes of the results (the DMs) with the owners'
// nudge messages, in one transaction, before anything is sent. The owners'
// rows are locked after the leads, in key order, so two scans (or a scan
// and a hand-off) never wait on each other in a circle. decide and compose
// must not call the Store.
func (s *Store) ApplyScan(ctx context.Context, ids []int64, now time.Time,
	decide func(l sla.Lead, sent map[sla.BreachKind]sla.NudgeState, remindedAt time.Time) (sla.NudgeDecision, sla.Month, bool),
	compose func([]sla.ScanResult, map[sla.OwnerKey]*sla.OwnerNudges) ([]sla.OwnerMessage, []sla.Part)) ([]sla.ScanResult, []sla.Part, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	now = utc(now)
	var out []sla.ScanResult
	var parts []sla.Part
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Where("id IN ? AND next_check_at IS NOT NULL AND next_check_at <= ?", ids, now).Order("id")
		if s.dialect == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var rows []leadRow
		if err := q.Find(&rows).Error; err != nil {
			return dbErr("due leads", err)
		}
		if len(rows) == 0 {
			return nil
		}
		locked := make([]int64, len(rows))
		for i, r := range rows {
			locked[i] = r.ID
		}
		var nrows []nudgeRow
		if err := tx.Where("lead_id IN ?", locked).Find(&nrows).Error; err != nil {
			return dbErr("nudges", err)
		}
		sent := map[int64]map[sla.BreachKind]sla.NudgeState{}
		for _, n := range nrows {
			if sent[n.LeadID] == nil {
				sent[n.LeadID] = map[sla.BreachKind]sla.NudgeState{}
			}
			sent[n.LeadID][sla.BreachKind(n.Kind)] = sla.NudgeState{LastAt: n.LastAt.UTC(), Count: n.Count}
		}
		owners, err := s.lockOwners(tx, rows)
		if err != nil {
			return err
		}
		var nudges []nudgeRow
		var strikes []strikeRow
		var nexts []idTime
		var told []int64
		for _, r := range rows {
			l := r.toSLA()
			var reminded time.Time
			if o := owners[sla.OwnerKey{TeamID: r.TeamID, Owner: r.Owner}]; o != nil {
				reminded = o.RemindedAt
			}
			d, month, ok := decide(l, sent[r.ID], reminded)
			if !ok {
				continue // no agreement or targets known for it: leave it for the next scan
			}
			res := sla.ScanResult{Lead: l, Decision: d, Prev: sent[r.ID], Month: month}
			for _, b := range d.Send {
				nudges = append(nudges, nudgeRow{TeamID: r.TeamID, LeadID: r.ID, Kind: string(b.Kind), FirstAt: now, LastAt: now, Count: 1})
			}
			for _, k := range d.Strikes {
				if l.Owner != "" {
					strikes = append(strikes, strikeRow{TeamID: r.TeamID, AgreementID: r.AgreementID, Month: month.String(), UserID: l.Owner, LeadID: r.ID, Kind: string(k), At: now})
				}
			}
			nexts = append(nexts, idTime{r.ID, d.NextCheck})
			res.Lead.NextCheckAt = d.NextCheck
			if d.Told {
				told = append(told, r.ID)
				res.Lead.ToldOwner = l.Owner
			}
			out = append(out, res)
		}
		fresh, err := insertStrikes(tx, strikes)
		if err != nil {
			return err
		}
		for i := range out {
			for _, k := range out[i].Decision.Strikes {
				if fresh[strikeKey{out[i].Lead.ID, string(k)}] {
					out[i].NewStrike = append(out[i].NewStrike, k)
				}
			}
		}
		if len(nudges) > 0 {
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "lead_id"}, {Name: "kind"}},
				DoUpdates: clause.Assignments(map[string]any{"last_at": now, "count": gorm.Expr("nudges.count + 1")}),
			}).Create(&nudges).Error
			if err != nil {
				return dbErr("nudges", err)
			}
		}
		if len(told) > 0 {
			if err := tx.Exec(`UPDATE leads SET told_owner = owner WHERE id IN ?`, told).Error; err != nil {
				return dbErr("hand-off notices", err)
			}
		}
		msgs, ps := compose(out, owners)
		if err := saveNudgeMessages(tx, msgs, owners); err != nil {
			return err
		}
		if parts = ps; len(parts) > 0 {
			if err := addParts(tx, parts, now); err != nil {
				return err
			}
		}
		return s.setNextChecks(tx, nexts)
	})
	if err != nil {
		return nil, nil, err
	}
	return out, parts, nil
}

type strikeKey struct {
	lead int64
	kind string
}

// insertStrikes records strikes in one statement per 300 and reports which
// were new (a breach counts once however often it is nudged).
func insertStrikes(tx *gorm.DB, rows []strikeRow) (map[strikeKey]bool, error) {
	fresh := map[strikeKey]bool{}
	for len(rows) > 0 {
		n := min(len(rows), 300)
		var vals []string
		var args []any
		for _, r := range rows[:n] {
			vals = append(vals, "(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.TeamID, r.AgreementID, r.Month, r.UserID, r.LeadID, r.Kind, r.At)
		}
		var got []struct {
			LeadID int64  `gorm:"column:lead_id"`
			Kind   string `gorm:"column:kind"`
		}
		err := tx.Raw(`INSERT INTO strikes (team_id, agreement_id, month, user_id, lead_id, kind, at) VALUES `+strings.Join(vals, ", ")+
			` ON CONFLICT (lead_id, kind) DO NOTHING RETURNING lead_id, kind`, args...).Scan(&got).Error
		if err != nil {
			return nil, dbErr("strikes", err)
		}
		for _, g := range got {
			fresh[strikeKey{g.LeadID, g.Kind}] = true
		}
		rows = rows[n:]
	}
	return fresh, nil
}

type idTime struct {
	id int64
	t  time.Time
}

// setNextChecks updates many leads' next_check_at in one statement.
func (s *Store) setNextChecks(tx *gorm.DB, v []idTime) error {
	for len(v) > 0 {
		n := min(len(v), 500)
		var vals []string
		var args []any
		for _, x := range v[:n] {
			if s.dialect == "postgres" {
				vals = append(vals, "(?::bigint, ?::timestamptz)")
			} else {
				vals = append(vals, "(?, ?)")
			}
			args = append(args, x.id, utcPtr(x.t))
		}
		// UPDATE … FROM joins once (SQLite has it since 3.33).
		q := `WITH v(id, t) AS (VALUES ` + strings.Join(vals, ", ") + `)
			UPDATE leads SET next_check_at = v.t FROM v WHERE leads.id = v.id`
		if err := tx.Exec(q, args...).Error; err != nil {
			return dbErr("next checks", err)
		}
		v = v[n:]
	}
	return nil
}

// StrikeCount is one owner's strikes in a month of an agreement.
func (s *Store) StrikeCount(ctx context.Context, team string, agreementID int64, month sla.Month, user string) (int, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var n int64
	err := db.Model(&strikeRow{}).Where("team_id = ? AND agreement_id = ? AND month = ? AND user_id = ?", team, agreementID, month.String(), user).Count(&n).Error
	return int(n), dbErr("strikes", err)
}

// StrikeLeads lists the short ids of an owner's struck leads in a month.
func (s *Store) StrikeLeads(ctx context.Context, team string, agreementID int64, month sla.Month, user string) ([]string, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []struct {
		Seq  int64  `gorm:"column:seq"`
		Kind string `gorm:"column:kind"`
	}
	err := db.Raw(`SELECT l.seq, s.kind FROM strikes s JOIN leads l ON l.id = s.lead_id AND l.team_id = s.team_id
		WHERE s.team_id = ? AND s.agreement_id = ? AND s.month = ? AND s.user_id = ? ORDER BY s.at, l.seq`,
		team, agreementID, month.String(), user).Scan(&rows).Error
	if err != nil {
		return nil, dbErr("strikes", err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("L-%d (%s)", r.Seq, r.Kind)
	}
	return out, nil
}
