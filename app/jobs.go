package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Slack is how jobs reach Slack (bot.Sender implements it): scheduled
// posts through PartSlack, on-demand ones (`/sla digest now`) and button
// redraws directly.
type Slack interface {
	Post(ctx context.Context, channel string, m render.Message) (string, error)
	Update(ctx context.Context, channel, ts string, m render.Message) error
	Upload(ctx context.Context, channel string, f render.File) error
	PartSlack
}

// Job kinds, also the outbox's kinds.
const (
	KindDigest         = "digest"
	KindMonthClose     = "month-close"
	KindMidpoint       = "midpoint"
	KindCelebrateMQL   = "celebrate-mql"
	KindCelebrateSales = "celebrate-sales"
	KindReview         = "review-prompt"
	KindBreachScan     = "breach-scan"
	KindNudge          = "nudge"
	// KindNudgeUpdate redraws a nudge message that new nudges joined.
	KindNudgeUpdate = "nudge-update"
	KindEscalation  = "escalation"
)

// PartMessage is the part name of a post's message; a chart is "chart:" and
// its kind.
const PartMessage = "message"

// JobNames are the jobs `slabot job run` accepts.
var JobNames = []string{KindDigest, KindBreachScan, KindMonthClose, KindMidpoint, "celebrate"}

// Jobs runs the scheduled work.
type Jobs struct {
	Store  Store
	Slack  Slack
	Charts Charts
	Log    *slog.Logger
	// Owner names this process in the outbox. Lease is how long its claim
	// of a part outlives its last heartbeat (DefaultLease): a run that died
	// holds up a part this long at most. Clock is the real clock leases are
	// reckoned by (never a job's --at); nil is time.Now.
	Owner string
	Lease time.Duration
	Clock func() time.Time
	// WaitHeld is how long a run waits for a part another live run holds
	// before leaving it to that run (0: at once). `slabot job run` waits,
	// so that its exit status tells whether the post is out.
	WaitHeld time.Duration
	// Tries and Backoff bound one run's attempts at a part Slack refuses
	// (default 4, from 1 s doubling); the next run tries again.
	Tries   int
	Backoff time.Duration
	// Grace bounds how late a missed post is still worth sending.
	Grace map[string]time.Duration

	beat heartbeat
}

// service runs the use cases the jobs share with commands (buttons).
func (j *Jobs) service() *Service { return &Service{Store: j.Store} }

// NewJobs wires jobs with defaults.
func NewJobs(st Store, slack Slack, log *slog.Logger) *Jobs {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	return &Jobs{
		Store: st, Slack: slack, Charts: Charts{Store: st}, Log: log,
		Owner: fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano()%1e6),
		Grace: map[string]time.Duration{KindDigest: 12 * time.Hour, KindMonthClose: 7 * 24 * time.Hour, KindMidpoint: 3 * 24 * time.Hour},
	}
}

// Schedule is when a kind of post falls for an agreement, in its timezone;
// false when it is off (a disabled digest) or has no schedule. The cron
// loop triggers on these instants and Due judges by them, so both agree.
func Schedule(kind string, a sla.Agreement) (sla.Recurrence, bool) {
	switch kind {
	case KindDigest:
		if !a.Digest.Enabled {
			return sla.Recurrence{}, false
		}
		return sla.Recurrence{Weekly: true, Weekday: a.Digest.Weekday, Hour: a.Digest.Hour, Minute: a.Digest.Minute}, true
	case KindMonthClose:
		return sla.Recurrence{Day: 1, Hour: 9}, true // 09:00 on the 1st: read at the start of the working day
	case KindMidpoint:
		return sla.Recurrence{Day: 15, Hour: 9}, true
	}
	return sla.Recurrence{}, false
}

// Due tells whether the job's latest scheduled instant at or before now is
// within its grace, and which period that instant belongs to.
func (j *Jobs) Due(kind string, a sla.Agreement, now time.Time) (period string, at time.Time, ok bool) {
	rec, ok := Schedule(kind, a)
	if !ok {
		return "", time.Time{}, false
	}
	grace := j.Grace[kind]
	from := now.Add(-grace - time.Second)
	// A new agreement does not catch up on posts scheduled before it existed
	// (no "last month's close" the day it is set up).
	if a.CreatedAt.After(from) {
		from = a.CreatedAt
	}
	at = rec.Next(from, a.Location())
	if at.IsZero() || at.After(now) {
		return "", time.Time{}, false
	}
	return Period(kind, at, a.Location()), at, true
}

