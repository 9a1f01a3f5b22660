// Package ingest takes leads from a CRM: a streaming CSV import (HubSpot
// contacts export or slabot's own format) and a signed webhook for lead
// events. Both record leads by the same lifecycle rules as the slash
// commands (package sla) and through package storage.
package ingest

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/slabot/slabot/sla"
)

// Users finds Slack users by email. bot.Sender implements it.
type Users interface {
	// LookupEmail returns the Slack user id with that email, "" when the
	// workspace has no such user.
	LookupEmail(ctx context.Context, email string) (userID string, err error)
}

// DefaultBatchSize is how many rows go to the database in one transaction.
const DefaultBatchSize = 5000

// Importer upserts leads from a CSV file, batch by batch, so memory stays
// flat whatever the file's size.
type Importer struct {
	Store Store
	// Users matches owner emails to Slack users; nil leaves every owner given
	// by email unmatched (a warning).
	Users Users
	Now   func() time.Time // default time.Now; read once per import
	// BatchSize rows per transaction; default DefaultBatchSize.
	BatchSize int

	// Reject is told about every rejected row, in line order.
	Reject func(line int, reason string)
	// Warn is told about problems that did not reject a row, once each.
	Warn func(msg string)
	// Progress is called after each batch with the data rows read so far.
	Progress func(rows int)
}

// Options name what to import into and how to read the file.
type Options struct {
	Team      string
	Agreement string    // home channel id or name
	Format    string    // hubspot, slabot or "" to detect from the header
	Maps      []Mapping // --map overrides
}

// Result counts what an import did.
type Result struct {
	Rows                                   int // data rows read
	Inserted, Updated, Unchanged, Rejected int
	// Unqualified are the inserted leads not yet MQLs: stored, not counted.
	Unqualified int
	Format      string
}

// Summary is the result's line: inserted N (M not yet qualified), updated N,
// unchanged N, rejected N.
func (r Result) Summary() string {
	return fmt.Sprintf("inserted %d (%d not yet qualified), updated %d, unchanged %d, rejected %d",
		r.Inserted, r.Unqualified, r.Updated, r.Unchanged, r.Rejected)
}

// row is one parsed CSV record; zero values mean the cell was empty.
type row struct {
	line       int
	ext        string
	name       string
	email      string
	segment    string
	source     sla.Source
	owner      string // the owner cell as written
	ownerCol   int
	created    time.Time
	mql        time.Time
	qualify    qualification
	handoff    time.Time
	first      time.Time
	attempts   int // -1: empty
	contacted  time.Time
	won        time.Time
	wonCol     int
	revenue    sla.Money
	lost       time.Time
	lostReason string
	// status is what a CRM's lead status says of the lead, with the last
	// contact or activity it is dated by.
	status       leadStatus
	lastContact  time.Time
	lastActivity time.Time
	rejected     string // why the row is refused, when it is
	repeat       bool   // an earlier row of the batch has the same id
}

// qualification is what a row says of the lead's qualification (docs/design.md,
// CRM ingestion).
type qualification int

const (
	qualifyAtCreation qualification = iota // no stage, or MQL or later without a date
	qualifyAtMQL                           // the MQL date is given
	notQualified                           // a stage before MQL, without an MQL date
)

// run is the state of one import.
type run struct {
	im     *Importer
	ctx    context.Context
	lay    layout
	a      sla.Agreement
	cal    sla.Calendar
	rt     *routing // away periods and struck reps; nil until first needed
	loc    *time.Location
	now    time.Time
	owners *ownerCache
	res    Result
	// rereads: the source may send a record again (the sync's pages overlap
	// at their boundary); a repeat is applied again, not refused.
	rereads bool
}

