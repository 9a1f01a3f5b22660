package commands

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/slabot/slabot/sla"
)

// UsageError is what Parse (and every exported value parser) returns for bad
// input. Msg says precisely what was wrong, in plain text (not yet escaped for
// Slack); Spec is the command whose usage should be shown beside it.
type UsageError struct {
	// Spec is nil when the subcommand itself is unknown, or when a value
	// parser was called on its own.
	Spec *Spec
	Msg  string

	group string // "lead" when `/sla lead <unknown>`: Reply lists the group's usages
}

func (e *UsageError) Error() string { return e.Msg }

// Unwrap lets sla.ErrorCode classify a usage error as sla.Invalid.
func (e *UsageError) Unwrap() error { return &sla.Error{Code: sla.Invalid, Message: e.Msg} }

// Years outside this range are typos, and bounding them keeps every month and
// time a parser returns inside what storage and the charts can handle.
const (
	minInputYear = 2000
	maxInputYear = 2100
)

// quoteInput quotes user input for a message: in backticks, backticks inside
// replaced (they would end the code span), long input cut.
func quoteInput(s string) string {
	if strings.TrimSpace(s) == "" {
		return "an empty value"
	}
	s = slackUnescape(s)
	s = strings.ReplaceAll(s, "`", "'")
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:59]) + "…"
	}
	return "`" + s + "`"
}

func usageValueErr(s, problem string) error {
	return &UsageError{Msg: quoteInput(s) + " " + problem}
}

// Slack escapes only these three in message text.
var slackUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

func slackUnescape(s string) string { return slackUnescaper.Replace(s) }

// unlink turns Slack's auto-links back into what was typed: a lead named
// acme.com arrives as <http://acme.com|acme.com>, an email as
// <mailto:ada@example.com|ada@example.com>. Entities are unescaped after.
func unlink(s string) string {
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") && len(s) > 2 {
		inner := s[1 : len(s)-1]
		if !strings.HasPrefix(inner, "@") && !strings.HasPrefix(inner, "#") && !strings.HasPrefix(inner, "!") {
			if i := strings.IndexByte(inner, '|'); i >= 0 {
				label := inner[i+1:]
				if strings.HasPrefix(inner, "mailto:") {
					label = inner[len("mailto:"):i]
				}
				return slackUnescape(label)
			}
			return slackUnescape(strings.TrimPrefix(inner, "mailto:"))
		}
	}
	return slackUnescape(s)
}

// ---------------------------------------------------------------------------
// Tokenizer

// argToken is one word of the command text: a positional word or key=value.
type argToken struct {
	key    string // lower-cased key of key=value; "" for a positional word
	val    string // the value without its quotes, Slack entities still escaped
	quoted bool   // the value was quoted
	raw    string // the token as typed, for messages
	end    int    // byte offset just past the token
	// afterKey is the raw key=value token right before this positional word
	// when that value was unquoted: `name=Ada Lovelace` lost its quotes.
	afterKey string
}

// argScanner splits the text lazily, so `/sla agreement set` can take the raw
// rest of the line as free text without tokenizing it.
type argScanner struct {
	text string
	pos  int
}

func isDoubleOpen(r rune) bool  { return r == '"' || r == '“' || r == '”' || r == '„' }
func isDoubleClose(r rune) bool { return r == '"' || r == '”' || r == '“' }
func isSingleOpen(r rune) bool  { return r == '\'' || r == '‘' }
func isSingleClose(r rune) bool { return r == '\'' || r == '’' }

func (sc *argScanner) skipSpace() {
	for sc.pos < len(sc.text) {
		r, n := utf8.DecodeRuneInString(sc.text[sc.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		sc.pos += n
	}
}

// atSpace reports whether i is the end of the text or a space.
func (sc *argScanner) atSpace(i int) bool {
	if i >= len(sc.text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(sc.text[i:])
	return unicode.IsSpace(r)
}

// rest is the untokenized remainder of the text.
func (sc *argScanner) rest() string { return strings.TrimSpace(sc.text[sc.pos:]) }

// keyPrefixLen is the length of a key (a letter, then letters, digits, _ or -) at
// the start of s when it is followed by '=', otherwise 0.
func keyPrefixLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-'):
		case i > 0 && c == '=':
			return i
		default:
			return 0
		}
	}
	return 0
}

