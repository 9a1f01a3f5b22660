package commands

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
)

// Parse tests run on 14 May 2026, 12:00 in Paris (CEST, +02:00): the default
// month is 2026-05 and month names mean September 2025 to August 2026.
var (
	testNow = time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)
	may2026 = sla.Month{Year: 2026, Month: time.May}
)

func ptr[T any](v T) *T { return &v }

func TestParse(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	weekdays := sla.DefaultHours.Days
	for _, tc := range []struct {
		in   string
		want Command
	}{
		{"", Help{}},
		{"   ", Help{}},
		{"help", Help{}},
		{"HELP Lead  Add", Help{Topic: "lead add"}},
		{"help /sla plan", Help{Topic: "plan"}},
		{"help target", Help{Topic: "target"}},
		{"help reports", Help{Topic: "reports"}},

		{"setup marketing=<@U0MKT|maria> sales=<@U0SAL>", Setup{Marketing: "U0MKT", Sales: "U0SAL", Kind: sla.KindInternal}},
		{`setup marketing=<@U1> sales=<@U2> service=<@U3> tz=Europe/Paris name="EMEA &amp; APAC" kind=multi-level`,
			Setup{Marketing: "U1", Sales: "U2", Service: "U3", TZ: "Europe/Paris", Name: "EMEA & APAC", Kind: sla.KindMultiLevel}},
		{"setup MARKETING=<@U1> Sales=<@U2> service=<@U3>", Setup{Marketing: "U1", Sales: "U2", Service: "U3", Kind: sla.KindMultiLevel}},
		{"setup marketing=<@U1> sales=<@U2> kind=Customer tz=utc", Setup{Marketing: "U1", Sales: "U2", TZ: "UTC", Kind: sla.KindCustomer}},
		{"setup marketing=<@U1> sales=<@U1> tz=america/new_york", Setup{Marketing: "U1", Sales: "U1", TZ: "America/New_York", Kind: sla.KindInternal}},
		{"setup marketing=<@U1> sales=<@U2> service=<@U3> kind=multilevel", Setup{Marketing: "U1", Sales: "U2", Service: "U3", Kind: sla.KindMultiLevel}},

		{"agreement", AgreementShow{}},
		{"Agreement Show", AgreementShow{}},
		{`agreement set summary "Marketing sends 100 leads."`, AgreementSet{Section: sla.SectionSummary, Text: "Marketing sends 100 leads."}},
		{`agreement set Marketing_Goal “100 MQLs a month”`, AgreementSet{Section: sla.SectionMarketingGoal, Text: "100 MQLs a month"}},
		{`agreement set touchpoints Weekly sync, Mondays;  "pipeline" review`, AgreementSet{Section: sla.SectionTouchpoints, Text: `Weekly sync, Mondays;  "pipeline" review`}},
		{`agreement set sales-needs "Leads" arrive with a phone number`, AgreementSet{Section: sla.SectionSalesNeeds, Text: `"Leads" arrive with a phone number`}},
		{`agreement set cancellation ""`, AgreementSet{Section: sla.SectionCancellation}},
		{`agreement set summary="Short text"`, AgreementSet{Section: sla.SectionSummary, Text: "Short text"}},
		{`agreement set consequences R&amp;D hears of &lt;3 strikes&gt;`, AgreementSet{Section: sla.SectionConsequences, Text: "R&D hears of <3 strikes>"}},

		// R = 5000 × 100 % etc. is the handler's; the parser reads the inputs:
		// $5,000 = 500,000 cents, 100 % = 1,000,000 ppm, $100 = 10,000 cents, 50 % = 500,000 ppm.
		{"plan quota=5000 share=100% deal=100 close=50%", Plan{
			Input: sla.PlanInput{Quota: 500_000, Share: 1_000_000, Deal: 10_000, Close: 500_000}, Month: may2026}},
		// $250k = 25,000,000 cents; $12.5k = 1,250,000 cents; 0.2 = 200,000 ppm; dec is December 2025 in May 2026.
		{"plan quota=$250k share=40% deal=$12.5k close=0.2 month=dec apply", Plan{
			Input: sla.PlanInput{Quota: 25_000_000, Share: 400_000, Deal: 1_250_000, Close: 200_000},
			Month: sla.Month{Year: 2025, Month: time.December}, MonthGiven: true, Apply: true}},
		{"plan APPLY quota=1 share=0% deal=1 close=1%", Plan{
			Input: sla.PlanInput{Quota: 100, Share: 0, Deal: 100, Close: 10_000}, Month: may2026, Apply: true}},
		// No deal= and close=: by segment. $100k = 10,000,000 cents, 50 % = 500,000 ppm.
		{"plan quota=100k share=50% apply", Plan{
			Input: sla.PlanInput{Quota: 10_000_000, Share: 500_000}, Month: may2026, Apply: true, Segmented: true}},
		{"target value=$12,000 month=2026-06", TargetValue{Value: 1_200_000, Month: sla.Month{Year: 2026, Month: time.June}, MonthGiven: true}},
		{"segment set Exec mix=50% deal=5k close=25% value=100", SegmentSet{Segment: sla.Segment{Name: "exec", Mix: 500_000, Deal: 500_000, Close: 250_000, Value: 10_000}}},
		{"segment remove exec", SegmentRemove{Name: "exec"}},
		{"segments", SegmentList{}},
		{"capacity", CapacityCmd{Minutes: 10, Hours: 40, Month: may2026}},
		{"capacity reps=5 minutes=12 hours=30 month=2026-06", CapacityCmd{Reps: 5, Minutes: 12, Hours: 30, Month: sla.Month{Year: 2026, Month: time.June}, MonthGiven: true}},
		{"history", History{}},
		{"history csv 2025-Q4", History{Period: sla.Period{From: sla.Month{Year: 2025, Month: time.October}, To: sla.Month{Year: 2025, Month: time.December}, Kind: sla.PeriodQuarter}, CSV: true}},
		{"history from=2025-11 to=2026-02", History{Period: sla.Period{From: sla.Month{Year: 2025, Month: time.November}, To: sla.Month{Year: 2026, Month: time.February}, Kind: sla.PeriodRange}}},

		{"target mql=120", TargetMQL{Goal: 120, Month: may2026}},
		{"target mql=1,500 month=2026-12", TargetMQL{Goal: 1500, Month: sla.Month{Year: 2026, Month: time.December}, MonthGiven: true}},
		{"target mql=0", TargetMQL{Goal: 0, Month: may2026}},
		{"target speed=1h depth=6 within=14d", TargetSales{Speed: "1h", Depth: ptr(6), Within: ptr(336 * time.Hour)}}, // 14 × 24 h
		{"target warn=80%", TargetSales{Warn: ptr(sla.Ratio(800_000))}},
		{"target Speed=5m", TargetSales{Speed: "5m"}},
		{"target group=15m cap=6", TargetNudges{Group: ptr(15 * time.Minute), Cap: ptr(6)}},
		{"target repeat=2h", TargetNudges{Repeat: ptr(2 * time.Hour)}},
		{"target cap=0 group=0", TargetNudges{Group: ptr(time.Duration(0)), Cap: ptr(0)}},

		{"hours mon-fri 09:00-17:00", Hours{Hours: sla.DefaultHours}},
		{`hours "mon-fri 08:30-18:00" tz=America/New_York`, Hours{Hours: sla.Hours{Days: weekdays, Start: 510, End: 1080}, TZ: "America/New_York"}},
		{"hours 24x7", Hours{Hours: sla.AlwaysOpen}},
		{"hours mon, wed, fri 9-17", Hours{Hours: sla.Hours{Days: [7]bool{time.Monday: true, time.Wednesday: true, time.Friday: true}, Start: 540, End: 1020}}},

		{"holiday add 2026-12-25", Holiday{Date: sla.Date{Year: 2026, Month: time.December, Day: 25}}},
		{"holiday remove 2026-12-25", Holiday{Remove: true, Date: sla.Date{Year: 2026, Month: time.December, Day: 25}}},

		{`lead add "Ada Lovelace" email=ada@example.com segment=Exec`, LeadAdd{Name: "Ada Lovelace", Email: "ada@example.com", Segment: "exec", Source: sla.SourceMarketing}},
		{"lead add Ada Lovelace", LeadAdd{Name: "Ada Lovelace", Source: sla.SourceMarketing}},
		// 09:30 in Paris on 1 December (CET, +01:00) is 08:30 UTC.
		{"lead add <mailto:Grace@Example.com|Grace@Example.com> source=sales owner=<@U0SAM|sam> id=hs-1042 at=2026-12-01 09:30",
			LeadAdd{Email: "grace@example.com", Source: sla.SourceSales, Owner: "U0SAM", ExternalID: "hs-1042", At: utc("2026-12-01T08:30:00Z")}},
		{"lead add “Smith &amp; Sons”", LeadAdd{Name: "Smith & Sons", Source: sla.SourceMarketing}},
		{`lead add grace@example.com name="Grace Hopper"`, LeadAdd{Name: "Grace Hopper", Email: "grace@example.com", Source: sla.SourceMarketing}},
		{"lead add Ada ada@example.com", LeadAdd{Name: "Ada", Email: "ada@example.com", Source: sla.SourceMarketing}},
		{"lead add <http://acme.com|acme.com>", LeadAdd{Name: "acme.com", Source: sla.SourceMarketing}},
		{`lead add "ada@example.com"`, LeadAdd{Email: "ada@example.com", Source: sla.SourceMarketing}},
		{`lead add 'Tim O’Brien' segment="C-Level"`, LeadAdd{Name: "Tim O’Brien", Segment: "c-level", Source: sla.SourceMarketing}},
		{"LEAD ADD Ada at=2026-05-14T08:00:00Z", LeadAdd{Name: "Ada", Source: sla.SourceMarketing, At: utc("2026-05-14T08:00:00Z")}},

		{"lead handoff L-42 <@U0SAM|sam>", LeadHandoff{Lead: LeadRef{Raw: "L-42", Seq: 42}, Rep: "U0SAM"}},
		// 14:00 in Paris on 1 December is 13:00 UTC.
		{`lead handoff ada@example.com to <@U0SAM> at="2026-12-01 14:00"`, LeadHandoff{Lead: LeadRef{Raw: "ada@example.com", Email: "ada@example.com"}, Rep: "U0SAM", At: utc("2026-12-01T13:00:00Z")}},
		{"lead hand-off hs-1042 <@U0SAM>", LeadHandoff{Lead: LeadRef{Raw: "hs-1042", External: "hs-1042"}, Rep: "U0SAM"}},
		{"lead handoff <mailto:Ada@Example.com|Ada@Example.com> <@U1>", LeadHandoff{Lead: LeadRef{Raw: "Ada@Example.com", Email: "ada@example.com"}, Rep: "U1"}},
		{"lead handoff to <@U1>", LeadHandoff{Lead: LeadRef{Raw: "to", External: "to"}, Rep: "U1"}}, // an external id may be "to"

		{"lead attempt L-42", LeadAttempt{Lead: LeadRef{Raw: "L-42", Seq: 42}, Via: sla.ViaCall}},
		// 15:10 at +01:00 is 14:10 UTC.
		{"lead attempt l-7 EMAIL at=2026-12-01T15:10:00+01:00", LeadAttempt{Lead: LeadRef{Raw: "l-7", Seq: 7}, Via: sla.ViaEmail, At: utc("2026-12-01T14:10:00Z")}},
		{"lead attempt L-1 via=meeting", LeadAttempt{Lead: LeadRef{Raw: "L-1", Seq: 1}, Via: sla.ViaMeeting}},
		{"lead attempt L-1 social", LeadAttempt{Lead: LeadRef{Raw: "L-1", Seq: 1}, Via: sla.ViaSocial}},

		// 16:20 today in Paris (CEST, +02:00) is 14:20 UTC.
		{"lead contacted L-42 at=16:20", LeadContacted{Lead: LeadRef{Raw: "L-42", Seq: 42}, At: utc("2026-05-14T14:20:00Z")}},
		{"lead contacted L-0", LeadContacted{Lead: LeadRef{Raw: "L-0", External: "L-0"}}}, // no lead 0: an external id

		{"lead won L-42 revenue=$12,500", LeadWon{Lead: LeadRef{Raw: "L-42", Seq: 42}, Revenue: 1_250_000}},
		// midnight in Paris on 18 December is 23:00 UTC the day before.
		{"lead won L-42 revenue=1.2k at=2026-12-18", LeadWon{Lead: LeadRef{Raw: "L-42", Seq: 42}, Revenue: 120_000, At: utc("2026-12-17T23:00:00Z")}},
		{"lead won L-42 revenue=0", LeadWon{Lead: LeadRef{Raw: "L-42", Seq: 42}}},

		{`lead lost L-42 reason="went with a competitor"`, LeadLost{Lead: LeadRef{Raw: "L-42", Seq: 42}, Reason: "went with a competitor"}},
		{"lead lost L-43", LeadLost{Lead: LeadRef{Raw: "L-43", Seq: 43}}},
		{"lead lost L-44 too expensive &amp; slow", LeadLost{Lead: LeadRef{Raw: "L-44", Seq: 44}, Reason: "too expensive & slow"}},

		{"lead show L-42", LeadShow{Lead: LeadRef{Raw: "L-42", Seq: 42}}},
		{"lead show hs-1042", LeadShow{Lead: LeadRef{Raw: "hs-1042", External: "hs-1042"}}},
		{`lead show "CRM 7"`, LeadShow{Lead: LeadRef{Raw: "CRM 7", External: "CRM 7"}}},

		{"leads", Leads{}},
		{"leads Overdue", Leads{Filter: "overdue"}},
		{"leads mine", Leads{Filter: "mine"}},
		{"leads open", Leads{Filter: "open"}},

		{"status", Status{Month: may2026}},
		{"status post", Status{Month: may2026, Post: true}},
		{"status nov", Status{Month: sla.Month{Year: 2025, Month: time.November}, MonthGiven: true}},
		{"status POST 2026-04", Status{Month: sla.Month{Year: 2026, Month: time.April}, MonthGiven: true, Post: true}},
		{"status month=dec", Status{Month: sla.Month{Year: 2025, Month: time.December}, MonthGiven: true}},
		{"status 2025-Q4 post", Status{Month: may2026, Post: true, Period: sla.Period{From: sla.Month{Year: 2025, Month: time.October}, To: sla.Month{Year: 2025, Month: time.December}, Kind: sla.PeriodQuarter}}},
		{"report month=2025", Report{Month: may2026, Period: sla.Period{From: sla.Month{Year: 2025, Month: time.January}, To: sla.Month{Year: 2025, Month: time.December}, Kind: sla.PeriodYear}}},
		{"chart waterfall 2026-q1", Chart{Kind: "waterfall", Month: may2026, Period: sla.Period{From: sla.Month{Year: 2026, Month: time.January}, To: sla.Month{Year: 2026, Month: time.March}, Kind: sla.PeriodQuarter}}},

		{"chart waterfall", Chart{Kind: "waterfall", Month: may2026}},
		{"chart speed 2026-11", Chart{Kind: "speed", Month: sla.Month{Year: 2026, Month: time.November}, MonthGiven: true}},
		{"chart DEPTH month=apr", Chart{Kind: "depth", Month: sla.Month{Year: 2026, Month: time.April}, MonthGiven: true}},

		{"report", Report{Month: may2026}},
		{"report october post", Report{Month: sla.Month{Year: 2025, Month: time.October}, MonthGiven: true, Post: true}},

		{"nines 99.9", Nines{Percent: 99.9}},
		{"nines 99.999%", Nines{Percent: 99.999}},

		{`digest at "monday 09:00"`, DigestAt{Weekday: time.Monday, Hour: 9}},
		{"digest at fri 16:30", DigestAt{Weekday: time.Friday, Hour: 16, Minute: 30}},
		{"digest at “Tue 8am”", DigestAt{Weekday: time.Tuesday, Hour: 8}},
		{"digest at sunday 0:05", DigestAt{Weekday: time.Sunday, Minute: 5}},
		{"digest off", DigestOff{}},
		{"digest now", DigestNow{}},

		{"admin add <@U0PRI|priya>", AdminAdd{User: "U0PRI"}},
		{"admin remove <@U0PRI>", AdminRemove{User: "U0PRI"}},
	} {
		got, err := Parse(tc.in, testNow, paris)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(inUTC(got), inUTC(tc.want)) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", tc.in, got, tc.want)
		}
		if Lookup(got.Spec().Name) != got.Spec() {
			t.Errorf("Parse(%q): Spec %q is not in the table", tc.in, got.Spec().Name)
		}
	}
}

