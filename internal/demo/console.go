package demo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/slabot/slabot/internal/demo/term"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/sla"
)

// Options configure a demo run (`slabot demo`).
type Options struct {
	DB        string    // SQLite file kept after the run; "" is a temporary one
	Out       string    // folder for uploaded PNGs; "" is demo-out
	Now       time.Time // the demo clock's start; zero is the wall clock
	Seed      bool      // fill a realistic agreement and two months of leads
	SeedValue uint64    // the generator's seed
	User      string    // who types, a handle ("kendra"); "" is kendra
	Channel   string    // where, a channel name ("smarketing"); "" is smarketing
	// Interactive shows a prompt and does not echo input (a person is typing).
	Interactive bool
	Color       bool // ANSI colours and bold
	Width       int  // columns; 0 is 80
	// Log receives the bot's own log; its error records count as internal
	// failures (a non-nil error from Run). nil discards the log.
	Log slog.Handler
}

// MaxAdvance bounds one `:time` step, so a typo cannot run jobs for years.
const MaxAdvance = 92 * 24 * time.Hour

// LookupUser finds a demo user by handle ("@kendra" or "kendra").
func LookupUser(handle string) (slackemu.User, bool) {
	h := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(handle), "@"))
	for _, u := range Users {
		if u.Name == h || strings.EqualFold(u.ID, h) {
			return u, true
		}
	}
	return slackemu.User{}, false
}

// LookupChannel finds a demo channel by name ("#smarketing" or "smarketing").
func LookupChannel(name string) (slackemu.Channel, bool) {
	n := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "#"))
	for _, c := range Channels {
		if c.Name == n || strings.EqualFold(c.ID, n) {
			return c, true
		}
	}
	return slackemu.Channel{}, false
}

// DemoNames resolves the demo workspace's ids.
func DemoNames() term.Names {
	n := term.Names{Users: map[string]string{"U0BOT": "slabot"}, Channels: map[string]string{}}
	for _, u := range Users {
		n.Users[u.ID] = u.Name
	}
	for _, c := range Channels {
		n.Channels[c.ID] = c.Name
	}
	return n
}

func handles() string {
	var hs []string
	for _, u := range Users {
		hs = append(hs, "@"+u.Name)
	}
	return strings.Join(hs, ", ")
}

func channelNames() string {
	var cs []string
	for _, c := range Channels {
		cs = append(cs, "#"+c.Name)
	}
	return strings.Join(cs, ", ")
}

// counting passes log records on and counts the errors among them.
type counting struct {
	inner slog.Handler
	n     *atomic.Int64
}

func (h counting) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError || h.inner.Enabled(ctx, l)
}

func (h counting) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.n.Add(1)
	}
	if h.inner.Enabled(ctx, r.Level) {
		return h.inner.Handle(ctx, r)
	}
	return nil
}

func (h counting) WithAttrs(as []slog.Attr) slog.Handler {
	return counting{h.inner.WithAttrs(as), h.n}
}
func (h counting) WithGroup(g string) slog.Handler { return counting{h.inner.WithGroup(g), h.n} }

