package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// BreachStore is what the breach scan and the nudge buttons need.
type BreachStore interface {
	DueLeads(ctx context.Context, now time.Time, limit int) ([]sla.Lead, error)
	// ApplyScan records, in one transaction with the leads and their
	// owners locked, what decide decided and what compose makes of it (the
	// owners' nudge messages and their outbox parts), so nothing decided is
	// lost or sent twice whatever happens next.
	ApplyScan(ctx context.Context, ids []int64, now time.Time,
		decide func(l sla.Lead, sent map[sla.BreachKind]sla.NudgeState, remindedAt time.Time) (sla.NudgeDecision, sla.Month, bool),
		compose func([]sla.ScanResult, map[sla.OwnerKey]*sla.OwnerNudges) ([]sla.OwnerMessage, []sla.Part)) ([]sla.ScanResult, []sla.Part, error)
	// NudgeMessage is a nudge DM with the leads it lists now.
	NudgeMessage(ctx context.Context, team, key string) (sla.NudgeMessage, error)
	// PartState is a part's status (pending, sent, dropped; "" when none)
	// and the ts its send noted.
	PartState(ctx context.Context, k sla.PartKey) (status, ref string, err error)
	StrikeCount(ctx context.Context, team string, agreementID int64, month sla.Month, user string) (int, error)
	StrikeLeads(ctx context.Context, team string, agreementID int64, month sla.Month, user string) ([]string, error)
	LeadByID(ctx context.Context, team string, id int64) (sla.Lead, error)
	LeadsByID(ctx context.Context, team string, ids []int64) (map[int64]sla.Lead, error)
}

// ScanBatch is how many due leads one round of the scan takes.
const ScanBatch = 500

// ScanStats summarizes one breach scan.
type ScanStats struct {
	Leads   int // due leads looked at
	Nudges  int // breaches nudged
	Notices int // hand-off notices (a new lead for its owner)
	DMs     int // direct messages sent
	Strikes int
	Failed  int // DMs that could not be sent (retried later)
	Route   RouteStats
}

type agreementCache struct {
	st      Store
	ags     map[int64]sla.Agreement
	targets map[string]sla.Targets
	aways   map[int64][]sla.Away // docs/design.md, Routing: away time pauses a rep's clocks
}

func (c *agreementCache) agreement(ctx context.Context, team string, id int64) (sla.Agreement, error) {
	if a, ok := c.ags[id]; ok {
		return a, nil
	}
	a, err := c.st.AgreementByID(ctx, team, id)
	if err == nil {
		c.ags[id] = a
	}
	return a, err
}

func (c *agreementCache) load(ctx context.Context, l sla.Lead) error {
	a, ok := c.ags[l.AgreementID]
	if !ok {
		var err error
		a, err = c.st.AgreementByID(ctx, l.TeamID, l.AgreementID)
		if err != nil {
			return err
		}
		c.ags[l.AgreementID] = a
	}
	if _, ok := c.aways[a.ID]; !ok {
		if err := c.loadAways(ctx, a); err != nil {
			return err
		}
	}
	m := sla.TargetMonth(l, l.HandedOffAt, a)
	k := fmt.Sprint(a.ID, m)
	if _, ok := c.targets[k]; !ok {
		t, _, err := c.st.TargetsFor(ctx, a.TeamID, a.ID, m)
		if err != nil {
			return err
		}
		c.targets[k] = t
	}
	return nil
}

func (c *agreementCache) targetsFor(a sla.Agreement, l sla.Lead) (sla.Targets, bool) {
	t, ok := c.targets[fmt.Sprint(a.ID, sla.TargetMonth(l, l.HandedOffAt, a))]
	return t, ok
}