// inUTC makes At comparable with DeepEqual: the same instant parsed from
// 09:30 in Paris and from 08:30Z differs only in its location.
func inUTC(c Command) Command {
	switch c := c.(type) {
	case LeadAdd:
		c.At = c.At.UTC()
		return c
	case LeadHandoff:
		c.At = c.At.UTC()
		return c
	case LeadAttempt:
		c.At = c.At.UTC()
		return c
	case LeadContacted:
		c.At = c.At.UTC()
		return c
	case LeadWon:
		c.At = c.At.UTC()
		return c
	case LeadLost:
		c.At = c.At.UTC()
		return c
	}
	return c
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		spec string // "" for a nil Spec
		msg  string
	}{
		// unknown subcommands, with a suggestion when one is close
		{"statsu", "", "unknown subcommand `statsu` — did you mean `status`?"},
		{"frobnicate now", "", "unknown subcommand `frobnicate`"},
		{"quota=5000", "", "`quota=5000` is not a command: start with one, like `/sla status`"},
		{`"status"`, "", "`\"status\"` is not a command: start with one, like `/sla status`"},
		{"lead", "", "missing the `lead` subcommand: `add`, `handoff`, `attempt`, `contacted`, `won`, `lost`, `show`, `edit`, `delete`, `reopen` or `history`"},
		{"lead hanoff L-1", "", "unknown `lead` subcommand `hanoff` — did you mean `handoff`?"},
		{"lead frob", "", "unknown `lead` subcommand `frob`: use `add`, `handoff`, `attempt`, `contacted`, `won`, `lost`, `show`, `edit`, `delete`, `reopen` or `history`"},
		{"holiday 2026-12-25", "", "unknown `holiday` subcommand `2026-12-25`: use `add` or `remove`"},
		{"agreement frob", "", "unknown `agreement` subcommand `frob`: use `set`, `changes`, `approve`, `withdraw`, `approval` or `service`"},
		{"digest", "", "missing the `digest` subcommand: `at`, `off` or `now`"},
		{`"unclosed`, "", "the quote in `\"unclosed` is never closed: add the closing quote"},
		{`lead “add`, "", "the quote in `“add` is never closed: add the closing quote"},

		// help
		{"help leed", "help", "there is no command `leed` — did you mean `lead`?"},
		{"help foo bar", "help", "there is no command `foo bar`"},
		{"help x=1", "help", "`help` takes no options like `x=`"},

		// setup
		{"setup", "setup", "missing the party owners: add marketing=@user sales=@user"},
		{"setup sales=<@U2>", "setup", "missing the marketing owner: add marketing=@user"},
		{"setup marketing=<@U1>", "setup", "missing the sales owner: add sales=@user"},
		{"setup marketing=@maria sales=<@U2>", "setup", "`marketing=@maria` is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"},
		{"setup marketing=<@U1> sales=<@U2> tz=Mars/Olympus", "setup", "`tz=Mars/Olympus` is not a timezone: use an IANA name like Europe/Paris, America/New_York or UTC"},
		{"setup marketing=<@U1> sales=<@U2> tz=Local", "setup", "`tz=Local` is not a timezone: use an IANA name like Europe/Paris, America/New_York or UTC"},
		{"setup marketing=<@U1> sales=<@U2> tz=../../etc/passwd", "setup", "`tz=../../etc/passwd` is not a timezone: use an IANA name like Europe/Paris, America/New_York or UTC"},
		{"setup marketing=<@U1> sales=<@U2> kind=multi-level", "setup", "`kind=multi-level` needs a customer-service owner: add service=@user"},
		{"setup marketing=<@U1> sales=<@U2> service=<@U3> kind=internal", "setup", "`service=` is only for `kind=multi-level`"},
		{"setup marketing=<@U1> sales=<@U2> kind=custmer", "setup", "`kind=custmer` is not a kind — did you mean `customer`?"},
		{"setup marketing=<@U1> sales=<@U2> kind=partner", "setup", "`kind=partner` is not a kind: use `internal`, `multi-level` or `customer`"},
		{"setup name=Ada Lovelace marketing=<@U1> sales=<@U2>", "setup", "`Lovelace` is not expected here; if it belongs to `name=`, put the value in quotes: name=\"Ada Lovelace\""},
		{`setup marketing=<@U1> sales=<@U2> name=""`, "setup", "`name=` is empty: leave it out to name the agreement after the channel"},
		{"setup marketing=<@U1> marketing=<@U2>", "setup", "`marketing=` is given twice"},
		{"setup marketing=<@U1> sales=<@U2> owner=<@U3>", "setup", "unknown option `owner=` for `setup`"},
		{"setup marketing=<@U1> sales=<@U2> sevrice=<@U3>", "setup", "unknown option `sevrice=` for `setup` — did you mean `service=`?"},
		{`setup marketing=<@U1> sales=<@U2> name="` + strings.Repeat("n", 81) + `"`, "setup", "`name=` is too long: 81 characters, at most 80"},

		// agreement set
		{"agreement set", "agreement set", "missing the section: `summary`, `marketing-goal`, `shared-goal`, `sales-goal`, `marketing-needs`, `sales-needs`, `qualification`, `handoff`, `nurturing`, `touchpoints`, `consequences`, `cancellation`, `service-goal` or `service-needs`"},
		{"agreement set sumary x", "agreement set", "`sumary` is not a section — did you mean `summary`?"},
		{`agreement set "summary" x`, "agreement set", "`summary` is not a section — did you mean `summary`?"},
		{"agreement set summary", "agreement set", "missing the text: `/sla agreement set summary \"…\"` (\"\" clears the section)"},
		{`agreement set summary "unterminated`, "agreement set", "the quote in `\"unterminated` is never closed: add the closing quote"},
		{`agreement set summary="x" more`, "agreement set", "put the whole text in quotes: `/sla agreement set summary \"…\"`"},
		{"agreement set summary " + strings.Repeat("é", 2001), "agreement set", "the text is too long: 2001 characters, a section holds at most 2000"},
		{"agreement show extra", "agreement", "`extra` is not expected here"},

		// plan
		{"plan quoat=5000", "plan", "unknown option `quoat=` for `plan` — did you mean `quota=`?"},
		{"plan quota=5000 share=100% deal=100", "plan", "missing `close=<pct>`: give both `deal=` and `close=`, or neither to plan by segment"},
		{"plan", "plan", "missing `quota=<money>`, `share=<pct>`, `deal=<money>`, `close=<pct>`"},
		{"plan quota=5000", "plan", "missing `share=<pct>`"},
		{"plan quota=abc share=1% deal=1 close=1%", "plan", "`quota=abc` is not an amount: use 5000, $5,000, 5k or 1.2M"},
		{"plan quota=0 share=1% deal=1 close=1%", "plan", "`quota=0` must be more than $0"},
		{"plan quota=1 share=1% deal=$0.00 close=1%", "plan", "`deal=$0.00` must be more than $0"},
		{"plan quota=1 share=1% deal=1 close=0", "plan", "`close=0` must be more than 0%: no lead would ever close"},
		{"plan quota=1 share=1 deal=1 close=1%", "plan", "`share=1` is ambiguous as a percentage: write 100% or 1%"},
		{"plan quota=1 share=1% deal=1 close=150%", "plan", "`close=150%` is more than 100%"},
		{"plan quota=1 share=1% deal=1 close=1% aply", "plan", "`aply` is not expected here — did you mean `apply`?"},
		{"plan quota=1 share=1% deal=1 close=1% apply apply", "plan", "`apply` is not expected here"},
		{"plan quota=1 share=1% deal=1 close=1% month=13", "plan", "`month=13` is not a month: use 2026-12, dec or december"},
		{"plan quota=1 quota=2", "plan", "`quota=` is given twice"},
		{"PLAN QUOTA=1 quota=2", "plan", "`quota=` is given twice"},
		{"plan quota=1 share=1% deal=1 close=1% month=", "plan", "`month=` has no value: write month=… without a space after the ="},

		// target
		{"target mql=1 speed=1h", "", "set the MQL goal and the sales targets in two commands: `/sla target mql=…` and `/sla target speed=… depth=…`"},
		{"target speed=1h spede=2h", "", "unknown option `spede=` for `target` — did you mean `speed=`?"},
		{"target 120", "", "missing a target: `mql=<n>` for the MQL goal, `value=<money>` for the value goal, or `speed=`, `depth=`, `within=`, `warn=` for the sales targets, `repeat=`, `group=`, `cap=` for the nudge rules, `reassign=`, `pool-unowned=`, `strike-route=` for routing"},
		{"target month=dec", "target mql", "missing the goal: add mql=<number of leads>"},
		{"target mql=120 month=13", "target mql", "`month=13` is not a month: use 2026-12, dec or december"},
		{"target mql=abc", "target mql", "`mql=abc` is not a whole number"},
		{"target mql=-5", "target mql", "`mql=-5` is negative"},
		{"target mql=2000000", "target mql", "`mql=2000000` is too large: at most 1000000"},
		{"target mql=120 extra", "target mql", "`extra` is not expected here; if it belongs to `mql=`, put the value in quotes: mql=\"120 extra\""},
		{"target speed=1h month=dec", "target sales", "`month=` is only for `mql=`: the sales targets hold until they are changed"},
		{"target speed=0", "target sales", "`speed=0` must be longer than zero: use 90m, 1h, 1h30m, 2d or 1w"},
		{"target speed=90", "target sales", "`speed=90` has no unit: write 90m, 90h or 90d"},
		{"target within=2y", "target sales", "`within=2y` is not a duration: use 90m, 1h, 1h30m, 2d or 1w"},
		{"target depth=0", "target sales", "`depth=0` must be at least 1 attempt"},
		{"target group=10s", "target nudges", "`group=10s` must be at least 1m, or 0 to turn it off"},
		{"target cap=-1", "target nudges", "`cap=-1` is negative"},
		{"target repeat=40d", "target nudges", "`repeat=40d` must be at most 30d"},
		{"target cap=6 speed=1h", "", "set the nudge rules (`repeat=`, `group=`, `cap=`) in a command of their own: `/sla target group=15m cap=6`"},
		{"target cap=6 month=2026-12", "target nudges", "`month=` is only for `mql=`: the nudge rules hold until they are changed"},
		{"target depth=six", "target sales", "`depth=six` is not a whole number"},
		{"target warn=100%", "target sales", "`warn=100%` must be between 0% and 100%: the share of the speed target after which the rep is warned, like 75%"},
		{"target warn=0", "target sales", "`warn=0` must be between 0% and 100%: the share of the speed target after which the rep is warned, like 75%"},
		{"target warn=1", "target sales", "`warn=1` is ambiguous as a percentage: write 100% or 1%"},

		// hours and holidays
		{"hours", "hours", "missing the hours: `/sla hours mon-fri 09:00-17:00` or `/sla hours 24x7`"},
		{"hours mon-fri 17:00-09:00", "hours", "`17:00-09:00` ends before it starts: working hours must fit in one day, like 09:00-17:00"},
		{"hours mon-fry 9-17", "hours", "`mon-fry` is not a list of days: use mon-fri, mon,wed,fri or sat-sun"},
		{"hours mon-fri", "hours", "`mon-fri` is not a schedule: use mon-fri 09:00-17:00 or 24x7"},
		{"hours mon-fri 9-17 tz=Nowhere", "hours", "`tz=Nowhere` is not a timezone: use an IANA name like Europe/Paris, America/New_York or UTC"},
		{"hours mon-fri 9-17 zone=UTC", "hours", "unknown option `zone=` for `hours`"},
		{"holiday add", "holiday add", "missing the date: `/sla holiday add 2026-12-25`"},
		{"holiday add 2026-02-30", "holiday add", "`2026-02-30` is not a date: use 2026-12-25"},
		{"holiday remove 2026-12-25 2026-12-26", "holiday remove", "`2026-12-26` is not expected here"},

		// lead add
		{"lead add", "lead add", "missing the lead: `/sla lead add \"<name or email>\"`"},
		{"lead add segment=exec", "lead add", "missing the lead: `/sla lead add \"<name or email>\"`"},
		{"lead add Ada name=Bob", "lead add", "the name is given twice: `Ada` and `name=Bob`"},
		{"lead add a@b.co email=c@d.co", "lead add", "the email is given twice: `a@b.co` and `email=c@d.co`"},
		{"lead add a@b.co c@d.co", "lead add", "two emails, `a@b.co` and `c@d.co`: a lead has one"},
		{"lead add Ada email=nope", "lead add", "`email=nope` is not an email address like ada@example.com"},
		{"lead add Ada source=partner", "lead add", "`source=partner` is not a source: use `marketing` or `sales`"},
		{"lead add Ada source=sale", "lead add", "`source=sale` is not a source — did you mean `sales`?"},
		{"lead add Ada owner=@sam", "lead add", "`owner=@sam` is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"},
		{"lead add Ada owner=<#C1|general>", "lead add", "`owner=#general` is a channel, not a person: type @ and pick the person from Slack's list"},
		{"lead add Ada at=yesterday", "lead add", "`at=yesterday` is not a time: use 2026-12-01 09:30 (in the agreement's timezone), 09:30 for today, or RFC 3339 like 2026-12-01T09:30:00Z"},
		{"lead add Ada at=2026-12-01 25:00", "lead add", "`25:00` is not expected here; if it belongs to `at=`, put the value in quotes: at=\"2026-12-01 25:00\""},
		{"lead add Ada segment=exec director", "lead add", "`director` is not expected here; if it belongs to `segment=`, put the value in quotes: segment=\"exec director\""},
		{"lead add <@U1>", "lead add", "`<@U1>` is a person: to set the lead's owner write owner=<@U1>"},
		{"lead add Ada segment= exec", "lead add", "`segment=` has no value: write segment=… without a space after the ="},
		{"lead add “Ada", "lead add", "the quote in `“Ada` is never closed: add the closing quote"},
		{"lead add Ada id=" + strings.Repeat("x", 101), "lead add", "`id=" + strings.Repeat("x", 56) + "…` is not an external id: 1 to 100 characters"},
		{"lead add " + strings.Repeat("n", 201), "lead add", "the name is too long: 201 characters, at most 200"},
		{"lead add Ada segment=" + strings.Repeat("s", 41), "lead add", "`segment=` is too long: 41 characters, at most 40"},
		{"lead add Ada colour=red", "lead add", "unknown option `colour=` for `lead add`"},
		{"lead add Ada ID=1 id=2", "lead add", "`id=` is given twice"},

		// the other lead commands
		{"lead handoff", "lead handoff", "missing the lead: its id like L-42, its external id or its email"},
		{"lead handoff L-42", "lead handoff", "missing the rep: `/sla lead handoff <lead> @rep`, or `pool` for the round-robin pool"},
		{"lead handoff L-42 @sam", "lead handoff", "`@sam` is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"},
		{"lead handoff <@U1> L-42", "lead handoff", "`<@U1>` is a person: name the lead first, by its id like L-42, its external id or its email"},
		{"lead handoff L-42 <@U1> extra", "lead handoff", "`extra` is not expected here"},
		{"lead handoff L-42 <@U1> at=noon", "lead handoff", "`at=noon` is not a time: use 2026-12-01 09:30 (in the agreement's timezone), 09:30 for today, or RFC 3339 like 2026-12-01T09:30:00Z"},
		{"lead attempt L-1 emial", "lead attempt", "`emial` is not a way to follow up — did you mean `email`?"},
		{"lead attempt L-1 fax", "lead attempt", "`fax` is not a way to follow up: use `call`, `email`, `social` or `meeting`"},
		{"lead attempt L-1 email via=call", "lead attempt", "the way is given twice: `email` and `via=call`"},
		{"lead attempt L-1 call at=2026-12-01 09:30 extra", "lead attempt", "`extra` is not expected here"},
		{"lead contacted", "lead contacted", "missing the lead: its id like L-42, its external id or its email"},
		{"lead contacted L-1 revenue=5", "lead contacted", "unknown option `revenue=` for `lead contacted`"},
		{"lead won L-42", "lead won", "missing the revenue: add revenue=<money>, like revenue=$12,500"},
		{"lead won L-42 $5,000", "lead won", "write the amount as revenue=$5,000"},
		{"lead won L-42 revenue=abc", "lead won", "`revenue=abc` is not an amount: use 5000, $5,000, 5k or 1.2M"},
		{"lead won L-42 revenue=-5", "lead won", "`revenue=-5` is negative: amounts are $0 or more"},
		{"lead won L-42 revenue=$1.005", "lead won", "`revenue=$1.005` is more precise than a cent"},
		{"lead lost L-1 reason=too expensive", "lead lost", "`expensive` is not expected here; if it belongs to `reason=`, put the value in quotes: reason=\"too expensive\""},
		{"lead lost L-1 reason=" + strings.Repeat("r", 501), "lead lost", "`reason=` is too long: 501 characters, at most 500"},
		{"lead show", "lead show", "missing the lead: its id like L-42, its external id or its email"},
		{"lead show L-1 L-2", "lead show", "`L-2` is not expected here"},
		{"lead show <#C1|general>", "lead show", "`#general` is a channel: name the lead by its id like L-42, its external id or its email"},
		{`lead show ""`, "lead show", "`\"\"` is not a lead: use its id like L-42, its external id or its email"},
		{"leads overdu", "leads", "`overdu` is not a filter — did you mean `overdue`?"},
		{"leads all", "leads", "`all` is not a filter: use `mine`, `open` or `overdue`"},
		{"leads mine open", "leads", "`open` is not expected here"},

		// reports
		{"status psot", "status", "`psot` is not a month — did you mean `post`?"},
		{"status 2026-13", "status", "`2026-13` is not a month: use 2026-12, dec or december"},
		{"status nov dec", "status", "`dec` is not expected here"},
		{"status nov month=dec", "status", "`nov` is not expected here"},
		{"status post post", "status", "`post` is given twice"},
		{"chart", "chart", "missing the chart: `waterfall`, `speed` or `depth`"},
		{"chart waterfal", "chart", "`waterfal` is not a chart — did you mean `waterfall`?"},
		{"chart pie", "chart", "`pie` is not a chart: use `waterfall`, `speed` or `depth`"},
		{"chart speed post", "chart", "`post` is not a month: use 2026-12, dec or december"},
		{"report 1999-12", "report", "`1999-12` is outside the years 2000–2100"},
		{"nines", "nines", "missing the uptime: `/sla nines 99.9`"},
		{"nines 100", "nines", "`100` is not between 0% and 100%: write an uptime like 99.9%"},
		{"nines 99.9 99", "nines", "`99` is not expected here"},

		// digest and admins
		{"digest at", "digest at", "missing the day and time: use a weekday and a time, like `/sla digest at \"monday 09:00\"`"},
		{"digest at funday 09:00", "digest at", "`funday` is not a weekday: use a weekday and a time, like `/sla digest at \"monday 09:00\"`"},
		{"digest at monday 25:00", "digest at", "`25:00` is not a time of day: use a weekday and a time, like `/sla digest at \"monday 09:00\"`"},
		{"digest at monday", "digest at", "`monday` is not a day and time: use a weekday and a time, like `/sla digest at \"monday 09:00\"`"},
		{"digest off now", "digest off", "`now` is not expected here"},
		{"digest now x=1", "digest now", "`digest now` takes no options like `x=`"},
		{"admin add", "admin add", "missing the person: `/sla admin add @user`"},
		{"admin add @priya", "admin add", "`@priya` is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"},
		{"admin remove <@U1> <@U2>", "admin remove", "`<@U2>` is not expected here"},
	} {
		cmd, err := Parse(tc.in, testNow, time.UTC)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("Parse(%q) = %#v, %v; want a *UsageError", tc.in, cmd, err)
			continue
		}
		if cmd != nil {
			t.Errorf("Parse(%q) returned %#v with its error", tc.in, cmd)
		}
		if ue.Msg != tc.msg {
			t.Errorf("Parse(%q) message\n got %q\nwant %q", tc.in, ue.Msg, tc.msg)
		}
		spec := ""
		if ue.Spec != nil {
			spec = ue.Spec.Name
		}
		if spec != tc.spec {
			t.Errorf("Parse(%q) spec %q, want %q", tc.in, spec, tc.spec)
		}
		if sla.ErrorCode(err) != sla.Invalid {
			t.Errorf("Parse(%q): code %q, want invalid", tc.in, sla.ErrorCode(err))
		}
	}
}