// next returns the next token; ok is false at the end of the text. The error
// is a problem description (Msg of a UsageError without a Spec yet).
func (sc *argScanner) next() (t argToken, ok bool, err error) {
	sc.skipSpace()
	if sc.pos >= len(sc.text) {
		return argToken{}, false, nil
	}
	start := sc.pos
	if n := keyPrefixLen(sc.text[sc.pos:]); n > 0 {
		t.key = strings.ToLower(sc.text[sc.pos : sc.pos+n])
		sc.pos += n + 1
	}
	r, _ := utf8.DecodeRuneInString(sc.text[sc.pos:])
	if sc.pos < len(sc.text) && (isDoubleOpen(r) || isSingleOpen(r)) {
		v, err := sc.quoted(start)
		if err != nil {
			return argToken{}, false, err
		}
		t.val, t.quoted = v, true
	} else {
		t.val = sc.word()
		if t.key != "" && t.val == "" {
			return argToken{}, false, &UsageError{Msg: fmt.Sprintf("%s has no value: write %s=… without a space after the =", quoteInput(t.key+"="), t.key)}
		}
	}
	t.end = sc.pos
	t.raw = sc.text[start:sc.pos]
	return t, true, nil
}

// word reads an unquoted word. A Slack entity <…> is kept whole even when
// its label has spaces (a literal < always arrives escaped as &lt;).
func (sc *argScanner) word() string {
	start := sc.pos
	for sc.pos < len(sc.text) {
		r, n := utf8.DecodeRuneInString(sc.text[sc.pos:])
		if unicode.IsSpace(r) {
			break
		}
		if r == '<' {
			if j := strings.IndexByte(sc.text[sc.pos:], '>'); j > 0 {
				sc.pos += j + 1
				continue
			}
		}
		sc.pos += n
	}
	return sc.text[start:sc.pos]
}

// quoted reads a quoted value starting at sc.pos. A double quote ends at the
// next double quote; a single quote only at one followed by a space or the
// end, so an apostrophe inside ('Tim O’Brien') does not end it.
func (sc *argScanner) quoted(tokenStart int) (string, error) {
	open, n := utf8.DecodeRuneInString(sc.text[sc.pos:])
	from := sc.pos + n
	double := isDoubleOpen(open)
	for i := from; i < len(sc.text); {
		r, w := utf8.DecodeRuneInString(sc.text[i:])
		switch {
		case double && isDoubleClose(r):
			if !sc.atSpace(i + w) {
				return "", &UsageError{Msg: fmt.Sprintf("put a space after the closing quote in %s", quoteInput(sc.text[tokenStart:sc.wordEnd(i+w)]))}
			}
			sc.pos = i + w
			return sc.text[from:i], nil
		case !double && isSingleClose(r) && sc.atSpace(i+w):
			sc.pos = i + w
			return sc.text[from:i], nil
		}
		i += w
	}
	return "", &UsageError{Msg: fmt.Sprintf("the quote in %s is never closed: add the closing quote", quoteInput(sc.text[tokenStart:]))}
}