// Import reads r to the end and upserts its leads into the agreement. It
// returns an error only when the file cannot be read or the database fails;
// the batches committed before that stay (each lead is written whole or not
// at all, and importing again is safe).
func (im *Importer) Import(ctx context.Context, r io.Reader, opt Options) (Result, error) {
	run := &run{im: im, ctx: ctx}
	now := time.Now
	if im.Now != nil {
		now = im.Now
	}
	run.now = now()
	a, err := im.Store.AgreementByRef(ctx, opt.Team, opt.Agreement)
	if sla.ErrorCode(err) == sla.NotFound {
		return run.res, fmt.Errorf("no agreement %q in workspace %s (use its home channel id or its name)", opt.Agreement, opt.Team)
	}
	if err != nil {
		return run.res, err
	}
	run.a, run.cal, run.loc = a, a.Calendar(), a.Location()
	run.owners = newOwnerCache(im.Users)

	rd := csv.NewReader(skipBOM(r))
	rd.ReuseRecord = true
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if errors.Is(err, io.EOF) {
		return run.res, fmt.Errorf("the file is empty: it needs a header line")
	}
	if err != nil {
		return run.res, fmt.Errorf("read the header: %w", err)
	}
	run.lay, err = newLayout(header, opt.Format, opt.Maps)
	if err != nil {
		return run.res, err
	}
	run.res.Format = run.lay.format
	if len(run.lay.ignored) > 0 {
		run.warn(fmt.Sprintf("ignoring columns that name no field: %s", strings.Join(run.lay.ignored, ", ")))
	}

	sess, err := im.Store.BeginImport(ctx, opt.Team)
	if err != nil {
		return run.res, err
	}
	defer sess.Close()

	size := im.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	// A reader goroutine parses the next batch and looks up its owners while
	// the current one is written; at most two batches wait, so memory stays
	// flat.
	batches := make(chan batch, 1)
	done := make(chan struct{})
	go run.read(rd, size, batches, done)
	defer func() {
		close(done)
		for range batches {
		}
	}()
	for b := range batches {
		if b.err != nil {
			return run.res, b.err
		}
		run.res.Rows += len(b.rows)
		if err := run.flush(sess, b); err != nil {
			return run.res, err
		}
	}
	run.owners.report(run.warn)
	return run.res, nil
}

// skipBOM drops the byte order mark Excel and HubSpot write before the
// header: before a quoted first field it would make the header malformed
// CSV.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	return br
}

// batch is a slice of parsed rows with their owners looked up.
type batch struct {
	rows   []row
	owner  map[int]string    // row index → Slack user id
	missed map[int]ownerMiss // row index → why its owner has no Slack user
	err    error             // the file could not be read, or Slack failed
	// then runs in the batch's transaction after its leads are written (the
	// sync's cursor moves with the leads it read, or not at all).
	then func(tx Tx, n sla.UpsertCounts) error
}

// batcher runs a batch's transaction: an import session, or one InTx.
type batcher interface {
	Batch(ctx context.Context, fn func(tx Tx) error) error
}

// read parses the records into batches of size and sends them to out until
// the file ends, an error occurs or done is closed.
func (r *run) read(rd *csv.Reader, size int, out chan<- batch, done <-chan struct{}) {
	defer close(out)
	send := func(b batch) bool {
		select {
		case out <- b:
			return true
		case <-done:
			return false
		}
	}
	rows := make([]row, 0, size)
	for {
		rec, err := rd.Read()
		eof := errors.Is(err, io.EOF)
		var pe *csv.ParseError
		switch {
		case eof:
		case errors.As(err, &pe):
			// A malformed record is one rejected row; the reader carries on
			// after it.
			rows = append(rows, row{line: pe.StartLine, attempts: -1, rejected: "malformed CSV: " + pe.Err.Error()})
		case err != nil:
			send(batch{err: fmt.Errorf("read the file: %w", err)})
			return
		default:
			line, _ := rd.FieldPos(0)
			rows = append(rows, r.parse(rec, line))
		}
		if len(rows) == size || (eof && len(rows) > 0) {
			b := r.prepare(rows)
			if !send(b) || b.err != nil {
				return
			}
			rows = make([]row, 0, size)
		}
		if eof {
			return
		}
	}
}

// prepare refuses the repeats within the batch (the first row of an id
// wins) and looks up the owners of the rest. No Slack call happens while a
// transaction holds the database.
func (r *run) prepare(rows []row) batch {
	b := batch{rows: rows, owner: map[int]string{}, missed: map[int]ownerMiss{}}
	first := map[string]int{}
	for i := range rows {
		x := &rows[i]
		if x.ext == "" {
			continue
		}
		if l, dup := first[x.ext]; dup {
			x.rejected = fmt.Sprintf("external id %q repeats line %d; the first row wins", x.ext, l)
			x.repeat = true
			continue
		}
		first[x.ext] = x.line
	}
	for i, x := range rows {
		if x.rejected != "" || x.owner == "" {
			continue
		}
		id, miss, err := r.owners.resolve(r.ctx, x.owner)
		if err != nil {
			return batch{err: fmt.Errorf("look up owner %s (line %d): %w", x.owner, x.line, err)}
		}
		if id != "" {
			b.owner[i] = id
		} else {
			b.missed[i] = miss
		}
	}
	return b
}