func TestUsageErrorReply(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"lead won L-42", "missing the revenue: add revenue=&lt;money&gt;, like revenue=$12,500\n" +
			"Usage: `/sla lead won &lt;lead&gt; revenue=&lt;money&gt; [at=&lt;time&gt;] [confirm]`\n" +
			"Example: `/sla lead won L-42 revenue=$2M confirm`"},
		{"statsu", "unknown subcommand `statsu` — did you mean `status`?\nType `/sla help` to see every command."},
		{"digest", "missing the `digest` subcommand: `at`, `off` or `now`\nUsage:\n" +
			"`/sla digest at \"&lt;weekday&gt; HH:MM\"`\n`/sla digest off`\n`/sla digest now`"},
		{"target 120", "missing a target: `mql=&lt;n&gt;` for the MQL goal, `value=&lt;money&gt;` for the value goal, or `speed=`, `depth=`, `within=`, `warn=` for the sales targets, `repeat=`, `group=`, `cap=` for the nudge rules, `reassign=`, `pool-unowned=`, `strike-route=` for routing\nUsage:\n" +
			"`/sla target mql=&lt;n&gt; [month=…]`\n`/sla target [speed=&lt;duration&gt;] [depth=&lt;n&gt;] [within=&lt;duration&gt;] [warn=&lt;pct&gt;]`\n`/sla target [repeat=&lt;duration&gt;] [group=&lt;duration&gt;] [cap=&lt;n&gt;]`\n`/sla target`\n`/sla target [reassign=&lt;duration&gt;|off] [pool-unowned=on|off] [strike-route=on|off]`\n`/sla target value=&lt;money&gt; [month=…]`"},
		{"lead show <@U1|a&amp;b>", "`@a&amp;b` is a person: name the lead first, by its id like L-42, its external id or its email\n" +
			"Usage: `/sla lead show &lt;lead&gt;`\nExample: `/sla lead show ada@example.com`"},
	} {
		_, err := Parse(tc.in, testNow, time.UTC)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if got := ue.Reply(); got != tc.want {
			t.Errorf("Reply for %q\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestChanges(t *testing.T) {
	for _, tc := range []struct {
		cmd  Command
		want bool
	}{
		{Plan{}, false},
		{Plan{Apply: true}, true},
		{Setup{}, false}, // anyone may set up a channel that has no agreement
		{TargetMQL{}, true},
		{TargetSales{}, true},
		{Hours{}, true},
		{Holiday{Remove: true}, true},
		{DigestAt{}, true},
		{DigestOff{}, true},
		{DigestNow{}, false},
		{AdminAdd{}, true},
		{LeadAdd{}, false},
		{Status{}, false},
		{Help{}, false},
	} {
		if got := Changes(tc.cmd); got != tc.want {
			t.Errorf("Changes(%T) = %v, want %v", tc.cmd, got, tc.want)
		}
	}
}

// slackify turns an example as a person types it into the text Slack sends:
// a person picked from the autocomplete list becomes <@U…|name>, and an
// email is auto-linked.
var (
	mentionRe = regexp.MustCompile(`(^|[\s=])@([a-z]+)`)
	emailRe   = regexp.MustCompile(`[a-z0-9.+-]+@[a-z0-9-]+\.[a-z.]+`)
)

func slackify(s string) string {
	s = emailRe.ReplaceAllString(s, "<mailto:$0|$0>")
	return mentionRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := mentionRe.FindStringSubmatch(m)
		return sub[1] + "<@U" + strings.ToUpper(sub[2]) + "|" + sub[2] + ">"
	})
}