// BreachScan finds the leads whose clocks are due, records the nudges and
// their DMs (one per owner, as outbox parts) before sending anything, sends
// the DMs, and escalates owners who reach the strike limit. DMs an earlier
// scan could not send go first. A DM Slack keeps refusing stays in the
// outbox and is named in the *Missing error; the next scan sends it.
func (j *Jobs) BreachScan(ctx context.Context, now time.Time) (ScanStats, error) {
	defer j.keepAlive(ctx)()
	var stats ScanStats
	missing := &Missing{}
	cache := &agreementCache{st: j.Store, ags: map[int64]sla.Agreement{}, targets: map[string]sla.Targets{}, aways: map[int64][]sla.Away{}}
	if err := j.drain(ctx, cache, now, &stats, missing); err != nil {
		return stats, err
	}
	// Moves first (covers, reassignment on breach), so a moved lead's
	// nudges go to its new rep (docs/design.md, Routing).
	if err := j.route(ctx, now, &stats.Route, missing); err != nil {
		return stats, err
	}
	scan := fmt.Sprintf("%s/%s", now.UTC().Format(time.RFC3339), randomID())
	for round := 0; round < 100; round++ {
		due, err := j.Store.DueLeads(ctx, now, ScanBatch)
		if err != nil {
			return stats, err
		}
		if len(due) == 0 {
			break
		}
		ids := make([]int64, 0, len(due))
		for _, l := range due {
			if err := cache.load(ctx, l); err != nil {
				j.Log.Error("breach scan: load agreement", "lead", l.ID, "err", err)
				continue
			}
			ids = append(ids, l.ID)
		}
		results, parts, err := j.Store.ApplyScan(ctx, ids, now, func(l sla.Lead, sent map[sla.BreachKind]sla.NudgeState, remindedAt time.Time) (sla.NudgeDecision, sla.Month, bool) {
			a, ok := cache.ags[l.AgreementID]
			if !ok {
				return sla.NudgeDecision{}, sla.Month{}, false
			}
			if a.Status != sla.StatusActive {
				return sla.NudgeDecision{}, sla.Month{}, true // a cancelled agreement nudges nobody
			}
			t, ok := cache.targetsFor(a, l)
			if !ok {
				return sla.NudgeDecision{}, sla.Month{}, false
			}
			return sla.DecideNudges(l, t, cache.calendar(a, l.Owner), a.Repeat, sent, remindedAt, now), sla.MonthOf(now, a.Location()), true
		}, func(rs []sla.ScanResult, owners map[sla.OwnerKey]*sla.OwnerNudges) ([]sla.OwnerMessage, []sla.Part) {
			return placeNudges(cache, rs, owners, fmt.Sprintf("%s/%d", scan, round), now)
		})
		if err != nil {
			return stats, err
		}
		stats.Leads += len(results)
		for _, r := range results {
			if r.Lead.Owner == "" {
				continue
			}
			for _, b := range r.Decision.Send {
				if b.Kind == sla.HandoffNotice {
					stats.Notices++
				} else {
					stats.Nudges++
				}
			}
		}
		for _, p := range parts {
			j.sendNudge(ctx, cache, p, &stats, missing)
		}
		j.escalations(ctx, cache, results, now, &stats, missing)
		if len(due) < ScanBatch {
			break
		}
	}
	if stats.Nudges > 0 || stats.Notices > 0 || stats.Failed > 0 {
		j.Log.Info("breach scan", "leads", stats.Leads, "nudges", stats.Nudges, "notices", stats.Notices, "dms", stats.DMs, "strikes", stats.Strikes, "failed", stats.Failed)
	}
	if len(missing.Parts) > 0 {
		return stats, missing
	}
	return stats, nil
}

type ownerKey struct {
	team, owner string
}

// nudgePayload is what a nudge part keeps in the outbox: the message it
// sends or redraws (its refs are read when it goes out, so a message that
// others joined meanwhile goes out whole).
type nudgePayload struct {
	Message string `json:"message"`
}

