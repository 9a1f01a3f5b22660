package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Routing (docs/design.md, Routing): away periods, the round-robin pool and
// the moves of leads between reps, with the DMs that tell both reps.

// RoutingStore is what routing needs.
type RoutingStore interface {
	SetAway(ctx context.Context, team string, agreementID int64, w sla.Away, at time.Time) error
	EndAway(ctx context.Context, team string, agreementID int64, rep string, at time.Time) (bool, error)
	Aways(ctx context.Context, team string, agreementID int64, since time.Time) ([]sla.Away, error)
	PoolMembers(ctx context.Context, team string, agreementID int64) ([]sla.PoolMember, error)
	SetPoolMember(ctx context.Context, team string, agreementID int64, m sla.PoolMember, by string, at time.Time) error
	RemovePoolMember(ctx context.Context, team string, agreementID int64, rep string) (bool, error)
	PickFromPool(ctx context.Context, team string, agreementID int64, now time.Time, loc *time.Location, eligible func(sla.PoolMember) bool) (string, error)
	RouteCandidates(ctx context.Context, now time.Time, limit int) ([]sla.Lead, error)
	MoveLead(ctx context.Context, team string, m sla.LeadMove, by string, now time.Time) (sla.Lead, []sla.Part, bool, error)
	LeadsHandedOff(ctx context.Context, team string, agreementID int64, from, to time.Time) ([]sla.Lead, error)
	StrikesByRep(ctx context.Context, team string, agreementID int64, month sla.Month) (map[string]int, error)
}

// Names resolves Slack user ids to display names, so a scorecard in a
// channel names reps without @-mentioning them; the Slack client may
// implement it (bot.Sender does, from users.list).
type Names interface {
	DisplayNames(ctx context.Context) (map[string]string, error)
}

// Scorecards are the reps' figures for month at now (sla.Scorecards).
func (s *Service) Scorecards(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time) ([]sla.Scorecard, error) {
	loc := a.Location()
	leads, err := s.Store.LeadsHandedOff(ctx, a.TeamID, a.ID, month.Start(loc), month.End(loc))
	if err != nil {
		return nil, err
	}
	t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return nil, err
	}
	strikes, err := s.Store.StrikesByRep(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return nil, err
	}
	return sla.Scorecards(leads, t, a.Calendar(), strikes, month, now), nil
}

// KindRoute is the outbox kind of the DMs that tell reps about a move.
const KindRoute = "route"

// AwayLookback is how far back away periods are loaded for clocks: beyond
// the nudge horizon and a depth window, no clock looks.
const AwayLookback = 90 * 24 * time.Hour

// Aways are the agreement's away periods that matter for clocks at now.
func (s *Service) Aways(ctx context.Context, a sla.Agreement, now time.Time) ([]sla.Away, error) {
	return s.Store.Aways(ctx, a.TeamID, a.ID, now.Add(-AwayLookback))
}

// MayMarkAway refuses anyone but the rep, the sales owner and admins
// (sla.MayMarkAway).
func (s *Service) MayMarkAway(ctx context.Context, a sla.Agreement, rep string, who Actor) error {
	if sla.MayMarkAway(a, rep, who.User, false) {
		return nil
	}
	admin, err := s.isAdmin(ctx, a, who)
	if err != nil {
		return err
	}
	if sla.MayMarkAway(a, rep, who.User, admin) {
		return nil
	}
	return sla.Errorf(sla.Forbidden, "Only %s themself, the sales owner (%s) and the agreement's admins set %s's time away.",
		render.User(rep), render.User(a.Sales), render.User(rep))
}

// SetAway records rep's away period and moves the clocks of rep's open
// leads (they pause while rep is away). With a cover, once the period has
// begun, rep's open leads move to the cover: now, or at the breach scan
// when it begins. It returns how many leads moved now.
func (s *Service) SetAway(ctx context.Context, a sla.Agreement, w sla.Away, who Actor, now time.Time) (int, error) {
	if err := s.MayMarkAway(ctx, a, w.Rep, who); err != nil {
		return 0, err
	}
	if w.Cover == w.Rep && w.Cover != "" {
		return 0, sla.Errorf(sla.Invalid, "%s cannot cover for themself: name someone else with `cover=@…`, or leave it out.", render.User(w.Rep))
	}
	if !w.Span.To.After(now) {
		return 0, sla.Errorf(sla.Invalid, "That away period is over already (it ended %s).", render.When(w.Span.To, a.Location()))
	}
	w.By = who.User
	if err := s.Store.SetAway(ctx, a.TeamID, a.ID, w, now); err != nil {
		return 0, err
	}
	if _, err := s.RecomputeClocks(ctx, a); err != nil {
		return 0, err
	}
	if w.Cover == "" || now.Before(w.Span.From) {
		return 0, nil
	}
	return s.moveCovered(ctx, a, w.Rep, now)
}

