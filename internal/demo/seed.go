package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
)

// The seeded agreement: #smarketing, Kendra (marketing) and Sam (sales),
// Riley and Jo working the leads, Alex an agreement admin.
const (
	SeedChannel = "C0SMARKETING"
	kendra      = "U0KENDRA"
	sam         = "U0SAM"
	riley       = "U0RILEY"
	jo          = "U0JO"
	alex        = "U0ALEX"
)

// Zone is the demo workspace's timezone.
const Zone = "Europe/Berlin"

// The plans behind the MQL goals (docs/design.md, Plan), checked by hand in seed_test.go.
var (
	// This month: R = $250,000 × 40% = $100,000; C = ceil(100,000 ÷ 2,500) = 40;
	// L = ceil(40 ÷ 25%) = 160 MQLs.
	PlanThisMonth = sla.PlanInput{Quota: sla.Dollars(250_000), Share: sla.Percent(40), Deal: sla.Dollars(2_500), Close: sla.Percent(25)}
	// Last month: R = $225,000 × 40% = $90,000; C = 36; L = 144 MQLs.
	PlanLastMonth = sla.PlanInput{Quota: sla.Dollars(225_000), Share: sla.Percent(40), Deal: sla.Dollars(2_500), Close: sla.Percent(25)}
	// The three months before last, oldest first, for `/sla history`:
	// $200,000 × 40% ÷ $2,500 ÷ 25% = 128 MQLs, twice, then 144 as last month.
	PlanHistory = []sla.PlanInput{
		{Quota: sla.Dollars(200_000), Share: sla.Percent(40), Deal: sla.Dollars(2_500), Close: sla.Percent(25)},
		{Quota: sla.Dollars(200_000), Share: sla.Percent(40), Deal: sla.Dollars(2_500), Close: sla.Percent(25)},
		PlanLastMonth,
	}
	// historyPace is how the history months ran against their goals: met,
	// missed, met.
	historyPace = []float64{1.08, 0.86, 1.06}
)

// SeedSegments are the seeded agreement's segments (docs/design.md,
// Segments and lead value). This month's plan by segment, from R = $100,000:
// exec $20,000 ÷ $5,000 = 4 customers ÷ 25% = 16 MQLs; director $30,000 ÷
// $2,500 = 12 → 48; manager $40,000 ÷ $2,000 = 20 → 80; intern $10,000 ÷
// $2,500 = 4 → 16; 160 MQLs and 40 customers, the same as PlanThisMonth
// (blended deal $100,000 ÷ 40 = $2,500, close 40 ÷ 160 = 25%); value goal
// 16 × $100 + 48 × $50 + 80 × $40 + 16 × $10 = $7,360.
var SeedSegments = []sla.Segment{
	{Name: "director", Mix: sla.Percent(30), Deal: sla.Dollars(2_500), Close: sla.Percent(25), Value: sla.Dollars(50)},
	{Name: "exec", Mix: sla.Percent(20), Deal: sla.Dollars(5_000), Close: sla.Percent(25), Value: sla.Dollars(100)},
	{Name: "intern", Mix: sla.Percent(10), Deal: sla.Dollars(2_500), Close: sla.Percent(25), Value: sla.Dollars(10)},
	{Name: "manager", Mix: sla.Percent(40), Deal: sla.Dollars(2_000), Close: sla.Percent(25), Value: sla.Dollars(40)},
}

// SeedTargets are the sales targets of the seeded agreement.
var SeedTargets = sla.Targets{Speed: time.Hour, Depth: 6, Within: 14 * 24 * time.Hour, Warn: sla.Percent(75)}