// Run starts the emulated workspace and the real bot, seeds it when asked,
// and runs the console over in until it ends or `:quit`. The error is an
// internal failure (the emulator, the bot or the database), never a
// command the bot refused.
func Run(ctx context.Context, o Options, in io.Reader, out io.Writer) error {
	if _, ok := LookupUser(or(o.User, "kendra")); !ok {
		return fmt.Errorf("no user %q in the demo workspace (users: %s)", o.User, handles())
	}
	if _, ok := LookupChannel(or(o.Channel, "smarketing")); !ok {
		return fmt.Errorf("no channel %q in the demo workspace (channels: %s)", o.Channel, channelNames())
	}
	now := o.Now
	if now.IsZero() {
		now = LivelyNow(time.Now(), o.Seed)
	}
	now = now.Truncate(time.Second)

	dsn := o.DB
	if dsn == "" {
		dir, err := os.MkdirTemp("", "slabot-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "slabot.db")
	}
	var errs atomic.Int64
	inner := o.Log
	if inner == nil {
		inner = slog.DiscardHandler
	}
	log := slog.New(counting{inner, &errs})

	clk := &Clock{}
	clk.Set(now)
	w, err := Start(ctx, dsn, clk, log)
	if err != nil {
		return err
	}
	defer w.Close()

	c := newConsole(w, o, out)
	c.banner(dsn)
	if o.Seed {
		if err := c.seed(ctx, now, log); err != nil {
			return err
		}
	}
	if err := c.loop(ctx, in); err != nil {
		return err
	}
	if n := errs.Load(); n > 0 {
		return fmt.Errorf("%d internal error(s) were logged by the bot (see above)", n)
	}
	return nil
}

// newConsole is a console on a running world; o.User and o.Channel must
// name a demo user and channel.
func newConsole(w *World, o Options, out io.Writer) *console {
	u, _ := LookupUser(or(o.User, "kendra"))
	ch, _ := LookupChannel(or(o.Channel, "smarketing"))
	return &console{
		w: w, o: o, out: out, names: DemoNames(), style: term.Style{Width: o.Width, Color: o.Color},
		user: u.ID, channel: ch.ID, outDir: or(o.Out, "demo-out"),
	}
}

func or(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

type console struct {
	w      *World
	o      Options
	out    io.Writer
	names  term.Names
	style  term.Style
	user   string // U… typing
	outDir string

	channel string // C… where commands are typed
	msgs    int    // messages printed so far
	files   int    // files printed so far
	saved   int    // files saved, for their number prefix
	last    *slackemu.Message
	started bool // something was printed (for the blank lines between items)
	comment bool // the last thing printed was a script comment
}

func (c *console) zone() *time.Location {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// stamp is how the console shows the demo clock.
func (c *console) stamp(t time.Time) string {
	return t.In(c.zone()).Format("Mon 2 Jan 2006 15:04 MST")
}

// item starts a printed item: a blank line between items.
func (c *console) item() {
	if c.started {
		fmt.Fprintln(c.out)
	}
	c.started = true
	c.comment = false
}

// note prints the console's own words (not the bot's), wrapped.
func (c *console) note(format string, args ...any) {
	c.item()
	for _, l := range term.DimLines(fmt.Sprintf(format, args...), c.style) {
		fmt.Fprintln(c.out, l)
	}
}

func (c *console) banner(dsn string) {
	c.item()
	fmt.Fprintln(c.out, term.Bold("slabot demo", c.style)+" — the real bot against an emulated Slack workspace (Demo Co).")
	fmt.Fprintf(c.out, "The demo clock reads %s and moves only with :time (--now starts it elsewhere).\n", c.stamp(c.w.Clock.Now()))
	fmt.Fprintf(c.out, "You are %s in %s.\n", c.names.User(c.user), c.names.Channel(c.channel))
	if c.o.Interactive {
		fmt.Fprintf(c.out, "Database: %s. Charts are saved in %s/.\n", dsn, c.outDir)
		fmt.Fprintln(c.out, "Type /sla help, or :help for the console's own commands.")
	}
}

func (c *console) seed(ctx context.Context, now time.Time, log *slog.Logger) error {
	if _, err := c.w.Store.AgreementByChannel(ctx, TeamID, SeedChannel); err == nil {
		c.note("#smarketing already has an agreement in this database; not seeding again.")
		return nil
	} else if sla.ErrorCode(err) != sla.NotFound {
		return err
	}
	s, err := Seed(ctx, c.w.Store, now, c.o.SeedValue, log)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	loc := c.zone()
	month := sla.MonthOf(now, loc)
	c.note("Seeded #smarketing (seed %d): %d leads — %d MQLs in %s, %d so far in %s — %d won for %s, %d lost.",
		c.o.SeedValue, s.Leads, s.LastMonth, month.Prev().Label(), s.ThisMonth, month.Label(), s.Won, s.Revenue, s.Lost)
	return c.flush()
}

// loop reads lines until the input ends, :quit, or ctx is done.
func (c *console) loop(ctx context.Context, in io.Reader) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
		close(lines)
	}()
	for {
		if c.o.Interactive {
			fmt.Fprint(c.out, "\n"+term.Bold(fmt.Sprintf("%s %s ›", c.names.User(c.user), c.names.Channel(c.channel)), c.style)+" ")
			c.started = false
		}
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if c.o.Interactive {
					fmt.Fprintln(c.out)
				}
				return <-readErr
			}
			quit, err := c.do(ctx, line)
			if err != nil {
				return err
			}
			if quit {
				return nil
			}
		}
	}
}