// EndAway ends rep's away period now; the paused clocks run again.
func (s *Service) EndAway(ctx context.Context, a sla.Agreement, rep string, who Actor, now time.Time) (bool, error) {
	if err := s.MayMarkAway(ctx, a, rep, who); err != nil {
		return false, err
	}
	ok, err := s.Store.EndAway(ctx, a.TeamID, a.ID, rep, now)
	if err != nil || !ok {
		return ok, err
	}
	_, err = s.RecomputeClocks(ctx, a)
	return true, err
}

// moveCovered moves rep's open leads of a to rep's cover.
func (s *Service) moveCovered(ctx context.Context, a sla.Agreement, rep string, now time.Time) (int, error) {
	leads, _, err := s.Store.ListLeads(ctx, a.TeamID, a.ID, sla.LeadFilter{Owner: rep, Open: true, Limit: 1000})
	if err != nil {
		return 0, err
	}
	aways, err := s.Aways(ctx, a, now)
	if err != nil {
		return 0, err
	}
	n := 0
	struck, err := s.struck(ctx, a, now)
	if err != nil {
		return 0, err
	}
	for _, l := range leads {
		m, ok, err := s.routeDecision(ctx, a, aways, struck, l, now)
		if err != nil {
			return n, err
		}
		if !ok || m.Reason != sla.MoveCover {
			continue
		}
		if _, _, moved, err := s.Store.MoveLead(ctx, a.TeamID, m, "", now); err != nil {
			return n, err
		} else if moved {
			n++
		}
	}
	return n, nil
}

// routeDecision is what routing does with an open lead at now: move it to
// its rep's cover, or reassign it through the pool after its speed breach
// (to a rep neither away nor struck).
func (s *Service) routeDecision(ctx context.Context, a sla.Agreement, aways []sla.Away, struck map[string]bool, l sla.Lead, now time.Time) (sla.LeadMove, bool, error) {
	if l.Owner == "" || l.Stopped() || l.HandedOffAt.IsZero() || a.Status != sla.StatusActive {
		return sla.LeadMove{}, false, nil
	}
	cal, loc := a.Calendar(), a.Location()
	m := sla.LeadMove{LeadID: l.ID, FromOwner: l.Owner, Loc: loc}
	t, err := s.LeadTargets(ctx, a, l, now)
	if err != nil {
		return m, false, err
	}
	m.Clocks = func(l *sla.Lead) { sla.SetClocks(l, t, sla.RepCalendar(cal, aways, l.Owner)) }
	if w, away := sla.AwayAt(aways, l.Owner, now); away && w.Cover != "" {
		if _, coverAway := sla.AwayAt(aways, w.Cover, now); coverAway {
			return m, false, nil // the cover is away too: the clocks stay paused
		}
		m.To, m.Reason = w.Cover, sla.MoveCover
	} else if sla.ReassignDue(l, t, sla.RepCalendar(cal, aways, l.Owner), a.Reassign, now) {
		m.Reason, m.Eligible = sla.MoveReassign, sla.PoolEligible(aways, now, loc, l.Owner, struck)
	} else {
		return m, false, nil
	}
	m.Parts = func(moved sla.Lead, from string) []sla.Part {
		return moveParts(a, moved, from, m.Reason, now)
	}
	return m, true, nil
}