// Period names the period a post at `at` belongs to.
func Period(kind string, at time.Time, loc *time.Location) string {
	local := at.In(loc)
	switch kind {
	case KindDigest:
		y, w := local.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case KindMonthClose:
		return sla.MonthOf(local, loc).Prev().String() // the month being closed
	}
	return sla.MonthOf(local, loc).String()
}

// eachAgreement runs fn for every active agreement, logging and joining errors
// so one agreement's failure does not stop the others.
func (j *Jobs) eachAgreement(ctx context.Context, fn func(a sla.Agreement) error) error {
	as, err := j.Store.ActiveAgreements(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, a := range as {
		if err := fn(a); err != nil {
			j.Log.Error("job failed for agreement", "agreement", a.ID, "team", a.TeamID, "err", err)
			errs = append(errs, fmt.Errorf("agreement %d: %w", a.ID, err))
		}
	}
	return errors.Join(errs...)
}

// Run runs one job by name for every agreement, as if the clock read now
// (`slabot job run`).
func (j *Jobs) Run(ctx context.Context, name string, now time.Time) error {
	switch name {
	case KindDigest:
		return j.Digests(ctx, now)
	case KindMonthClose:
		return j.MonthCloses(ctx, now)
	case KindMidpoint:
		return j.Midpoints(ctx, now)
	case "celebrate":
		return j.Celebrations(ctx, now)
	case KindBreachScan:
		_, err := j.BreachScan(ctx, now)
		return err
	}
	return sla.Errorf(sla.Invalid, "unknown job %q (jobs: digest, breach-scan, month-close, midpoint, celebrate)", name)
}

// Digests posts every agreement's weekly digest that is due at now.
func (j *Jobs) Digests(ctx context.Context, now time.Time) error {
	return j.eachAgreement(ctx, func(a sla.Agreement) error {
		_, err := j.DigestFor(ctx, a, now)
		return err
	})
}

// DigestFor posts a's digest if it is due and not yet sent: the status as
// Block Kit, then the three charts, each a part of its own.
func (j *Jobs) DigestFor(ctx context.Context, a sla.Agreement, now time.Time) (bool, error) {
	period, _, ok := j.Due(KindDigest, a, now)
	if !ok {
		return false, nil
	}
	month := sla.MonthOf(now, a.Location())
	pieces := []piece{{name: PartMessage, message: func() (render.Message, error) {
		in, err := j.Store.StatusInput(ctx, a, month, now)
		if err != nil {
			return render.Message{}, err
		}
		return j.withScorecards(ctx, a, month, now, render.Digest(in))
	}}}
	for _, kind := range ChartKinds {
		pieces = append(pieces, piece{name: "chart:" + kind, file: func() (render.File, error) {
			files, err := j.Charts.Charts(ctx, a, month, now, kind)
			if err != nil {
				return render.File{}, fmt.Errorf("%s chart: %w", kind, err)
			}
			return files[0], nil
		}})
	}
	return j.post(ctx, j.key(a, KindDigest, period), a.ChannelID, false, pieces)
}

func (j *Jobs) key(a sla.Agreement, kind, period string) sla.PostKey {
	return sla.PostKey{TeamID: a.TeamID, AgreementID: a.ID, Kind: kind, Period: period}
}

// message is a post of one message.
func message(fn func() (render.Message, error)) []piece {
	return []piece{{name: PartMessage, message: fn}}
}

// DigestNow posts a's digest at once (`/sla digest now`), outside the outbox:
// it is asked for, and its answer is the proof it went.
func (j *Jobs) DigestNow(ctx context.Context, team string, agreementID int64, now time.Time) error {
	a, err := j.Store.AgreementByID(ctx, team, agreementID)
	if err != nil {
		return err
	}
	month := sla.MonthOf(now, a.Location())
	in, err := j.Store.StatusInput(ctx, a, month, now)
	if err != nil {
		return err
	}
	msg, err := j.withScorecards(ctx, a, month, now, render.Digest(in))
	if err != nil {
		return err
	}
	if _, err := j.Slack.Post(ctx, a.ChannelID, msg); err != nil {
		return err
	}
	files, err := j.Charts.Charts(ctx, a, month, now)
	if err != nil {
		return fmt.Errorf("digest charts: %w", err)
	}
	var errs []error
	for _, f := range files {
		if err := j.Slack.Upload(ctx, a.ChannelID, f); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// MonthCloses runs every due month close.
func (j *Jobs) MonthCloses(ctx context.Context, now time.Time) error {
	return j.eachAgreement(ctx, func(a sla.Agreement) error {
		_, err := j.MonthCloseFor(ctx, a, now)
		return err
	})
}

// MonthCloseFor posts the closed month's report with its strike tally, a
// celebration when speed and depth were met, and a review prompt when the
// cancellation terms are met.
func (j *Jobs) MonthCloseFor(ctx context.Context, a sla.Agreement, now time.Time) (bool, error) {
	period, _, ok := j.Due(KindMonthClose, a, now)
	if !ok {
		return false, nil
	}
	month, err := sla.ParseMonth(period)
	if err != nil {
		return false, err
	}
	if !a.Covers(month) {
		return false, nil // the agreement did not exist yet: nothing to close
	}
	in, err := j.Store.StatusInput(ctx, a, month, now)
	if err != nil {
		return false, err
	}
	sent, err := j.post(ctx, j.key(a, KindMonthClose, period), a.ChannelID, false, message(func() (render.Message, error) {
		weeks, err := Weeks(ctx, j.Store, a, month, sla.MatureBefore(now, in.Targets.Within))
		return render.Report(render.ReportView{Status: in, Weeks: weeks, Closed: true}), err
	}))
	if err != nil {
		return sent, err
	}
	if in.SpeedVerdict() == sla.Met && in.DepthVerdict() == sla.Met {
		if _, err := j.post(ctx, j.key(a, KindCelebrateSales, period), a.ChannelID, false, message(func() (render.Message, error) {
			return render.SalesCelebration(in), nil
		})); err != nil {
			return sent, err
		}
	}
	misses, err := j.missedInARow(ctx, a, month, now)
	if err != nil {
		return sent, err
	}
	if a.CancelAfterMisses > 0 && misses >= a.CancelAfterMisses {
		if _, err := j.post(ctx, j.key(a, KindReview, period), a.ChannelID, false, message(func() (render.Message, error) {
			return render.ReviewPrompt(a, misses), nil
		})); err != nil {
			return sent, err
		}
	}
	if err := j.frictionReport(ctx, a, month, period); err != nil {
		return sent, err
	}
	return sent, nil
}

// missedInARow counts the months up to and including month whose MQL goal
// was set and missed, stopping at the first that was not.
func (j *Jobs) missedInARow(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time) (int, error) {
	n := 0
	for m := month; n < 24; m = m.Prev() {
		in, err := j.Store.StatusInput(ctx, a, m, now)
		if err != nil {
			return n, err
		}
		if in.GoalVerdict() != sla.Missed {
			return n, nil
		}
		n++
	}
	return n, nil
}

// Midpoints posts the mid-month review reminders that are due.
func (j *Jobs) Midpoints(ctx context.Context, now time.Time) error {
	return j.eachAgreement(ctx, func(a sla.Agreement) error { return j.midpointFor(ctx, a, now) })
}

func (j *Jobs) midpointFor(ctx context.Context, a sla.Agreement, now time.Time) error {
	period, _, ok := j.Due(KindMidpoint, a, now)
	if !ok {
		return nil
	}
	month, err := sla.ParseMonth(period)
	if err != nil {
		return err
	}
	in, err := j.Store.StatusInput(ctx, a, month, now)
	if err != nil {
		return err
	}
	_, err = j.post(ctx, j.key(a, KindMidpoint, period), a.ChannelID, false, message(func() (render.Message, error) {
		return render.Midpoint(in), nil
	}))
	return err
}

// Celebrations checks every agreement's MQL goal (the scheduler's safety net
// for goals reached through the webhook or an import).
func (j *Jobs) Celebrations(ctx context.Context, now time.Time) error {
	return j.eachAgreement(ctx, func(a sla.Agreement) error {
		_, err := j.celebrate(ctx, a, now)
		return err
	})
}

// CheckGoal celebrates once when the month's MQL goal is reached (called
// after a lead is recorded or a goal is set).
func (j *Jobs) CheckGoal(ctx context.Context, team string, agreementID int64, now time.Time) error {
	a, err := j.Store.AgreementByID(ctx, team, agreementID)
	if err != nil {
		return err
	}
	_, err = j.celebrate(ctx, a, now)
	return err
}

func (j *Jobs) celebrate(ctx context.Context, a sla.Agreement, now time.Time) (bool, error) {
	loc := a.Location()
	month := sla.MonthOf(now, loc)
	k := j.key(a, KindCelebrateMQL, month.String())
	if done, err := j.Store.PartsDone(ctx, k); err != nil || done[PartMessage] {
		return false, err
	}
	// Runs after every recorded lead: decide from the goal and the daily MQL
	// counts alone, and gather the whole status only to write the message.
	t, _, err := j.Store.TargetsFor(ctx, a.TeamID, a.ID, month)
	if err != nil || !t.MQLSet || t.MQLGoal <= 0 {
		return false, err
	}
	daily, err := j.Store.CountByBuckets(ctx, a.TeamID, a.ID, month.DayBounds(loc))
	if err != nil {
		return false, err
	}
	g := sla.NewGoalLineFrom(t.MQLGoal, month, a.CreatedAt, now, loc, 0)
	day := ReachedDay(daily, g.Judged())
	if day == 0 || g.Unjudged() {
		return false, nil
	}
	in, err := j.Store.StatusInput(ctx, a, month, now)
	if err != nil {
		return false, err
	}
	return j.post(ctx, k, a.ChannelID, false, message(func() (render.Message, error) {
		return render.GoalCelebration(in, day), nil
	}))
}

// Weeks are the weekly follow-up rows of a month (the report's table).
// Leads handed off before matureBefore are judged on depth.
func Weeks(ctx context.Context, st ChartStore, a sla.Agreement, month sla.Month, matureBefore time.Time) ([]render.WeekRow, error) {
	bs, err := st.HandoffBuckets(ctx, a.TeamID, a.ID, month.WeekBounds(a.Location()), matureBefore)
	if err != nil {
		return nil, err
	}
	return render.WeekRows(month, bs), nil
}

// ReachedDay is the day of the month on which the cumulative count first
// reached goal (0 if it has not).
func ReachedDay(daily []int, goal int) int {
	sum := 0
	for i, n := range daily {
		sum += n
		if sum >= goal {
			return i + 1
		}
	}
	return 0
}

// ActiveAgreements lets *Jobs serve as the cron's Runner.
func (j *Jobs) ActiveAgreements(ctx context.Context) ([]sla.Agreement, error) {
	return j.Store.ActiveAgreements(ctx)
}

// RunFor runs one kind of post for one agreement if it is due.
func (j *Jobs) RunFor(ctx context.Context, kind string, a sla.Agreement, now time.Time) error {
	var err error
	switch kind {
	case KindDigest:
		_, err = j.DigestFor(ctx, a, now)
	case KindMonthClose:
		_, err = j.MonthCloseFor(ctx, a, now)
	case KindMidpoint:
		err = j.midpointFor(ctx, a, now)
	}
	return err
}

// Sweep catches up every post that is due and not yet sent.
func (j *Jobs) Sweep(ctx context.Context, now time.Time) error {
	err := j.eachAgreement(ctx, func(a sla.Agreement) error {
		for _, kind := range ScheduledKinds {
			if err := j.RunFor(ctx, kind, a, now); err != nil {
				return err
			}
		}
		_, err := j.celebrate(ctx, a, now)
		return err
	})
	return errors.Join(err, j.SignoffDMs(ctx, now))
}

// Scan is the breach scan for the cron loop, and for the bot right after a
// hand-off, so the rep's notice does not wait for the loop.
func (j *Jobs) Scan(ctx context.Context, now time.Time) error {
	_, err := j.BreachScan(ctx, now)
	return err
}

// ScheduledKinds are the posts with a per-agreement schedule, in the order
// Sweep runs them.
var ScheduledKinds = []string{KindDigest, KindMonthClose, KindMidpoint}

// NextRun is the first scheduled instant of kind for a strictly after
// after; false when the job is off for a (a disabled digest) or has no
// schedule. The demo clock steps through these instants so the posts go out
// in the order a running bot would send them.
func NextRun(kind string, a sla.Agreement, after time.Time) (time.Time, bool) {
	rec, ok := Schedule(kind, a)
	if !ok {
		return time.Time{}, false
	}
	at := rec.Next(after, a.Location())
	return at, !at.IsZero()
}
