package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// HubSpot: which agreement a portal feeds, the sync's cursor and state, and
// the webhook events waiting for their contacts (docs/design.md, CRM
// ingestion).

type hubspotConnectionRow struct {
	TeamID      string     `gorm:"primaryKey;size:32"`
	AgreementID int64      `gorm:"primaryKey;autoIncrement:false"`
	PortalID    int64      `gorm:"not null;uniqueIndex:ux_hubspot_connections_portal"`
	CursorMs    int64      `gorm:"not null;default:0"`
	LeadsTaken  int64      `gorm:"not null;default:0"`
	ConnectedAt time.Time  `gorm:"not null"`
	LastSyncAt  *time.Time ``
	LastRun     string     `gorm:"size:500;not null;default:''"`
	LastError   string     `gorm:"size:1000;not null;default:''"`
	LastErrAt   *time.Time ``
	UpdatedAt   time.Time
}

func (hubspotConnectionRow) TableName() string { return "hubspot_connections" }

func (r hubspotConnectionRow) toSLA() sla.CRMConnection {
	return sla.CRMConnection{
		TeamID: r.TeamID, AgreementID: r.AgreementID, Portal: r.PortalID, ConnectedAt: r.ConnectedAt.UTC(),
		Cursor: r.CursorMs, LeadsTaken: r.LeadsTaken, LastSyncAt: fromPtr(r.LastSyncAt), LastRun: r.LastRun,
		LastError: r.LastError, LastErrAt: fromPtr(r.LastErrAt),
	}
}

type hubspotEventRow struct {
	PortalID    int64      `gorm:"primaryKey;autoIncrement:false"`
	EventID     int64      `gorm:"primaryKey;autoIncrement:false"`
	TeamID      string     `gorm:"size:32;not null"`
	AgreementID int64      `gorm:"not null"`
	ObjectID    int64      `gorm:"not null"`
	Type        string     `gorm:"size:64;not null"`
	OccurredAt  time.Time  `gorm:"not null"`
	ReceivedAt  time.Time  `gorm:"not null"`
	AppliedAt   *time.Time ``
}

func (hubspotEventRow) TableName() string { return "hubspot_events" }

// ConnectHubSpot binds the agreement to a portal. Connecting again to the
// same portal keeps the cursor (a reconnect changes nothing); another
// portal starts over. A portal feeds one agreement: another's is a conflict.
func (s *Store) ConnectHubSpot(ctx context.Context, c sla.CRMConnection) (sla.CRMConnection, error) {
	var out hubspotConnectionRow
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var other hubspotConnectionRow
		err := s.forUpdate(tx).Where("portal_id = ?", c.Portal).Take(&other).Error
		switch {
		case err == nil && (other.TeamID != c.TeamID || other.AgreementID != c.AgreementID):
			return sla.Errorf(sla.Conflict, "HubSpot portal %d already feeds another agreement; a portal feeds one agreement.", c.Portal)
		case err != nil && sla.ErrorCode(dbErr("", err)) != sla.NotFound:
			return dbErr("hubspot connection", err)
		}
		var cur hubspotConnectionRow
		err = s.forUpdate(tx).Where("team_id = ? AND agreement_id = ?", c.TeamID, c.AgreementID).Take(&cur).Error
		if err == nil && cur.PortalID == c.Portal {
			out = cur
			return nil
		}
		if err != nil && sla.ErrorCode(dbErr("", err)) != sla.NotFound {
			return dbErr("hubspot connection", err)
		}
		out = hubspotConnectionRow{TeamID: c.TeamID, AgreementID: c.AgreementID, PortalID: c.Portal, ConnectedAt: utc(c.ConnectedAt), UpdatedAt: utc(c.ConnectedAt)}
		return dbErr("hubspot connection", tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&out).Error)
	})
	return out.toSLA(), err
}

// HubSpotConnections lists every connection, of every workspace (the sync
// job's work).
func (s *Store) HubSpotConnections(ctx context.Context) ([]sla.CRMConnection, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []hubspotConnectionRow
	if err := db.Order("team_id, agreement_id").Find(&rows).Error; err != nil {
		return nil, dbErr("hubspot connections", err)
	}
	out := make([]sla.CRMConnection, len(rows))
	for i, r := range rows {
		out[i] = r.toSLA()
	}
	return out, nil
}