// moveParts is the DM of a move to the rep the lead left, an outbox part,
// so it goes out once (docs/design.md, Scheduled posts, exactly once). The
// new rep hears of it by the scan's hand-off notice, in their nudge DM
// (sla.Move).
func moveParts(a sla.Agreement, l sla.Lead, from string, why sla.MoveReason, now time.Time) []sla.Part {
	var text string
	switch why {
	case sla.MoveCover:
		text = fmt.Sprintf(":palm_tree: %s (%s) moved to %s, who covers for you while you are away.", l.ShortID(), render.Escape(l.Label()), render.User(l.Owner))
	default:
		text = fmt.Sprintf(":arrows_counterclockwise: %s (%s) moved to %s: no follow-up %s after its speed breach. The strike stays with you.",
			l.ShortID(), render.Escape(l.Label()), render.User(l.Owner), a.Calendar().FormatBusiness(a.Reassign))
	}
	period := fmt.Sprintf("%d/%s", l.ID, now.UTC().Format(time.RFC3339))
	key := sla.PartKey{PostKey: sla.PostKey{TeamID: a.TeamID, AgreementID: a.ID, Kind: KindRoute, Period: period}, Part: "from/" + from}
	return []sla.Part{{Key: key, Channel: from, Payload: text}}
}

// HandOffPool hands the lead to the pool's next rep (sla.PickSmooth),
// skipping reps away or at their daily cap and the lead's current rep.
func (s *Service) HandOffPool(ctx context.Context, a sla.Agreement, l sla.Lead, by string, at, now time.Time, key string) (Handoff, error) {
	if err := sla.ClosedError(l, a.Location()); err != nil {
		return Handoff{Lead: l}, err
	}
	if !l.Qualified() {
		return Handoff{Lead: l}, sla.Errorf(sla.Invalid, "%s is not a marketing qualified lead yet; sales gets it once the CRM qualifies it.", l.ShortID())
	}
	rep, err := s.pick(ctx, a, l.Owner, now)
	if err != nil {
		return Handoff{Lead: l}, err
	}
	// The pick skipped struck reps already: nothing for HandOff to re-route.
	h, err := s.HandOff(ctx, a, l, rep, by, true, at, now, key)
	h.Pool = true
	return h, err
}

// strikes are each rep's strikes in a's current month; nil while strike
// routing is off (docs/design.md, Routing).
func (s *Service) strikes(ctx context.Context, a sla.Agreement, now time.Time) (map[string]int, error) {
	if !a.StrikeRoute || a.StrikeLimit <= 0 {
		return nil, nil
	}
	return s.Store.StrikesByRep(ctx, a.TeamID, a.ID, sla.MonthOf(now, a.Location()))
}

// struck are the reps strike routing keeps new leads from at now.
func (s *Service) struck(ctx context.Context, a sla.Agreement, now time.Time) (map[string]bool, error) {
	strikes, err := s.strikes(ctx, a, now)
	return sla.StruckReps(a, strikes), err
}

// MayForceHandOff refuses anyone but the sales owner and admins a hand-off
// to a rep strike routing holds leads from (sla.MayForceHandOff).
func (s *Service) MayForceHandOff(ctx context.Context, a sla.Agreement, who Actor) error {
	if sla.MayForceHandOff(a, who.User, false) {
		return nil
	}
	admin, err := s.isAdmin(ctx, a, who)
	if err != nil || sla.MayForceHandOff(a, who.User, admin) {
		return err
	}
	return sla.Errorf(sla.Forbidden, "Only the sales owner (%s) and the agreement's admins hand a lead to a rep at the strike limit with `force`.", render.User(a.Sales))
}

// route is who gets a hand-off of l meant for rep at at, and why: unless
// forced, the pool's next rep while rep is at the strike limit; then the
// cover of a rep away with one (docs/design.md, Routing).
func (s *Service) route(ctx context.Context, a sla.Agreement, l sla.Lead, rep string, force bool, at, now time.Time) (Handoff, string, error) {
	var h Handoff
	if !force {
		to, n, err := s.strikeRoute(ctx, a, l, rep, at, now)
		if err != nil {
			return h, rep, err
		}
		if to != rep {
			h.Struck, h.Strikes, h.Pool, rep = rep, n, true, to
		}
	}
	cover, err := s.coverFor(ctx, a, rep, at)
	if err != nil {
		return h, rep, err
	}
	if cover != rep {
		h.CoverFor, rep = rep, cover
	}
	return h, rep, nil
}