func (r *run) warn(msg string) {
	if r.im.Warn != nil {
		r.im.Warn(msg)
	}
}

// parse reads one record into a row, or a row with the reason it is refused.
func (r *run) parse(rec []string, line int) row {
	lay := r.lay
	out := row{line: line, attempts: -1, ownerCol: -1, wonCol: -1}
	fail := func(field string, col int, err error) row {
		out.rejected = lay.label(field, col) + ": " + err.Error()
		return out
	}
	var err error
	var extCol, nameCol, emailCol, segmentCol, reasonCol int
	if out.ext, extCol = lay.get(rec, FieldExternalID); out.ext == "" {
		out.rejected = "no " + lay.label(FieldExternalID, -1) + "; every row needs one to be matched on the next import"
		return out
	}
	if out.name, nameCol = lay.get(rec, FieldName); out.name == "" {
		first, _ := lay.get(rec, FieldFirstName)
		last, _ := lay.get(rec, FieldLastName)
		out.name, nameCol = strings.TrimSpace(first+" "+last), -1
	}
	out.email, emailCol = lay.get(rec, FieldEmail)
	out.email = strings.ToLower(out.email)
	out.segment, segmentCol = lay.get(rec, FieldSegment)
	out.segment = strings.ToLower(out.segment)
	if v, col := lay.get(rec, FieldSource); v != "" {
		if out.source, err = parseSource(v, lay.format); err != nil {
			return fail(FieldSource, col, err)
		}
	}
	out.lostReason, reasonCol = lay.get(rec, FieldLostReason)
	// The lead's limits and shapes are the slash commands' too. The import's
	// field names are sla's, so the field refused names its column.
	lead := sla.Lead{ExternalID: out.ext, Name: out.name, Email: out.email, Segment: out.segment, Source: out.source, LostReason: out.lostReason}
	if err := lead.Validate(); err != nil {
		var ve *sla.ValueError
		errors.As(err, &ve)
		col := map[string]int{FieldExternalID: extCol, FieldName: nameCol, FieldEmail: emailCol, FieldSegment: segmentCol, FieldLostReason: reasonCol}[ve.Field]
		return fail(ve.Field, col, err)
	}
	owner, ownerCol := lay.get(rec, FieldOwnerEmail)
	if err := validText(owner, sla.MaxEmailLen); err != nil {
		return fail(FieldOwnerEmail, ownerCol, err)
	}
	out.owner, out.ownerCol = owner, ownerCol
	stage, _ := lay.get(rec, FieldStage)
	if v, col := lay.get(rec, FieldLeadStatus); v != "" {
		if out.status, err = parseLeadStatus(v, lay.format); err != nil {
			return fail(FieldLeadStatus, col, err)
		}
	}
	dates := []struct {
		field string
		to    *time.Time
	}{
		{FieldCreatedAt, &out.created}, {FieldMQLAt, &out.mql}, {FieldHandedOffAt, &out.handoff},
		{FieldFirstAttempt, &out.first}, {FieldContactedAt, &out.contacted}, {FieldWonAt, &out.won},
		{FieldLostAt, &out.lost}, {FieldLastContact, &out.lastContact}, {FieldLastActivity, &out.lastActivity},
	}
	for _, d := range dates {
		v, col := lay.get(rec, d.field)
		if v == "" {
			continue
		}
		t, err := r.instant(v)
		if err != nil {
			return fail(d.field, col, err)
		}
		*d.to = t
		if d.field == FieldWonAt {
			out.wonCol = col
		}
	}
	if v, col := lay.get(rec, FieldAttempts); v != "" {
		if out.attempts, err = sla.ParseCount(v, maxAttempts); err != nil {
			return fail(FieldAttempts, col, err)
		}
	}
	if v, col := lay.get(rec, FieldRevenue); v != "" {
		if out.revenue, err = sla.ParseMoney(v); err != nil {
			return fail(FieldRevenue, col, err)
		}
	}
	if !out.won.IsZero() && !out.lost.IsZero() {
		out.rejected = fmt.Sprintf("both %s and %s are set; a lead is won or lost, not both", lay.label(FieldWonAt, -1), lay.label(FieldLostAt, -1))
	}
	switch {
	case !out.mql.IsZero():
		out.qualify = qualifyAtMQL
	case preMQLStages[stageKey(stage)]:
		out.qualify = notQualified
	}
	return out
}