var seedText = map[sla.Section]string{
	sla.SectionSummary:        "Marketing hands sales the month's goal of qualified leads (MQLs), derived from the sales quota; sales follows up every lead within one business hour and keeps trying until it reaches the person. slabot measures both sides in this channel: MQLs against the daily goal line, speed and depth against the targets.",
	sla.SectionMarketingGoal:  "MQLs per month from the quota: quota × 40% marketing share ÷ $2,500 average deal ÷ 25% close rate (160 MQLs on a $250k quota). Every segment counts; exec and director leads are worth the most.",
	sla.SectionSalesGoal:      "First follow-up within 1 business hour of hand-off. On every lead not yet reached: 6 attempts within 14 days (call, email, social).",
	sla.SectionMarketingNeeds: "From sales: a pipeline status every Monday (the digest in this channel) and a reason for every lead marked lost.",
	sla.SectionSalesNeeds:     "From marketing: leads with a name, a working email and a segment, handed off during business hours.",
	sla.SectionTouchpoints:    "Kendra owns the MQL goal, Sam the follow-up targets. The digest posts here on Mondays at 09:00 and both directors review it in Tuesday's pipeline meeting; mid-month review on the 15th.",
	sla.SectionConsequences:   "Each missed month and each breached lead is a strike against its owner. At 3 strikes in a month the sales director is told, and the rep's new leads go to the rest of the team until the month ends.",
	sla.SectionCancellation:   "If the MQL goal is missed 3 months in a row, marketing and sales review the agreement together in this channel.",
	sla.SectionSharedGoal:     "Revenue from marketing-sourced leads: 40% of the quota, closed by sales from the leads marketing qualifies.",
	sla.SectionQualification:  "An MQL has a name, a working email and a segment, and asked for a demo or downloaded two pieces of content.",
	sla.SectionHandoff:        "Marketing hands each MQL to a rep in this channel during business hours; the rep owns it from that moment.",
	sla.SectionNurturing:      "A lead sales marks lost for timing goes back to marketing's nurture emails and is re-qualified after 90 days.",
}

// SeedStats summarizes what Seed wrote.
type SeedStats struct {
	Leads     int
	LastMonth int // MQLs created last month
	ThisMonth int // MQLs created this month so far
	Won       int
	Lost      int
	Revenue   sla.Money
	History   int // leads of the three months before last
}

