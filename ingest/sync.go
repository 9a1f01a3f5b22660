package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slabot/slabot/sla"
)

// JobHubSpotSync is the sync job's name, for the cron loop and `slabot job run`.
const JobHubSpotSync = "hubspot-sync"

// HubSpotSync reads the contacts of connected HubSpot portals into their
// agreements by the CSV import's field rules (docs/design.md, CRM
// ingestion): the pull path, which works behind a firewall, and the
// contacts named by stored webhook events, the push path.
type HubSpotSync struct {
	Store Store
	API   *HubSpot // nil when HUBSPOT_TOKEN is not set
	Users Users    // matches owners' emails to Slack users; nil: owners unmatched
	Log   *slog.Logger
	// PageSize is the contacts a search page asks for; default SearchPageSize.
	PageSize int

	mu       sync.Mutex // one run at a time in a process
	kickOnce sync.Once  // not mu: a webhook's kick never waits for a run
	kick     chan struct{}
}

func (s *HubSpotSync) kicks() chan struct{} {
	s.kickOnce.Do(func() { s.kick = make(chan struct{}, 1) })
	return s.kick
}

// errNoToken is a connection with no token to read it with.
var errNoToken = errors.New("HUBSPOT_TOKEN is not set: set it to the HubSpot private app's access token")

func (s *HubSpotSync) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Connect binds an agreement to the portal of the token: HubSpot's account
// details name the portal, and a refused token fails here, not later.
func (s *HubSpotSync) Connect(ctx context.Context, team, agreement string, now time.Time) (sla.CRMConnection, sla.Agreement, error) {
	if s.API == nil || s.API.Token == "" {
		return sla.CRMConnection{}, sla.Agreement{}, errNoToken
	}
	a, err := s.Store.AgreementByRef(ctx, team, agreement)
	if sla.ErrorCode(err) == sla.NotFound {
		return sla.CRMConnection{}, a, fmt.Errorf("no agreement %q in workspace %s (use its home channel id or its name)", agreement, team)
	}
	if err != nil {
		return sla.CRMConnection{}, a, err
	}
	acct, err := s.API.Account(ctx)
	if err != nil {
		return sla.CRMConnection{}, a, err
	}
	c, err := s.Store.ConnectHubSpot(ctx, sla.CRMConnection{TeamID: a.TeamID, AgreementID: a.ID, Portal: acct.PortalID, ConnectedAt: now})
	return c, a, err
}

// SyncStats is what one agreement's sync did.
type SyncStats struct {
	Pages, Contacts, Restarts int
	Result                    Result
	Took                      time.Duration
}