// placeNudges puts each owner's nudges of a scan into the owner's messages
// (sla.PlaceNudges): a new message is a nudge part, an addition to one
// already made is a nudge-update part that redraws it.
func placeNudges(cache *agreementCache, results []sla.ScanResult, owners map[sla.OwnerKey]*sla.OwnerNudges, scan string, now time.Time) ([]sla.OwnerMessage, []sla.Part) {
	refs := map[sla.OwnerKey][]sla.NudgeRef{}
	repeated, breached := map[sla.OwnerKey]bool{}, map[sla.OwnerKey]bool{}
	first := map[sla.OwnerKey]sla.Agreement{}
	var order []sla.OwnerKey
	for _, r := range results {
		if len(r.Decision.Send) == 0 || r.Lead.Owner == "" {
			continue
		}
		k := sla.OwnerKey{TeamID: r.Lead.TeamID, Owner: r.Lead.Owner}
		if _, ok := refs[k]; !ok {
			order = append(order, k)
			first[k] = cache.ags[r.Lead.AgreementID]
		}
		refs[k] = append(refs[k], sla.NudgeRef{Lead: r.Lead.ID, Agreement: r.Lead.AgreementID, Breaches: r.Decision.Send})
		repeated[k] = repeated[k] || r.Decision.Repeats(r.Prev)
		for _, b := range r.Decision.Send {
			breached[k] = breached[k] || b.Kind == sla.SpeedBreach || b.Kind == sla.DepthBreach
		}
	}
	var msgs []sla.OwnerMessage
	var parts []sla.Part
	for _, k := range order {
		o, a := owners[k], first[k]
		if o == nil { // the store locks every owner of the leads it passes
			continue
		}
		// The owner's day and reminder cycle follow the calendar of the
		// agreement their first lead in this scan belongs to.
		cal := a.Calendar()
		if breached[k] { // warnings and notices are not repeated: they start no cycle
			o.RemindedAt = sla.NextReminder(cal, o.RemindedAt, repeated[k], a.Repeat, now)
		}
		m, fresh := sla.PlaceNudges(o, refs[k], sla.DateOf(now, cal.Loc), scan+"|"+k.Owner, now, a.Group, a.Cap)
		msgs = append(msgs, sla.OwnerMessage{OwnerKey: k, Message: m})
		payload, _ := json.Marshal(nudgePayload{Message: m.Key})
		kind := KindNudge
		if !fresh {
			kind = KindNudgeUpdate
		}
		parts = append(parts, sla.Part{
			Key:     sla.PartKey{PostKey: sla.PostKey{TeamID: k.TeamID, Kind: kind, Period: scan}, Part: k.Owner},
			Channel: k.Owner, Payload: string(payload),
		})
	}
	return msgs, parts
}

// messagePart is the outbox part that sends the nudge message key.
func messagePart(team, key string) (sla.PartKey, bool) {
	period, owner, ok := strings.Cut(key, "|")
	return sla.PartKey{PostKey: sla.PostKey{TeamID: team, Kind: KindNudge, Period: period}, Part: owner}, ok
}

// drain sends the DMs earlier scans left in the outbox: refused by Slack,
// or decided by a run that died before sending them.
func (j *Jobs) drain(ctx context.Context, cache *agreementCache, now time.Time, stats *ScanStats, missing *Missing) error {
	parts, err := j.Store.PendingParts(ctx, []string{KindNudge, KindNudgeUpdate, KindEscalation}, j.clock(), 200)
	if err != nil {
		return err
	}
	for _, p := range parts {
		switch p.Key.Kind {
		case KindNudge, KindNudgeUpdate:
			j.sendNudge(ctx, cache, p, stats, missing)
		case KindEscalation:
			month, owner, ok := strings.Cut(p.Key.Period, "/")
			m, err := sla.ParseMonth(month)
			if !ok || err != nil {
				j.Log.Error("outbox: bad escalation period", "period", p.Key.Period)
				continue
			}
			a, err := cache.agreement(ctx, p.Key.TeamID, p.Key.AgreementID)
			if err == nil {
				err = j.escalate(ctx, a, m, owner, now)
			}
			if err != nil {
				stats.Failed++
				j.Log.Error("escalation failed", "agreement", p.Key.AgreementID, "owner", owner, "err", err)
				missing.merge(p.Key.String(), err)
			}
		}
	}
	return nil
}

// errNothingLeft drops a DM whose leads were all worked before it could go.
var errNothingLeft = errors.New("every lead in it was worked meanwhile")

// sendNudge sends one nudge part of the outbox: a new message, or the
// redraw of one that later nudges joined. Either is built from the leads as
// they are now: a lead contacted, won or lost since is left out.
func (j *Jobs) sendNudge(ctx context.Context, cache *agreementCache, p sla.Part, stats *ScanStats, missing *Missing) {
	c, err := j.claim(ctx, p)
	if err == nil && c.State != sla.Claimed {
		return // sent, or another run is sending it
	}
	if err == nil {
		if p.Key.Kind == KindNudgeUpdate {
			err = j.updateNudge(ctx, cache, c)
		} else {
			err = j.send(ctx, c, true, piece{name: p.Key.Part, message: func() (render.Message, error) {
				return j.nudgeMessage(ctx, cache, c.Part)
			}})
		}
	}
	switch {
	case err == nil:
		stats.DMs++
	case errors.Is(err, errLost) || errors.Is(err, errHeld) || errors.Is(err, errWaits):
	default:
		stats.Failed++
		j.Log.Error("nudge DM not sent, left for the next scan", "team", p.Key.TeamID, "owner", p.Channel, "err", err)
		missing.add(fmt.Sprintf("%s (DM to %s)", p.Key, p.Channel), err)
	}
}