// Seed fills the demo workspace with a realistic agreement and the leads of
// last month and this month up to now, from a deterministic generator: the
// same now and seed give the same data. Leads go through the same lifecycle
// rules as the commands (sla.HandOff, RecordAttempt, …) so every derived
// column is right. Then the jobs that a running bot would already have done
// by now (digests, the breach scan's nudges and strikes) are recorded
// without sending anything, so the console starts from a quiet present.
func Seed(ctx context.Context, st *storage.Store, now time.Time, seed uint64, log *slog.Logger) (SeedStats, error) {
	var stats SeedStats
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		return stats, err
	}
	now = now.Truncate(time.Second)
	month := sla.MonthOf(now, loc)
	prev := month.Prev()
	first := prev.Prev().Prev().Prev() // the oldest month of history
	created := first.Start(loc).AddDate(0, 0, -7).Add(10 * time.Hour)
	a := sla.Agreement{
		TeamID: TeamID, ChannelID: SeedChannel, Name: "Smarketing", Kind: sla.KindInternal, Status: sla.StatusActive, TZ: Zone,
		Marketing: kendra, Sales: sam, Text: seedText,
		Hours: sla.DefaultHours, Holidays: holidays(prev.Start(loc), now.AddDate(0, 3, 0), loc),
		StrikeLimit: sla.DefaultStrikeLimit, Repeat: sla.DefaultRepeat, Digest: sla.DefaultDigest, CancelAfterMisses: 3,
		CreatedBy: kendra, CreatedAt: created,
	}
	if err := st.CreateAgreement(ctx, &a, prev, SeedTargets); err != nil {
		return stats, fmt.Errorf("seed agreement: %w", err)
	}
	if err := st.AddAdmin(ctx, TeamID, a.ID, alex, kendra, created); err != nil {
		return stats, err
	}
	// The consequences above, as routing settings: the reps share a pool,
	// and a rep at the strike limit gets no new leads (docs/design.md, Routing).
	if a, err = st.UpdateAgreement(ctx, TeamID, a.ID, func(a *sla.Agreement) error { a.StrikeRoute = true; return nil }); err != nil {
		return stats, err
	}
	for i, rep := range []string{riley, jo} {
		if err := st.SetPoolMember(ctx, TeamID, a.ID, sla.PoolMember{Rep: rep, Weight: sla.DefaultPoolWeight}, sam, created.Add(time.Duration(i)*time.Second)); err != nil {
			return stats, err
		}
	}
	for _, s := range SeedSegments {
		if err := st.SetSegment(ctx, TeamID, a.ID, s, kendra, created); err != nil {
			return stats, err
		}
	}
	for _, p := range []struct {
		m  sla.Month
		in sla.PlanInput
	}{{first, PlanHistory[0]}, {first.Next(), PlanHistory[1]}, {prev.Prev(), PlanHistory[2]}, {prev, PlanLastMonth}, {month, PlanThisMonth}} {
		res, err := sla.ComputePlan(p.in)
		if err != nil {
			return stats, err
		}
		at := p.m.Start(loc).Add(9*time.Hour + 15*time.Minute)
		if at.After(now) {
			at = p.m.Start(loc)
		}
		saved := sla.SavedPlan{Month: p.m, Input: p.in, Result: res, Applied: true, CreatedBy: kendra, CreatedAt: at}
		if p.m != month {
			if err := st.SavePlan(ctx, TeamID, a.ID, saved); err != nil {
				return stats, err
			}
			continue
		}
		// This month is planned by segment: the same 160 MQLs, a goal per
		// segment and the value goal.
		sp, err := sla.ComputeSegmentedPlan(p.in.Quota, p.in.Share, SeedSegments)
		if err != nil {
			return stats, err
		}
		if sp.Result() != res {
			return stats, fmt.Errorf("seed: the plan by segment gives %+v, not %+v", sp.Result(), res)
		}
		goals := make([]sla.SegmentGoal, len(sp.Lines))
		for i, l := range sp.Lines {
			goals[i] = sla.SegmentGoal{Segment: l.Segment.Name, Goal: int(l.Leads)}
		}
		if err := st.ApplySegmentedPlan(ctx, TeamID, a.ID, saved, goals, sp.Value); err != nil {
			return stats, err
		}
	}

	g := &generator{r: rand.New(rand.NewPCG(seed, 0x51ab07)), cal: a.Calendar(), loc: loc, now: now}
	leads := g.leads(prev, month)
	err = st.InTx(ctx, TeamID, func(tx *storage.Tx) error {
		for i, p := range leads {
			l := p.lead
			l.AgreementID = a.ID
			l.ExternalID = fmt.Sprintf("hs-%d", 40100+i)
			saved, err := tx.AddLead(l)
			if err != nil {
				return fmt.Errorf("seed lead %d: %w", i, err)
			}
			for _, ev := range p.events {
				att, err := ev.apply(&saved, g.cal)
				if err != nil {
					return fmt.Errorf("seed lead %s at %s: %w", saved.ShortID(), ev.at, err)
				}
				sla.SetClocks(&saved, SeedTargets, g.cal)
				if saved, err = tx.SaveLead(saved, att, ev.at); err != nil {
					return err
				}
			}
			stats.Leads++
			if saved.Source == sla.SourceMarketing {
				if sla.MonthOf(saved.CreatedAt, loc) == month {
					stats.ThisMonth++
				} else {
					stats.LastMonth++
				}
			}
			if !saved.WonAt.IsZero() {
				stats.Won++
				stats.Revenue += saved.Revenue
			}
			if !saved.LostAt.IsZero() {
				stats.Lost++
			}
		}
		return nil
	})
	if err != nil {
		return stats, err
	}
	if stats.History, err = seedHistory(ctx, st, a, first, prev, seed, loc); err != nil {
		return stats, err
	}

	// What the bot would already have done by now, sent nowhere.
	jobs := app.NewJobs(st, app.Discard{}, log)
	if err := jobs.Sweep(ctx, now); err != nil {
		return stats, err
	}
	if _, err := jobs.BreachScan(ctx, now); err != nil {
		return stats, err
	}
	return stats, nil
}

