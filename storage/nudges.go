package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// lockOwners loads, locked, the nudge state of every owner of rows, with
// each owner's latest message; an owner seen for the first time gets an
// empty row, so that it too is locked.
func (s *Store) lockOwners(tx *gorm.DB, rows []leadRow) (map[sla.OwnerKey]*sla.OwnerNudges, error) {
	var keys []sla.OwnerKey
	seen := map[sla.OwnerKey]bool{}
	for _, r := range rows {
		k := sla.OwnerKey{TeamID: r.TeamID, Owner: r.Owner}
		if r.Owner != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	out := map[sla.OwnerKey]*sla.OwnerNudges{}
	if len(keys) == 0 {
		return out, nil
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].TeamID < keys[j].TeamID || (keys[i].TeamID == keys[j].TeamID && keys[i].Owner < keys[j].Owner)
	})
	for _, k := range keys {
		var row nudgeOwnerRow
		// Insert-then-lock, one owner at a time in key order: PostgreSQL
		// locks a row the insert made or the select finds.
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&nudgeOwnerRow{TeamID: k.TeamID, OwnerID: k.Owner}).Error; err != nil {
			return nil, dbErr("nudge owners", err)
		}
		if err := s.forUpdate(tx).Where("team_id = ? AND owner_id = ?", k.TeamID, k.Owner).Take(&row).Error; err != nil {
			return nil, dbErr("nudge owners", err)
		}
		o := &sla.OwnerNudges{TeamID: k.TeamID, Owner: k.Owner, Today: int(row.Today)}
		if row.RemindedAt != nil {
			o.RemindedAt = row.RemindedAt.UTC()
		}
		if d, err := sla.ParseDate(row.Day); err == nil {
			o.Day = d
		}
		if row.LatestKey != "" {
			m, err := nudgeMessage(tx, k.TeamID, row.LatestKey)
			if err != nil {
				return nil, err
			}
			o.Latest = m
		}
		out[k] = o
	}
	return out, nil
}

func nudgeMessage(db *gorm.DB, team, key string) (sla.NudgeMessage, error) {
	var row nudgeMessageRow
	if err := db.Where("team_id = ? AND key = ?", team, key).Take(&row).Error; err != nil {
		return sla.NudgeMessage{}, dbErr("nudge message", err)
	}
	m := sla.NudgeMessage{Key: row.Key, OpenedAt: row.OpenedAt.UTC()}
	if err := json.Unmarshal([]byte(row.Refs), &m.Refs); err != nil {
		return sla.NudgeMessage{}, fmt.Errorf("nudge message %s: %w", key, err)
	}
	return m, nil
}

// saveNudgeMessages records the messages a scan opened or added to, and
// every owner's state as compose left it.
func saveNudgeMessages(tx *gorm.DB, msgs []sla.OwnerMessage, owners map[sla.OwnerKey]*sla.OwnerNudges) error {
	for _, m := range msgs {
		refs, err := json.Marshal(m.Message.Refs)
		if err != nil {
			return fmt.Errorf("nudge message %s: %w", m.Message.Key, err)
		}
		row := nudgeMessageRow{TeamID: m.TeamID, Key: m.Message.Key, OwnerID: m.Owner, OpenedAt: utc(m.Message.OpenedAt), Refs: string(refs)}
		err = tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "team_id"}, {Name: "key"}},
			DoUpdates: clause.AssignmentColumns([]string{"refs"}),
		}).Create(&row).Error
		if err != nil {
			return dbErr("nudge message", err)
		}
	}
	for _, o := range owners {
		row := nudgeOwnerRow{TeamID: o.TeamID, OwnerID: o.Owner, RemindedAt: utcPtr(o.RemindedAt),
			LatestKey: o.Latest.Key, LatestAt: utcPtr(o.Latest.OpenedAt), Today: int64(o.Today)}
		if o.Day != (sla.Date{}) {
			row.Day = o.Day.String()
		}
		if err := tx.Select("*").Save(&row).Error; err != nil {
			return dbErr("nudge owners", err)
		}
	}
	return nil
}

// NudgeMessage is one nudge DM with the leads it lists now.
func (s *Store) NudgeMessage(ctx context.Context, team, key string) (sla.NudgeMessage, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return nudgeMessage(db, team, key)
}

// PartState reports whether a part is pending, sent or dropped, and what
// its send noted (a message's ts); "" when there is no such part.
func (s *Store) PartState(ctx context.Context, k sla.PartKey) (status, ref string, err error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var row outboxRow
	err = partWhere(db, k).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", "", nil
	}
	if err != nil {
		return "", "", dbErr("outbox", err)
	}
	return row.Status, row.Ref, nil
}