// errWaits leaves a redraw for the next scan: its message is still on its
// way, and may have been drawn before the redraw's leads joined it.
var errWaits = errors.New("its message is not sent yet")

// updateNudge redraws a nudge message in place (chat.update, which Slack
// applies as often as asked, so a repeat is harmless). A message that was
// dropped, all its leads worked before it went, is posted new instead.
func (j *Jobs) updateNudge(ctx context.Context, cache *agreementCache, c sla.PartClaim) (err error) {
	k := c.Part.Key
	var pl nudgePayload
	if err := json.Unmarshal([]byte(c.Part.Payload), &pl); err != nil {
		return j.Store.DropPart(ctx, k, "bad payload: "+err.Error(), j.clock())
	}
	mk, ok := messagePart(k.TeamID, pl.Message)
	if !ok {
		return j.Store.DropPart(ctx, k, "bad message key "+pl.Message, j.clock())
	}
	status, ts, err := j.Store.PartState(ctx, mk)
	if err != nil {
		return err
	}
	build := func() (render.Message, error) { return j.nudgeMessage(ctx, cache, c.Part) }
	switch {
	case status == "pending":
		if rerr := j.Store.ReleasePart(ctx, k, j.Owner, errWaits.Error()); rerr != nil {
			return rerr
		}
		return errWaits
	case status != "sent" || ts == "":
		return j.send(ctx, c, true, piece{name: k.Part, message: build})
	}
	defer func() {
		if err != nil {
			if rerr := j.Store.ReleasePart(context.WithoutCancel(ctx), k, j.Owner, err.Error()); rerr != nil {
				j.Log.Error("release part", "part", k.String(), "err", rerr)
			}
		}
	}()
	m, err := build()
	if errors.Is(err, errNothingLeft) {
		return j.Store.DropPart(ctx, k, err.Error(), j.clock())
	}
	if err != nil {
		return err
	}
	channel, err := j.openDM(ctx, c.Part.Channel)
	if err != nil {
		return fmt.Errorf("open DM: %w", err)
	}
	md := PartMetadata(mk)
	m.Metadata = &md                          // the message keeps its own marker
	err = j.Slack.Update(ctx, channel, ts, m) // the sender retries what Slack asks to retry
	if errors.Is(err, ErrMessageGone) {
		// Post it again, and later redraws go to the new one.
		if err := j.send(ctx, c, true, piece{name: k.Part, message: build}); err != nil {
			return err
		}
		if _, ts, err = j.Store.PartState(ctx, k); err != nil {
			return err
		}
		return j.Store.MarkPartSent(ctx, mk, ts, j.clock())
	}
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return j.Store.MarkPartSent(ctx, k, ts, j.clock())
}

// nudgeMessage draws the nudge message a part sends or redraws.
func (j *Jobs) nudgeMessage(ctx context.Context, cache *agreementCache, p sla.Part) (render.Message, error) {
	var refs []sla.NudgeRef
	var pl nudgePayload
	if err := json.Unmarshal([]byte(p.Payload), &pl); err == nil && pl.Message != "" {
		m, err := j.Store.NudgeMessage(ctx, p.Key.TeamID, pl.Message)
		if err != nil {
			return render.Message{}, err
		}
		refs = m.Refs
	} else if err := json.Unmarshal([]byte(p.Payload), &refs); err != nil {
		// Parts written before nudge messages carried their leads inline.
		return render.Message{}, fmt.Errorf("nudge payload: %w", err)
	}
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.Lead
	}
	leads, err := j.Store.LeadsByID(ctx, p.Key.TeamID, ids)
	if err != nil {
		return render.Message{}, err
	}
	var items []render.NudgeItem
	var loc *time.Location
	for _, r := range refs {
		l, ok := leads[r.Lead]
		if !ok || l.Stopped() || l.Owner != p.Channel {
			continue // deleted, worked, or handed to someone else, since
		}
		a, err := cache.agreement(ctx, p.Key.TeamID, r.Agreement)
		if err != nil {
			return render.Message{}, err
		}
		if loc == nil {
			loc = a.Location()
		}
		items = append(items, render.NudgeItem{Lead: l, Agreement: a.Name, Cal: a.Calendar(), Breaches: r.Breaches})
	}
	if len(items) == 0 {
		return render.Message{}, errNothingLeft
	}
	return render.Nudge(items, loc), nil
}