func TestSlackify(t *testing.T) {
	got := slackify("lead add grace@example.com owner=@sam @ann")
	want := "lead add <mailto:grace@example.com|grace@example.com> owner=<@USAM|sam> <@UANN|ann>"
	if got != want {
		t.Errorf("slackify = %q, want %q", got, want)
	}
}

// Every example in the table parses to its own command, so help never shows
// a broken example.
func TestExamplesParse(t *testing.T) {
	loc := mustLoad(t, "America/New_York")
	for _, s := range Specs {
		for _, ex := range s.Examples {
			text, ok := strings.CutPrefix(ex, "/sla ")
			if !ok && ex != "/sla" {
				t.Errorf("%s: example %q does not start with /sla", s.Name, ex)
				continue
			}
			variants := []string{slackify(text)}
			if !mentionRe.MatchString(text) {
				variants = append(variants, text) // an email need not be auto-linked
			}
			for _, v := range variants {
				cmd, err := Parse(v, testNow, loc)
				if err != nil {
					t.Errorf("%s: example %q: %v", s.Name, v, err)
					continue
				}
				if cmd.Spec() != s {
					t.Errorf("%s: example %q parses as %q", s.Name, v, cmd.Spec().Name)
				}
			}
		}
	}
}

func TestSpecsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Specs {
		if seen[s.Name] {
			t.Errorf("%s: listed twice", s.Name)
		}
		seen[s.Name] = true
		if Lookup(s.Name) != s || Lookup(" "+strings.ToUpper(s.Name)+" ") != s {
			t.Errorf("%s: Lookup does not find it", s.Name)
		}
		if !strings.HasPrefix(s.Usage, "/sla ") || s.Summary == "" || len(s.Examples) == 0 {
			t.Errorf("%s: needs a usage starting with /sla, a summary and an example", s.Name)
		}
		if s.cmd == nil || s.cmd.Spec() != s {
			t.Errorf("%s: its cmd is not a command of this spec", s.Name)
		}
		found := false
		for _, g := range Groups {
			found = found || s.Group == g
		}
		if !found {
			t.Errorf("%s: group %q is not in Groups", s.Name, s.Group)
		}
	}
	if Lookup("nope") != nil {
		t.Error("Lookup finds a command that does not exist")
	}
	// Every subcommand of the README's command reference plus hours, holidays, digest and admins.
	want := []string{"setup", "agreement", "agreement set", "hours", "holiday add", "holiday remove",
		"exception add", "exception remove", "agreement changes", "agreement approve", "agreement withdraw", "agreement approval", "agreement service",
		"plan", "target mql", "target sales", "target nudges", "target", "target reassign", "target value", "segment set", "segment remove", "segments",
		"lead add", "lead handoff", "lead attempt", "lead contacted", "lead won", "lead lost", "lead show", "leads",
		"lead edit", "lead delete", "lead reopen", "lead history", "friction add", "away", "pool", "pool add", "pool remove",
		"status", "chart", "report", "crm", "nines", "digest at", "digest off", "digest now", "status reps", "capacity", "history",
		"admin add", "admin remove", "help"}
	var got []string
	for _, s := range Specs {
		got = append(got, s.Name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Specs = %q\nwant %q", got, want)
	}
}