// holidays are Germany's fixed-date public holidays in [from, to].
func holidays(from, to time.Time, loc *time.Location) []sla.Date {
	var out []sla.Date
	for y := from.Year(); y <= to.Year(); y++ {
		for _, md := range [][2]int{{1, 1}, {5, 1}, {10, 3}, {12, 25}, {12, 26}} {
			t := time.Date(y, time.Month(md[0]), md[1], 12, 0, 0, 0, loc)
			if !t.Before(from) && !t.After(to) {
				out = append(out, sla.DateOf(t, loc))
			}
		}
	}
	return out
}

// event is one step in a lead's life.
type event struct {
	at      time.Time
	kind    string // handoff, attempt, contacted, won, lost
	rep     string
	via     sla.Via
	revenue sla.Money
	reason  string
}

func (e event) apply(l *sla.Lead, cal sla.Calendar) (*sla.Attempt, error) {
	switch e.kind {
	case "handoff":
		_, err := sla.HandOff(l, e.rep, e.at, cal.Loc)
		return nil, err
	case "attempt":
		return sla.RecordAttempt(l, e.via, e.at, e.rep, cal)
	case "contacted":
		return nil, sla.MarkContacted(l, e.at, cal.Loc)
	case "won":
		return nil, sla.MarkWon(l, e.revenue, e.at, cal.Loc)
	case "lost":
		return nil, sla.MarkLost(l, e.reason, e.at, cal.Loc)
	}
	return nil, fmt.Errorf("unknown event %q", e.kind)
}

type planned struct {
	lead   sla.Lead
	events []event
}

type generator struct {
	r   *rand.Rand
	cal sla.Calendar
	loc *time.Location
	now time.Time
}

// segment is a buyer segment with how often it comes, how often a reached
// lead of it buys, and its typical deal.
type segment struct {
	name  string
	share float64
	win   float64 // chance a contacted lead is won
	deal  int64   // dollars
}

var segments = []segment{
	{"exec", 0.10, 0.55, 4_800},
	{"director", 0.25, 0.42, 3_000},
	{"manager", 0.45, 0.30, 2_000},
	{"intern", 0.20, 0.08, 900},
}

// rep is a sales rep with a share of the leads and a pace: a slower rep's
// first follow-ups take longer.
type rep struct {
	id    string
	share float64
	pace  float64
}

var reps = []rep{{riley, 0.45, 0.8}, {jo, 0.40, 1.5}, {sam, 0.15, 1.0}}

var (
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis",
		"Radia", "Tim", "Hedy", "Linus", "Katherine", "John", "Sophie", "Niklaus", "Anita", "Guido",
		"Shafi", "Leslie", "Mary", "Bjarne", "Adele", "Yukihiro", "Annie", "Rob", "Jean", "Whitfield"}
	lastNames = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Ritchie",
		"Perlman", "Berners-Lee", "Lamarr", "Torvalds", "Johnson", "McCarthy", "Wilson", "Wirth", "Borg", "van Rossum",
		"Goldwasser", "Lamport", "Keller", "Stroustrup", "Goldberg", "Matsumoto", "Easley", "Pike", "Bartik", "Diffie"}
	companies   = []string{"acme", "globex", "initech", "umbrella", "hooli", "vandelay", "wonka", "stark", "wayne", "tyrell", "cyberdyne", "soylent", "gringotts", "monarch", "oscorp"}
	lostReasons = []string{"no budget this year", "chose a competitor", "bad timing", "not a fit", "no response"}
)

func pick[T any](r *rand.Rand, xs []T, weight func(T) float64) T {
	x := r.Float64()
	for _, v := range xs {
		if x -= weight(v); x < 0 {
			return v
		}
	}
	return xs[len(xs)-1]
}

