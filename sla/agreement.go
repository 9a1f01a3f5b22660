package sla

import (
	"sync"
	"time"
)

// Kind of agreement.
type Kind string

const (
	KindInternal   Kind = "internal"
	KindMultiLevel Kind = "multi-level"
	KindCustomer   Kind = "customer"
)

// Status of an agreement.
type Status string

const (
	StatusActive    Status = "active"
	StatusCancelled Status = "cancelled"
)

// Section names of the SLA document, as typed in `/sla agreement set <section>`.
type Section string

const (
	SectionSummary        Section = "summary"
	SectionMarketingGoal  Section = "marketing-goal"
	SectionSalesGoal      Section = "sales-goal"
	SectionMarketingNeeds Section = "marketing-needs"
	SectionSalesNeeds     Section = "sales-needs"
	SectionTouchpoints    Section = "touchpoints"
	SectionConsequences   Section = "consequences"
	SectionCancellation   Section = "cancellation"
	// The customer-service party's, in a multi-level agreement.
	SectionServiceGoal  Section = "service-goal"
	SectionServiceNeeds Section = "service-needs"
	// The other templates' (docs/design.md, Agreement): the goals both
	// parties share, and the process, in its order.
	SectionSharedGoal    Section = "shared-goal"
	SectionQualification Section = "qualification"
	SectionHandoff       Section = "handoff"
	SectionNurturing     Section = "nurturing"
)

// Sections lists the document sections in display order.
var Sections = []Section{
	SectionSummary, SectionMarketingGoal, SectionSharedGoal, SectionSalesGoal, SectionMarketingNeeds,
	SectionSalesNeeds, SectionQualification, SectionHandoff, SectionNurturing,
	SectionTouchpoints, SectionConsequences, SectionCancellation,
	SectionServiceGoal, SectionServiceNeeds,
}

// NextEmpty is the first section of a's document still empty, in display
// order, and how many are empty; ok is false when every one is written.
func (a Agreement) NextEmpty() (next Section, empty int, ok bool) {
	for _, s := range a.DocumentSections() {
		if a.Text[s] == "" {
			if !ok {
				next, ok = s, true
			}
			empty++
		}
	}
	return next, empty, ok
}

// DocumentSections are the sections a's document has: the service party's
// only in an agreement with one.
func (a Agreement) DocumentSections() []Section {
	if a.Service != "" {
		return Sections
	}
	var out []Section
	for _, s := range Sections {
		if s != SectionServiceGoal && s != SectionServiceNeeds {
			out = append(out, s)
		}
	}
	return out
}

// MaxSectionText bounds a section so it always fits one Block Kit text (3,000 chars).
const MaxSectionText = 2000

// Digest is the weekly digest schedule of an agreement, in its timezone.
type Digest struct {
	Enabled bool
	Weekday time.Weekday
	Hour    int
	Minute  int
}

// DefaultDigest is Monday 09:00.
var DefaultDigest = Digest{Enabled: true, Weekday: time.Monday, Hour: 9}

// Agreement is one SLA bound to a home channel.
type Agreement struct {
	ID        int64
	TeamID    string
	ChannelID string
	Name      string
	Kind      Kind
	Status    Status
	TZ        string // IANA name; Location() resolves it

	Marketing string // party owners, Slack user ids
	Sales     string
	Service   string // multi-level only

	Text map[Section]string // document sections; a missing key is an empty section

	Hours       Hours // business-hours calendar (without holidays)
	Holidays    []Date
	Exceptions  []Exception   // agreed exception periods, oldest first
	StrikeLimit int           // strikes before the sales owner is told
	Repeat      time.Duration // business time between repeated nudges
	// Group and Cap keep a rep's DMs few (docs/design.md, Nudges without
	// spam): nudges within Group of an owner's latest nudge message join it,
	// and past Cap new messages a business day the latest one is updated.
	// Zero turns each off.
	Group  time.Duration
	Cap    int
	Digest Digest

	// CancelAfterMisses: when the MQL goal was missed this many months in a row,
	// the month close posts a review prompt. 0 means no automatic prompt.
	CancelAfterMisses int

	// Reassign: a lead still without a first attempt this long (business
	// time) after its speed breach moves to the pool's next rep; 0 is off.
	// PoolUnowned: the CRM import and sync hand unowned MQLs to the pool.
	// StrikeRoute: a rep at the strike limit this month gets no new leads;
	// a hand-off to them goes to the pool's next rep (StrikeRouted).
	// (docs/design.md, Routing.)
	Reassign    time.Duration
	PoolUnowned bool
	StrikeRoute bool

	CreatedBy string
	CreatedAt time.Time
}

// Defaults for a new agreement.
const (
	DefaultStrikeLimit = 3
	DefaultRepeat      = 4 * time.Hour
	DefaultGroup       = 15 * time.Minute
	DefaultCap         = 6
	// DefaultCancelAfterMisses is the usual example term: goals missed three
	// months in a row prompt a review.
	DefaultCancelAfterMisses = 3
)

// zones caches loaded locations by name: time.LoadLocation parses the zone
// data on every call, and Location is asked for on every lead the breach
// scan looks at. Only valid IANA names are stored, so it stays small.
var zones sync.Map

// Location resolves the agreement's timezone; an unknown name falls back to UTC
// (names are validated when they are set).
func (a Agreement) Location() *time.Location {
	if a.TZ == "" {
		return time.UTC
	}
	if loc, ok := zones.Load(a.TZ); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(a.TZ)
	if err != nil {
		return time.UTC
	}
	zones.Store(a.TZ, loc)
	return loc
}

// Calendar is the agreement's business-hours calendar with its holidays and location.
// An exception's days are closed like holidays, so the speed clock stops
// (docs/design.md, Exceptions), and pause the depth window.
func (a Agreement) Calendar() Calendar {
	c := Calendar{Hours: a.Hours, Holidays: a.Holidays, Loc: a.Location()}
	if len(a.Exceptions) > 0 {
		c.Pauses = ExceptionDates(a.Exceptions)
		c.Holidays = append(append([]Date(nil), a.Holidays...), c.Pauses...)
	}
	return c
}

// Covers reports whether the agreement existed during month m: a month that
// ended before it was set up has no goal, close, review or strike.
func (a Agreement) Covers(m Month) bool {
	return a.CreatedAt.IsZero() || m.End(a.Location()).After(a.CreatedAt)
}

// IsOwner reports whether user owns one of the parties.
func (a Agreement) IsOwner(user string) bool {
	return user != "" && (user == a.Marketing || user == a.Sales || user == a.Service)
}

// Targets are the goals in force for one month. Zero values mean "not set".
type Targets struct {
	MQLGoal   int           // leads per month; 0 with MQLSet false = not set
	MQLSet    bool          //
	ValueGoal Money         // optional goal in lead value
	Speed     time.Duration // business time from hand-off to first attempt
	Depth     int           // attempts expected on an uncontacted lead
	Within    time.Duration // depth window from hand-off (calendar time)
	Warn      Ratio         // speed warning threshold, fraction of Speed
}

// DefaultTargets are the sales targets of a new agreement (HubSpot's practice
// is tighter; these are a reasonable start the owners are expected to tune).
var DefaultTargets = Targets{
	Speed:  time.Hour,
	Depth:  6,
	Within: 14 * 24 * time.Hour,
	Warn:   Percent(75),
}
