package storage

import "time"

// Row types. They mirror the schema and never leave this package: callers get
// sla values. Every table carries team_id and every query filters by it.

type workspaceRow struct {
	TeamID        string `gorm:"primaryKey;size:32"`
	Name          string `gorm:"size:200"`
	NextSeq       int64  `gorm:"not null;default:0"`
	WebhookSecret string `gorm:"size:128"`
	CreatedAt     time.Time
}

func (workspaceRow) TableName() string { return "workspaces" }

type agreementRow struct {
	ID        int64  `gorm:"primaryKey"`
	TeamID    string `gorm:"size:32;not null;uniqueIndex:ux_agreements_channel,priority:1;uniqueIndex:ux_agreements_name,priority:1"`
	ChannelID string `gorm:"size:32;not null;uniqueIndex:ux_agreements_channel,priority:2"`
	Name      string `gorm:"size:200;not null;uniqueIndex:ux_agreements_name,priority:2"`
	Kind      string `gorm:"size:20;not null"`
	Status    string `gorm:"size:20;not null"`
	TZ        string `gorm:"size:64;not null"`

	Marketing string `gorm:"size:32;not null"`
	Sales     string `gorm:"size:32;not null"`
	Service   string `gorm:"size:32;not null;default:''"`

	Summary        string `gorm:"type:text;not null;default:''"`
	MarketingGoal  string `gorm:"type:text;not null;default:''"`
	SalesGoal      string `gorm:"type:text;not null;default:''"`
	MarketingNeeds string `gorm:"type:text;not null;default:''"`
	SalesNeeds     string `gorm:"type:text;not null;default:''"`
	Touchpoints    string `gorm:"type:text;not null;default:''"`
	Consequences   string `gorm:"type:text;not null;default:''"`
	Cancellation   string `gorm:"type:text;not null;default:''"`
	ServiceGoal    string `gorm:"type:text;not null;default:''"`
	ServiceNeeds   string `gorm:"type:text;not null;default:''"`
	SharedGoal     string `gorm:"type:text;not null;default:''"`
	Qualification  string `gorm:"type:text;not null;default:''"`
	Handoff        string `gorm:"type:text;not null;default:''"`
	Nurturing      string `gorm:"type:text;not null;default:''"`

	HoursAlways bool `gorm:"not null"`
	HoursDays   int  `gorm:"not null"` // bit i = time.Weekday(i)
	HoursStart  int  `gorm:"not null"`
	HoursEnd    int  `gorm:"not null"`

	StrikeLimit       int   `gorm:"not null"`
	RepeatSecs        int64 `gorm:"not null"`
	GroupSecs         int64 `gorm:"not null;default:900"`
	NudgeCap          int64 `gorm:"not null;default:6"`
	CancelAfterMisses int   `gorm:"not null;default:0"`
	ReassignSecs      int64 `gorm:"not null;default:0"`
	PoolUnowned       bool  `gorm:"not null;default:false"`
	StrikeRoute       bool  `gorm:"not null;default:false"`

	DigestEnabled bool `gorm:"not null"`
	DigestWeekday int  `gorm:"not null"`
	DigestHour    int  `gorm:"not null"`
	DigestMinute  int  `gorm:"not null"`

	CreatedBy string `gorm:"size:32;not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (agreementRow) TableName() string { return "agreements" }

type holidayRow struct {
	TeamID      string `gorm:"size:32;not null;index"`
	AgreementID int64  `gorm:"primaryKey;autoIncrement:false"`
	Day         string `gorm:"primaryKey;size:10"` // 2026-12-25
}

func (holidayRow) TableName() string { return "holidays" }

type adminRow struct {
	TeamID      string `gorm:"size:32;not null;index"`
	AgreementID int64  `gorm:"primaryKey;autoIncrement:false"`
	UserID      string `gorm:"primaryKey;size:32"`
	AddedBy     string `gorm:"size:32;not null"`
	CreatedAt   time.Time
}

func (adminRow) TableName() string { return "admins" }

// targetRow holds the targets set for one month; a nil field was not set that
// month and is inherited from the latest earlier month that set it.
type targetRow struct {
	TeamID      string `gorm:"size:32;not null;index"`
	AgreementID int64  `gorm:"primaryKey;autoIncrement:false"`
	Month       string `gorm:"primaryKey;size:7"` // 2026-12
	MQLGoal     *int
	ValueGoal   *int64
	SpeedSecs   *int64
	Depth       *int
	WithinSecs  *int64
	WarnPPM     *int64
	UpdatedBy   string `gorm:"size:32;not null"`
	UpdatedAt   time.Time
}

func (targetRow) TableName() string { return "targets" }

type planRow struct {
	ID           int64  `gorm:"primaryKey"`
	TeamID       string `gorm:"size:32;not null"`
	AgreementID  int64  `gorm:"not null;index:ix_plans_month,priority:1"`
	Month        string `gorm:"size:7;not null;index:ix_plans_month,priority:2"`
	QuotaCents   int64  `gorm:"not null"`
	SharePPM     int64  `gorm:"not null"`
	DealCents    int64  `gorm:"not null"`
	ClosePPM     int64  `gorm:"not null"`
	RevenueCents int64  `gorm:"not null"`
	Customers    int64  `gorm:"not null"`
	Leads        int64  `gorm:"not null"`
	Applied      bool   `gorm:"not null"`
	CreatedBy    string `gorm:"size:32;not null"`
	CreatedAt    time.Time
}

func (planRow) TableName() string { return "plans" }

// leadRow keeps a few figures denormalized (attempts, first attempt, speed,
// cycle, clocks) so status and breach queries never have to join or load
// attempts; the write path updates them in the same transaction.
type leadRow struct {
	ID          int64  `gorm:"primaryKey"`
	TeamID      string `gorm:"size:32;not null;uniqueIndex:ux_leads_seq,priority:1"`
	AgreementID int64  `gorm:"not null"`
	Seq         int64  `gorm:"not null;uniqueIndex:ux_leads_seq,priority:2"`
	ExternalID  string `gorm:"size:200;not null;default:''"`
	Name        string `gorm:"size:300;not null;default:''"`
	Email       string `gorm:"size:320;not null;default:''"`
	Segment     string `gorm:"size:64;not null;default:''"`
	Source      string `gorm:"size:20;not null"`
	Owner       string `gorm:"size:32;not null;default:''"`
	ToldOwner   string `gorm:"size:32;not null;default:''"`

	CreatedAt      time.Time `gorm:"not null"`
	QualifiedAt    *time.Time
	HandedOffAt    *time.Time
	AssignedAt     *time.Time
	ToHandoffSecs  *int64
	FirstAttemptAt *time.Time
	Attempts       int `gorm:"not null;default:0"`
	SpeedSecs      *int64
	ContactedAt    *time.Time
	WonAt          *time.Time
	RevenueCents   int64 `gorm:"not null;default:0"`
	CycleSecs      *int64
	LostAt         *time.Time
	LostReason     string `gorm:"size:500;not null;default:''"`

	WarnAt       *time.Time
	SpeedDueAt   *time.Time
	DepthDueAt   *time.Time
	NextCheckAt  *time.Time
	SnoozedUntil *time.Time

	UpdatedAt time.Time
}

func (leadRow) TableName() string { return "leads" }

type attemptRow struct {
	ID        int64     `gorm:"primaryKey"`
	TeamID    string    `gorm:"size:32;not null"`
	LeadID    int64     `gorm:"not null;index:ix_attempts_lead,priority:1"`
	At        time.Time `gorm:"not null;index:ix_attempts_lead,priority:2"`
	Via       string    `gorm:"size:20;not null"`
	By        string    `gorm:"size:32;not null;default:''"`
	CreatedAt time.Time
}

func (attemptRow) TableName() string { return "attempts" }

// idempotencyRow remembers a key (socket-mode envelope, button click, webhook
// event) so a redelivery changes nothing. Result is what the first run answered.
type idempotencyRow struct {
	TeamID    string `gorm:"primaryKey;size:32"`
	Key       string `gorm:"primaryKey;size:255"`
	Result    string `gorm:"size:255;not null;default:''"`
	CreatedAt time.Time
}

func (idempotencyRow) TableName() string { return "idempotency_keys" }

// outboxRow is one part of a scheduled post (a message, a chart, a DM):
// claimed with a lease before it is sent, marked sent after. Sends counts
// the sends started; a part claimed with sends > 0 may already be in Slack
// and is looked up there before it is sent again.
type outboxRow struct {
	TeamID      string     `gorm:"size:32;not null"`
	AgreementID int64      `gorm:"primaryKey;autoIncrement:false"`
	Kind        string     `gorm:"primaryKey;size:40"`
	Period      string     `gorm:"primaryKey;size:80"`
	Part        string     `gorm:"primaryKey;size:80"`
	Channel     string     `gorm:"size:32;not null;default:''"`
	Status      string     `gorm:"size:10;not null"` // pending | sent | dropped
	ClaimedBy   string     `gorm:"size:80;not null;default:''"`
	LeaseUntil  *time.Time // nil: nobody holds it
	Sends       int        `gorm:"not null;default:0"`
	Ref         string     `gorm:"size:80;not null;default:''"` // message ts or file id
	Payload     string     `gorm:"type:text;not null;default:''"`
	LastError   string     `gorm:"size:500;not null;default:''"`
	CreatedAt   time.Time  `gorm:"not null"`
	StartedAt   *time.Time // the first send's start
	SentAt      *time.Time
}

func (outboxRow) TableName() string { return "outbox" }

// strikeRow is one breach counted against an owner for a month.
type strikeRow struct {
	ID          int64     `gorm:"primaryKey"`
	TeamID      string    `gorm:"size:32;not null"`
	AgreementID int64     `gorm:"not null;index:ix_strikes_month,priority:1"`
	Month       string    `gorm:"size:7;not null;index:ix_strikes_month,priority:2"`
	UserID      string    `gorm:"size:32;not null"`
	LeadID      int64     `gorm:"not null;uniqueIndex:ux_strikes_lead,priority:1"`
	Kind        string    `gorm:"size:20;not null;uniqueIndex:ux_strikes_lead,priority:2"`
	At          time.Time `gorm:"not null"`
}

func (strikeRow) TableName() string { return "strikes" }

// nudgeRow tracks the DMs sent for one (lead, breach kind).
type nudgeRow struct {
	TeamID  string    `gorm:"size:32;not null"`
	LeadID  int64     `gorm:"primaryKey;autoIncrement:false"`
	Kind    string    `gorm:"primaryKey;size:20"`
	FirstAt time.Time `gorm:"not null"`
	LastAt  time.Time `gorm:"not null"`
	Count   int       `gorm:"not null"`
}

func (nudgeRow) TableName() string { return "nudges" }

// nudgeOwnerRow is what an owner was sent lately (sla.OwnerNudges).
type nudgeOwnerRow struct {
	TeamID     string `gorm:"primaryKey;size:32"`
	OwnerID    string `gorm:"primaryKey;size:32"`
	RemindedAt *time.Time
	LatestKey  string `gorm:"size:160;not null;default:''"`
	LatestAt   *time.Time
	Day        string `gorm:"size:10;not null;default:''"`
	Today      int64  `gorm:"not null;default:0"`
}

func (nudgeOwnerRow) TableName() string { return "nudge_owners" }

// nudgeMessageRow is one nudge DM and the leads it lists (sla.NudgeMessage).
type nudgeMessageRow struct {
	TeamID   string    `gorm:"primaryKey;size:32"`
	Key      string    `gorm:"primaryKey;size:160"`
	OwnerID  string    `gorm:"size:32;not null"`
	OpenedAt time.Time `gorm:"not null"`
	Refs     string    `gorm:"type:text;not null;default:''"`
}

func (nudgeMessageRow) TableName() string { return "nudge_messages" }

// allModels are every row type; a test checks them against the migrated schema.
var allModels = []any{
	&workspaceRow{}, &agreementRow{}, &holidayRow{}, &adminRow{}, &targetRow{},
	&planRow{}, &leadRow{}, &attemptRow{}, &idempotencyRow{}, &outboxRow{},
	&strikeRow{}, &nudgeRow{}, &nudgeOwnerRow{}, &nudgeMessageRow{},
	&webhookSignatureRow{}, &leadChangeRow{},
	&hubspotConnectionRow{}, &hubspotEventRow{},
	&awayRow{}, &poolMemberRow{},
	&segmentRow{}, &segmentGoalRow{},
	&changeRow{}, &exceptionRow{}, &frictionRow{},
}
