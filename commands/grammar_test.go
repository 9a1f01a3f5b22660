package commands

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below must load on any machine

	"github.com/slabot/slabot/sla"
)

// mustLoad loads a zone for a test table.
func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// wantUsageError checks that err is a *UsageError whose Msg contains want.
func wantUsageError(t *testing.T, in string, err error, want string) {
	t.Helper()
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Errorf("%q: error %v (%T), want a *UsageError", in, err, err)
		return
	}
	if !strings.Contains(ue.Msg, want) {
		t.Errorf("%q: message %q, want it to contain %q", in, ue.Msg, want)
	}
}

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sla.Money // cents
	}{
		{"5000", 500_000},
		{"$5,000", 500_000},
		{"5k", 500_000},
		{"5K", 500_000},
		{"1.2M", 120_000_000}, // 1.2 × 1,000,000 dollars × 100
		{"1.2m", 120_000_000},
		{"$1.5k", 150_000},          // $1,500
		{"2,500.50", 250_050},       // $2,500.50
		{"$1,250,000", 125_000_000}, // grouped millions
		{"$1,200k", 120_000_000},    // $1,200 thousand
		{"0", 0},
		{"0.01", 1},
		{".5", 50},
		{"1.23456k", 123_456}, // $1,234.56
		{" 42 ", 4_200},
		{"1000000000000", 100_000_000_000_000}, // $1 trillion, the most
	} {
		got, err := ParseMoney(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"", "an empty value is not an amount: use 5000, $5,000, 5k or 1.2M"},
		{"k", "`k` is not an amount: use 5000, $5,000, 5k or 1.2M"},
		{"$", "is not an amount"},
		{"abc", "`abc` is not an amount: use 5000, $5,000, 5k or 1.2M"},
		{"5,00", "`5,00` has misplaced commas: group thousands like $5,000 or $1,250,000"},
		{"50,00.5", "has misplaced commas"},
		{",500", "has misplaced commas"},
		{"1,2345", "has misplaced commas"},
		{"-5", "`-5` is negative: amounts are $0 or more"},
		{"-$5", "is negative"},
		{"$-5", "is negative"},
		{"0.001", "`0.001` is more precise than a cent"},
		{"1.234567k", "is more precise than a cent"}, // $1,234.567
		{"1000000000001", "is too large: the most is $1,000,000,000,000"},
		{"99999999999999999999999", "is too large"},
		{"5.", "is not an amount"},
		{"1e5", "is not an amount"},
		{"0x10", "is not an amount"},
		{"+5", "is not an amount"},
		{"5kk", "is not an amount"},
		{"5 000", "is not an amount"},
		{"1.2.3", "is not an amount"},
		{"$5,000.5,0", "is not an amount"},
	} {
		_, err := ParseMoney(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParsePercent(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sla.Ratio // ppm
	}{
		{"50%", 500_000},
		{"0.5", 500_000}, // a fraction
		{"12.5%", 125_000},
		{"50", 500_000}, // a bare number above 1 is a percentage
		{"100%", 1_000_000},
		{"100", 1_000_000},
		{"0%", 0},
		{"0", 0},
		{"1%", 10_000},
		{"1.5", 15_000}, // above 1, so 1.5 %
		{"0.999", 999_000},
		{"33.3333%", 333_333},
		{"0.000001", 1},
		{".25", 250_000},
		{" 75% ", 750_000},
	} {
		got, err := ParsePercent(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"1", "`1` is ambiguous as a percentage: write 100% or 1%"},
		{"1.0", "is ambiguous as a percentage"},
		{"-5%", "`-5%` is negative"},
		{"101%", "`101%` is more than 100%"},
		{"150", "is more than 100%"},
		{"12.34567%", "is more precise than 0.0001%"}, // 123456.7 ppm
		{"0.0000001", "is more precise than 0.0001%"},
		{"abc", "`abc` is not a percentage: use 50% or a fraction like 0.5"},
		{"%", "is not a percentage"},
		{"", "is not a percentage"},
		{"50%%", "is not a percentage"},
		{"5 0", "is not a percentage"},
		{"1e2", "is not a percentage"},
	} {
		_, err := ParsePercent(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"90m", 90 * time.Minute},
		{"1h", time.Hour},
		{"1h30m", 90 * time.Minute},
		{"1.5h", 90 * time.Minute},
		{"2d", 48 * time.Hour},
		{"1w", 7 * 24 * time.Hour},
		{"45s", 45 * time.Second},
		{"0.5m", 30 * time.Second},
		{"1H", time.Hour},
		{"2days", 48 * time.Hour},
		{"1hr", time.Hour},
		{"14d", 14 * 24 * time.Hour},
		{"1w2d3h4m5s", (7+2)*24*time.Hour + 3*time.Hour + 4*time.Minute + 5*time.Second},
		{"365d", 365 * 24 * time.Hour}, // the longest
		{"52w", 364 * 24 * time.Hour},
	} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"0", "`0` must be longer than zero"},
		{"0h", "must be longer than zero"},
		{"0h0m", "must be longer than zero"},
		{"-1h", "`-1h` is negative"},
		{"90", "`90` has no unit: write 90m, 90h or 90d"},
		{"1y", "`1y` is not a duration: use 90m, 1h, 1h30m, 2d or 1w"},
		{"30m1h", "is not a duration"}, // largest unit first
		{"1h1h", "is not a duration"},
		{"366d", "`366d` is longer than a year"},
		{"53w", "is longer than a year"}, // 371 days
		{"99999999999999w", "is longer than a year"},
		{"0.1s", "is more precise than a second"},
		{"", "is not a duration"},
		{"h", "is not a duration"},
		{"1.h", "is not a duration"},
		{"1h 30m", "is not a duration"},
		{"1e5s", "is not a duration"},
	} {
		_, err := ParseDuration(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParseMonth(t *testing.T) {
	// 14 May 2026: a month name means the one from September 2025 (8 months
	// back) to August 2026 (3 months ahead).
	may := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)
	// 31 May 23:30 UTC is already 1 June in Auckland (UTC+12): the window
	// there runs October 2025 to September 2026.
	lateMay := time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC)
	auckland := mustLoad(t, "Pacific/Auckland")
	for _, tc := range []struct {
		in   string
		now  time.Time
		loc  *time.Location
		want sla.Month
	}{
		{"2026-12", may, time.UTC, sla.Month{Year: 2026, Month: time.December}},
		{"2026-1", may, time.UTC, sla.Month{Year: 2026, Month: time.January}},
		{"2031-07", may, time.UTC, sla.Month{Year: 2031, Month: time.July}},
		{"dec", may, time.UTC, sla.Month{Year: 2025, Month: time.December}},
		{"December", may, time.UTC, sla.Month{Year: 2025, Month: time.December}},
		{"DEC", may, time.UTC, sla.Month{Year: 2025, Month: time.December}},
		{"may", may, time.UTC, sla.Month{Year: 2026, Month: time.May}},
		{"jan", may, time.UTC, sla.Month{Year: 2026, Month: time.January}},
		{"sep", may, time.UTC, sla.Month{Year: 2025, Month: time.September}},     // 8 back, the earliest
		{"sept", may, time.UTC, sla.Month{Year: 2025, Month: time.September}},    //
		{"aug", may, time.UTC, sla.Month{Year: 2026, Month: time.August}},        // 3 ahead, the latest
		{"sep", lateMay, time.UTC, sla.Month{Year: 2025, Month: time.September}}, // still May in UTC
		{"sep", lateMay, auckland, sla.Month{Year: 2026, Month: time.September}}, // June in Auckland
		{"jun", lateMay, auckland, sla.Month{Year: 2026, Month: time.June}},
		{"2026-06", lateMay, nil, sla.Month{Year: 2026, Month: time.June}},
	} {
		got, err := ParseMonth(tc.in, tc.now, tc.loc)
		if err != nil || got != tc.want {
			t.Errorf("ParseMonth(%q, %v, %v) = %v, %v; want %v", tc.in, tc.now, tc.loc, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"13", "`13` is not a month: use 2026-12, dec or december"},
		{"2026-13", "is not a month"},
		{"2026-00", "is not a month"},
		{"2026-123", "is not a month"},
		{"1999-12", "`1999-12` is outside the years 2000–2100"},
		{"2101-01", "is outside the years 2000–2100"},
		{"decem", "is not a month"},
		{"", "is not a month"},
		{"2026/12", "is not a month"},
		{"26-12", "is not a month"},
	} {
		_, err := ParseMonth(tc.in, may, time.UTC)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParseDate(t *testing.T) {
	got, err := ParseDate("2026-12-25")
	if want := (sla.Date{Year: 2026, Month: time.December, Day: 25}); err != nil || got != want {
		t.Errorf("ParseDate = %v, %v; want %v", got, err, want)
	}
	for _, tc := range []struct{ in, problem string }{
		{"2026-02-30", "`2026-02-30` is not a date: use 2026-12-25"},
		{"25/12/2026", "is not a date"},
		{"2026-12-25T10:00", "is not a date"},
		{"", "is not a date"},
		{"1999-01-01", "is outside the years 2000–2100"},
	} {
		_, err := ParseDate(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParseTime(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")                   // CET +01:00 in winter, CEST +02:00 in summer
	noon := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)  // 12:00 in Paris
	late := time.Date(2026, 5, 14, 23, 30, 0, 0, time.UTC) // already 15 May 01:30 in Paris
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		in   string
		now  time.Time
		want time.Time
	}{
		{"2026-12-01T09:30:00Z", noon, utc("2026-12-01T09:30:00Z")},
		{"2026-12-01T09:30:00+01:00", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01T09:30+01:00", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01T09:30:00.5Z", noon, utc("2026-12-01T09:30:00.5Z")},
		{"2026-12-01 09:30", noon, utc("2026-12-01T08:30:00Z")}, // CET
		{"2026-07-01 09:30", noon, utc("2026-07-01T07:30:00Z")}, // CEST
		{"2026-12-01T09:30", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01 09:30:15", noon, utc("2026-12-01T08:30:15Z")},
		{"2026-12-01 9:30", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01", noon, utc("2026-11-30T23:00:00Z")}, // midnight in Paris
		{"09:30", noon, utc("2026-05-14T07:30:00Z")},      // today in Paris
		{"9:30", noon, utc("2026-05-14T07:30:00Z")},
		{"4:30pm", noon, utc("2026-05-14T14:30:00Z")},
		{"09:30", late, utc("2026-05-15T07:30:00Z")},            // "today" is Paris's 15 May
		{"2027-01-01 00:00", noon, utc("2026-12-31T23:00:00Z")}, // the future is the handler's call
	} {
		got, err := ParseTime(tc.in, tc.now, paris)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"tomorrow", "`tomorrow` is not a time: use 2026-12-01 09:30 (in the agreement's timezone), 09:30 for today, or RFC 3339 like 2026-12-01T09:30:00Z"},
		{"2026-12-01 25:00", "is not a time"},
		{"2026-13-01", "is not a time"},
		{"9", "is not a time"},
		{"24:00", "is not a time"},
		{"", "is not a time"},
		{"1999-12-01 09:00", "is outside the years 2000–2100"},
	} {
		_, err := ParseTime(tc.in, noon, paris)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParseUserAndChannel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@U123>", "U123"},
		{"<@U0ABC123|maria>", "U0ABC123"},
		{"<@W0ENT1|grid user>", "W0ENT1"}, // Enterprise Grid ids start with W
	} {
		got, err := ParseUser(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseUser(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"@maria", "`@maria` is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"},
		{"U123", "is not a mention of a person"},
		{"<@u123>", "is not a valid mention"},
		{"<@>", "is not a valid mention"},
		{"<#C1|general>", "is a channel, not a person"},
		{"<!subteam^S1|@sales>", "is a user group"},
		{"<!here>", "is a special mention"},
		{"", "is not a mention"},
	} {
		_, err := ParseUser(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}

	for _, tc := range []struct{ in, want string }{
		{"<#C123|general>", "C123"},
		{"<#C123>", "C123"},
		{"<#G0PRIV|secret>", "G0PRIV"},
	} {
		got, err := ParseChannel(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseChannel(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"#general", "`#general` is plain text, not a channel link"},
		{"C123", "is not a channel"},
		{"<@U1>", "is not a channel"},
		{"<#c1>", "is not a valid channel"},
	} {
		_, err := ParseChannel(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParseHours(t *testing.T) {
	const mon, tue, wed, thu, fri, sat, sun = time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday
	days := func(ds ...time.Weekday) [7]bool {
		var out [7]bool
		for _, d := range ds {
			out[d] = true
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want sla.Hours
	}{
		{"mon-fri 09:00-17:00", sla.Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1020}}, // 9×60, 17×60
		{"mon,wed,fri 9-17", sla.Hours{Days: days(mon, wed, fri), Start: 540, End: 1020}},
		{"mon-sun 00:00-24:00", sla.Hours{Days: days(mon, tue, wed, thu, fri, sat, sun), Start: 0, End: 1440}}, // not 24x7
		{"sat-sun 10:00-14:00", sla.Hours{Days: days(sat, sun), Start: 600, End: 840}},
		{"09:00-24:00 mon-fri", sla.Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1440}},
		{"fri-mon 8:30-12:00", sla.Hours{Days: days(fri, sat, sun, mon), Start: 510, End: 720}}, // wraps round the week
		{"weekdays 9am-5pm", sla.Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1020}},
		{"Mon–Fri 09:00–17:00", sla.Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1020}}, // en dashes
		{"Mon, Wed, Fri 08:00–12:00", sla.Hours{Days: days(mon, wed, fri), Start: 480, End: 720}},
		{"MONDAY 12am-11:30pm", sla.Hours{Days: days(mon), Start: 0, End: 1410}},
		{"24x7", sla.AlwaysOpen},
		{"24/7", sla.AlwaysOpen},
		{"24X7", sla.AlwaysOpen},
	} {
		got, err := ParseHours(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseHours(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	// What sla.Hours.String prints reads back as the same hours.
	for _, h := range []sla.Hours{sla.DefaultHours, sla.AlwaysOpen,
		{Days: days(mon, wed, fri), Start: 480, End: 720},
		{Days: days(mon, fri, sat, sun), Start: 540, End: 1440},
		{Days: days(tue, wed), Start: 0, End: 30},
	} {
		if got, err := ParseHours(h.String()); err != nil || got != h {
			t.Errorf("ParseHours(%q) = %+v, %v; want %+v", h.String(), got, err, h)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"", "missing the hours: use mon-fri 09:00-17:00 or 24x7"},
		{"mon-fri", "`mon-fri` is not a schedule: use mon-fri 09:00-17:00 or 24x7"},
		{"09:00-17:00", "is not a schedule"},
		{"mon-fri 9-17 extra", "`mon-fri 9-17 extra` is not a schedule"},
		{"mon-fry 09:00-17:00", "`mon-fry` is not a list of days: use mon-fri, mon,wed,fri or sat-sun"},
		{"mon,,fri 9-17", "is not a list of days"},
		{"mon-fri 17:00-09:00", "`17:00-09:00` ends before it starts: working hours must fit in one day, like 09:00-17:00"},
		{"mon-fri 09:00-09:00", "ends before it starts"},
		{"mon-fri 09:00-25:00", "`09:00-25:00` is not a span of hours: use 09:00-17:00 (24:00 ends at midnight)"},
		{"mon-fri 24:00-24:00", "is not a span of hours"},
		{"mon-fri 9:60-17", "is not a span of hours"},
		{"mon-fri 09:00", "is not a span of hours"},
		{"mon-fri 13pm-14pm", "is not a span of hours"},
	} {
		_, err := ParseHours(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestParseNines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"99.9", 99.9},
		{"99.9%", 99.9},
		{"99.999%", 99.999},
		{"50", 50},
		{"0.5", 0.5}, // always a percentage here: 0.5 %
	} {
		got, err := ParseNines(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseNines(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"0", "`0` is not between 0% and 100%: write an uptime like 99.9%"},
		{"100", "is not between 0% and 100%"},
		{"100%", "is not between 0% and 100%"},
		{"-1", "is negative"},
		{"abc", "`abc` is not a percentage: write an uptime like 99.9%"},
		{"1e2", "is not a percentage"},
		{"NaN", "is not a percentage"},
		{"Inf", "is not a percentage"},
		{"", "is not a percentage"},
		{"99.9%%", "is not a percentage"},
	} {
		_, err := ParseNines(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}

func TestReadCount(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int
		problem string
	}{
		{"120", 120, ""},
		{"1,000", 1000, ""},
		{"0", 0, ""},
		{"1,00", 0, "is not a whole number"},
		{"1.5", 0, "is not a whole number"},
		{"-3", 0, "is negative"},
		{"1001", 0, "is too large: at most 1000"},
		{"99999999999999999999", 0, "is too large: at most 1000"},
	} {
		got, problem := readCount(tc.in, 1000)
		if got != tc.want || problem != tc.problem {
			t.Errorf("readCount(%q) = %d, %q; want %d, %q", tc.in, got, problem, tc.want, tc.problem)
		}
	}
}

func TestTokenize(t *testing.T) {
	type tok struct {
		key, val string
		quoted   bool
	}
	for _, tc := range []struct {
		in   string
		want []tok
	}{
		{"a b  c", []tok{{"", "a", false}, {"", "b", false}, {"", "c", false}}},
		{"key=value", []tok{{"key", "value", false}}},
		{"KEY=Value", []tok{{"key", "Value", false}}}, // keys are case-insensitive, values kept
		{`name="Ada Lovelace" x`, []tok{{"name", "Ada Lovelace", true}, {"", "x", false}}},
		{`name=“Ada Lovelace”`, []tok{{"name", "Ada Lovelace", true}}},
		{`“Ada Lovelace”`, []tok{{"", "Ada Lovelace", true}}},
		{`"Ada Lovelace”`, []tok{{"", "Ada Lovelace", true}}}, // mixed quotes
		{`'Tim O’Brien' x`, []tok{{"", "Tim O’Brien", true}, {"", "x", false}}},
		{`‘Ada’`, []tok{{"", "Ada", true}}},
		{`O'Brien`, []tok{{"", "O'Brien", false}}},
		{`5" x`, []tok{{"", `5"`, false}, {"", "x", false}}},
		{`<@U1|Maria Garcia> x`, []tok{{"", "<@U1|Maria Garcia>", false}, {"", "x", false}}},
		{`owner=<@U1|Maria Garcia>`, []tok{{"owner", "<@U1|Maria Garcia>", false}}},
		{`a=b=c`, []tok{{"a", "b=c", false}}},
		{`"a=b"`, []tok{{"", "a=b", true}}},
		{`""`, []tok{{"", "", true}}},
		{`reason=""`, []tok{{"reason", "", true}}},
		{"a\u00a0b\tc\nd", []tok{{"", "a", false}, {"", "b", false}, {"", "c", false}, {"", "d", false}}},
		{"=x", []tok{{"", "=x", false}}},
		{"Ada &amp; Co", []tok{{"", "Ada", false}, {"", "&amp;", false}, {"", "Co", false}}}, // unescaped later, per use
		{"a < b", []tok{{"", "a", false}, {"", "<", false}, {"", "b", false}}},               // a lone < (cannot come from Slack) is a character
		{"", nil},
	} {
		sc := &argScanner{text: tc.in}
		toks, err := sc.all()
		if err != nil {
			t.Errorf("tokenize %q: %v", tc.in, err)
			continue
		}
		var got []tok
		for _, x := range toks {
			got = append(got, tok{x.key, x.val, x.quoted})
		}
		if len(got) != len(tc.want) {
			t.Errorf("tokenize %q = %+v, want %+v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("tokenize %q = %+v, want %+v", tc.in, got, tc.want)
				break
			}
		}
	}
	for _, tc := range []struct{ in, msg string }{
		{`"Ada Lovelace`, "the quote in `\"Ada Lovelace` is never closed: add the closing quote"},
		{`x name="Ada`, "the quote in `name=\"Ada` is never closed: add the closing quote"},
		{`“Ada`, "the quote in `“Ada` is never closed: add the closing quote"},
		{`'Ada`, "the quote in `'Ada` is never closed: add the closing quote"},
		{`'O’Brien`, "the quote in `'O’Brien` is never closed: add the closing quote"},
		{`"Ada"Lovelace x`, "put a space after the closing quote in `\"Ada\"Lovelace`"},
		{`name= x`, "`name=` has no value: write name=… without a space after the ="},
		{`name=`, "`name=` has no value: write name=… without a space after the ="},
	} {
		_, err := (&argScanner{text: tc.in}).all()
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Msg != tc.msg {
			t.Errorf("tokenize %q: error %v, want %q", tc.in, err, tc.msg)
		}
	}
}

func TestUnlinkAndUnescape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<http://acme.com|acme.com>", "acme.com"},
		{"<mailto:ada@example.com|ada@example.com>", "ada@example.com"},
		{"<mailto:ada@example.com>", "ada@example.com"},
		{"<https://acme.com>", "https://acme.com"},
		{"Ada &amp; Co", "Ada & Co"},
		{"&amp;lt;", "&lt;"}, // one pass: an escaped & stays what was typed
		{"&lt;b&gt;", "<b>"},
		{"<@U1|maria>", "<@U1|maria>"}, // mentions are not links
		{"<>", "<>"},
	} {
		if got := unlink(tc.in); got != tc.want {
			t.Errorf("unlink(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSuggestions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"statsu", "status", 1}, // a swap of neighbours
		{"hanoff", "handoff", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"same", "same", 0},
	} {
		if got := osaDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	for _, tc := range []struct {
		word string
		want string
	}{
		{"statsu", "status"},
		{"STATUS", "status"},
		{"hepl", "help"},
		{"laed", "lead"},
		{"xyz", ""},     // nothing close
		{"pln", "plan"}, // one letter missing from a short word
		{"pn", ""},      // two edits on a short word is too far
	} {
		if got := closestWord(tc.word, commandFirstWords()); got != tc.want {
			t.Errorf("closestWord(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestQuoteInput(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc", "`abc`"},
		{"a`b", "`a'b`"},
		{"Ada &amp; Co", "`Ada & Co`"},
		{"", "an empty value"},
		{strings.Repeat("x", 70), "`" + strings.Repeat("x", 59) + "…`"},
	} {
		if got := quoteInput(tc.in); got != tc.want {
			t.Errorf("quoteInput(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