// wordEnd is the offset of the first space at or after i.
func (sc *argScanner) wordEnd(i int) int {
	for i < len(sc.text) {
		r, n := utf8.DecodeRuneInString(sc.text[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// all tokenizes the rest of the text.
func (sc *argScanner) all() ([]argToken, error) {
	var toks []argToken
	for {
		t, ok, err := sc.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return toks, nil
		}
		toks = append(toks, t)
	}
}

// ---------------------------------------------------------------------------
// Numbers

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// readDecimal reads 12, 12.5 or .5 as an exact rational; ok is false for
// anything else (signs, exponents, hex, a trailing point).
func readDecimal(s string) (*big.Rat, bool) {
	whole, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && !allDigits(frac) || !hasPoint && !allDigits(whole) || whole != "" && !allDigits(whole) {
		return nil, false
	}
	if len(s) > 40 { // no sensible figure is this long; keeps big.Rat cheap
		return nil, false
	}
	if whole == "" {
		whole = "0"
	}
	return new(big.Rat).SetString(whole + "." + frac + "0")
}

// ungroup removes thousands separators from 1,250,000; ok is false when the
// commas are misplaced (5,00) or s is not digits and commas.
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, true
	}
	groups := strings.Split(s, ",")
	for i, g := range groups {
		if !allDigits(g) || i == 0 && len(g) > 3 || i > 0 && len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// ---------------------------------------------------------------------------
// Money

// MaxMoney is the largest amount accepted, $1 trillion: larger is a typo,
// and the bound keeps every sum of amounts far from int64 overflow.
const MaxMoney = sla.Money(100 * 1_000_000_000_000)

const hintMoney = "use 5000, $5,000, 5k or 1.2M"

// ParseMoney reads an amount: 5000, $5,000, 5k, 1.2M, $1.5k, 2,500.50.
// k is thousands, M (or m) millions. The arithmetic is exact decimal; an
// amount finer than a cent, negative, with misplaced commas or above
// MaxMoney is rejected.
func ParseMoney(s string) (sla.Money, error) {
	m, p := readMoney(s)
	if p != "" {
		return 0, usageValueErr(s, p)
	}
	return m, nil
}

func readMoney(s string) (sla.Money, string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "$-") {
		return 0, "is negative: amounts are $0 or more"
	}
	s = strings.TrimPrefix(s, "$")
	mult := int64(1)
	if s != "" {
		switch s[len(s)-1] {
		case 'k', 'K':
			mult, s = 1_000, s[:len(s)-1]
		case 'm', 'M':
			mult, s = 1_000_000, s[:len(s)-1]
		}
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	whole, ok := ungroup(whole)
	if !ok {
		if allDigits(strings.ReplaceAll(s, ",", "")) || allDigits(strings.ReplaceAll(strings.Replace(s, ".", "", 1), ",", "")) {
			return 0, "has misplaced commas: group thousands like $5,000 or $1,250,000"
		}
		return 0, "is not an amount: " + hintMoney
	}
	num := whole
	if hasPoint {
		num += "." + frac
	}
	r, ok := readDecimal(num)
	if !ok {
		return 0, "is not an amount: " + hintMoney
	}
	cents := r.Mul(r, new(big.Rat).SetInt64(100*mult))
	if !cents.IsInt() {
		return 0, "is more precise than a cent"
	}
	if cents.Cmp(new(big.Rat).SetInt64(int64(MaxMoney))) > 0 {
		return 0, "is too large: the most is " + MaxMoney.String()
	}
	return sla.Money(cents.Num().Int64()), ""
}

// ---------------------------------------------------------------------------
// Percentages

const hintPercent = "use 50% or a fraction like 0.5"

// ParsePercent reads a percentage: 50%, 12.5%, 0%, 100%, or a bare number —
// a fraction when below 1 (0.5 is 50%), a percentage when above 1 (50 is
// 50%). A bare 1 is ambiguous (100% or 1%?) and rejected. Negative values,
// values above 100% and anything finer than one part per million
// (0.0001%) are rejected.
func ParsePercent(s string) (sla.Ratio, error) {
	r, p := readPercent(s)
	if p != "" {
		return 0, usageValueErr(s, p)
	}
	return r, nil
}

func readPercent(s string) (sla.Ratio, string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		return 0, "is negative: " + hintPercent
	}
	num, pct := strings.CutSuffix(s, "%")
	r, ok := readDecimal(num)
	if !ok {
		return 0, "is not a percentage: " + hintPercent
	}
	if !pct {
		switch r.Cmp(big.NewRat(1, 1)) {
		case 0:
			return 0, "is ambiguous as a percentage: write 100% or 1%"
		case 1:
			pct = true
		}
	}
	scale := int64(sla.RatioOne) // a fraction: 0.5 → 500000 ppm
	if pct {
		scale = int64(sla.RatioOne) / 100 // 50% → 500000 ppm
	}
	ppm := r.Mul(r, new(big.Rat).SetInt64(scale))
	if ppm.Cmp(new(big.Rat).SetInt64(int64(sla.RatioOne))) > 0 {
		return 0, "is more than 100%"
	}
	if !ppm.IsInt() {
		return 0, "is more precise than 0.0001%"
	}
	return sla.Ratio(ppm.Num().Int64()), ""
}

// ---------------------------------------------------------------------------
// Durations

// MaxDuration bounds durations typed in targets: longer is a typo.
const MaxDuration = 365 * 24 * time.Hour

const hintDuration = "use 90m, 1h, 1h30m, 2d or 1w"

// durationUnits, largest first. Seconds are accepted (45s) because a speed
// target that tight is odd but not wrong.
var durationUnits = []struct {
	names []string
	size  int64 // seconds
}{
	{[]string{"w", "wk", "wks", "week", "weeks"}, 7 * 86400},
	{[]string{"d", "day", "days"}, 86400},
	{[]string{"h", "hr", "hrs", "hour", "hours"}, 3600},
	{[]string{"m", "min", "mins", "minute", "minutes"}, 60},
	{[]string{"s", "sec", "secs", "second", "seconds"}, 1},
}

// ParseDuration reads a duration: 90m, 1h, 1h30m, 1.5h, 2d, 1w, 45s (units
// w, d, h, m, s or their words, each at most once, largest first; a day is
// 24 hours). Zero, negative, unitless, sub-second and over-a-year values
// are rejected.
func ParseDuration(s string) (time.Duration, error) {
	d, p := readDuration(s)
	if p != "" {
		return 0, usageValueErr(s, p)
	}
	return d, nil
}

func readDuration(s string) (time.Duration, string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "-") {
		return 0, "is negative: " + hintDuration
	}
	if r, ok := readDecimal(s); ok {
		if r.Sign() == 0 {
			return 0, "must be longer than zero: " + hintDuration
		}
		return 0, "has no unit: write " + s + "m, " + s + "h or " + s + "d"
	}
	total := new(big.Rat)
	last := -1 // index in durationUnits of the previous part
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= 'a' && s[k] <= 'z' {
			k++
		}
		r, ok := readDecimal(s[i:j])
		unit := durationUnitIndex(s[j:k])
		if !ok || unit < 0 || unit <= last {
			return 0, "is not a duration: " + hintDuration
		}
		last = unit
		total.Add(total, r.Mul(r, new(big.Rat).SetInt64(durationUnits[unit].size)))
		i = k
	}
	switch {
	case last < 0:
		return 0, "is not a duration: " + hintDuration
	case total.Sign() == 0:
		return 0, "must be longer than zero: " + hintDuration
	case total.Cmp(new(big.Rat).SetInt64(int64(MaxDuration/time.Second))) > 0:
		return 0, "is longer than a year"
	case !total.IsInt():
		return 0, "is more precise than a second"
	}
	return time.Duration(total.Num().Int64()) * time.Second, ""
}