// poisson draws a count with mean lambda (Knuth's method; lambda is small).
func (g *generator) poisson(lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= g.r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// between is a uniform duration in [lo, hi).
func (g *generator) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(g.r.Int64N(int64(hi-lo)))
}

// logNormal is a duration around median, spread by sigma, clamped.
func (g *generator) logNormal(median time.Duration, sigma float64, lo, hi time.Duration) time.Duration {
	d := time.Duration(float64(median) * math.Exp(g.r.NormFloat64()*sigma))
	return min(max(d, lo), hi).Truncate(time.Minute)
}

func (g *generator) businessDays(m sla.Month) int {
	n := 0
	for d := m.Start(g.loc); d.Before(m.End(g.loc)); d = d.AddDate(0, 0, 1) {
		if g.cal.Open(d.Add(12 * time.Hour)) {
			n++
		}
	}
	return n
}

// leads plans every lead from the start of last month up to now, oldest
// first, plus one fresh lead that reaches its speed warning soon after now.
func (g *generator) leads(prev, month sla.Month) []planned {
	var out []planned
	// Marketing runs about at last month's goal and a little behind this
	// month's (leads come on business days, the goal line counts every
	// day); sales sources about one deal-sized lead a day.
	rate := map[sla.Month]float64{
		prev:  float64(mustLeads(PlanLastMonth)) / float64(g.businessDays(prev)) * 1.02,
		month: float64(mustLeads(PlanThisMonth)) / float64(g.businessDays(month)) * 0.85,
	}
	for day := prev.Start(g.loc); day.Before(g.now); day = day.AddDate(0, 0, 1) {
		m := sla.MonthOf(day, g.loc)
		open := g.cal.Open(day.Add(12 * time.Hour))
		mql, own := 0, 0
		if open {
			mql, own = g.poisson(rate[m]), g.poisson(1.1)
		} else if g.r.IntN(3) == 0 {
			mql = 1 // a weekend form fill
		}
		for range mql {
			if p, ok := g.lead(day, open, sla.SourceMarketing); ok {
				out = append(out, p)
			}
		}
		for range own {
			if p, ok := g.lead(day, open, sla.SourceSales); ok {
				out = append(out, p)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].lead.CreatedAt.Before(out[j].lead.CreatedAt) })
	return append(out, g.fresh())
}

func mustLeads(in sla.PlanInput) int64 {
	r, err := sla.ComputePlan(in)
	if err != nil {
		panic(err)
	}
	return r.Leads
}

func (g *generator) person() (name, email string) {
	f, l := firstNames[g.r.IntN(len(firstNames))], lastNames[g.r.IntN(len(lastNames))]
	c := companies[g.r.IntN(len(companies))]
	local := strings.ToLower(strings.ReplaceAll(f+"."+l, " ", ""))
	return f + " " + l, local + "@" + c + ".example"
}

