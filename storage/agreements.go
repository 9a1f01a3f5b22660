package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

func toAgreementRow(a sla.Agreement) agreementRow {
	days := 0
	for i, on := range a.Hours.Days {
		if on {
			days |= 1 << i
		}
	}
	t := a.Text
	return agreementRow{
		ID: a.ID, TeamID: a.TeamID, ChannelID: a.ChannelID, Name: a.Name,
		Kind: string(a.Kind), Status: string(a.Status), TZ: a.TZ,
		Marketing: a.Marketing, Sales: a.Sales, Service: a.Service,
		Summary: t[sla.SectionSummary], MarketingGoal: t[sla.SectionMarketingGoal],
		SalesGoal: t[sla.SectionSalesGoal], MarketingNeeds: t[sla.SectionMarketingNeeds],
		SalesNeeds: t[sla.SectionSalesNeeds], Touchpoints: t[sla.SectionTouchpoints],
		Consequences: t[sla.SectionConsequences], Cancellation: t[sla.SectionCancellation],
		ServiceGoal: t[sla.SectionServiceGoal], ServiceNeeds: t[sla.SectionServiceNeeds],
		SharedGoal: t[sla.SectionSharedGoal], Qualification: t[sla.SectionQualification],
		Handoff: t[sla.SectionHandoff], Nurturing: t[sla.SectionNurturing],
		HoursAlways: a.Hours.Always, HoursDays: days, HoursStart: a.Hours.Start, HoursEnd: a.Hours.End,
		StrikeLimit: a.StrikeLimit, RepeatSecs: int64(a.Repeat / time.Second),
		GroupSecs: int64(a.Group / time.Second), NudgeCap: int64(a.Cap),
		CancelAfterMisses: a.CancelAfterMisses,
		ReassignSecs:      int64(a.Reassign / time.Second), PoolUnowned: a.PoolUnowned,
		StrikeRoute:   a.StrikeRoute,
		DigestEnabled: a.Digest.Enabled, DigestWeekday: int(a.Digest.Weekday),
		DigestHour: a.Digest.Hour, DigestMinute: a.Digest.Minute,
		CreatedBy: a.CreatedBy, CreatedAt: utc(a.CreatedAt),
	}
}

func (r agreementRow) toSLA(holidays []sla.Date) sla.Agreement {
	var days [7]bool
	for i := range days {
		days[i] = r.HoursDays&(1<<i) != 0
	}
	text := map[sla.Section]string{}
	for s, v := range map[sla.Section]string{
		sla.SectionSummary: r.Summary, sla.SectionMarketingGoal: r.MarketingGoal,
		sla.SectionSalesGoal: r.SalesGoal, sla.SectionMarketingNeeds: r.MarketingNeeds,
		sla.SectionSalesNeeds: r.SalesNeeds, sla.SectionTouchpoints: r.Touchpoints,
		sla.SectionConsequences: r.Consequences, sla.SectionCancellation: r.Cancellation,
		sla.SectionServiceGoal: r.ServiceGoal, sla.SectionServiceNeeds: r.ServiceNeeds,
		sla.SectionSharedGoal: r.SharedGoal, sla.SectionQualification: r.Qualification,
		sla.SectionHandoff: r.Handoff, sla.SectionNurturing: r.Nurturing,
	} {
		if v != "" {
			text[s] = v
		}
	}
	return sla.Agreement{
		ID: r.ID, TeamID: r.TeamID, ChannelID: r.ChannelID, Name: r.Name,
		Kind: sla.Kind(r.Kind), Status: sla.Status(r.Status), TZ: r.TZ,
		Marketing: r.Marketing, Sales: r.Sales, Service: r.Service,
		Text:              text,
		Hours:             sla.Hours{Always: r.HoursAlways, Days: days, Start: r.HoursStart, End: r.HoursEnd},
		Holidays:          holidays,
		StrikeLimit:       r.StrikeLimit,
		Repeat:            time.Duration(r.RepeatSecs) * time.Second,
		Group:             time.Duration(r.GroupSecs) * time.Second,
		Cap:               int(r.NudgeCap),
		CancelAfterMisses: r.CancelAfterMisses,
		Reassign:          time.Duration(r.ReassignSecs) * time.Second,
		PoolUnowned:       r.PoolUnowned,
		StrikeRoute:       r.StrikeRoute,
		Digest:            sla.Digest{Enabled: r.DigestEnabled, Weekday: time.Weekday(r.DigestWeekday), Hour: r.DigestHour, Minute: r.DigestMinute},
		CreatedBy:         r.CreatedBy,
		CreatedAt:         r.CreatedAt.UTC(),
	}
}