// instant reads a date cell: the file's shapes, and epoch milliseconds from
// HubSpot's API.
func (r *run) instant(v string) (time.Time, error) {
	if r.lay.api {
		return parseHubSpotInstant(v, r.loc, r.now)
	}
	return parseInstant(v, r.loc, r.now)
}

// flush writes one batch in one transaction: ids seen in an earlier batch
// are refused, the other rows merged with the leads already stored.
func (r *run) flush(sess batcher, b batch) error {
	batch := b.rows
	var ids []string
	var lines []int
	for _, x := range batch {
		// Every first occurrence counts, refused or not: a later row with
		// the same id is a repeat either way.
		if x.ext != "" && !x.repeat {
			ids = append(ids, x.ext)
			lines = append(lines, x.line)
		}
	}
	type rejection struct {
		line   int
		reason string
	}
	var rejected []rejection
	var accepted []acceptedMiss
	owner, missed := b.owner, b.missed
	var counts sla.UpsertCounts
	var unqualified int
	err := sess.Batch(r.ctx, func(tx Tx) error {
		rejected, accepted, unqualified = rejected[:0], accepted[:0], 0
		dups := map[string]int{}
		if !r.rereads {
			var err error
			if dups, err = tx.SeenBefore(ids, lines); err != nil {
				return err
			}
		}
		var valid []string
		for i := range batch {
			b := &batch[i]
			if l, dup := dups[b.ext]; dup && b.rejected == "" {
				b.rejected = fmt.Sprintf("external id %q repeats line %d; the first row wins", b.ext, l)
			}
			if b.rejected == "" {
				valid = append(valid, b.ext)
			}
		}
		existing, err := tx.LeadsByExternalIDs(valid)
		if err != nil {
			return err
		}
		leads := make([]sla.Lead, 0, len(valid))
		for i := range batch {
			b := &batch[i]
			if b.rejected != "" {
				rejected = append(rejected, rejection{b.line, b.rejected})
				continue
			}
			var cur *sla.Lead
			if l, ok := existing[b.ext]; ok {
				cur = &l
				if l.AgreementID != r.a.ID {
					rejected = append(rejected, rejection{b.line, fmt.Sprintf("external id %q is %s of another agreement", b.ext, l.ShortID())})
					continue
				}
			}
			l, reason, err := r.merge(tx, *b, cur, owner[i])
			if err != nil {
				return err
			}
			if reason != "" {
				rejected = append(rejected, rejection{b.line, reason})
				continue
			}
			if m, ok := missed[i]; ok {
				accepted = append(accepted, acceptedMiss{m, b.line})
			}
			if l.ID == 0 && !l.Qualified() {
				unqualified++
			}
			leads = append(leads, l)
		}
		counts, err = tx.UpsertLeads(r.a.ID, leads, r.now)
		if err == nil && b.then != nil {
			err = b.then(tx, counts)
		}
		return err
	})
	if err != nil {
		if len(batch) == 0 {
			return fmt.Errorf("database: %w", err)
		}
		return fmt.Errorf("database, in the rows of lines %d-%d: %w", batch[0].line, batch[len(batch)-1].line, err)
	}
	r.res.Inserted += counts.Inserted
	r.res.Unqualified += unqualified
	r.res.Updated += counts.Updated
	r.res.Unchanged += counts.Unchanged
	r.res.Rejected += len(rejected)
	for _, a := range accepted {
		r.owners.miss(a.ownerMiss, a.line)
	}
	sort.SliceStable(rejected, func(i, j int) bool { return rejected[i].line < rejected[j].line })
	if r.im.Reject != nil {
		for _, x := range rejected {
			r.im.Reject(x.line, x.reason)
		}
	}
	if r.im.Progress != nil {
		r.im.Progress(r.res.Rows)
	}
	return nil
}

// acceptedMiss is a stored row whose owner has no Slack user.
type acceptedMiss struct {
	ownerMiss
	line int
}