// lead plans one lead created on day; false when it would be created after now.
func (g *generator) lead(day time.Time, open bool, src sla.Source) (planned, bool) {
	var at time.Time
	if open {
		at = day.Add(8*time.Hour + g.between(0, 10*time.Hour+30*time.Minute))
	} else {
		at = day.Add(10*time.Hour + g.between(0, 8*time.Hour))
	}
	at = at.Truncate(time.Minute)
	if !at.Before(g.now) {
		return planned{}, false
	}
	name, email := g.person()
	seg := pick(g.r, segments, func(s segment) float64 { return s.share })
	if src == sla.SourceSales && seg.name != "exec" && seg.name != "director" {
		seg = segments[g.r.IntN(2)] // reps prospect exec and director buyers
	}
	l := sla.Lead{TeamID: TeamID, Name: name, Email: email, Segment: seg.name, Source: src, CreatedAt: at, SpeedSecs: -1}
	p := planned{lead: l}
	rp := pick(g.r, reps, func(r rep) float64 { return r.share })

	// Hand-off: marketing qualifies for a while first; a rep's own lead is
	// theirs at once. About one marketing lead in twelve is never handed off.
	var handoff time.Time
	if src == sla.SourceSales {
		handoff = at.Add(g.between(time.Minute, 10*time.Minute))
	} else {
		if g.r.IntN(12) == 0 {
			return p, true
		}
		handoff = at.Add(g.logNormal(40*time.Minute, 0.8, 3*time.Minute, 6*time.Hour))
	}
	if !handoff.Before(g.now) {
		return p, true
	}
	p.events = append(p.events, event{at: handoff, kind: "handoff", rep: rp.id})

	// First follow-up, in business time: most within the hour, some slow.
	var speed time.Duration
	switch x := g.r.Float64(); {
	case x < 0.50:
		speed = g.between(3*time.Minute, 25*time.Minute)
	case x < 0.77:
		speed = g.between(25*time.Minute, 60*time.Minute)
	case x < 0.93:
		speed = g.between(time.Hour, 4*time.Hour)
	default:
		speed = g.between(4*time.Hour, 16*time.Hour)
	}
	speed = time.Duration(float64(speed) * rp.pace).Truncate(time.Minute)
	if src == sla.SourceSales {
		speed = min(speed, 20*time.Minute)
	}
	// How hard the rep tries, and on which attempt (if any) the lead answers.
	maxAttempts := 2 + g.r.IntN(4)
	if g.r.Float64() < 0.45 {
		maxAttempts = 6 + g.r.IntN(3)
	}
	contactOn := 0
	pContact := 0.35
	if src == sla.SourceSales {
		pContact = 0.7
	}
	for i := 1; i <= maxAttempts; i++ {
		if g.r.Float64() < pContact {
			contactOn = i
			break
		}
	}
	vias := []sla.Via{sla.ViaCall, sla.ViaCall, sla.ViaCall, sla.ViaEmail, sla.ViaEmail, sla.ViaSocial}
	t := g.cal.Due(handoff, speed)
	var last time.Time
	n := maxAttempts
	if contactOn > 0 {
		n = contactOn
	}
	for i := 1; i <= n; i++ {
		if i > 1 {
			t = g.cal.Due(t, g.between(2*time.Hour, 30*time.Hour)).Truncate(time.Minute)
		}
		if !t.Before(g.now) {
			return p, true
		}
		p.events = append(p.events, event{at: t, kind: "attempt", rep: rp.id, via: vias[g.r.IntN(len(vias))]})
		last = t
	}
	if contactOn == 0 {
		// Never reached: most are closed as lost once the rep gives up.
		lost := last.Add(g.between(24*time.Hour, 6*24*time.Hour))
		if g.r.Float64() < 0.8 && lost.Before(g.now) {
			p.events = append(p.events, event{at: lost, kind: "lost", reason: "no response"})
		}
		return p, true
	}
	contact := last.Add(g.between(5*time.Minute, 2*time.Hour))
	if !contact.Before(g.now) {
		return p, true
	}
	p.events = append(p.events, event{at: contact, kind: "contacted"})

	win := seg.win
	if src == sla.SourceSales {
		win = 0.55
	}
	switch x := g.r.Float64(); {
	case x < win:
		closeAt := g.cal.NextOpen(contact.Add(g.between(3*24*time.Hour, 25*24*time.Hour)))
		if closeAt.Before(g.now) {
			deal := float64(seg.deal)
			if src == sla.SourceSales {
				deal = 8_000
			}
			dollars := int64(deal*(0.6+0.9*g.r.Float64())/50) * 50
			p.events = append(p.events, event{at: closeAt, kind: "won", revenue: sla.Dollars(dollars)})
		}
	case x < win+0.35*(1-win):
		lostAt := contact.Add(g.between(2*24*time.Hour, 15*24*time.Hour))
		if lostAt.Before(g.now) {
			p.events = append(p.events, event{at: lostAt, kind: "lost", reason: lostReasons[g.r.IntN(len(lostReasons)-1)]})
		}
	}
	return p, true
}