func durationUnitIndex(u string) int {
	for i, unit := range durationUnits {
		for _, n := range unit.names {
			if u == n {
				return i
			}
		}
	}
	return -1
}

// ---------------------------------------------------------------------------
// Months, dates and times

var monthWords = map[string]time.Month{
	"jan": time.January, "january": time.January,
	"feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March,
	"apr": time.April, "april": time.April,
	"may": time.May,
	"jun": time.June, "june": time.June,
	"jul": time.July, "july": time.July,
	"aug": time.August, "august": time.August,
	"sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October,
	"nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

const hintMonth = "use 2026-12, dec or december"

// ParseMonth reads 2026-12, or a month name (dec, december, Dec). A name
// means its occurrence in the twelve months from 8 months before the
// current month (now in loc) to 3 months after it: in May 2026, "dec" is
// December 2025 and "aug" is August 2026. People mostly look back (reports,
// status) and plan a little ahead, hence the lopsided window.
func ParseMonth(s string, now time.Time, loc *time.Location) (sla.Month, error) {
	m, p := readMonth(s, now, loc)
	if p != "" {
		return sla.Month{}, usageValueErr(s, p)
	}
	return m, nil
}

func readMonth(s string, now time.Time, loc *time.Location) (sla.Month, string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if name, ok := monthWords[s]; ok {
		if loc == nil {
			loc = time.UTC
		}
		cur := sla.MonthOf(now, loc)
		for i := -8; i <= 3; i++ {
			t := time.Date(cur.Year, cur.Month+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
			if t.Month() == name {
				return sla.Month{Year: t.Year(), Month: t.Month()}, ""
			}
		}
	}
	y, m, ok := strings.Cut(s, "-")
	if !ok || len(y) != 4 || !allDigits(y) || len(m) < 1 || len(m) > 2 || !allDigits(m) {
		return sla.Month{}, "is not a month: " + hintMonth
	}
	year, _ := strconv.Atoi(y)
	mon, _ := strconv.Atoi(m)
	if mon < 1 || mon > 12 {
		return sla.Month{}, "is not a month: " + hintMonth
	}
	if year < minInputYear || year > maxInputYear {
		return sla.Month{}, fmt.Sprintf("is outside the years %d–%d", minInputYear, maxInputYear)
	}
	return sla.Month{Year: year, Month: time.Month(mon)}, ""
}

// ParseDate reads a civil date, 2026-12-25.
func ParseDate(s string) (sla.Date, error) {
	d, p := readDate(s)
	if p != "" {
		return sla.Date{}, usageValueErr(s, p)
	}
	return d, nil
}

func readDate(s string) (sla.Date, string) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return sla.Date{}, "is not a date: use 2026-12-25"
	}
	if t.Year() < minInputYear || t.Year() > maxInputYear {
		return sla.Date{}, fmt.Sprintf("is outside the years %d–%d", minInputYear, maxInputYear)
	}
	return sla.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, ""
}

