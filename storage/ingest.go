package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/slabot/slabot/sla"
)

// Ingestion support: a transaction handle for the webhook (every event of a
// request in one transaction), an import session for the CSV importer
// (batched upserts through COPY on PostgreSQL), workspace webhook secrets and
// the replay guard for webhook signatures.

// webhookSignatureRow remembers a verified webhook signature for a while, in
// the database so that every replica refuses a replayed request.
type webhookSignatureRow struct {
	TeamID    string    `gorm:"primaryKey;size:32;index:ix_webhook_signatures_seen,priority:1"`
	Signature string    `gorm:"primaryKey;size:64"` // hex HMAC, already verified
	SeenAt    time.Time `gorm:"not null;index:ix_webhook_signatures_seen,priority:2"`
}

func (webhookSignatureRow) TableName() string { return "webhook_signatures" }

// WebhookSecret returns the team's webhook secret, "" when none was made.
// A team without a workspace row is not_found.
func (s *Store) WebhookSecret(ctx context.Context, team string) (string, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var ws workspaceRow
	if err := db.Where("team_id = ?", team).Take(&ws).Error; err != nil {
		return "", dbErr("workspace", err)
	}
	return ws.WebhookSecret, nil
}

// SetWebhookSecret stores secret as the team's webhook secret and returns
// the secret in force: with replace false an existing secret is kept and
// returned instead. The workspace must exist (it is made by /sla setup).
func (s *Store) SetWebhookSecret(ctx context.Context, team, secret string, replace bool) (string, error) {
	if secret == "" {
		return "", fmt.Errorf("set webhook secret: empty secret")
	}
	out := secret
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var ws workspaceRow
		if err := s.forUpdate(tx).Where("team_id = ?", team).Take(&ws).Error; err != nil {
			return dbErr("workspace", err)
		}
		if ws.WebhookSecret != "" && !replace {
			out = ws.WebhookSecret
			return nil
		}
		return dbErr("workspace", tx.Model(&workspaceRow{}).Where("team_id = ?", team).Update("webhook_secret", secret).Error)
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

// Tx is one database transaction scoped to a team. Its methods are the only
// database access allowed while it is open: on SQLite the transaction holds
// the store's single connection, so a Store method called inside would wait
// forever.
type Tx struct {
	s       *Store
	db      *gorm.DB
	conn    *sql.Conn
	ctx     context.Context
	team    string
	session bool // an import session: the import_seen table exists

	loaded  map[int64]leadRow     // rows read by LeadsByExternalIDs, for UpsertLeads
	targets map[int64][]targetRow // per agreement, newest month first
}

// InTx runs fn in one transaction for team, with the store's default
// deadline. An error from fn rolls everything back.
func (s *Store) InTx(ctx context.Context, team string, fn func(tx *Tx) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	conn, err := s.conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return s.runTx(ctx, conn, team, false, fn)
}

// conn takes one connection from the pool for the caller's exclusive use.
func (s *Store) conn(ctx context.Context) (*sql.Conn, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, dbErr("connection", err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, dbErr("connection", err)
	}
	return conn, nil
}

// runTx runs fn in a transaction on conn. The transaction is opened on the
// caller's connection (not the pool) so that COPY, which needs the pgx
// connection underneath, runs inside it.
func (s *Store) runTx(ctx context.Context, conn *sql.Conn, team string, session bool, fn func(tx *Tx) error) error {
	db := s.db.Session(&gorm.Session{NewDB: true, Context: ctx})
	db.Statement.ConnPool = conn
	var done bool
	err := db.Transaction(committing(func(gtx *gorm.DB) error {
		// Every write path takes the team's lock first (see lockTeam).
		if err := lockTeam(gtx, s.dialect, team); err != nil {
			return err
		}
		return fn(&Tx{s: s, db: gtx, conn: conn, ctx: ctx, team: team, session: session,
			loaded: map[int64]leadRow{}, targets: map[int64][]targetRow{}})
	}, &done))
	return txErr(err, done)
}

// Team is the workspace the transaction is scoped to.
func (tx *Tx) Team() string { return tx.team }

// AgreementByRef finds an agreement by home channel id or name (any case).
func (tx *Tx) AgreementByRef(ref string) (sla.Agreement, error) {
	a, err := loadAgreement(tx.db, tx.team, "channel_id = ?", ref)
	if sla.ErrorCode(err) == sla.NotFound {
		return loadAgreement(tx.db, tx.team, "lower(name) = lower(?)", strings.TrimPrefix(ref, "#"))
	}
	return a, err
}

// AgreementByID loads one agreement of the team.
func (tx *Tx) AgreementByID(id int64) (sla.Agreement, error) {
	return loadAgreement(tx.db, tx.team, "id = ?", id)
}

// TargetsFor returns the targets in force for month, by the same rule as
// Store.TargetsFor (each field from the latest month at or before it that
// set the field). The agreement's target rows are read once per transaction.
func (tx *Tx) TargetsFor(agreementID int64, month sla.Month) (sla.Targets, error) {
	rows, ok := tx.targets[agreementID]
	if !ok {
		if err := tx.db.Where("team_id = ? AND agreement_id = ?", tx.team, agreementID).Find(&rows).Error; err != nil {
			return sla.Targets{}, dbErr("targets", err)
		}
		tx.targets[agreementID] = rows
	}
	t, _ := sla.TargetsInForce(settingsOf(rows), month)
	return t, nil
}

// LeadByExternalID finds the team's lead with that CRM id and locks it
// until the transaction ends.
func (tx *Tx) LeadByExternalID(ext string) (sla.Lead, error) {
	var row leadRow
	if err := tx.s.forUpdate(tx.db).Where("team_id = ? AND external_id = ? AND external_id <> ''", tx.team, ext).Take(&row).Error; err != nil {
		return sla.Lead{}, dbErr("lead", err)
	}
	tx.loaded[row.ID] = row
	return row.toSLA(), nil
}

// LeadsByExternalIDs returns the team's leads with those CRM ids, keyed by
// external id, locked until the transaction ends. Missing ids are absent.
func (tx *Tx) LeadsByExternalIDs(ids []string) (map[string]sla.Lead, error) {
	out := make(map[string]sla.Lead, len(ids))
	err := tx.eachChunk(ids, func(part []string) error {
		var rows []leadRow
		var err error
		if tx.s.dialect == "postgres" {
			// One index probe per id, whatever the statistics say: a LATERAL
			// subquery with LIMIT cannot be flattened into a join, which a
			// planner misled by a table that grew during the import runs as a
			// hash join over every lead of the team (and "= ANY" as a
			// filter testing each lead against each id).
			err = tx.db.Raw(`SELECT l.* FROM unnest(?::text[]) AS x(ext),
				LATERAL (SELECT * FROM leads WHERE team_id = ? AND external_id = x.ext AND external_id <> ''
				LIMIT 1 FOR UPDATE) l`, textArray(part), tx.team).Scan(&rows).Error
		} else {
			err = tx.db.Where("team_id = ? AND external_id <> '' AND external_id IN ?", tx.team, part).Find(&rows).Error
		}
		if err != nil {
			return dbErr("leads", err)
		}
		for _, r := range rows {
			tx.loaded[r.ID] = r
			out[r.ExternalID] = r.toSLA()
		}
		return nil
	})
	return out, err
}

// eachChunk calls fn with the whole list on PostgreSQL (one array
// parameter) and with parts of at most 200 on SQLite, whose driver binds
// parameters in time quadratic in their number.
func (tx *Tx) eachChunk(ids []string, fn func(part []string) error) error {
	if len(ids) == 0 {
		return nil
	}
	n := len(ids)
	if tx.s.dialect != "postgres" {
		n = 200
	}
	for i := 0; i < len(ids); i += n {
		if err := fn(ids[i:min(i+n, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// textArray and intArray are PostgreSQL array parameters, bound as one
// value each (gorm would expand a plain slice into a list).
type textArray []string

func (a textArray) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for _, r := range s {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String(), nil
}

type intArray []int

func (a intArray) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, n := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(n))
	}
	b.WriteByte('}')
	return b.String(), nil
}

// AddLead stores a new lead with the team's next short id, qualified at its
// creation unless it says otherwise (a webhook's created event).
func (tx *Tx) AddLead(l sla.Lead) (sla.Lead, error) {
	l.TeamID = tx.team
	if l.QualifiedAt.IsZero() {
		l.QualifiedAt = l.CreatedAt
	}
	if l.ExternalID != "" {
		var n int64
		if err := tx.db.Model(&leadRow{}).Where("team_id = ? AND external_id = ? AND external_id <> ''", tx.team, l.ExternalID).Count(&n).Error; err != nil {
			return sla.Lead{}, dbErr("lead", err)
		}
		if n > 0 {
			return sla.Lead{}, sla.Errorf(sla.Conflict, "A lead with external id %q already exists.", l.ExternalID)
		}
	}
	seq, err := nextSeq(tx.db, tx.team)
	if err != nil {
		return sla.Lead{}, err
	}
	l.Seq = seq
	row := toLeadRow(l)
	row.ID = 0
	row.UpdatedAt = utc(l.CreatedAt)
	if err := tx.db.Create(&row).Error; err != nil {
		return sla.Lead{}, dbErr("lead", err)
	}
	tx.loaded[row.ID] = row
	return row.toSLA(), nil
}

// SaveLead writes every field of a lead read in this transaction, and the
// attempt when there is one. at stamps the change.
func (tx *Tx) SaveLead(l sla.Lead, att *sla.Attempt, at time.Time) (sla.Lead, error) {
	orig, ok := tx.loaded[l.ID]
	if !ok {
		return sla.Lead{}, fmt.Errorf("save lead %d: not read in this transaction", l.ID)
	}
	if att != nil {
		a := attemptRow{TeamID: tx.team, LeadID: orig.ID, At: utc(att.At), Via: string(att.Via), By: att.By, CreatedAt: utc(at)}
		if err := tx.db.Create(&a).Error; err != nil {
			return sla.Lead{}, dbErr("attempt", err)
		}
	}
	nr := toLeadRow(l)
	nr.ID, nr.TeamID, nr.AgreementID, nr.Seq, nr.ExternalID = orig.ID, orig.TeamID, orig.AgreementID, orig.Seq, orig.ExternalID
	nr.UpdatedAt = utc(at)
	if err := tx.db.Select("*").Save(&nr).Error; err != nil {
		return sla.Lead{}, dbErr("lead", err)
	}
	tx.loaded[nr.ID] = nr
	return nr.toSLA(), nil
}

// ClaimKey records an idempotency key and reports whether it is new; for a
// key seen before it returns the result stored with it.
func (tx *Tx) ClaimKey(key, result string, at time.Time) (first bool, prev string, err error) {
	return claimKey(tx.db, tx.team, key, result, at)
}

// SetKeyResult stores the result of the run that claimed key.
func (tx *Tx) SetKeyResult(key, result string) error {
	return setKeyResult(tx.db, tx.team, key, result)
}

// ClaimSignature records a verified request signature and reports false when
// it was seen in the last keep (a replay). Older signatures are forgotten:
// the caller refuses their timestamps anyway.
func (tx *Tx) ClaimSignature(sig string, now time.Time, keep time.Duration) (bool, error) {
	if err := tx.db.Where("team_id = ? AND seen_at < ?", tx.team, utc(now.Add(-keep))).Delete(&webhookSignatureRow{}).Error; err != nil {
		return false, dbErr("webhook signatures", err)
	}
	res := tx.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&webhookSignatureRow{TeamID: tx.team, Signature: sig, SeenAt: utc(now)})
	if res.Error != nil {
		return false, dbErr("webhook signatures", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Import is one CSV import: a connection held for the whole run, with a
// temporary table of the external ids seen so far, so repeated ids are found
// across batches without holding them all in memory.
type Import struct {
	s    *Store
	conn *sql.Conn
	team string
}

// BatchTimeout bounds one import batch.
const BatchTimeout = 2 * time.Minute

// BeginImport starts an import for team. Close it when done. On SQLite the
// import holds the store's only connection until then.
func (s *Store) BeginImport(ctx context.Context, team string) (*Import, error) {
	conn, err := s.conn(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	stmts := []string{
		`DROP TABLE IF EXISTS import_seen`,
		`CREATE TEMP TABLE import_seen (external_id VARCHAR(200) PRIMARY KEY, line INTEGER NOT NULL)`,
	}
	if s.dialect == "sqlite" {
		// A batch touches more pages than the default 2 MB cache holds;
		// spilling them mid-transaction doubles the writes.
		stmts = append(stmts, `PRAGMA cache_size = -32768`)
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			conn.Close()
			return nil, dbErr("import session", err)
		}
	}
	return &Import{s: s, conn: conn, team: team}, nil
}

// Batch runs fn in one transaction of the import.
func (im *Import) Batch(ctx context.Context, fn func(tx *Tx) error) error {
	ctx, cancel := context.WithTimeout(ctx, BatchTimeout)
	defer cancel()
	return im.s.runTx(ctx, im.conn, im.team, true, fn)
}

// Close drops the session's table and gives the connection back.
func (im *Import) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), im.s.timeout)
	defer cancel()
	_, err := im.conn.ExecContext(ctx, `DROP TABLE IF EXISTS import_seen`)
	if im.s.dialect == "sqlite" && err == nil {
		_, err = im.conn.ExecContext(ctx, `PRAGMA cache_size = -2000`)
	}
	if cerr := im.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

// SeenBefore records the batch's external ids (each with its file line) and
// returns those an earlier batch of the import already had, with the line
// they were first seen on. ids must be distinct. Import sessions only.
func (tx *Tx) SeenBefore(ids []string, lines []int) (map[string]int, error) {
	if !tx.session {
		return nil, fmt.Errorf("seen before: not an import session")
	}
	if tx.s.dialect == "postgres" {
		// One statement: the insert keeps the first line of an id already
		// there, and the select, which does not see the insert's rows, finds
		// exactly the ids an earlier batch had.
		var rows []struct {
			ExternalID string
			Line       int
		}
		err := tx.db.Raw(`WITH x AS (SELECT * FROM unnest(?::text[], ?::int[]) AS x(ext, line)),
			ins AS (INSERT INTO import_seen (external_id, line) SELECT ext, line FROM x ON CONFLICT (external_id) DO NOTHING)
			SELECT s.external_id, s.line FROM x JOIN import_seen s ON s.external_id = x.ext`, textArray(ids), intArray(lines)).Scan(&rows).Error
		if err != nil {
			return nil, dbErr("import session", err)
		}
		dup := make(map[string]int, len(rows))
		for _, r := range rows {
			dup[r.ExternalID] = r.Line
		}
		return dup, nil
	}
	// Insert them all, keeping the first line of an id already there; the
	// ids not inserted are the repeats.
	fresh := make(map[string]bool, len(ids))
	add := func(q string, args ...any) error {
		rows, err := tx.db.Raw(q, args...).Rows()
		if err != nil {
			return dbErr("import session", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return dbErr("import session", err)
			}
			fresh[id] = true
		}
		return dbErr("import session", rows.Err())
	}
	const conflict = ` ON CONFLICT (external_id) DO NOTHING RETURNING external_id`
	{
		const per = 200
		for i := 0; i < len(ids); i += per {
			j := min(i+per, len(ids))
			args := make([]any, 0, 2*(j-i))
			for k := i; k < j; k++ {
				args = append(args, ids[k], lines[k])
			}
			q := `INSERT INTO import_seen (external_id, line) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?),", j-i), ",") + conflict
			if err := add(q, args...); err != nil {
				return nil, err
			}
		}
	}
	var repeats []string
	for _, id := range ids {
		if !fresh[id] {
			repeats = append(repeats, id)
		}
	}
	dup := map[string]int{}
	err := tx.eachChunk(repeats, func(part []string) error {
		var rows []struct {
			ExternalID string
			Line       int
		}
		if err := tx.db.Raw(`SELECT external_id, line FROM import_seen WHERE external_id IN ?`, part).Scan(&rows).Error; err != nil {
			return dbErr("import session", err)
		}
		for _, r := range rows {
			dup[r.ExternalID] = r.Line
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return dup, nil
}

// insertRows writes rows into table: COPY on PostgreSQL, multi-row INSERTs
// on SQLite.
func (tx *Tx) insertRows(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if tx.s.dialect == "postgres" {
		return tx.conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("postgres driver connection is %T, not pgx", dc)
			}
			_, err := c.Conn().CopyFrom(tx.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	// The driver binds parameters in time quadratic in their number, so
	// statements stay small; each is prepared once per call (parsing costs
	// as much as running it).
	sqlTx, ok := tx.db.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return fmt.Errorf("insert rows: not in a transaction")
	}
	per := max(1, 400/len(cols))
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for i := 0; i < len(rows); i += per {
		part := rows[i:min(i+per, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		if stmt == nil || len(part) < per {
			if stmt != nil {
				stmt.Close()
			}
			q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
				strings.TrimSuffix(strings.Repeat(row+",", len(part)), ",")
			var err error
			if stmt, err = sqlTx.PrepareContext(tx.ctx, q); err != nil {
				return err
			}
		}
		if _, err := stmt.ExecContext(tx.ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// importColumns are the lead columns an upsert writes, in COPY order; the
// first four identify the lead and never change on update.
var importColumns = []string{
	"team_id", "agreement_id", "seq", "external_id",
	"name", "email", "segment", "source", "owner",
	"created_at", "qualified_at", "handed_off_at", "to_handoff_secs", "first_attempt_at", "attempts", "speed_secs",
	"contacted_at", "won_at", "revenue_cents", "cycle_secs", "lost_at", "lost_reason",
	"warn_at", "speed_due_at", "depth_due_at", "next_check_at", "snoozed_until",
	"updated_at",
}

func (r leadRow) importValues() []any {
	return []any{
		r.TeamID, r.AgreementID, r.Seq, r.ExternalID,
		r.Name, r.Email, r.Segment, r.Source, r.Owner,
		r.CreatedAt, r.QualifiedAt, r.HandedOffAt, r.ToHandoffSecs, r.FirstAttemptAt, r.Attempts, r.SpeedSecs,
		r.ContactedAt, r.WonAt, r.RevenueCents, r.CycleSecs, r.LostAt, r.LostReason,
		r.WarnAt, r.SpeedDueAt, r.DepthDueAt, r.NextCheckAt, r.SnoozedUntil,
		r.UpdatedAt,
	}
}

// mergeSQL upserts the staged rows in one statement. A row is only updated
// when it belongs to the same agreement and something other than updated_at
// differs; xmax = 0 marks a row this statement inserted.
var mergeSQL = func() string {
	mut := importColumns[4 : len(importColumns)-1]
	var set, cur, ex []string
	for _, c := range mut {
		set = append(set, c+" = EXCLUDED."+c)
		cur = append(cur, "leads."+c)
		ex = append(ex, "EXCLUDED."+c)
	}
	set = append(set, "updated_at = EXCLUDED.updated_at")
	cols := strings.Join(importColumns, ", ")
	return `INSERT INTO leads (` + cols + `) SELECT ` + cols + ` FROM ingest_stage
		ON CONFLICT (team_id, external_id) WHERE external_id <> '' DO UPDATE SET ` + strings.Join(set, ", ") + `
		WHERE leads.agreement_id = EXCLUDED.agreement_id
		AND (` + strings.Join(cur, ", ") + `) IS DISTINCT FROM (` + strings.Join(ex, ", ") + `)
		RETURNING (xmax = 0) AS inserted`
}()

// sqliteUpdateSQL rewrites the mutable columns of one lead.
var sqliteUpdateSQL = func() string {
	var set []string
	for _, c := range importColumns[4:] {
		set = append(set, c+" = ?")
	}
	return `UPDATE leads SET ` + strings.Join(set, ", ") + ` WHERE team_id = ? AND id = ?`
}()

// UpsertLeads writes a batch of imported leads of one agreement. A lead with
// ID 0 is new: it needs an external id and gets the team's next short id.
// Any other lead must have been read by LeadsByExternalIDs in this
// transaction; it is written only when some column changed. now stamps the
// rows written.
func (tx *Tx) UpsertLeads(agreementID int64, leads []sla.Lead, now time.Time) (sla.UpsertCounts, error) {
	var c sla.UpsertCounts
	var fresh, changed []leadRow
	for _, l := range leads {
		l.TeamID, l.AgreementID = tx.team, agreementID
		if l.ID == 0 {
			if l.ExternalID == "" {
				return c, fmt.Errorf("upsert leads: a new lead needs an external id")
			}
			r := toLeadRow(l)
			r.UpdatedAt = utc(now)
			fresh = append(fresh, r)
			continue
		}
		orig, ok := tx.loaded[l.ID]
		if !ok {
			return c, fmt.Errorf("upsert leads: lead %d was not read in this transaction", l.ID)
		}
		if orig.AgreementID != agreementID {
			return c, sla.Errorf(sla.Conflict, "External id %q belongs to another agreement.", orig.ExternalID)
		}
		r := toLeadRow(l)
		r.ID, r.TeamID, r.AgreementID, r.Seq, r.ExternalID = orig.ID, orig.TeamID, orig.AgreementID, orig.Seq, orig.ExternalID
		if sameLeadRow(orig, r) {
			c.Unchanged++
			continue
		}
		r.UpdatedAt = utc(now)
		changed = append(changed, r)
	}
	if len(fresh) > 0 {
		var last int64
		res := tx.db.Raw(`UPDATE workspaces SET next_seq = next_seq + ? WHERE team_id = ? RETURNING next_seq`, len(fresh), tx.team).Scan(&last)
		if res.Error != nil {
			return c, dbErr("lead numbers", res.Error)
		}
		if res.RowsAffected == 0 {
			return c, sla.Errorf(sla.NotFound, "This workspace has no agreement yet; run `/sla setup` first.")
		}
		first := last - int64(len(fresh)) + 1
		for i := range fresh {
			fresh[i].Seq = first + int64(i)
		}
	}
	if tx.s.dialect == "postgres" {
		n, err := tx.copyFresh(fresh)
		if err != nil {
			return c, err
		}
		if n < 0 { // another writer took one of the ids meanwhile: merge them all
			changed = append(fresh, changed...)
		} else {
			c.Inserted = n
		}
		m, err := tx.mergePostgres(changed)
		if err != nil {
			return c, err
		}
		c.Inserted += m.Inserted
		c.Updated = m.Updated
		c.Unchanged += len(changed) - m.Inserted - m.Updated
		return c, nil
	}
	rows := make([][]any, len(fresh))
	for i, r := range fresh {
		rows[i] = r.importValues()
	}
	if err := tx.insertRows("leads", importColumns, rows); err != nil {
		return c, dbErr("leads", err)
	}
	c.Inserted = len(fresh)
	if len(changed) > 0 {
		sqlTx, ok := tx.db.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return c, fmt.Errorf("upsert leads: not in a transaction")
		}
		stmt, err := sqlTx.PrepareContext(tx.ctx, sqliteUpdateSQL)
		if err != nil {
			return c, dbErr("lead", err)
		}
		defer stmt.Close()
		for _, r := range changed {
			res, err := stmt.ExecContext(tx.ctx, append(r.importValues()[4:], r.TeamID, r.ID)...)
			if err != nil {
				return c, dbErr("lead", err)
			}
			n, _ := res.RowsAffected()
			c.Updated += int(n)
		}
	}
	c.Unchanged += len(changed) - c.Updated
	return c, nil
}

// copyFresh COPYs the new leads straight into leads: the ids were looked up
// in this transaction, so only a concurrent writer can have taken one, and
// then the COPY fails on the unique index; a savepoint keeps the
// transaction, and -1 says to merge them instead.
func (tx *Tx) copyFresh(rows []leadRow) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	vals := make([][]any, len(rows))
	for i, r := range rows {
		vals[i] = r.importValues()
	}
	if err := tx.db.Exec(`SAVEPOINT copy_fresh`).Error; err != nil {
		return 0, dbErr("leads", err)
	}
	err := tx.insertRows("leads", importColumns, vals)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		if err := tx.db.Exec(`ROLLBACK TO SAVEPOINT copy_fresh`).Error; err != nil {
			return 0, dbErr("leads", err)
		}
		return -1, nil
	}
	if err != nil {
		return 0, dbErr("leads", err)
	}
	return len(rows), dbErr("leads", tx.db.Exec(`RELEASE SAVEPOINT copy_fresh`).Error)
}

// mergePostgres COPYs rows into a staging table and merges them into leads
// in one statement.
func (tx *Tx) mergePostgres(rows []leadRow) (sla.UpsertCounts, error) {
	var c sla.UpsertCounts
	if len(rows) == 0 {
		return c, nil
	}
	stage := `CREATE TEMP TABLE IF NOT EXISTS ingest_stage ON COMMIT DROP AS SELECT ` +
		strings.Join(importColumns, ", ") + ` FROM leads WITH NO DATA`
	if err := tx.db.Exec(stage).Error; err != nil {
		return c, dbErr("staging table", err)
	}
	if err := tx.db.Exec(`TRUNCATE ingest_stage`).Error; err != nil {
		return c, dbErr("staging table", err)
	}
	vals := make([][]any, len(rows))
	for i, r := range rows {
		vals[i] = r.importValues()
	}
	if err := tx.insertRows("ingest_stage", importColumns, vals); err != nil {
		return c, dbErr("staging copy", err)
	}
	res, err := tx.db.Raw(mergeSQL).Rows()
	if err != nil {
		return c, dbErr("lead merge", err)
	}
	defer res.Close()
	for res.Next() {
		var inserted bool
		if err := res.Scan(&inserted); err != nil {
			return c, dbErr("lead merge", err)
		}
		if inserted {
			c.Inserted++
		} else {
			c.Updated++
		}
	}
	return c, dbErr("lead merge", res.Err())
}

// sameLeadRow compares everything an import can change.
func sameLeadRow(a, b leadRow) bool {
	return a.TeamID == b.TeamID && a.AgreementID == b.AgreementID && a.Seq == b.Seq && a.ExternalID == b.ExternalID &&
		a.Name == b.Name && a.Email == b.Email && a.Segment == b.Segment && a.Source == b.Source && a.Owner == b.Owner &&
		a.CreatedAt.Equal(b.CreatedAt) && sameTime(a.QualifiedAt, b.QualifiedAt) && sameTime(a.HandedOffAt, b.HandedOffAt) && sameInt(a.ToHandoffSecs, b.ToHandoffSecs) &&
		sameTime(a.FirstAttemptAt, b.FirstAttemptAt) && a.Attempts == b.Attempts && sameInt(a.SpeedSecs, b.SpeedSecs) &&
		sameTime(a.ContactedAt, b.ContactedAt) && sameTime(a.WonAt, b.WonAt) && a.RevenueCents == b.RevenueCents &&
		sameInt(a.CycleSecs, b.CycleSecs) && sameTime(a.LostAt, b.LostAt) && a.LostReason == b.LostReason &&
		sameTime(a.WarnAt, b.WarnAt) && sameTime(a.SpeedDueAt, b.SpeedDueAt) && sameTime(a.DepthDueAt, b.DepthDueAt) &&
		sameTime(a.NextCheckAt, b.NextCheckAt) && sameTime(a.SnoozedUntil, b.SnoozedUntil)
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func sameInt(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