// do runs one console line.
func (c *console) do(ctx context.Context, line string) (quit bool, err error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return false, nil
	}
	if strings.HasPrefix(line, "#") {
		if !c.o.Interactive {
			// Consecutive comment lines stay together as one paragraph.
			if !c.comment {
				c.item()
			}
			fmt.Fprintln(c.out, term.Dim(line, c.style))
			c.comment = true
		}
		return false, nil
	}
	if !c.o.Interactive {
		c.item()
		fmt.Fprintln(c.out, term.Bold("> "+line, c.style))
		c.started = true
	}
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "/sla":
		before, _ := c.w.Emu.OpenModal(c.user)
		if _, _, err := c.w.Command(ctx, c.user, c.channel, Mentions(rest)); err != nil {
			return false, err
		}
		if err := c.flush(); err != nil {
			return false, err
		}
		if m, ok := c.w.Emu.OpenModal(c.user); ok && m.Hash != before.Hash {
			c.showForm()
		}
		return false, nil
	case ":form":
		c.showForm()
	case ":submit":
		return false, c.submitForm(ctx, rest)
	case ":type":
		return false, c.typeField(ctx, rest)
	case ":user":
		u, ok := LookupUser(rest)
		if !ok {
			c.note("No user %q here. Users: %s.", rest, handles())
			return false, nil
		}
		c.user = u.ID
		c.note("You are now @%s — %s.", u.Name, u.RealName)
	case ":channel":
		ch, ok := LookupChannel(rest)
		if !ok {
			c.note("No channel %q here. Channels: %s.", rest, channelNames())
			return false, nil
		}
		c.channel = ch.ID
		c.note("You are now typing in #%s.", ch.Name)
	case ":time":
		return false, c.timeCmd(ctx, rest)
	case ":click":
		return false, c.click(ctx, rest)
	case ":home":
		v, err := c.w.Home(ctx, c.user)
		if err != nil {
			return false, err
		}
		c.item()
		fmt.Fprint(c.out, term.RenderView(v, c.names, c.style))
		return false, c.flush()
	case ":help", ":h", ":?":
		c.item()
		fmt.Fprint(c.out, consoleHelp)
	case ":quit", ":q", ":exit":
		return true, nil
	default:
		if strings.HasPrefix(word, ":") {
			c.note("Unknown console command %s; :help lists them.", word)
		} else {
			c.note("Type a slash command like /sla help, or :help for the console's own commands.")
		}
	}
	return false, nil
}

const consoleHelp = `Console commands (anything else starting with /sla goes to the bot):
  /sla …                 type a slash command as the current user in the current channel
  :user @kendra          act as another user: @kendra (marketing), @sam (sales),
                         @riley and @jo (reps), @alex (workspace admin)
  :channel #smarketing   type in another channel: #smarketing, #random
  :time                  show the demo clock
  :time +2h              move the clock forward (+30m, +1d, +1w, +1h30m) and run
  :time mon 09:00        the digests, month closes, reviews and breach scans that
  :time 2026-12-14 09:00 fall due on the way, in order (times in Europe/Berlin;
                         RFC 3339 works too); the clock never goes back
  :click 2               press button 2 of the last message with buttons (a nudge DM)
  :home                  open your App Home tab
  :form                  show the form open for you (/sla plan, setup, lead add
                         or target typed alone opens one)
  :type quota=$250k      fill one field (the plan's R, C and L follow)
  :submit key=value …    fill fields and send the form (owner=@riley picks a person)
  :quit                  leave (end of input does the same)
`