// Run is the hubspot-sync job: every connected agreement's changed
// contacts, then the webhook events still waiting. A failure of one
// agreement is recorded on it (/sla crm) and does not stop the others.
func (s *HubSpotSync) Run(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns, err := s.Store.HubSpotConnections(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range conns {
		if _, err := s.sync(ctx, &c, now); err != nil {
			errs = append(errs, fmt.Errorf("agreement %d of %s: %w", c.AgreementID, c.TeamID, err))
			continue
		}
		if err := s.events(ctx, c, now); err != nil {
			errs = append(errs, fmt.Errorf("agreement %d of %s, webhook events: %w", c.AgreementID, c.TeamID, err))
		}
	}
	return errors.Join(errs...)
}

// SyncOne syncs one agreement's contacts (tests and the benchmark).
func (s *HubSpotSync) SyncOne(ctx context.Context, c sla.CRMConnection, now time.Time) (SyncStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sync(ctx, &c, now)
}

// agreement loads a connection's agreement.
func (s *HubSpotSync) agreement(ctx context.Context, c sla.CRMConnection) (sla.Agreement, error) {
	var a sla.Agreement
	err := s.Store.InTx(ctx, c.TeamID, func(tx Tx) error {
		var err error
		a, err = tx.AgreementByID(c.AgreementID)
		return err
	})
	return a, err
}

// syncRun is the state of one agreement's run: the import's rules, the
// owners, and the contact each row came from.
type syncRun struct {
	*run
	hubOwners map[string]string // HubSpot owner id → email
	unknown   map[string]bool   // owner ids not among the owners
	rejected  []string          // "contact 123: reason"
	ids       []string          // the current page's contact ids, by row
}

func (s *HubSpotSync) newRun(ctx context.Context, c sla.CRMConnection, now time.Time) (*syncRun, error) {
	a, err := s.agreement(ctx, c)
	if err != nil {
		return nil, err
	}
	owners, err := s.API.Owners(ctx)
	if err != nil {
		return nil, err
	}
	sr := &syncRun{hubOwners: owners, unknown: map[string]bool{}}
	im := &Importer{Store: s.Store, Users: s.Users, Now: func() time.Time { return now },
		Reject: func(line int, reason string) {
			id := "?"
			if line-1 < len(sr.ids) {
				id = sr.ids[line-1]
			}
			sr.rejected = append(sr.rejected, fmt.Sprintf("contact %s: %s", id, reason))
		},
		Warn: func(msg string) {
			s.log().Warn("hubspot sync", "team", c.TeamID, "agreement", c.AgreementID, "warning", msg)
		},
	}
	lay := apiLayout()
	sr.run = &run{im: im, ctx: ctx, lay: lay, a: a, cal: a.Calendar(), loc: a.Location(), now: now,
		owners: newOwnerCache(s.Users), rereads: true}
	sr.res.Format = "hubspot-api"
	return sr, nil
}

// apiLayout is the layout of the records built from contact properties.
func apiLayout() layout {
	lay, err := newLayout(HubSpotProperties(), formatHubSpotAPI, nil)
	if err != nil {
		panic(err) // the property table is wrong
	}
	lay.format, lay.api = FormatHubSpot, true
	return lay
}

// rows turns a page of contacts into import rows.
func (sr *syncRun) rows(cs []hubspotContact) []row {
	props := HubSpotProperties()
	rows := make([]row, 0, len(cs))
	sr.ids = sr.ids[:0]
	for i, c := range cs {
		rec := make([]string, len(props))
		for j, p := range props {
			if v := c.Properties[p]; v != nil {
				rec[j] = *v
			}
		}
		if rec[0] == "" {
			rec[0] = c.ID // hs_object_id is the id
		}
		for j, p := range props {
			if p == "hubspot_owner_id" && rec[j] != "" {
				if email, ok := sr.hubOwners[rec[j]]; ok && email != "" {
					rec[j] = email
				} else {
					sr.unknown[rec[j]] = true
					rec[j] = "HubSpot owner " + rec[j]
				}
			}
		}
		sr.ids = append(sr.ids, rec[0])
		rows = append(rows, sr.parse(rec, i+1))
	}
	return rows
}

// latestModified is a page's latest lastmodifieddate in epoch ms (0 when
// none can be read).
func latestModified(cs []hubspotContact) int64 {
	var latest int64
	far := time.Now().Add(100 * 365 * 24 * time.Hour) // any date: this is a cursor, not a lead's date
	for _, c := range cs {
		if v := c.Properties["lastmodifieddate"]; v != nil {
			if t, err := parseHubSpotInstant(*v, time.UTC, far); err == nil && t.UnixMilli() > latest {
				latest = t.UnixMilli()
			}
		}
	}
	return latest
}

// maxGroup bounds the pages one transaction applies (5,000 contacts).
const maxGroup = 25

// fetched is one page the reader got, or why it stopped.
type fetched struct {
	page    searchPage
	latest  int64
	restart bool // this page starts a new query past the 10,000-result cap
	err     error
}

// fetch reads the pages of the contacts changed since the cursor into out,
// ahead of the writer, so the sync takes as long as HubSpot's rate limit
// allows and not that plus the database's time.
func (s *HubSpotSync) fetch(ctx context.Context, since int64, size int, out chan<- fetched) {
	defer close(out)
	send := func(f fetched) bool {
		select {
		case out <- f:
			return true
		case <-ctx.Done():
			return false
		}
	}
	after, restart := "", false
	for {
		page, err := s.API.SearchModified(ctx, since, after, size)
		if err != nil {
			send(fetched{err: err})
			return
		}
		latest := latestModified(page.Results)
		if !send(fetched{page: page, latest: latest, restart: restart}) {
			return
		}
		restart = false
		next := ""
		if page.Paging != nil {
			next = page.Paging.Next.After
		}
		if next == "" {
			return
		}
		if n, err := strconv.Atoi(next); err == nil && n >= SearchCap {
			if latest <= since {
				// More than 10,000 contacts changed within one millisecond:
				// page through them by id, then go on after that millisecond.
				if !s.fetchTies(ctx, since, size, send) {
					return
				}
				since, after, restart = since+1, "", true
				continue
			}
			since, after, restart = latest, "", true
			continue
		}
		after = next
	}
}

// fetchTies reads the contacts last modified at ms by id, restarting past
// the cap from the last id read; false when it stopped (an error sent, or
// the context done).
func (s *HubSpotSync) fetchTies(ctx context.Context, ms int64, size int, send func(fetched) bool) bool {
	var afterID int64
	after := ""
	for {
		page, err := s.API.SearchTies(ctx, ms, afterID, after, size)
		if err != nil {
			send(fetched{err: err})
			return false
		}
		if !send(fetched{page: page, latest: ms, restart: after == ""}) {
			return false
		}
		next := ""
		if page.Paging != nil {
			next = page.Paging.Next.After
		}
		if next == "" {
			return true
		}
		if n, err := strconv.Atoi(next); err == nil && n >= SearchCap {
			for _, c := range page.Results {
				if id, err := strconv.ParseInt(c.ID, 10, 64); err == nil && id > afterID {
					afterID = id
				}
			}
			after = ""
			continue
		}
		after = next
	}
}

// sync pages through the contacts changed since the cursor, oldest change
// first; each page's leads and the cursor past them commit together, so a
// crash re-reads a page and never skips one. Past HubSpot's 10,000 results
// a query, a new query starts from the last lastmodifieddate read.
// The run's outcome is recorded on c.
func (s *HubSpotSync) sync(ctx context.Context, c *sla.CRMConnection, now time.Time) (SyncStats, error) {
	start := time.Now()
	var st SyncStats
	var firstRejected string
	log := s.log().With("team", c.TeamID, "agreement", c.AgreementID, "portal", c.Portal)
	finish := func(err error) (SyncStats, error) {
		st.Took = time.Since(start)
		rec := c
		if err != nil {
			rec.LastError, rec.LastErrAt = err.Error(), now
			log.Error("hubspot sync failed", "pages", st.Pages, "contacts", st.Contacts, "err", err)
		} else {
			rec.LastSyncAt, rec.LastError, rec.LastErrAt = now, "", time.Time{}
			rec.LastRun = fmt.Sprintf("%d contacts read: %s", st.Contacts, st.Result.Summary())
			log.Info("hubspot sync", "pages", st.Pages, "contacts", st.Contacts, "inserted", st.Result.Inserted,
				"unqualified", st.Result.Unqualified, "updated", st.Result.Updated, "unchanged", st.Result.Unchanged,
				"rejected", st.Result.Rejected, "restarts", st.Restarts, "took", st.Took.Round(time.Millisecond))
		}
		if err == nil && st.Result.Rejected > 0 {
			rec.LastError, rec.LastErrAt = rejectedText(st.Result.Rejected, firstRejected), now
		}
		if rerr := s.Store.RecordHubSpotRun(context.WithoutCancel(ctx), *rec); rerr != nil {
			log.Error("hubspot sync: record the run", "err", rerr)
		}
		return st, err
	}
	if s.API == nil || s.API.Token == "" {
		return finish(errNoToken)
	}
	sr, err := s.newRun(ctx, *c, now)
	if err != nil {
		return finish(err)
	}
	size := s.PageSize
	if size <= 0 || size > SearchPageSize {
		size = SearchPageSize
	}
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	pages := make(chan fetched, maxGroup)
	go s.fetch(fctx, c.Cursor, size, pages)
	var failed error
	for failed == nil {
		f, ok := <-pages
		if !ok {
			break
		}
		// The pages fetched meanwhile go in the same transaction: a
		// transaction per page of 200 would cost the database more than
		// HubSpot's pacing leaves it.
		group := []fetched{f}
	drain:
		for len(group) < maxGroup {
			select {
			case g, ok := <-pages:
				if !ok {
					break drain
				}
				group = append(group, g)
			default:
				break drain
			}
		}
		var contacts []hubspotContact
		at := map[string]int{} // contact id → index: a contact read twice is applied as last read
		var cursor int64
		for _, g := range group {
			if g.err != nil {
				failed = g.err
				break
			}
			if g.restart {
				st.Restarts++
			}
			st.Pages++
			st.Contacts += len(g.page.Results)
			cursor = max(cursor, g.latest)
			for _, hc := range g.page.Results {
				if i, seen := at[hc.ID]; seen {
					contacts[i] = hc
					continue
				}
				at[hc.ID] = len(contacts)
				contacts = append(contacts, hc)
			}
		}
		if len(contacts) == 0 {
			continue
		}
		b := sr.prepare(sr.rows(contacts))
		if b.err != nil {
			return finish(b.err)
		}
		b.then = func(tx Tx, n sla.UpsertCounts) error {
			return tx.AdvanceHubSpot(c.AgreementID, cursor, n.Inserted+n.Updated)
		}
		before := len(sr.rejected)
		if err := sr.flush(txBatcher{s.Store, c.TeamID}, b); err != nil {
			return finish(err)
		}
		for _, r := range sr.rejected[before:] {
			log.Warn("hubspot contact refused", "reason", r)
		}
		if firstRejected == "" && len(sr.rejected) > 0 {
			firstRejected = sr.rejected[0]
		}
		st.Result = sr.res
		c.Cursor = max(c.Cursor, cursor)
	}
	if failed != nil {
		return finish(failed)
	}
	for id := range sr.unknown {
		log.Warn("hubspot owner not among the portal's owners", "owner", id)
	}
	sr.run.owners.report(sr.warn)
	return finish(nil)
}

// rejectedText is the /sla crm line for the contacts a run refused.
func rejectedText(n int, first string) string {
	return fmt.Sprintf("%d contact(s) refused in the last sync; first: %s", n, first)
}

// txBatcher runs a batch in one InTx (the sync and the events apply pages,
// not a file).
type txBatcher struct {
	st   Store
	team string
}

func (t txBatcher) Batch(ctx context.Context, fn func(tx Tx) error) error {
	return t.st.InTx(ctx, t.team, fn)
}

// Kick asks the event loop to apply the stored webhook events now.
func (s *HubSpotSync) Kick() {
	select {
	case s.kicks() <- struct{}{}:
	default:
	}
}

// Serve applies stored webhook events as they are kicked in, and every
// minute those a failure left, until ctx ends.
func (s *HubSpotSync) Serve(ctx context.Context, now func() time.Time) {
	k := s.kicks()
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-k:
		case <-t.C:
		}
		if err := s.Events(ctx, now()); err != nil {
			s.log().Error("hubspot webhook events", "err", err)
		}
	}
}