// strikeRoute is who gets a hand-off meant for rep: the pool's next rep
// while rep is at the strike limit this month (sla.StrikeRouted), else rep.
// n is rep's strikes; a pool with nobody free refuses the hand-off.
func (s *Service) strikeRoute(ctx context.Context, a sla.Agreement, l sla.Lead, rep string, at, now time.Time) (to string, n int, err error) {
	strikes, err := s.strikes(ctx, a, now)
	if err != nil || !sla.StrikeRouted(a, strikes[rep]) {
		return rep, 0, err
	}
	n = strikes[rep]
	// A hand-off refused anyway is refused before the pick, which turns the
	// pool: a refused command writes nothing.
	probe := l
	if _, err := sla.HandOff(&probe, rep, at, a.Location()); err != nil {
		return rep, n, err
	}
	to, err = s.pick(ctx, a, l.Owner, now)
	if sla.ErrorCode(err) == sla.Conflict {
		anyway := fmt.Sprintf("The sales owner can hand it to them anyway: `/sla lead handoff %s %s force`.", l.ShortID(), render.User(rep))
		if l.Seq == 0 { // a lead being recorded: it has no number yet
			anyway = fmt.Sprintf("Record it without `owner=`; the sales owner can then hand it to them anyway with `/sla lead handoff <lead> %s force`.", render.User(rep))
		}
		return rep, n, sla.Errorf(sla.Conflict, "%s is at the strike limit (%s this month), so their new leads go to the pool. %s %s",
			render.User(rep), render.Plural(n, "strike", "strikes"), sla.ErrorMessage(err), anyway)
	}
	return to, n, err
}

// pick claims the pool's next rep, or says why there is none: reps away, at
// their daily cap, at the strike limit or already holding the lead are
// skipped.
func (s *Service) pick(ctx context.Context, a sla.Agreement, exclude string, now time.Time) (string, error) {
	aways, err := s.Aways(ctx, a, now)
	if err != nil {
		return "", err
	}
	struck, err := s.struck(ctx, a, now)
	if err != nil {
		return "", err
	}
	rep, err := s.Store.PickFromPool(ctx, a.TeamID, a.ID, now, a.Location(), sla.PoolEligible(aways, now, a.Location(), exclude, struck))
	if err != nil || rep != "" {
		return rep, err
	}
	ms, err := s.Store.PoolMembers(ctx, a.TeamID, a.ID)
	if err != nil {
		return "", err
	}
	if len(ms) == 0 {
		return "", sla.Errorf(sla.Conflict, "The %s agreement has no pool yet: add reps with `/sla pool add @rep [weight=2] [cap=20]`.", render.Escape(a.Name))
	}
	return "", sla.Errorf(sla.Conflict, "Nobody in the pool can take a lead now: every rep is away, at their daily cap, at the strike limit or already has it. `/sla pool` shows who is in it.")
}

// coverFor is who takes a new hand-off to rep at at: rep's cover while
// rep is away with one, else rep.
func (s *Service) coverFor(ctx context.Context, a sla.Agreement, rep string, at time.Time) (string, error) {
	aways, err := s.Aways(ctx, a, at)
	if err != nil {
		return rep, err
	}
	if w, ok := sla.AwayAt(aways, rep, at); ok && w.Cover != "" {
		return w.Cover, nil
	}
	return rep, nil
}

// PoolAdd adds rep to the pool, or changes its weight and cap.
func (s *Service) PoolAdd(ctx context.Context, a sla.Agreement, m sla.PoolMember, by string, now time.Time) error {
	if m.Weight < 1 || m.Weight > sla.MaxPoolWeight {
		return sla.Errorf(sla.Invalid, "`weight=%d`: a weight is from 1 to %d.", m.Weight, sla.MaxPoolWeight)
	}
	if m.Cap < 0 || m.Cap > sla.MaxPoolCap {
		return sla.Errorf(sla.Invalid, "`cap=%d`: a daily cap is from 1 to %d leads (leave it out for none).", m.Cap, sla.MaxPoolCap)
	}
	return s.Store.SetPoolMember(ctx, a.TeamID, a.ID, m, by, now)
}

// RouteStats counts a routing pass.
type RouteStats struct {
	Moves  int
	DMs    int
	Failed int
}

// Route is the routing pass of the breach scan: DMs of earlier moves still
// in the outbox first, then the moves due now (covers, reassignment on
// breach), each in its own transaction with its DMs, then those DMs.
func (j *Jobs) Route(ctx context.Context, now time.Time) (RouteStats, error) {
	var st RouteStats
	missing := &Missing{}
	if err := j.route(ctx, now, &st, missing); err != nil {
		return st, err
	}
	if len(missing.Parts) > 0 {
		return st, missing
	}
	return st, nil
}