// HubSpotConnection is the agreement's connection; not_found when none.
func (s *Store) HubSpotConnection(ctx context.Context, team string, agreementID int64) (sla.CRMConnection, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var r hubspotConnectionRow
	if err := db.Where("team_id = ? AND agreement_id = ?", team, agreementID).Take(&r).Error; err != nil {
		return sla.CRMConnection{}, dbErr("hubspot connection", err)
	}
	return r.toSLA(), nil
}

// HubSpotByPortal is the connection a portal's webhook events belong to.
func (s *Store) HubSpotByPortal(ctx context.Context, portal int64) (sla.CRMConnection, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var r hubspotConnectionRow
	if err := db.Where("portal_id = ?", portal).Take(&r).Error; err != nil {
		return sla.CRMConnection{}, dbErr("hubspot connection", err)
	}
	return r.toSLA(), nil
}

// RecordHubSpotRun stores how a sync or an event run ended: its time and
// summary when it finished, its error when it did not.
func (s *Store) RecordHubSpotRun(ctx context.Context, c sla.CRMConnection) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return dbErr("hubspot connection", db.Model(&hubspotConnectionRow{}).Where("team_id = ? AND agreement_id = ?", c.TeamID, c.AgreementID).
		Updates(map[string]any{
			"last_sync_at": utcPtr(c.LastSyncAt), "last_run": c.LastRun, "last_error": c.LastError,
			"last_err_at": utcPtr(c.LastErrAt), "updated_at": utc(time.Now()),
		}).Error)
}

// AddHubSpotEvents stores webhook events and reports how many were new; an
// event HubSpot sent before is kept once.
func (s *Store) AddHubSpotEvents(ctx context.Context, evs []sla.CRMEvent) (int, error) {
	if len(evs) == 0 {
		return 0, nil
	}
	rows := make([]hubspotEventRow, len(evs))
	for i, e := range evs {
		rows[i] = hubspotEventRow{PortalID: e.Portal, EventID: e.EventID, TeamID: e.TeamID, AgreementID: e.AgreementID,
			ObjectID: e.ObjectID, Type: e.Type, OccurredAt: utc(e.OccurredAt), ReceivedAt: utc(e.ReceivedAt)}
	}
	db, cancel := s.ctx(ctx)
	defer cancel()
	res := db.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&rows, 100)
	return int(res.RowsAffected), dbErr("hubspot events", res.Error)
}

// PendingHubSpotEvents lists a portal's events not yet applied, oldest
// first.
func (s *Store) PendingHubSpotEvents(ctx context.Context, portal int64, limit int) ([]sla.CRMEvent, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []hubspotEventRow
	if err := db.Where("portal_id = ? AND applied_at IS NULL", portal).Order("received_at, event_id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, dbErr("hubspot events", err)
	}
	out := make([]sla.CRMEvent, len(rows))
	for i, r := range rows {
		out[i] = sla.CRMEvent{TeamID: r.TeamID, AgreementID: r.AgreementID, Portal: r.PortalID, EventID: r.EventID,
			ObjectID: r.ObjectID, Type: r.Type, OccurredAt: r.OccurredAt.UTC(), ReceivedAt: r.ReceivedAt.UTC()}
	}
	return out, nil
}

// AdvanceHubSpot moves the agreement's cursor forward (never back; 0 leaves
// it) and counts the leads taken, in the transaction that stored them.
func (tx *Tx) AdvanceHubSpot(agreementID, cursor int64, taken int) error {
	return dbErr("hubspot cursor", tx.db.Exec(`UPDATE hubspot_connections SET cursor_ms = CASE WHEN ? > cursor_ms THEN ? ELSE cursor_ms END,
		leads_taken = leads_taken + ? WHERE team_id = ? AND agreement_id = ?`, cursor, cursor, taken, tx.team, agreementID).Error)
}

// AppliedHubSpotEvents marks events applied, in the transaction that
// stored their contacts' leads.
func (tx *Tx) AppliedHubSpotEvents(portal int64, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	return dbErr("hubspot events", tx.db.Model(&hubspotEventRow{}).Where("portal_id = ? AND event_id IN ? AND team_id = ?", portal, ids, tx.team).
		Update("applied_at", utc(at)).Error)
}