// Events applies the stored webhook events of every connection.
func (s *HubSpotSync) Events(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns, err := s.Store.HubSpotConnections(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range conns {
		if err := s.events(ctx, c, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// events fetches the contacts the connection's pending webhook events name
// and applies them as the sync does, marking the events applied with them.
// An event repeated or late changes nothing: the contact is read as it is
// now.
func (s *HubSpotSync) events(ctx context.Context, c sla.CRMConnection, now time.Time) error {
	log := s.log().With("team", c.TeamID, "agreement", c.AgreementID, "portal", c.Portal)
	var sr *syncRun
	for {
		evs, err := s.Store.PendingHubSpotEvents(ctx, c.Portal, 100)
		if err != nil || len(evs) == 0 {
			return err
		}
		if s.API == nil || s.API.Token == "" {
			return s.fail(ctx, c, now, errNoToken)
		}
		if sr == nil {
			if sr, err = s.newRun(ctx, c, now); err != nil {
				return s.fail(ctx, c, now, err)
			}
		}
		var ids []int64
		seen := map[int64]bool{}
		var contacts []hubspotContact
		for _, e := range evs {
			ids = append(ids, e.EventID)
			if !strings.HasPrefix(e.Type, "contact.") || e.Type == "contact.deletion" || seen[e.ObjectID] {
				continue
			}
			seen[e.ObjectID] = true
			hc, ok, err := s.API.Contact(ctx, e.ObjectID)
			if err != nil {
				return s.fail(ctx, c, now, err)
			}
			if ok {
				contacts = append(contacts, hc)
			}
		}
		b := sr.prepare(sr.rows(contacts))
		if b.err != nil {
			return s.fail(ctx, c, now, b.err)
		}
		b.then = func(tx Tx, n sla.UpsertCounts) error {
			if err := tx.AdvanceHubSpot(c.AgreementID, 0, n.Inserted+n.Updated); err != nil {
				return err
			}
			return tx.AppliedHubSpotEvents(c.Portal, ids, now)
		}
		before := len(sr.rejected)
		if err := sr.flush(txBatcher{s.Store, c.TeamID}, b); err != nil {
			return s.fail(ctx, c, now, err)
		}
		for _, r := range sr.rejected[before:] {
			log.Warn("hubspot contact refused", "reason", r)
		}
		log.Info("hubspot webhook events applied", "events", len(evs), "contacts", len(contacts))
	}
}

// fail records a failure of the event path on the connection.
func (s *HubSpotSync) fail(ctx context.Context, c sla.CRMConnection, now time.Time, err error) error {
	c.LastError, c.LastErrAt = "webhook events: "+err.Error(), now
	if rerr := s.Store.RecordHubSpotRun(context.WithoutCancel(ctx), c); rerr != nil {
		s.log().Error("hubspot: record the failure", "err", rerr)
	}
	return err
}