func (j *Jobs) route(ctx context.Context, now time.Time, st *RouteStats, missing *Missing) error {
	pending, err := j.Store.PendingParts(ctx, []string{KindRoute}, j.clock(), 200)
	if err != nil {
		return err
	}
	for _, p := range pending {
		j.sendRoute(ctx, p, st, missing)
	}
	cands, err := j.Store.RouteCandidates(ctx, now, ScanBatch)
	if err != nil {
		return err
	}
	svc := j.service()
	ags := map[int64]sla.Agreement{}
	aways := map[int64][]sla.Away{}
	struck := map[int64]map[string]bool{}
	for _, l := range cands {
		a, ok := ags[l.AgreementID]
		if !ok {
			if a, err = j.Store.AgreementByID(ctx, l.TeamID, l.AgreementID); err != nil {
				j.Log.Error("route: load agreement", "lead", l.ID, "err", err)
				continue
			}
			if aways[a.ID], err = svc.Aways(ctx, a, now); err != nil {
				return err
			}
			if struck[a.ID], err = svc.struck(ctx, a, now); err != nil {
				return err
			}
			ags[a.ID] = a
		}
		m, ok, err := svc.routeDecision(ctx, a, aways[a.ID], struck[a.ID], l, now)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		_, parts, moved, err := j.Store.MoveLead(ctx, l.TeamID, m, "", now)
		if err != nil {
			return err
		}
		if !moved {
			continue
		}
		st.Moves++
		j.Log.Info("lead moved", "lead", l.ID, "from", l.Owner, "why", m.Reason)
		for _, p := range parts {
			j.sendRoute(ctx, p, st, missing)
		}
	}
	return nil
}

// sendRoute sends one move DM of the outbox, once.
func (j *Jobs) sendRoute(ctx context.Context, p sla.Part, st *RouteStats, missing *Missing) {
	c, err := j.claim(ctx, p)
	if err == nil && c.State != sla.Claimed {
		return // sent, or another run is sending it
	}
	if err == nil {
		err = j.send(ctx, c, true, piece{name: p.Key.Part, message: func() (render.Message, error) {
			return render.Text("%s", c.Part.Payload), nil
		}})
	}
	switch {
	case err == nil:
		st.DMs++
	case errors.Is(err, errLost) || errors.Is(err, errHeld):
	default:
		st.Failed++
		j.Log.Error("move DM not sent, left for the next scan", "team", p.Key.TeamID, "to", p.Channel, "err", err)
		missing.add(fmt.Sprintf("%s (DM to %s)", p.Key, p.Channel), err)
	}
}

// loadAways caches the away periods of a for the scan's decisions, which
// may not call the Store.
func (c *agreementCache) loadAways(ctx context.Context, a sla.Agreement) error {
	w, err := c.st.Aways(ctx, a.TeamID, a.ID, time.Time{})
	if err == nil {
		c.aways[a.ID] = w
	}
	return err
}

// calendar is a's calendar as it runs for owner: less owner's away time.
func (c *agreementCache) calendar(a sla.Agreement, owner string) sla.Calendar {
	return sla.RepCalendar(a.Calendar(), c.aways[a.ID], owner)
}

// withScorecards adds the reps' scorecards to a digest, names in plain
// text (docs/design.md, Routing).
func (j *Jobs) withScorecards(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time, m render.Message) (render.Message, error) {
	cards, err := j.service().Scorecards(ctx, a, month, now)
	if err != nil || len(cards) == 0 {
		return m, err
	}
	t, _, err := j.Store.TargetsFor(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return m, err
	}
	var names map[string]string
	if n, ok := j.Slack.(Names); ok {
		if names, err = n.DisplayNames(ctx); err != nil {
			j.Log.Warn("display names for the scorecards", "err", err)
			names = nil
		}
	}
	m.Blocks = append(m.Blocks, render.Divider())
	m.Blocks = append(m.Blocks, render.ScorecardBlocks(a, month, t, cards, names)...)
	return render.Fit(m), nil
}

// RepCalendar is a's calendar as it runs for rep at now: less rep's away
// time (docs/design.md, Routing).
func (s *Service) RepCalendar(ctx context.Context, a sla.Agreement, rep string, now time.Time) (sla.Calendar, error) {
	aways, err := s.Aways(ctx, a, now)
	return sla.RepCalendar(a.Calendar(), aways, rep), err
}