func TestHelpSections(t *testing.T) {
	secs := HelpSections()
	if len(secs) != len(Groups) {
		t.Fatalf("%d sections, want %d", len(secs), len(Groups))
	}
	lines := 0
	for i, sec := range secs {
		if sec.Title != Groups[i] {
			t.Errorf("section %d is %q, want %q", i, sec.Title, Groups[i])
		}
		text := sec.Text()
		if n := len([]rune(text)); n > 3000 {
			t.Errorf("section %s: %d characters, a Block Kit text holds 3000", sec.Title, n)
		}
		if strings.ContainsAny(text, "<>") {
			t.Errorf("section %s has an unescaped < or >: %q", sec.Title, text)
		}
		lines += len(sec.Lines)
	}
	if lines != len(Specs) {
		t.Errorf("%d help lines, want one per command (%d)", lines, len(Specs))
	}
	want := "`/sla holiday add &lt;YYYY-MM-DD&gt;` — Adds a holiday: the speed clock does not run that day. _(owners and admins)_"
	if got := secs[0].Lines[4]; got != want {
		t.Errorf("help line\n got %q\nwant %q", got, want)
	}
	if got, want := secs[2].Lines[7], "`/sla leads [mine|open|overdue]` — Lists leads: yours, the open ones, or those past their speed or depth target."; got != want {
		t.Errorf("help line\n got %q\nwant %q", got, want)
	}
}