// CreateAgreement stores a new agreement for its channel together with its
// first month's targets, creating the workspace on first use. a.ID is set.
func (s *Store) CreateAgreement(ctx context.Context, a *sla.Agreement, month sla.Month, t sla.Targets) error {
	if a.TeamID == "" || a.ChannelID == "" {
		return fmt.Errorf("create agreement: team and channel are required")
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		ws := workspaceRow{TeamID: a.TeamID, CreatedAt: utc(a.CreatedAt)}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ws).Error; err != nil {
			return dbErr("workspace", err)
		}
		var n int64
		if err := tx.Model(&agreementRow{}).Where("team_id = ? AND channel_id = ?", a.TeamID, a.ChannelID).Count(&n).Error; err != nil {
			return dbErr("agreement", err)
		}
		if n > 0 {
			return sla.Errorf(sla.Conflict, "This channel already has an agreement. Use `/sla agreement` to see it.")
		}
		if err := tx.Model(&agreementRow{}).Where("team_id = ? AND lower(name) = lower(?)", a.TeamID, a.Name).Count(&n).Error; err != nil {
			return dbErr("agreement", err)
		}
		if n > 0 {
			return sla.Errorf(sla.Conflict, "Another channel already has an agreement named %q; pick another name with name=\"…\".", a.Name)
		}
		row := toAgreementRow(*a)
		// Routing starts off and the newer sections empty, as the columns'
		// defaults say; leaving them out also lets a schema from before
		// them be written until migrated (the upgrade tests).
		omit := []string{"ReassignSecs", "PoolUnowned", "StrikeRoute"} // gorm's Omit replaces, so one list
		if row.ServiceGoal+row.ServiceNeeds+row.SharedGoal+row.Qualification+row.Handoff+row.Nurturing == "" {
			omit = append(omit, "service_goal", "service_needs", "shared_goal", "qualification", "handoff", "nurturing")
		}
		if err := tx.Omit(omit...).Create(&row).Error; err != nil {
			return dbErr("agreement", err)
		}
		a.ID = row.ID
		if err := saveHolidays(tx, *a); err != nil {
			return err
		}
		return setTargets(tx, a.TeamID, a.ID, month, sla.PatchOf(t), a.CreatedBy, a.CreatedAt)
	})
}

// AgreementByChannel returns the agreement whose home channel is channel.
func (s *Store) AgreementByChannel(ctx context.Context, team, channel string) (sla.Agreement, error) {
	return s.agreementWhere(ctx, team, "channel_id = ?", channel)
}

// AgreementByID returns one agreement of the team.
func (s *Store) AgreementByID(ctx context.Context, team string, id int64) (sla.Agreement, error) {
	return s.agreementWhere(ctx, team, "id = ?", id)
}

// AgreementByRef finds an agreement by home channel id or by name (any case).
func (s *Store) AgreementByRef(ctx context.Context, team, ref string) (sla.Agreement, error) {
	a, err := s.agreementWhere(ctx, team, "channel_id = ?", ref)
	if sla.ErrorCode(err) == sla.NotFound {
		return s.agreementWhere(ctx, team, "lower(name) = lower(?)", strings.TrimPrefix(ref, "#"))
	}
	return a, err
}

func (s *Store) agreementWhere(ctx context.Context, team, cond string, arg any) (sla.Agreement, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return loadAgreement(db, team, cond, arg)
}

func loadAgreement(db *gorm.DB, team, cond string, arg any) (sla.Agreement, error) {
	var row agreementRow
	err := db.Where("team_id = ?", team).Where(cond, arg).Take(&row).Error
	if err != nil {
		return sla.Agreement{}, dbErr("agreement", err)
	}
	hs, err := loadHolidays(db, team, row.ID)
	if err != nil {
		return sla.Agreement{}, err
	}
	a := row.toSLA(hs)
	a.Exceptions, err = loadExceptions(db, team, row.ID)
	return a, err
}

func loadHolidays(db *gorm.DB, team string, id int64) ([]sla.Date, error) {
	var rows []holidayRow
	if err := db.Where("team_id = ? AND agreement_id = ?", team, id).Order("day").Find(&rows).Error; err != nil {
		return nil, dbErr("holidays", err)
	}
	var out []sla.Date
	for _, h := range rows {
		d, err := sla.ParseDate(h.Day)
		if err != nil {
			return nil, fmt.Errorf("holiday %q of agreement %d: %w", h.Day, id, err)
		}
		out = append(out, d)
	}
	return out, nil
}