// flush prints what the bot did since the last flush: messages in order,
// then uploaded files (each saved under the output folder).
func (c *console) flush() error {
	ms := c.w.Emu.Messages()
	for _, m := range ms[c.msgs:] {
		c.item()
		fmt.Fprint(c.out, term.RenderMessage(m, c.user, c.names, c.style))
		if m.Kind != slackemu.Delete && len(m.Buttons()) > 0 {
			cp := m
			c.last = &cp
		}
	}
	c.msgs = len(ms)
	fs := c.w.Emu.Files()
	for _, f := range fs[c.files:] {
		if err := c.saveFile(f); err != nil {
			return err
		}
	}
	c.files = len(fs)
	return nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (c *console) saveFile(f slackemu.File) error {
	c.saved++
	name := fmt.Sprintf("%02d-%s", c.saved, unsafeName.ReplaceAllString(filepath.Base(f.Name), "_"))
	if err := os.MkdirAll(c.outDir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(c.outDir, name)
	if err := os.WriteFile(path, f.Content, 0o644); err != nil {
		return err
	}
	detail := fmt.Sprintf("%d bytes", len(f.Content))
	if strings.HasSuffix(strings.ToLower(f.Name), ".png") {
		cfg, err := png.DecodeConfig(bytes.NewReader(f.Content))
		if err != nil {
			return fmt.Errorf("the bot uploaded %s, which is not a PNG: %w", f.Name, err)
		}
		detail = fmt.Sprintf("%d×%d PNG", cfg.Width, cfg.Height)
	}
	c.item()
	fmt.Fprint(c.out, term.RenderFile(f, path, detail, c.names, c.style))
	return nil
}

// timeCmd moves the clock: "", "+2h", "mon 09:00", "09:00", a local date
// and time, or RFC 3339.
func (c *console) timeCmd(ctx context.Context, arg string) error {
	now := c.w.Clock.Now()
	if arg == "" {
		c.note("The demo clock reads %s.", c.stamp(now))
		return nil
	}
	target, err := ParseTime(arg, now, c.zone())
	if err != nil {
		c.note("%v", err)
		return nil
	}
	switch {
	case target.Before(now):
		c.note("The demo clock only moves forward; it reads %s.", c.stamp(now))
		return nil
	case target.Sub(now) > MaxAdvance:
		c.note("That is more than %d days ahead; move the clock in smaller steps.", int(MaxAdvance.Hours()/24))
		return nil
	}
	if err := c.advance(ctx, target); err != nil {
		return err
	}
	c.note("The demo clock reads %s.", c.stamp(target))
	return nil
}

// advance steps the clock from one due instant to the next up to target:
// the scheduled posts of every agreement and the breach scan's next lead
// check, running the jobs at each instant as cron would have.
func (c *console) advance(ctx context.Context, target time.Time) error {
	cur := c.w.Clock.Now()
	// What is due right now runs first: a running bot scans every two minutes.
	if err := c.runJobs(ctx, cur); err != nil {
		return err
	}
	for steps := 0; steps < 100_000; steps++ {
		next, ok, err := c.nextDue(ctx, cur)
		if err != nil {
			return err
		}
		if !ok || next.After(target) {
			break
		}
		c.w.Clock.Set(next)
		if err := c.runJobs(ctx, next); err != nil {
			return err
		}
		cur = next
	}
	c.w.Clock.Set(target)
	return nil
}

// nextDue is the first instant after cur at which a job may have work.
func (c *console) nextDue(ctx context.Context, cur time.Time) (time.Time, bool, error) {
	var next time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	as, err := c.w.Store.ActiveAgreements(ctx)
	if err != nil {
		return next, false, err
	}
	for _, a := range as {
		for _, kind := range app.ScheduledKinds {
			if t, ok := app.NextRun(kind, a, cur); ok {
				consider(t)
			}
		}
	}
	// DueLeads orders by next check: the first lead due by the far future
	// is the next one the breach scan will look at.
	due, err := c.w.Store.DueLeads(ctx, cur.AddDate(100, 0, 0), 1)
	if err != nil {
		return next, false, err
	}
	if len(due) > 0 {
		t := due[0].NextCheckAt
		if !t.After(cur) {
			// Still due after a scan at cur (a DM that failed is retried
			// later): look again a minute on rather than loop here.
			t = cur.Add(time.Minute)
		}
		consider(t)
	}
	return next, !next.IsZero(), nil
}

// runJobs runs the catch-up sweep (digests, month closes, mid-month
// reviews, celebrations) and the breach scan at t, printing what they send
// under a line with the time.
func (c *console) runJobs(ctx context.Context, t time.Time) error {
	headed := false
	show := func() error {
		if len(c.w.Emu.Messages()) == c.msgs && len(c.w.Emu.Files()) == c.files {
			return nil
		}
		if !headed {
			c.item()
			fmt.Fprintln(c.out, term.Bold("⏱ "+c.stamp(t), c.style))
			headed = true
		}
		return c.flush()
	}
	if err := c.left(c.w.Jobs.Sweep(ctx, t)); err != nil {
		return fmt.Errorf("scheduled posts at %s: %w", t.Format(time.RFC3339), err)
	}
	if err := show(); err != nil {
		return err
	}
	if _, err := c.w.Jobs.BreachScan(ctx, t); c.left(err) != nil {
		return fmt.Errorf("breach scan at %s: %w", t.Format(time.RFC3339), err)
	}
	return show()
}

// left prints the parts a job left for its next run (Slack refused them),
// which the demo goes on from; other errors it returns.
func (c *console) left(err error) error {
	var m *app.Missing
	if !errors.As(err, &m) {
		return err
	}
	c.item()
	fmt.Fprintln(c.out, term.Dim("⚠ "+m.Error(), c.style))
	return nil
}

var mentionRef = regexp.MustCompile(`(^|[\s=(\[{"'“‘,])([@#])([A-Za-z0-9._-]+)`)

// Mentions turns @handle and #channel, typed in the console, into the markup
// Slack's client sends once a person picks them from autocomplete:
// "sales=@sam" becomes "sales=<@U0SAM>", "#smarketing" "<#C0SMARKETING|smarketing>".
// Unknown names and emails (ada@example.com) are left alone.
func Mentions(text string) string {
	return mentionRef.ReplaceAllStringFunc(text, func(m string) string {
		sub := mentionRef.FindStringSubmatch(m)
		lead, sigil, name := sub[1], sub[2], sub[3]
		if sigil == "@" {
			if u, ok := LookupUser(name); ok {
				return lead + "<@" + u.ID + ">"
			}
		} else if ch, ok := LookupChannel(name); ok {
			return lead + "<#" + ch.ID + "|" + ch.Name + ">"
		}
		return m
	})
}

// ParseTime reads a `:time` argument relative to now: "+2h", "+1d",
// "+1h30m", "+1w" (an sla duration); "mon 09:00" or "09:00" (the next such
// time after now); "2026-12-14 09:00" (in loc) or RFC 3339 (sla.ParseDateTime).
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if rel, ok := strings.CutPrefix(s, "+"); ok {
		d, err := sla.ParseDuration(rel)
		if err != nil {
			return time.Time{}, timeUsage(s)
		}
		return now.Add(d), nil
	}
	if t, err := sla.ParseDateTime(s, loc); err == nil {
		return t, nil
	}
	fields := strings.Fields(s)
	day := -1
	if len(fields) == 2 {
		wd, err := sla.ParseWeekday(fields[0])
		if err != nil {
			return time.Time{}, timeUsage(s)
		}
		day = int(wd)
		fields = fields[1:]
	}
	if len(fields) != 1 || !strings.Contains(fields[0], ":") {
		return time.Time{}, timeUsage(s)
	}
	mins, err := sla.ParseClock(fields[0])
	if err != nil {
		return time.Time{}, timeUsage(s)
	}
	local := now.In(loc)
	for i := 0; i <= 7; i++ {
		d := local.AddDate(0, 0, i)
		t := time.Date(d.Year(), d.Month(), d.Day(), mins/60, mins%60, 0, 0, loc)
		if t.After(now) && (day < 0 || t.Weekday() == time.Weekday(day)) {
			return t, nil
		}
	}
	return time.Time{}, timeUsage(s)
}

func timeUsage(s string) error {
	return fmt.Errorf("%q is not a time: try :time +2h, :time +1d, :time mon 09:00, :time 2026-12-14 09:00 or an RFC 3339 time", s)
}

// click presses button n (from 1) of the last message shown with buttons,
// as the person who can see it: the DM's owner for a DM.
func (c *console) click(ctx context.Context, arg string) error {
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if c.last == nil {
		c.note("No message with buttons yet: nudge DMs have them (try :time +1h).")
		return nil
	}
	cur, ok := c.w.Emu.Current(c.last.Channel, c.last.TS)
	if !ok {
		c.note("That message is gone.")
		return nil
	}
	btns := cur.Buttons()
	if err != nil || n < 1 || n > len(btns) {
		c.note("Pick a button from 1 to %d: :click 1.", len(btns))
		return nil
	}
	b := btns[n-1]
	who := c.user
	if cur.IsDM && cur.DMUser != c.user {
		who = cur.DMUser
		c.note("(Clicking as %s: it is their DM.)", c.names.User(who))
	}
	same := 0
	for _, o := range btns {
		if o.ActionID == b.ActionID {
			same++
		}
	}
	if same == 1 {
		if _, err := c.w.Click(ctx, who, cur, b.ActionID); err != nil {
			return err
		}
		return c.flush()
	}
	// Several leads in one nudge share action ids; the emulator's
	// ClickButton presses the first, so send this button's payload itself.
	env, err := c.w.Emu.SendEnvelope(ctx, "interactive", c.clickPayload(who, cur, b), false)
	if err != nil {
		return err
	}
	if err := c.w.Wait(ctx, env); err != nil {
		return err
	}
	return c.flush()
}

// clickPayload is the block_actions payload Slack sends for a button,
// without a response_url (the bot then answers only by updating the DM).
func (c *console) clickPayload(user string, m slackemu.Message, b slackemu.Button) map[string]any {
	cfg := c.w.Emu.Config()
	chName := "directmessage"
	if name, ok := c.names.Channels[m.Channel]; ok {
		chName = name
	}
	return map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": c.names.Users[user], "name": c.names.Users[user], "team_id": cfg.TeamID},
		"api_app_id": cfg.AppID,
		"token":      cfg.VerificationToken,
		"container":  map[string]any{"type": "message", "message_ts": m.TS, "channel_id": m.Channel, "is_ephemeral": false},
		"team":       map[string]any{"id": cfg.TeamID, "domain": cfg.TeamDomain},
		"channel":    map[string]any{"id": m.Channel, "name": chName},
		"message":    map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "blocks": json.RawMessage(m.Blocks)},
		"state":      map[string]any{"values": map[string]any{}},
		"actions": []any{map[string]any{
			"action_id": b.ActionID, "block_id": b.BlockID, "value": b.Value, "type": "button",
			"text": map[string]any{"type": "plain_text", "text": b.Text, "emoji": true},
		}},
	}
}

// LivelyNow is where the demo clock starts without --now: the wall clock,
// except that a seeded month seen in its first week has little in it yet,
// so the clock starts on the 11th at 14:00 (Berlin, the demo's zone), a
// Thursday-afternoon kind of moment with leads, breaches and a digest ahead.
func LivelyNow(wall time.Time, seeded bool) time.Time {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil || !seeded {
		return wall
	}
	local := wall.In(berlin)
	if local.Day() >= 8 {
		return wall
	}
	return time.Date(local.Year(), local.Month(), 11, 14, 0, 0, 0, berlin)
}
