package ingest

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/slabot/slabot/sla"
)

// Exit statuses of the CLI commands.
const (
	ExitOK      = 0
	ExitFailure = 1 // the file could not be read, or the database failed
	ExitUsage   = 2 // bad arguments
)

const importUsage = `usage: slabot import leads <file.csv> --team <team id> --agreement <channel id or name>
                          [--format hubspot|salesforce|slabot] [--map "CSV column=field" ...]
  <file.csv> may be - for standard input. Fields for --map: ` + "%s" + `
  An empty field ignores the column: --map "Lifecycle Stage="`

// cliArgs is a small parser for "--flag value", "--flag=value" and
// positionals in any order (the standard flag package stops at the first
// positional, and the file comes first here).
type cliArgs struct {
	pos   []string
	vals  map[string][]string
	bools map[string]bool
}

func parseArgs(args []string, valued, boolean []string) (cliArgs, error) {
	out := cliArgs{vals: map[string][]string{}, bools: map[string]bool{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-" || !strings.HasPrefix(a, "-") {
			out.pos = append(out.pos, a)
			continue
		}
		if a == "--" {
			out.pos = append(out.pos, args[i+1:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case slices.Contains(boolean, name):
			if hasVal {
				return out, fmt.Errorf("--%s takes no value", name)
			}
			out.bools[name] = true
		case slices.Contains(valued, name):
			if !hasVal {
				if i+1 >= len(args) {
					return out, fmt.Errorf("--%s needs a value", name)
				}
				i++
				val = args[i]
			}
			out.vals[name] = append(out.vals[name], val)
		default:
			return out, fmt.Errorf("unknown flag %s", a)
		}
	}
	return out, nil
}

func (a cliArgs) one(name string) (string, error) {
	v := a.vals[name]
	switch len(v) {
	case 0:
		return "", nil
	case 1:
		return strings.TrimSpace(v[0]), nil
	}
	return "", fmt.Errorf("--%s is given %d times", name, len(v))
}

// RunImportCLI is `slabot import leads …`; args are the words after
// `slabot import` (a leading "import" is accepted too). It prints the
// summary and the rejected rows on stdout, warnings and progress on stderr,
// and returns the exit status.
func RunImportCLI(ctx context.Context, args []string, open Opener, stdin io.Reader, stdout, stderr io.Writer, users Users) int {
	usage := func(err error) int {
		fmt.Fprintf(stderr, "slabot import: %v\n"+importUsage+"\n", err, strings.Join(Fields, ", "))
		return ExitUsage
	}
	if len(args) > 0 && args[0] == "import" {
		args = args[1:]
	}
	a, err := parseArgs(args, []string{"team", "agreement", "format", "map"}, []string{"h", "help"})
	if err != nil {
		return usage(err)
	}
	if a.bools["h"] || a.bools["help"] {
		fmt.Fprintf(stdout, importUsage+"\n", strings.Join(Fields, ", "))
		return ExitOK
	}
	if len(a.pos) == 0 || a.pos[0] != "leads" {
		return usage(fmt.Errorf("what to import? only `leads` can be imported"))
	}
	if len(a.pos) != 2 {
		return usage(fmt.Errorf("give exactly one CSV file after `leads`"))
	}
	var opt Options
	for _, f := range []struct {
		name string
		to   *string
	}{{"team", &opt.Team}, {"agreement", &opt.Agreement}, {"format", &opt.Format}} {
		if *f.to, err = a.one(f.name); err != nil {
			return usage(err)
		}
	}
	if opt.Team == "" || opt.Agreement == "" {
		return usage(fmt.Errorf("--team and --agreement are required"))
	}
	opt.Format = strings.ToLower(opt.Format)
	if opt.Format != "" && !slices.Contains(Formats, opt.Format) {
		return usage(fmt.Errorf("--format %q: use hubspot, salesforce or slabot", opt.Format))
	}
	for _, m := range a.vals["map"] {
		mp, err := ParseMapping(m)
		if err != nil {
			return usage(err)
		}
		opt.Maps = append(opt.Maps, mp)
	}

	path := a.pos[1]
	var in io.Reader = stdin
	var size int64 = -1
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "slabot import: %v\n", err)
			return ExitFailure
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		in = f
	}
	store, err := open(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "slabot import: %v\n", err)
		return ExitFailure
	}
	defer store.Close()

	counter := &countingReader{r: in}
	rejects := newSpool()
	defer rejects.Close()
	var prog *importBar
	if isTerminal(stderr) {
		prog = newImportBar(stderr, size, &counter.n)
	}
	var warnings []string
	im := &Importer{
		Store: store,
		Users: users,
		Reject: func(line int, reason string) {
			rejects.Add(fmt.Sprintf("line %d: %s", line, reason))
		},
		Warn: func(msg string) { warnings = append(warnings, msg) },
	}
	if prog != nil {
		im.Progress = prog.update
	}
	res, ierr := im.Import(ctx, bufio.NewReaderSize(counter, 64<<10), opt)
	if prog != nil {
		prog.done(res.Rows)
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if ierr != nil && res.Rows == 0 && res.Rejected == 0 {
		// Nothing was read: no summary to give.
		fmt.Fprintf(stderr, "slabot import: %s\n", errorText(ierr))
		return ExitFailure
	}
	fmt.Fprintln(stdout, res.Summary())
	if err := rejects.Flush(stdout); err != nil {
		fmt.Fprintf(stderr, "slabot import: write the rejected rows: %v\n", err)
		return ExitFailure
	}
	if ierr != nil {
		fmt.Fprintf(stderr, "slabot import: stopped: %s\nThe rows before that are saved; importing the file again is safe.\n", errorText(ierr))
		return ExitFailure
	}
	return ExitOK
}

