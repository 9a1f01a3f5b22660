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
	// ApplyScan records, in one transaction with the leads locked, what
	// decide decided and the DMs compose makes of it (outbox parts), so
	// nothing decided is lost or sent twice whatever happens next.
	ApplyScan(ctx context.Context, ids []int64, now time.Time,
		decide func(l sla.Lead, sent map[sla.BreachKind]sla.NudgeState) (sla.NudgeDecision, sla.Month, bool),
		compose func([]sla.ScanResult) []sla.Part) ([]sla.ScanResult, []sla.Part, error)
	StrikeCount(ctx context.Context, team string, agreementID int64, month sla.Month, user string) (int, error)
	StrikeLeads(ctx context.Context, team string, agreementID int64, month sla.Month, user string) ([]string, error)
	LeadByID(ctx context.Context, team string, id int64) (sla.Lead, error)
}

// ScanBatch is how many due leads one round of the scan takes.
const ScanBatch = 500

// ScanStats summarizes one breach scan.
type ScanStats struct {
	Leads   int // due leads looked at
	Nudges  int // breaches nudged
	DMs     int // direct messages sent
	Strikes int
	Failed  int // DMs that could not be sent (retried later)
}

type agreementCache struct {
	st      Store
	ags     map[int64]sla.Agreement
	targets map[string]sla.Targets
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
	cache := &agreementCache{st: j.Store, ags: map[int64]sla.Agreement{}, targets: map[string]sla.Targets{}}
	if err := j.drain(ctx, cache, now, &stats, missing); err != nil {
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
		results, parts, err := j.Store.ApplyScan(ctx, ids, now, func(l sla.Lead, sent map[sla.BreachKind]sla.NudgeState) (sla.NudgeDecision, sla.Month, bool) {
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
			return sla.DecideNudges(l, t, a.Calendar(), a.Repeat, sent, now), sla.MonthOf(now, a.Location()), true
		}, func(rs []sla.ScanResult) []sla.Part {
			return nudgeParts(cache, rs, fmt.Sprintf("%s/%d", scan, round))
		})
		if err != nil {
			return stats, err
		}
		stats.Leads += len(results)
		for _, r := range results {
			if r.Lead.Owner != "" {
				stats.Nudges += len(r.Decision.Send)
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
	if stats.Nudges > 0 || stats.Failed > 0 {
		j.Log.Info("breach scan", "leads", stats.Leads, "nudges", stats.Nudges, "dms", stats.DMs, "strikes", stats.Strikes, "failed", stats.Failed)
	}
	if len(missing.Parts) > 0 {
		return stats, missing
	}
	return stats, nil
}

// nudgeRef is a lead of a nudge DM as the outbox keeps it: which lead and
// which breaches the scan decided to tell its owner about.
type nudgeRef struct {
	Lead      int64        `json:"lead"`
	Agreement int64        `json:"agreement"`
	Breaches  []sla.Breach `json:"breaches"`
}

type ownerKey struct {
	team, owner string
}

// nudgeParts groups a scan's nudges into DMs, one per owner (split past
// render.MaxNudgeLeads), each an outbox part to the owner.
func nudgeParts(cache *agreementCache, results []sla.ScanResult, scan string) []sla.Part {
	groups := map[ownerKey][]nudgeRef{}
	var order []ownerKey
	for _, r := range results {
		if len(r.Decision.Send) == 0 || r.Lead.Owner == "" {
			continue
		}
		k := ownerKey{r.Lead.TeamID, r.Lead.Owner}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], nudgeRef{Lead: r.Lead.ID, Agreement: r.Lead.AgreementID, Breaches: r.Decision.Send})
	}
	var parts []sla.Part
	for _, k := range order {
		refs := groups[k]
		for n := 1; len(refs) > 0; n++ {
			chunk := refs[:min(len(refs), render.MaxNudgeLeads)]
			refs = refs[len(chunk):]
			payload, _ := json.Marshal(chunk)
			parts = append(parts, sla.Part{
				Key:     sla.PartKey{PostKey: sla.PostKey{TeamID: k.team, Kind: KindNudge, Period: scan}, Part: fmt.Sprintf("%s/%d", k.owner, n)},
				Channel: k.owner, Payload: string(payload),
			})
		}
	}
	return parts
}

// drain sends the DMs earlier scans left in the outbox: refused by Slack,
// or decided by a run that died before sending them.
func (j *Jobs) drain(ctx context.Context, cache *agreementCache, now time.Time, stats *ScanStats, missing *Missing) error {
	parts, err := j.Store.PendingParts(ctx, []string{KindNudge, KindEscalation}, j.clock(), 200)
	if err != nil {
		return err
	}
	for _, p := range parts {
		switch p.Key.Kind {
		case KindNudge:
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

// sendNudge sends one nudge DM of the outbox, built from the leads as they
// are now: a lead contacted, won or lost since is left out.
func (j *Jobs) sendNudge(ctx context.Context, cache *agreementCache, p sla.Part, stats *ScanStats, missing *Missing) {
	c, err := j.claim(ctx, p)
	if err == nil && c.State != sla.Claimed {
		return // sent, or another run is sending it
	}
	if err == nil {
		err = j.send(ctx, c, true, piece{name: p.Key.Part, message: func() (render.Message, error) {
			var refs []nudgeRef
			if err := json.Unmarshal([]byte(c.Part.Payload), &refs); err != nil {
				return render.Message{}, fmt.Errorf("nudge payload: %w", err)
			}
			var items []render.NudgeItem
			var loc *time.Location
			for _, r := range refs {
				l, err := j.Store.LeadByID(ctx, p.Key.TeamID, r.Lead)
				if sla.ErrorCode(err) == sla.NotFound {
					continue // deleted meanwhile
				}
				if err != nil {
					return render.Message{}, err
				}
				if !l.ContactedAt.IsZero() || !l.WonAt.IsZero() || !l.LostAt.IsZero() {
					continue
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
		}})
	}
	switch {
	case err == nil:
		stats.DMs++
	case errors.Is(err, errLost) || errors.Is(err, errHeld):
	default:
		stats.Failed++
		j.Log.Error("nudge DM not sent, left for the next scan", "team", p.Key.TeamID, "owner", p.Channel, "err", err)
		missing.add(fmt.Sprintf("%s (DM to %s)", p.Key, p.Channel), err)
	}
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
		if id == acted {
			it.Done = done
		}
		items = append(items, it)
	}
	return j.Slack.Update(ctx, c.ChannelID, c.MessageTS, render.Nudge(items, a.Location()))
}