// merge applies a row to the stored lead (nil: a new lead) and returns the
// lead to store, or the reason the row is refused. A cell that is empty
// leaves the stored value alone; attempts never go down and the first
// attempt only moves earlier, since Slack may have recorded more than the
// CRM knows. A CRM export's dates are set by separate processes, so where
// they disagree they are put in order instead of refusing the row; the
// slabot format's are the user's own, and a disorder is refused.
func (r *run) merge(tx Tx, b row, cur *sla.Lead, ownerID string) (sla.Lead, string, error) {
	lay := r.lay
	crm := lay.format != FormatSlabot
	l := sla.Lead{ExternalID: b.ext, Source: sla.SourceMarketing, SpeedSecs: -1}
	if cur != nil {
		l = *cur
	}
	prevHandoff, prevFirst := l.HandedOffAt, l.FirstAttemptAt

	switch {
	case !b.created.IsZero():
		l.CreatedAt = b.created
	case l.CreatedAt.IsZero() && !b.mql.IsZero():
		l.CreatedAt = b.mql
	}
	if l.CreatedAt.IsZero() {
		return l, "no " + lay.label(FieldCreatedAt, -1) + "; a new lead needs its creation date", nil
	}
	// MQLs count by qualification; a lead once qualified stays so (a CRM
	// moving a stage back does not take an MQL out of a closed month).
	switch b.qualify {
	case qualifyAtMQL:
		l.QualifiedAt = b.mql
	case qualifyAtCreation:
		if l.QualifiedAt.IsZero() {
			l.QualifiedAt = l.CreatedAt
		}
	}
	if l.Qualified() && l.QualifiedAt.Before(l.CreatedAt) {
		if !crm {
			return l, fmt.Sprintf("%s %s is before %s %s", lay.label(FieldMQLAt, -1), r.stamp(l.QualifiedAt), lay.label(FieldCreatedAt, -1), r.stamp(l.CreatedAt)), nil
		}
		l.CreatedAt = l.QualifiedAt // HubSpot keeps MQL dates set before a contact was (re)created
	}
	setProfile(&l, b.name, b.email, b.segment, b.source)
	if ownerID != "" {
		l.Owner = ownerID
	}
	// Naming an owner hands an MQL to them, when it qualified unless the file
	// says when; an earlier hand-off is kept. A contact not yet qualified
	// keeps its owner but is handed to sales, and its clocks start, only
	// once it qualifies.
	if l.Qualified() {
		ho := l.HandedOffAt
		switch {
		case !b.handoff.IsZero():
			ho = b.handoff
		case b.owner != "" && ho.IsZero():
			ho = l.QualifiedAt
		}
		if crm && !ho.IsZero() && ho.Before(l.QualifiedAt) {
			ho = l.QualifiedAt // assigned before it qualified: sales has it as an MQL from then
		}
		l.HandedOffAt = ho
	}
	if sla.PoolTakes(r.a, l, r.now) {
		rt, err := r.routing(tx)
		if err != nil {
			return l, "", err
		}
		if err := rt.poolHandOff(tx, r.a, &l, r.now); err != nil {
			return l, "", err
		}
	}
	if !b.first.IsZero() && (l.FirstAttemptAt.IsZero() || b.first.Before(l.FirstAttemptAt)) {
		l.FirstAttemptAt = b.first
	}
	if b.attempts > l.Attempts {
		l.Attempts = b.attempts
	}
	if !l.FirstAttemptAt.IsZero() && l.Attempts == 0 {
		l.Attempts = 1
	}
	if crm && !l.HandedOffAt.IsZero() && !l.FirstAttemptAt.IsZero() && l.FirstAttemptAt.Before(l.HandedOffAt) {
		l.FirstAttemptAt = l.HandedOffAt // worked before the hand-off: followed up at once
	}
	if !b.contacted.IsZero() {
		l.ContactedAt = b.contacted
	}
	if !b.won.IsZero() {
		l.WonAt, l.LostAt, l.LostReason = b.won, time.Time{}, ""
	}
	if !b.lost.IsZero() {
		l.LostAt, l.WonAt, l.Revenue = b.lost, time.Time{}, 0
	}
	if !l.LostAt.IsZero() && b.lostReason != "" {
		l.LostReason = b.lostReason
	}
	r.applyStatus(&l, b)
	if !l.WonAt.IsZero() {
		// A customer whose revenue the file does not give is kept with the
		// revenue unknown (0): it counts in the close rate, not the deal size.
		if b.revenue > 0 {
			l.Revenue = b.revenue
		}
		if l.ContactedAt.IsZero() {
			l.ContactedAt = l.WonAt // as sla.MarkWon: a won lead was contacted
		}
	}
	if crm {
		for _, t := range []*time.Time{&l.ContactedAt, &l.WonAt, &l.LostAt} {
			if !t.IsZero() && t.Before(l.CreatedAt) {
				*t = l.CreatedAt
			}
		}
	}

	before := func(f1 string, t1 time.Time, f2 string, t2 time.Time) string {
		return fmt.Sprintf("%s %s is before %s %s", lay.label(f1, -1), r.stamp(t1), lay.label(f2, -1), r.stamp(t2))
	}
	created := FieldCreatedAt
	switch {
	case !l.HandedOffAt.IsZero() && l.HandedOffAt.Before(l.CreatedAt):
		return l, before(FieldHandedOffAt, l.HandedOffAt, created, l.CreatedAt), nil
	case l.Attempts > 0 && l.HandedOffAt.IsZero() && !crm:
		return l, fmt.Sprintf("attempts are recorded but the lead was never handed off; give %s or %s", lay.label(FieldHandedOffAt, -1), lay.label(FieldOwnerEmail, -1)), nil
	case !l.FirstAttemptAt.IsZero() && !l.HandedOffAt.IsZero() && l.FirstAttemptAt.Before(l.HandedOffAt):
		return l, before(FieldFirstAttempt, l.FirstAttemptAt, FieldHandedOffAt, l.HandedOffAt), nil
	case !l.ContactedAt.IsZero() && l.ContactedAt.Before(l.CreatedAt):
		return l, before(FieldContactedAt, l.ContactedAt, created, l.CreatedAt), nil
	case !l.WonAt.IsZero() && l.WonAt.Before(l.CreatedAt):
		return l, before(FieldWonAt, l.WonAt, created, l.CreatedAt), nil
	case !l.LostAt.IsZero() && l.LostAt.Before(l.CreatedAt):
		return l, before(FieldLostAt, l.LostAt, created, l.CreatedAt), nil
	}

	// Speed is fixed when the first attempt is known; a value measured in
	// Slack on the calendar of that day is kept while its inputs stand.
	switch {
	case l.HandedOffAt.IsZero() || l.FirstAttemptAt.IsZero():
		l.SpeedSecs = -1
	case cur != nil && cur.SpeedSecs >= 0 && prevHandoff.Equal(l.HandedOffAt) && prevFirst.Equal(l.FirstAttemptAt):
	default:
		l.SpeedSecs = int64(r.cal.Elapsed(l.HandedOffAt, l.FirstAttemptAt) / time.Second)
	}
	var t sla.Targets
	cal := r.cal
	if !l.HandedOffAt.IsZero() {
		var err error
		if t, err = tx.TargetsFor(r.a.ID, sla.TargetMonth(l, r.now, r.a)); err != nil {
			return l, "", err
		}
		// The clocks run on the owner's calendar, less their away time, as
		// the scan decides (docs/design.md, Routing); the speed figure above
		// stays on the agreement's.
		rt, err := r.routing(tx)
		if err != nil {
			return l, "", err
		}
		cal = rt.calendar(r.cal, l.Owner)
	}
	sla.SetClocks(&l, t, cal)
	return l, "", nil
}