// errorText is the message of an sla error, else the whole error (the
// operator running the command sees the cause).
func errorText(err error) string {
	if e, ok := err.(*sla.Error); ok && e.Code != sla.Internal {
		return e.Message
	}
	return err.Error()
}

// RunWebhookSecretCLI is `slabot webhook-secret --team <id> [--rotate]`:
// prints the team's webhook secret, creating it when missing, replacing it
// with --rotate. Only the secret goes to stdout.
func RunWebhookSecretCLI(ctx context.Context, args []string, open Opener, stdout, stderr io.Writer) int {
	const usage = "usage: slabot webhook-secret --team <team id> [--rotate]"
	if len(args) > 0 && args[0] == "webhook-secret" {
		args = args[1:]
	}
	a, err := parseArgs(args, []string{"team"}, []string{"rotate", "h", "help"})
	if err == nil && len(a.pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", a.pos[0])
	}
	var team string
	if err == nil {
		team, err = a.one("team")
	}
	if a.bools["h"] || a.bools["help"] {
		fmt.Fprintln(stdout, usage)
		return ExitOK
	}
	if err == nil && team == "" {
		err = fmt.Errorf("--team is required")
	}
	if err != nil {
		fmt.Fprintf(stderr, "slabot webhook-secret: %v\n%s\n", err, usage)
		return ExitUsage
	}
	store, err := open(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "slabot webhook-secret: %v\n", err)
		return ExitFailure
	}
	defer store.Close()
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		fmt.Fprintf(stderr, "slabot webhook-secret: %v\n", err)
		return ExitFailure
	}
	secret, err := store.SetWebhookSecret(ctx, team, hex.EncodeToString(buf), a.bools["rotate"])
	if sla.ErrorCode(err) == sla.NotFound {
		fmt.Fprintf(stderr, "slabot webhook-secret: no workspace %s in this database; it appears once `/sla setup` has run there\n", team)
		return ExitFailure
	}
	if err != nil {
		fmt.Fprintf(stderr, "slabot webhook-secret: %s\n", errorText(err))
		return ExitFailure
	}
	fmt.Fprintln(stdout, secret)
	if a.bools["rotate"] {
		fmt.Fprintln(stderr, "rotated: requests signed with the previous secret are refused from now on")
	}
	return ExitOK
}

// countingReader counts the bytes read, for the progress ETA.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// isTerminal reports whether w is a terminal, where a progress bar helps
// (not a pipe or a log file).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// importBar draws the import's progress: rows, rows/s and, reading a file,
// the ETA. A CSV's row count is unknown until it is read, so the bar's
// total is estimated from the bytes read so far against the file's size
// and refined with every batch.
type importBar struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	size  int64 // -1: standard input, no ETA
	read  *atomic.Int64
	start time.Time
	drawn bool
}