func saveHolidays(tx *gorm.DB, a sla.Agreement) error {
	if err := tx.Where("team_id = ? AND agreement_id = ?", a.TeamID, a.ID).Delete(&holidayRow{}).Error; err != nil {
		return dbErr("holidays", err)
	}
	seen := map[string]bool{}
	var rows []holidayRow
	for _, d := range a.Holidays {
		k := d.String()
		if !seen[k] {
			seen[k] = true
			rows = append(rows, holidayRow{TeamID: a.TeamID, AgreementID: a.ID, Day: k})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return dbErr("holidays", tx.Create(&rows).Error)
}

// Agreements lists the team's agreements, active first, by name.
func (s *Store) Agreements(ctx context.Context, team string) ([]sla.Agreement, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []agreementRow
	if err := db.Where("team_id = ?", team).Order("status, name").Find(&rows).Error; err != nil {
		return nil, dbErr("agreements", err)
	}
	return withHolidays(db, rows)
}

// ActiveAgreements lists every active agreement of every workspace (for the
// scheduler, which works across workspaces).
func (s *Store) ActiveAgreements(ctx context.Context) ([]sla.Agreement, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var rows []agreementRow
	if err := db.Where("status = ?", string(sla.StatusActive)).Order("team_id, id").Find(&rows).Error; err != nil {
		return nil, dbErr("agreements", err)
	}
	return withHolidays(db, rows)
}

func withHolidays(db *gorm.DB, rows []agreementRow) ([]sla.Agreement, error) {
	out := make([]sla.Agreement, 0, len(rows))
	for _, r := range rows {
		hs, err := loadHolidays(db, r.TeamID, r.ID)
		if err != nil {
			return nil, err
		}
		a := r.toSLA(hs)
		if a.Exceptions, err = loadExceptions(db, r.TeamID, r.ID); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// UpdateAgreement loads the agreement, lets fn change it and saves it, in one
// transaction. An error from fn aborts without writing. fn must not call the Store. Identity fields
// (ID, team, channel, creation) cannot be changed.
func (s *Store) UpdateAgreement(ctx context.Context, team string, id int64, fn func(*sla.Agreement) error) (sla.Agreement, error) {
	var out sla.Agreement
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var cur agreementRow
		if err := s.forUpdate(tx).Where("team_id = ? AND id = ?", team, id).Take(&cur).Error; err != nil {
			return dbErr("agreement", err)
		}
		a, err := loadAgreement(tx, team, "id = ?", id)
		if err != nil {
			return err
		}
		if err := fn(&a); err != nil {
			return err
		}
		row := toAgreementRow(a)
		row.ID, row.TeamID, row.ChannelID, row.CreatedAt, row.CreatedBy = cur.ID, cur.TeamID, cur.ChannelID, cur.CreatedAt, cur.CreatedBy
		if !strings.EqualFold(row.Name, cur.Name) {
			var n int64
			if err := tx.Model(&agreementRow{}).Where("team_id = ? AND lower(name) = lower(?) AND id <> ?", team, row.Name, id).Count(&n).Error; err != nil {
				return dbErr("agreement", err)
			}
			if n > 0 {
				return sla.Errorf(sla.Conflict, "Another agreement is already named %q.", row.Name)
			}
		}
		if err := tx.Select("*").Omit("created_at").Save(&row).Error; err != nil {
			return dbErr("agreement", err)
		}
		a.ID, a.TeamID, a.ChannelID = row.ID, row.TeamID, row.ChannelID
		if err := saveHolidays(tx, a); err != nil {
			return err
		}
		sort.Slice(a.Holidays, func(i, j int) bool { return a.Holidays[i].String() < a.Holidays[j].String() })
		out = a
		return nil
	})
	return out, err
}

// AddAdmin lets user change the agreement. Adding an existing admin is a no-op.
func (s *Store) AddAdmin(ctx context.Context, team string, agreementID int64, user, by string, at time.Time) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	row := adminRow{TeamID: team, AgreementID: agreementID, UserID: user, AddedBy: by, CreatedAt: utc(at)}
	return dbErr("admin", db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error)
}

// RemoveAdmin reports whether user was an admin.
func (s *Store) RemoveAdmin(ctx context.Context, team string, agreementID int64, user string) (bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	res := db.Where("team_id = ? AND agreement_id = ? AND user_id = ?", team, agreementID, user).Delete(&adminRow{})
	return res.RowsAffected > 0, dbErr("admin", res.Error)
}

// Admins lists the agreement's admins (not counting party owners).
func (s *Store) Admins(ctx context.Context, team string, agreementID int64) ([]string, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var ids []string
	err := db.Model(&adminRow{}).Where("team_id = ? AND agreement_id = ?", team, agreementID).Order("created_at, user_id").Pluck("user_id", &ids).Error
	return ids, dbErr("admins", err)
}

// IsAdmin reports whether user is an admin of the agreement.
func (s *Store) IsAdmin(ctx context.Context, team string, agreementID int64, user string) (bool, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var n int64
	err := db.Model(&adminRow{}).Where("team_id = ? AND agreement_id = ? AND user_id = ?", team, agreementID, user).Count(&n).Error
	return n > 0, dbErr("admin", err)
}