// routing loads the agreement's routing state once per import.
func (r *run) routing(tx Tx) (*routing, error) {
	if r.rt == nil {
		rt, err := loadRouting(tx, r.a, r.now)
		if err != nil {
			return nil, err
		}
		r.rt = rt
	}
	return r.rt, nil
}

// stamp renders an instant for a message, in the agreement's zone.
func (r *run) stamp(t time.Time) string { return t.In(r.loc).Format("2006-01-02 15:04 MST") }

// applyStatus applies what a CRM's lead status says: contacted at the last
// contact (else the last activity, the first attempt, the hand-off), lost
// or won. An earlier contact, a close already recorded, stays.
func (r *run) applyStatus(l *sla.Lead, b row) {
	when := func(more ...time.Time) time.Time {
		for _, t := range append([]time.Time{b.lastContact, b.lastActivity}, more...) {
			if !t.IsZero() {
				return t
			}
		}
		return time.Time{}
	}
	switch b.status {
	case statusContacted:
		if l.ContactedAt.IsZero() {
			l.ContactedAt = when(l.FirstAttemptAt, l.HandedOffAt, l.QualifiedAt, l.CreatedAt)
		}
	case statusLost:
		if l.WonAt.IsZero() && l.LostAt.IsZero() {
			l.LostAt = when(l.QualifiedAt, l.CreatedAt)
			if l.LostReason == "" {
				l.LostReason = "lead status: unqualified"
			}
		}
	case statusWon:
		if l.WonAt.IsZero() && l.LostAt.IsZero() {
			l.WonAt = when(l.QualifiedAt, l.CreatedAt)
		}
	}
}