// escalations tells the sales owners about reps who reached the strike
// limit with this scan's new strikes, in a stable order.
func (j *Jobs) escalations(ctx context.Context, cache *agreementCache, results []sla.ScanResult, now time.Time, stats *ScanStats, missing *Missing) {
	struck := map[ownerKey]map[int64]sla.Month{} // owner → agreements with new strikes
	for _, r := range results {
		if len(r.NewStrike) == 0 {
			continue
		}
		k := ownerKey{r.Lead.TeamID, r.Lead.Owner}
		if struck[k] == nil {
			struck[k] = map[int64]sla.Month{}
		}
		struck[k][r.Lead.AgreementID] = r.Month
		stats.Strikes += len(r.NewStrike)
	}
	keys := make([]ownerKey, 0, len(struck))
	for k := range struck {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].team < keys[j].team || (keys[i].team == keys[j].team && keys[i].owner < keys[j].owner)
	})
	for _, k := range keys {
		ids := make([]int64, 0, len(struck[k]))
		for id := range struck[k] {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			if err := j.escalate(ctx, cache.ags[id], struck[k][id], k.owner, now); err != nil {
				stats.Failed++
				j.Log.Error("escalation failed", "agreement", id, "owner", k.owner, "err", err)
				missing.merge(fmt.Sprintf("escalation %s/%s", struck[k][id], k.owner), err)
			}
		}
	}
}

// escalate tells the sales owner, once a month per rep, when the rep reaches
// the agreement's strike limit.
func (j *Jobs) escalate(ctx context.Context, a sla.Agreement, month sla.Month, owner string, now time.Time) error {
	if a.StrikeLimit <= 0 || a.Sales == "" {
		return nil
	}
	n, err := j.Store.StrikeCount(ctx, a.TeamID, a.ID, month, owner)
	if err != nil || n < a.StrikeLimit {
		return err
	}
	_, err = j.post(ctx, j.key(a, KindEscalation, month.String()+"/"+owner), a.Sales, true, message(func() (render.Message, error) {
		leads, err := j.Store.StrikeLeads(ctx, a.TeamID, a.ID, month, owner)
		return render.Escalation(a, month, owner, leads), err
	}))
	return err
}

func randomID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Click is one press of a nudge's button, as the transport received it.
type Click struct {
	TeamID    string
	UserID    string
	ChannelID string
	MessageTS string
	ActionID  string
	Value     string
	LeadIDs   []int64 // every lead listed in the message, in order
	FromHome  bool    // pressed on the App Home tab, not in a DM
}