const hintTime = "use 2026-12-01 09:30 (in the agreement's timezone), 09:30 for today, or RFC 3339 like 2026-12-01T09:30:00Z"

// ParseTime reads an instant:
//   - RFC 3339, with or without seconds (2026-12-01T09:30:00Z, 2026-12-01T09:30+01:00);
//   - YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DDTHH:MM[:SS], in loc;
//   - YYYY-MM-DD, midnight in loc;
//   - HH:MM (also 9:30, 9:30am), that time today (now in loc).
//
// A time in the future is not rejected here: whether that is wrong depends on
// the command, so the handlers decide.
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	t, p := readTime(s, now, loc)
	if p != "" {
		return time.Time{}, usageValueErr(s, p)
	}
	return t, nil
}

func readTime(s string, now time.Time, loc *time.Location) (time.Time, string) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	var t time.Time
	var err error = fmt.Errorf("no layout")
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
		if t, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err = time.ParseInLocation(layout, s, loc); err == nil {
				break
			}
		}
	}
	if err != nil && (strings.Contains(s, ":") || strings.HasSuffix(strings.ToLower(s), "m")) {
		if mins, ok := readClock(s, false); ok {
			y, mo, d := now.In(loc).Date()
			t, err = time.Date(y, mo, d, mins/60, mins%60, 0, 0, loc), nil
		}
	}
	if err != nil {
		return time.Time{}, "is not a time: " + hintTime
	}
	if t.Year() < minInputYear || t.Year() > maxInputYear {
		return time.Time{}, fmt.Sprintf("is outside the years %d–%d", minInputYear, maxInputYear)
	}
	return t, ""
}

// readClock reads a time of day as minutes after midnight: 9, 09, 9:30, 09:30,
// 9am, 5:30pm. 24:00 (or 24) is accepted only when allow24, as the end of
// a day.
func readClock(s string, allow24 bool) (int, bool) {
	s = strings.ToLower(s)
	ampm := ""
	if strings.HasSuffix(s, "am") || strings.HasSuffix(s, "pm") {
		ampm, s = s[len(s)-2:], s[:len(s)-2]
	}
	h, m := s, "00"
	if i := strings.IndexByte(s, ':'); i >= 0 {
		h, m = s[:i], s[i+1:]
	}
	if len(h) < 1 || len(h) > 2 || !allDigits(h) || len(m) != 2 || !allDigits(m) {
		return 0, false
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if mm > 59 {
		return 0, false
	}
	if ampm != "" {
		if hh < 1 || hh > 12 {
			return 0, false
		}
		hh %= 12
		if ampm == "pm" {
			hh += 12
		}
	}
	if hh > 24 || hh == 24 && (mm != 0 || !allow24) {
		return 0, false
	}
	return hh*60 + mm, true
}

// looksLikeClock reports whether s looks like HH:MM (the second word of
// `at=2026-12-01 09:30`).
func looksLikeClock(s string) bool {
	_, ok := readClock(s, false)
	return ok && strings.Contains(s, ":")
}

func looksLikeDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// ---------------------------------------------------------------------------
// Slack users and channels

// ParseUser reads a Slack user mention, <@U123> or <@U123|name>, and returns
// the user id. Plain text like @ada is rejected with a hint: Slack only
// sends a mention when the person is picked from the autocomplete list.
func ParseUser(s string) (string, error) {
	id, p := readUser(s)
	if p != "" {
		return "", usageValueErr(s, p)
	}
	return id, nil
}

func readUser(s string) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "<@") && strings.HasSuffix(s, ">"):
		id, _, _ := strings.Cut(s[2:len(s)-1], "|")
		if validSlackID(id, "UW") {
			return id, ""
		}
		return "", "is not a valid mention: type @ and pick the person from Slack's list"
	case strings.HasPrefix(s, "<#"):
		return "", "is a channel, not a person: type @ and pick the person from Slack's list"
	case strings.HasPrefix(s, "<!subteam"):
		return "", "is a user group: mention one person"
	case strings.HasPrefix(s, "<!"):
		return "", "is a special mention: mention one person"
	case strings.HasPrefix(s, "@"):
		return "", "is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"
	}
	return "", "is not a mention of a person: type @ and pick them from Slack's autocomplete list"
}