// fresh is the newest lead: an exec handed to Riley half an hour of
// business time before now, not yet called, so its speed warning (at
// 45 minutes) comes 15 business minutes after now and its breach 15 after
// that: the nudge a newcomer sees with `:time +20m`.
func (g *generator) fresh() planned {
	handoff := g.before(30 * time.Minute)
	l := sla.Lead{TeamID: TeamID, Name: "Ada Lovelace", Email: "ada@analytical.example", Segment: "exec",
		Source: sla.SourceMarketing, CreatedAt: handoff.Add(-12 * time.Minute), SpeedSecs: -1}
	return planned{lead: l, events: []event{{at: handoff, kind: "handoff", rep: riley}}}
}

// before is the instant d of business time before now, to the minute.
func (g *generator) before(d time.Duration) time.Time {
	t := g.now.Truncate(time.Minute)
	for g.cal.Elapsed(t, g.now) < d && g.now.Sub(t) < 30*24*time.Hour {
		t = t.Add(-time.Minute)
	}
	return t
}

// seedHistory adds the leads of the months from first up to (not
// including) last, from a generator of their own so the leads of last
// month and this month stay as they were. Every lead there is finished: a
// lead never reached is lost by the end of its month, so nothing of it is
// overdue now. Their external ids are hs-30100 and on.
func seedHistory(ctx context.Context, st *storage.Store, a sla.Agreement, first, last sla.Month, seed uint64, loc *time.Location) (int, error) {
	g := &generator{r: rand.New(rand.NewPCG(seed, 0x4157)), cal: a.Calendar(), loc: loc, now: last.Start(loc)}
	var out []planned
	i := 0
	for m := first; m.Before(last); m = m.Next() {
		rate := float64(mustLeads(PlanHistory[i])) / float64(g.businessDays(m)) * historyPace[i]
		i++
		for day := m.Start(loc); day.Before(m.End(loc)); day = day.AddDate(0, 0, 1) {
			open := g.cal.Open(day.Add(12 * time.Hour))
			mql, own := 0, 0
			if open {
				mql, own = g.poisson(rate), g.poisson(1.1)
			}
			for range mql {
				if p, ok := g.lead(day, open, sla.SourceMarketing); ok {
					out = append(out, g.finish(p))
				}
			}
			for range own {
				if p, ok := g.lead(day, open, sla.SourceSales); ok {
					out = append(out, g.finish(p))
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].lead.CreatedAt.Before(out[j].lead.CreatedAt) })
	err := st.InTx(ctx, TeamID, func(tx *storage.Tx) error {
		for i, p := range out {
			l := p.lead
			l.AgreementID = a.ID
			l.ExternalID = fmt.Sprintf("hs-%d", 30100+i)
			saved, err := tx.AddLead(l)
			if err != nil {
				return fmt.Errorf("seed history lead %d: %w", i, err)
			}
			for _, ev := range p.events {
				att, err := ev.apply(&saved, g.cal)
				if err != nil {
					return fmt.Errorf("seed history lead %s at %s: %w", saved.ShortID(), ev.at, err)
				}
				sla.SetClocks(&saved, SeedTargets, g.cal)
				if saved, err = tx.SaveLead(saved, att, ev.at); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return len(out), err
}

// finish closes a history lead that a handed-off lead left open: not yet
// reached, it is lost a few days after its last event (within the history).
func (g *generator) finish(p planned) planned {
	if len(p.events) == 0 {
		return p
	}
	lastEv := p.events[len(p.events)-1]
	switch lastEv.kind {
	case "lost", "won", "contacted":
		return p
	}
	at := lastEv.at.Add(3 * 24 * time.Hour)
	if !at.Before(g.now) {
		at = g.now.Add(-time.Hour)
	}
	if !at.After(lastEv.at) {
		at = lastEv.at.Add(time.Minute)
	}
	p.events = append(p.events, event{at: at, kind: "lost", reason: "no response"})
	return p
}