// Press applies a nudge button exactly as the slash command would, once per
// button (a second click changes nothing), and redraws the DM. It returns a
// message for the clicker alone when the click was refused or repeated.
func (j *Jobs) Press(ctx context.Context, c Click, now time.Time) (*render.Message, error) {
	if c.ActionID == render.ActionApproveChange || c.ActionID == render.ActionDiscussChange {
		return j.pressChange(ctx, c, now)
	}
	// A value is the lead's id; a confirm button adds the revenue and when.
	parts := strings.Split(c.Value, ":")
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("button value %q: %w", c.Value, err)
	}
	l, err := j.Store.LeadByID(ctx, c.TeamID, id)
	if err != nil {
		return nil, err
	}
	a, err := j.Store.AgreementByID(ctx, c.TeamID, l.AgreementID)
	if err != nil {
		return nil, err
	}
	svc := j.service()
	if err := svc.MayWorkLead(ctx, a, l, Actor{User: c.UserID}); err != nil {
		if sla.ErrorCode(err) == sla.Forbidden {
			m := render.Text("%s", sla.ErrorMessage(err))
			return &m, nil
		}
		return nil, err
	}
	loc := a.Location()
	key := fmt.Sprintf("button:%s:%s:%s:%d", c.ChannelID, c.MessageTS, c.ActionID, id)
	var done string
	switch c.ActionID {
	case render.ActionAttempt:
		l, err = svc.Attempt(ctx, a, l, sla.ViaCall, Actor{User: c.UserID}, now, now, key)
		done = fmt.Sprintf(":white_check_mark: Attempt %d logged by %s at %s.", l.Attempts, render.User(c.UserID), render.When(now, loc))
	case render.ActionContacted:
		l, err = svc.Contacted(ctx, a, l, Actor{User: c.UserID}, now, now, key)
		done = fmt.Sprintf(":white_check_mark: Marked contacted by %s at %s — the clocks stopped.", render.User(c.UserID), render.When(now, loc))
	case render.ActionSnooze:
		l, err = svc.Snooze(ctx, a, l, time.Hour, c.UserID, now, key)
		done = fmt.Sprintf(":zzz: Snoozed by %s until %s.", render.User(c.UserID), render.When(l.SnoozedUntil, loc))
	case render.ActionConfirmWon:
		revenue, at, perr := confirmValue(parts)
		if perr != nil {
			return nil, fmt.Errorf("button value %q: %w", c.Value, perr)
		}
		l, err = svc.Won(ctx, a, l, revenue, Actor{User: c.UserID}, true, at, now, key)
		if err == nil {
			m := render.Text(":trophy: %s won by %s — %s, as confirmed by %s.", l.ShortID(), render.User(cmp.Or(l.Owner, c.UserID)), l.Revenue, render.User(c.UserID))
			return &m, nil
		}
	default:
		return nil, fmt.Errorf("unknown action %q", c.ActionID)
	}
	if errors.Is(err, sla.ErrDuplicate) {
		m := render.Text("Already done: that button was pressed before, so nothing was recorded twice.")
		return &m, nil
	}
	if err != nil {
		if code := sla.ErrorCode(err); code == sla.Conflict || code == sla.Invalid {
			m := render.Text("%s", sla.ErrorMessage(err))
			return &m, nil
		}
		return nil, err
	}
	if c.FromHome {
		return nil, j.Home(ctx, c.TeamID, c.UserID, now)
	}
	return nil, j.redraw(ctx, c, a, id, done, now)
}

// ConfirmWonValue is the value of the button that confirms a large revenue:
// the lead, the revenue in cents and the won instant.
func ConfirmWonValue(leadID int64, revenue sla.Money, at time.Time) string {
	return fmt.Sprintf("%d:%d:%d", leadID, int64(revenue), at.Unix())
}

func confirmValue(parts []string) (sla.Money, time.Time, error) {
	if len(parts) != 3 {
		return 0, time.Time{}, errors.New("not lead:revenue:at")
	}
	cents, err1 := strconv.ParseInt(parts[1], 10, 64)
	unix, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err := errors.Join(err1, err2); err != nil || cents <= 0 {
		return 0, time.Time{}, errors.Join(err, errors.New("bad revenue or time"))
	}
	return sla.Money(cents), time.Unix(unix, 0), nil
}

// redraw updates the nudge DM from the leads' current state.
func (j *Jobs) redraw(ctx context.Context, c Click, a sla.Agreement, acted int64, done string, now time.Time) error {
	ids := c.LeadIDs
	if len(ids) == 0 {
		ids = []int64{acted}
	}
	var items []render.NudgeItem
	for _, id := range ids {
		l, err := j.Store.LeadByID(ctx, c.TeamID, id)
		if err != nil {
			continue // a lead that vanished is simply left out
		}
		la := a
		if l.AgreementID != a.ID {
			if la, err = j.Store.AgreementByID(ctx, c.TeamID, l.AgreementID); err != nil {
				continue
			}
		}
		t, err := j.service().LeadTargets(ctx, la, l, now)
		if err != nil {
			return err
		}
		it := render.NudgeItem{Lead: l, Agreement: la.Name, Cal: la.Calendar(), Breaches: sla.Evaluate(l, t, la.Calendar(), now)}
		if len(it.Breaches) == 0 && sla.AwaitsFirstFollowUp(l) {
			// A lead the DM announced, not yet late: still new, still workable.
			it.Breaches = []sla.Breach{{Kind: sla.HandoffNotice, Since: l.SpeedDueAt}}
		}
		switch {
		case id != acted:
		case c.ActionID == render.ActionSnooze:
			it.Note = done
		default:
			it.Done = done
		}
		items = append(items, it)
	}
	return j.Slack.Update(ctx, c.ChannelID, c.MessageTS, render.Nudge(items, a.Location()))
}