func TestHelpText(t *testing.T) {
	all, err := HelpText("")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Specs {
		if !strings.Contains(all, "`"+escapeMrkdwn(s.Usage)+"`") {
			t.Errorf("help does not show %q", s.Usage)
		}
	}
	if strings.ContainsAny(all, "<>") {
		t.Errorf("help has an unescaped < or >")
	}

	got, err := HelpText("Digest  OFF")
	want := "`/sla digest off`\nStops the weekly digest. _(owners and admins)_\n_Examples:_\n`/sla digest off`"
	if err != nil || got != want {
		t.Errorf("HelpText(digest off) = %q, %v\nwant %q", got, err, want)
	}
	got, err = HelpText("/sla nines")
	want = "`/sla nines &lt;percent&gt;`\nThe downtime an uptime promise allows per year, month, week and day.\n_Examples:_\n`/sla nines 99.9`\n`/sla nines 99.999%`"
	if err != nil || got != want {
		t.Errorf("HelpText(/sla nines) = %q, %v\nwant %q", got, err, want)
	}

	for _, tc := range []struct {
		topic string
		want  []string
	}{
		{"lead", []string{"lead add", "lead handoff", "lead attempt", "lead contacted", "lead won", "lead lost", "lead show", "lead edit", "lead delete", "lead reopen", "lead history"}},
		{"target", []string{"target mql", "target sales", "target nudges", "target", "target reassign", "target value"}},
		{"agreement", []string{"agreement", "agreement set", "agreement changes", "agreement approve", "agreement withdraw", "agreement approval", "agreement service"}},
		{"leads", []string{"leads"}},
		{"admin", []string{"admin add", "admin remove"}},
		{"reports", []string{"status", "chart", "report", "crm", "nines", "digest at", "digest off", "digest now", "status reps", "capacity", "history"}},
		{"lead add", []string{"lead add"}},
		{"lea", nil},
	} {
		var got []string
		for _, s := range matchTopic(normalizeTopic(tc.topic)) {
			got = append(got, s.Name)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("topic %q matches %q, want %q", tc.topic, got, tc.want)
		}
		text, err := HelpText(tc.topic)
		if (err == nil) != (tc.want != nil) {
			t.Errorf("HelpText(%q): %v", tc.topic, err)
		}
		for _, name := range tc.want {
			for _, ex := range Lookup(name).Examples {
				if !strings.Contains(text, "`"+escapeMrkdwn(ex)+"`") {
					t.Errorf("HelpText(%q) lacks the example %q", tc.topic, ex)
				}
			}
		}
	}

	_, err = HelpText("leed")
	var ue *UsageError
	if !errors.As(err, &ue) || ue.Spec != Lookup("help") || ue.Msg != "there is no command `leed` — did you mean `lead`?" {
		t.Errorf("HelpText(leed): %v", err)
	}
}

func TestMarkdownReference(t *testing.T) {
	md := MarkdownReference()
	if !strings.HasPrefix(md, "## Commands\n") {
		t.Errorf("reference starts %q", md[:min(len(md), 40)])
	}
	last := -1
	for _, g := range Groups {
		i := strings.Index(md, "\n### "+g+"\n")
		if i < last {
			t.Errorf("section %s missing or out of order", g)
		}
		last = i
	}
	for _, s := range Specs {
		if !strings.Contains(md, "\n- `"+s.Usage+"` — "+s.Summary) {
			t.Errorf("reference lacks %q", s.Usage)
		}
		for _, ex := range s.Examples {
			if !strings.Contains(md, "\n  - `"+ex+"`\n") {
				t.Errorf("reference lacks the example %q", ex)
			}
		}
	}
	if want := "- `/sla admin add @user` — Lets someone change the agreement and targets besides the party owners. *(owners and admins)*\n  - `/sla admin add @priya`\n"; !strings.Contains(md, want) {
		t.Errorf("reference lacks %q", want)
	}
}