func newImportBar(w io.Writer, size int64, read *atomic.Int64) *importBar {
	total := int64(-1)
	if size > 0 {
		total = size // a row takes at least a byte: an upper bound until the first batch
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("importing"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowTotalBytes(false), // the total is an estimate
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionSetPredictTime(size > 0),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return &importBar{w: w, bar: bar, size: size, read: read, start: time.Now()}
}

// update is the importer's Progress hook.
func (b *importBar) update(rows int) {
	if read := b.read.Load(); b.size > 0 && read > 0 {
		// One past the rows so far: the bar finishes in done, not before.
		est := max(int64(float64(rows)*float64(b.size)/float64(read)), int64(rows)+1)
		// Changing the total redraws the bar, so only for a change that shows.
		if cur := b.bar.GetMax64(); est*100 < cur*99 || est*100 > cur*101 || int64(rows) >= cur {
			b.bar.ChangeMax64(est)
		}
	}
	_ = b.bar.Set(rows)
	b.drawn = true
}

// done clears the bar and leaves a summary line.
func (b *importBar) done(rows int) {
	b.bar.ChangeMax64(int64(max(rows, 1)))
	_ = b.bar.Finish()
	if b.drawn {
		fmt.Fprintf(b.w, "%d rows in %s\n", rows, time.Since(b.start).Round(100*time.Millisecond))
	}
}

// spool keeps the rejected-row lines until the summary is printed: in
// memory while few, then in a temporary file, so memory stays flat.
type spool struct {
	mem  []string
	size int
	file *os.File
	buf  *bufio.Writer
	err  error
}

const spoolMemory = 1 << 20

func newSpool() *spool { return &spool{} }

func (s *spool) Add(line string) {
	if s.err != nil {
		return
	}
	if s.file == nil && s.size+len(line) > spoolMemory {
		f, err := os.CreateTemp("", "slabot-rejected-*.txt")
		if err != nil {
			s.err = err
			return
		}
		s.file, s.buf = f, bufio.NewWriter(f)
		for _, l := range s.mem {
			s.buf.WriteString(l + "\n")
		}
		s.mem = nil
	}
	if s.file != nil {
		_, s.err = s.buf.WriteString(line + "\n")
		return
	}
	s.mem = append(s.mem, line)
	s.size += len(line)
}

func (s *spool) Flush(w io.Writer) error {
	if s.err != nil {
		return s.err
	}
	if s.file == nil {
		for _, l := range s.mem {
			if _, err := io.WriteString(w, l+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := s.buf.Flush(); err != nil {
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.file)
	return err
}

func (s *spool) Close() {
	if s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
	}
}

// RunHubSpotCLI is `slabot hubspot connect --team <id> --agreement <ref>`:
// it binds the agreement to the portal of api's token (HubSpot's account
// details say which) and prints what it did. A refused token is one line
// naming HUBSPOT_TOKEN.
func RunHubSpotCLI(ctx context.Context, args []string, open Opener, api *HubSpot, stdout, stderr io.Writer) int {
	const usage = "usage: slabot hubspot connect --team <team id> --agreement <channel id or name>"
	if len(args) > 0 && args[0] == "hubspot" {
		args = args[1:]
	}
	a, err := parseArgs(args, []string{"team", "agreement"}, []string{"h", "help"})
	if a.bools["h"] || a.bools["help"] {
		fmt.Fprintln(stdout, usage)
		return ExitOK
	}
	if err == nil && (len(a.pos) != 1 || a.pos[0] != "connect") {
		err = fmt.Errorf("what to do? only `connect`")
	}
	var team, ref string
	if err == nil {
		team, err = a.one("team")
	}
	if err == nil {
		ref, err = a.one("agreement")
	}
	if err == nil && (team == "" || ref == "") {
		err = fmt.Errorf("--team and --agreement are required")
	}
	if err != nil {
		fmt.Fprintf(stderr, "slabot hubspot: %v\n%s\n", err, usage)
		return ExitUsage
	}
	store, err := open(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "slabot hubspot: %v\n", err)
		return ExitFailure
	}
	defer store.Close()
	s := &HubSpotSync{Store: store, API: api}
	c, ag, err := s.Connect(ctx, team, ref, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "slabot hubspot: %s\n", errorText(err))
		return ExitFailure
	}
	fmt.Fprintf(stdout, "connected the %s agreement to HubSpot portal %d; the hubspot-sync job reads its contacts every 5 minutes (now: slabot job run hubspot-sync)\n", ag.Name, c.Portal)
	return ExitOK
}