// ParseChannel reads a Slack channel reference, <#C123|name> or <#C123>,
// and returns the channel id.
func ParseChannel(s string) (string, error) {
	id, p := readChannel(s)
	if p != "" {
		return "", usageValueErr(s, p)
	}
	return id, nil
}

func readChannel(s string) (string, string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<#") && strings.HasSuffix(s, ">") {
		id, _, _ := strings.Cut(s[2:len(s)-1], "|")
		if validSlackID(id, "CG") {
			return id, ""
		}
		return "", "is not a valid channel: type # and pick the channel from Slack's list"
	}
	if strings.HasPrefix(s, "#") {
		return "", "is plain text, not a channel link: type # and pick the channel from Slack's autocomplete list"
	}
	return "", "is not a channel: type # and pick the channel from Slack's autocomplete list"
}

// slackID checks an id like U0123ABCD: a prefix letter, then upper-case
// letters and digits.
func validSlackID(id, prefixes string) bool {
	if len(id) < 2 || len(id) > 32 || !strings.ContainsRune(prefixes, rune(id[0])) {
		return false
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// Business hours and weekdays

var weekdayWords = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "weds": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

func readWeekday(s string) (time.Weekday, bool) {
	d, ok := weekdayWords[strings.ToLower(s)]
	return d, ok
}

// dashReplacer accepts the en and em dashes that Hours.String prints and phones type.
var dashReplacer = strings.NewReplacer("–", "-", "—", "-")

// ParseHours reads a weekly schedule: "<days> <from>-<to>" or "24x7".
//   - days: mon-fri, mon,wed,fri, sat-sun, mon-sun (a range may wrap round
//     the week: fri-mon), or weekdays, weekends, daily;
//   - hours: 09:00-17:00, 9-17, 9am-5pm, 08:30-24:00 (24:00 ends at
//     midnight); a span must start before it ends, within one day.
//
// The two parts may come in either order, and what sla.Hours.String prints
// ("Mon, Wed, Fri 08:00–12:00") reads back. Mon–Sun 00:00–24:00 is kept as
// typed, not turned into 24x7, because 24x7 also ignores holidays.
func ParseHours(s string) (sla.Hours, error) {
	if strings.TrimSpace(s) == "" {
		return sla.Hours{}, &UsageError{Msg: "missing the hours: " + hintHours}
	}
	h, bad, p := readHours(s)
	if p != "" {
		return sla.Hours{}, usageValueErr(bad, p)
	}
	return h, nil
}

const hintHours = "use mon-fri 09:00-17:00 or 24x7"

// readHours returns, on error, the offending word and the problem.
func readHours(s string) (sla.Hours, string, string) {
	all := strings.Join(strings.Fields(s), " ")
	fields := strings.Fields(strings.ReplaceAll(all, ", ", ","))
	if len(fields) == 1 {
		if f := strings.ToLower(fields[0]); f == "24x7" || f == "24/7" {
			return sla.AlwaysOpen, "", ""
		}
	}
	if len(fields) != 2 {
		return sla.Hours{}, all, "is not a schedule: " + hintHours
	}
	daysWord, spanWord := fields[0], fields[1]
	if strings.ContainsAny(daysWord, "0123456789") && !strings.ContainsAny(spanWord, "0123456789") {
		daysWord, spanWord = spanWord, daysWord
	}
	var h sla.Hours
	var ok bool
	if h.Days, ok = readDays(daysWord); !ok {
		return sla.Hours{}, daysWord, "is not a list of days: use mon-fri, mon,wed,fri or sat-sun"
	}
	from, to, ok := strings.Cut(dashReplacer.Replace(spanWord), "-")
	if !ok {
		return sla.Hours{}, spanWord, "is not a span of hours: use 09:00-17:00 (24:00 ends at midnight)"
	}
	if h.Start, ok = readClock(from, false); ok {
		h.End, ok = readClock(to, true)
	}
	if !ok {
		return sla.Hours{}, spanWord, "is not a span of hours: use 09:00-17:00 (24:00 ends at midnight)"
	}
	if h.Start >= h.End {
		return sla.Hours{}, spanWord, "ends before it starts: working hours must fit in one day, like 09:00-17:00"
	}
	return h, "", ""
}

func readDays(s string) ([7]bool, bool) {
	var days [7]bool
	s = strings.ToLower(dashReplacer.Replace(s))
	switch s {
	case "weekdays":
		s = "mon-fri"
	case "weekend", "weekends":
		s = "sat-sun"
	case "daily", "everyday":
		s = "mon-sun"
	}
	for _, item := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(item, "-")
		a, ok := readWeekday(from)
		if !ok {
			return days, false
		}
		b := a
		if isRange {
			if b, ok = readWeekday(to); !ok {
				return days, false
			}
		}
		// walk forward from a to b, wrapping round the week (fri-mon)
		for d := a; ; d = (d + 1) % 7 {
			days[d] = true
			if d == b {
				break
			}
		}
	}
	return days, true
}

// ---------------------------------------------------------------------------
// Nines and counts

// ParseNines reads an uptime percentage, 99.9 or 99.9%, strictly between 0
// and 100. A bare number is always a percentage here (99.9, not 0.999).
func ParseNines(s string) (float64, error) {
	f, p := readNines(s)
	if p != "" {
		return 0, usageValueErr(s, p)
	}
	return f, nil
}

func readNines(s string) (float64, string) {
	num := strings.TrimSuffix(strings.TrimSpace(s), "%")
	if strings.HasPrefix(num, "-") {
		return 0, "is negative: an uptime is between 0% and 100%, like 99.9%"
	}
	r, ok := readDecimal(num)
	if !ok {
		return 0, "is not a percentage: write an uptime like 99.9%"
	}
	if r.Sign() <= 0 || r.Cmp(big.NewRat(100, 1)) >= 0 {
		return 0, "is not between 0% and 100%: write an uptime like 99.9%"
	}
	f, _ := r.Float64()
	return f, ""
}

// readCount reads a whole number (commas between thousands allowed) from 0 to max.
func readCount(s string, max int) (int, string) {
	digits, ok := ungroup(s)
	if !ok || !allDigits(digits) {
		if strings.HasPrefix(s, "-") {
			return 0, "is negative"
		}
		return 0, "is not a whole number"
	}
	if len(digits) > 12 {
		return 0, fmt.Sprintf("is too large: at most %d", max)
	}
	n, _ := strconv.Atoi(digits)
	if n > max {
		return 0, fmt.Sprintf("is too large: at most %d", max)
	}
	return n, ""
}

// ---------------------------------------------------------------------------
// Suggestions

// closestWord returns the candidate closest to word by edit distance, or "" when
// none is close enough to be what was meant.
func closestWord(word string, candidates []string) string {
	word = strings.ToLower(word)
	if word == "" || len(word) > 40 {
		return ""
	}
	best, bestD := "", 0
	for _, c := range candidates {
		d := osaDistance(word, c)
		limit := 2
		if len(c) <= 4 {
			limit = 1
		}
		if d <= limit && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// osaDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours (statsu → status is 1).
func osaDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// didYouMean formats a suggestion as a sentence tail, or "".
func didYouMean(word string, candidates []string, suffix string) string {
	if s := closestWord(word, candidates); s != "" {
		return " — did you mean `" + s + suffix + "`?"
	}
	return ""
}
