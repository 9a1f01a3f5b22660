package commands

import "strings"

// Spec describes one command for help, the README and error messages. The
// parser dispatches on the same values, so none of them can drift.
type Spec struct {
	Name     string // "lead add"; the typed words, except "target mql" and "target sales", both typed `target`
	Group    string // help section: Agreement, Targets, Leads, Reports or Admin
	Usage    string // "/sla lead add \"<name or email>\" [segment=…] …"
	Summary  string
	Examples []string // as a person types them: @maria is picked from Slack's list
	// Change: only a party owner or an admin may run it (see Changes for
	// `plan … apply`). For setup this applies when the channel already has
	// an agreement; the first setup is open to anyone.
	Change bool
	// Anywhere: it runs in a channel without an agreement too.
	Anywhere bool
}

// Help sections, in order.
const (
	GroupAgreement = "Agreement"
	GroupTargets   = "Targets"
	GroupLeads     = "Leads"
	GroupReports   = "Reports"
	GroupAdmin     = "Admin"
)

var (
	specSetup = &Spec{
		Anywhere: true,
		Name:     "setup",
		Group:    GroupAgreement,
		Usage:    `/sla setup marketing=@user sales=@user [service=@user] [tz=Area/City] [name="…"] [kind=internal|multi-level|customer]`,
		Summary:  "Creates the agreement for this channel, with the owner of each party. `service=` makes it multi-level. Anyone may set up a channel that has none; once it exists, only its owners and admins change it.",
		Examples: []string{
			`/sla setup marketing=@maria sales=@sam`,
			`/sla setup marketing=@maria sales=@sam tz=Europe/Paris name="EMEA pipeline"`,
			`/sla setup marketing=@maria sales=@sam service=@cora kind=multi-level`,
		},
	}
	specAgreement = &Spec{
		Name:     "agreement",
		Group:    GroupAgreement,
		Usage:    "/sla agreement",
		Summary:  "Shows the SLA document: marketing and sales side by side.",
		Examples: []string{"/sla agreement"},
	}
	specAgreementSet = &Spec{
		Name:    "agreement set",
		Group:   GroupAgreement,
		Usage:   `/sla agreement set <section> "<text>"`,
		Summary: "Writes one section of the document: summary, marketing-goal, sales-goal, marketing-needs, sales-needs, touchpoints, consequences or cancellation. `\"\"` clears it.",
		Examples: []string{
			`/sla agreement set summary "Marketing sends sales 100 qualified leads a month; sales calls each one within 1 business hour."`,
			`/sla agreement set marketing-needs "A weekly pipeline report from sales, every Monday."`,
			`/sla agreement set consequences "Each missed month is a strike; at 3 strikes the VP of sales is told."`,
		},
		Change: true,
	}
	specHours = &Spec{
		Name:    "hours",
		Group:   GroupAgreement,
		Usage:   "/sla hours <days> <from>-<to> [tz=Area/City] · /sla hours 24x7",
		Summary: "Sets the business hours the speed clock counts (new agreements: mon-fri 09:00-17:00).",
		Examples: []string{
			"/sla hours mon-fri 09:00-17:00",
			"/sla hours mon-fri 08:30-18:00 tz=America/New_York",
			"/sla hours mon,wed,fri 9-17",
			"/sla hours 24x7",
		},
		Change: true,
	}
	specHolidayAdd = &Spec{
		Name:     "holiday add",
		Group:    GroupAgreement,
		Usage:    "/sla holiday add <YYYY-MM-DD>",
		Summary:  "Adds a holiday: the speed clock does not run that day.",
		Examples: []string{"/sla holiday add 2026-12-25"},
		Change:   true,
	}
	specHolidayRemove = &Spec{
		Name:     "holiday remove",
		Group:    GroupAgreement,
		Usage:    "/sla holiday remove <YYYY-MM-DD>",
		Summary:  "Removes a holiday.",
		Examples: []string{"/sla holiday remove 2026-12-25"},
		Change:   true,
	}

	specPlan = &Spec{
		Name:    "plan",
		Group:   GroupTargets,
		Usage:   "/sla plan quota=<money> share=<pct> deal=<money> close=<pct> [month=…] [apply]",
		Summary: "Derives the MQL goal from the sales quota: revenue from marketing, customers needed, leads needed. With `apply` (owners and admins), sets it as the month's goal.",
		Examples: []string{
			"/sla plan quota=5000 share=100% deal=100 close=50%",
			"/sla plan quota=$250k share=40% deal=$12.5k close=0.2 month=dec apply",
		},
	}
	specTargetMQL = &Spec{
		Name:    "target mql",
		Group:   GroupTargets,
		Usage:   "/sla target mql=<n> [month=…]",
		Summary: "Sets the month's MQL goal directly.",
		Examples: []string{
			"/sla target mql=120",
			"/sla target mql=150 month=2026-12",
		},
		Change: true,
	}
	specTargetSales = &Spec{
		Name:    "target sales",
		Group:   GroupTargets,
		Usage:   "/sla target [speed=<duration>] [depth=<n>] [within=<duration>] [warn=<pct>]",
		Summary: "Sets the sales follow-up targets: first attempt within `speed` business time, `depth` attempts within `within` of hand-off, a warning at `warn` of the speed target.",
		Examples: []string{
			"/sla target speed=1h depth=6 within=14d",
			"/sla target speed=30m warn=80%",
		},
		Change: true,
	}

	specLeadAdd = &Spec{
		Name:    "lead add",
		Group:   GroupLeads,
		Usage:   `/sla lead add "<name or email>" [email=…] [name="…"] [segment=…] [source=marketing|sales] [owner=@user] [at=<time>] [id=<external id>]`,
		Summary: "Records a lead (marketing-sourced unless `source=sales`) and replies with its id, like L-42.",
		Examples: []string{
			`/sla lead add "Ada Lovelace" email=ada@example.com segment=exec`,
			`/sla lead add grace@example.com source=sales owner=@sam id=hs-1042 at=2026-12-01 09:30`,
		},
	}
	specLeadHandoff = &Spec{
		Name:    "lead handoff",
		Group:   GroupLeads,
		Usage:   "/sla lead handoff <lead> @rep [at=<time>]",
		Summary: "Hands the lead to a sales rep: the speed clock starts.",
		Examples: []string{
			"/sla lead handoff L-42 @sam",
			"/sla lead handoff ada@example.com @sam at=2026-12-01 14:00",
		},
	}
	specLeadAttempt = &Spec{
		Name:    "lead attempt",
		Group:   GroupLeads,
		Usage:   "/sla lead attempt <lead> [call|email|social|meeting] [at=<time>]",
		Summary: "Records a follow-up attempt (a call unless you say otherwise).",
		Examples: []string{
			"/sla lead attempt L-42",
			"/sla lead attempt L-42 email at=2026-12-01T15:10:00+01:00",
		},
	}
	specLeadContacted = &Spec{
		Name:     "lead contacted",
		Group:    GroupLeads,
		Usage:    "/sla lead contacted <lead> [at=<time>]",
		Summary:  "A real conversation happened: the lead's clocks stop.",
		Examples: []string{"/sla lead contacted L-42", "/sla lead contacted hs-1042 at=16:20"},
	}
	specLeadWon = &Spec{
		Name:     "lead won",
		Group:    GroupLeads,
		Usage:    "/sla lead won <lead> revenue=<money> [at=<time>]",
		Summary:  "The lead became a customer.",
		Examples: []string{"/sla lead won L-42 revenue=$12,500", "/sla lead won L-42 revenue=1.2k at=2026-12-18"},
	}
	specLeadLost = &Spec{
		Name:     "lead lost",
		Group:    GroupLeads,
		Usage:    `/sla lead lost <lead> [reason="…"] [at=<time>]`,
		Summary:  "The lead is lost.",
		Examples: []string{`/sla lead lost L-42 reason="went with a competitor"`, "/sla lead lost L-43"},
	}
	specLeadShow = &Spec{
		Name:     "lead show",
		Group:    GroupLeads,
		Usage:    "/sla lead show <lead>",
		Summary:  "Shows one lead: its state, owner, attempts and clocks. A lead is its id (L-42), external id or email.",
		Examples: []string{"/sla lead show L-42", "/sla lead show ada@example.com"},
	}
	specLeads = &Spec{
		Name:     "leads",
		Group:    GroupLeads,
		Usage:    "/sla leads [mine|open|overdue]",
		Summary:  "Lists leads: yours, the open ones, or those past their speed or depth target.",
		Examples: []string{"/sla leads", "/sla leads overdue"},
	}

	specStatus = &Spec{
		Name:     "status",
		Group:    GroupReports,
		Usage:    "/sla status [month] [post]",
		Summary:  "Where the agreement stands: MQLs against the goal line, speed, depth, breaches. Only you see it, unless `post`.",
		Examples: []string{"/sla status", "/sla status post", "/sla status nov"},
	}
	specChart = &Spec{
		Name:     "chart",
		Group:    GroupReports,
		Usage:    "/sla chart waterfall|speed|depth [month]",
		Summary:  "Posts a chart to the channel: MQLs against the goal line, follow-up speed, or depth.",
		Examples: []string{"/sla chart waterfall", "/sla chart speed 2026-11"},
	}
	specReport = &Spec{
		Name:     "report",
		Group:    GroupReports,
		Usage:    "/sla report [month] [post]",
		Summary:  "A month's figures and the close rate, deal size and share they imply for the next plan.",
		Examples: []string{"/sla report", "/sla report october post"},
	}
	specNines = &Spec{
		Anywhere: true,
		Name:     "nines",
		Group:    GroupReports,
		Usage:    "/sla nines <percent>",
		Summary:  "The downtime an uptime promise allows per year, month, week and day.",
		Examples: []string{"/sla nines 99.9", "/sla nines 99.999%"},
	}
	specDigestAt = &Spec{
		Name:     "digest at",
		Group:    GroupReports,
		Usage:    `/sla digest at "<weekday> HH:MM"`,
		Summary:  "Schedules this channel's weekly digest, in the agreement's timezone (default Monday 09:00).",
		Examples: []string{`/sla digest at "monday 09:00"`, "/sla digest at fri 16:30"},
		Change:   true,
	}
	specDigestOff = &Spec{
		Name:     "digest off",
		Group:    GroupReports,
		Usage:    "/sla digest off",
		Summary:  "Stops the weekly digest.",
		Examples: []string{"/sla digest off"},
		Change:   true,
	}
	specDigestNow = &Spec{
		Name:     "digest now",
		Group:    GroupReports,
		Usage:    "/sla digest now",
		Summary:  "Posts the digest to the channel now.",
		Examples: []string{"/sla digest now"},
	}

	specAdminAdd = &Spec{
		Name:     "admin add",
		Group:    GroupAdmin,
		Usage:    "/sla admin add @user",
		Summary:  "Lets someone change the agreement and targets besides the party owners.",
		Examples: []string{"/sla admin add @priya"},
		Change:   true,
	}
	specAdminRemove = &Spec{
		Name:     "admin remove",
		Group:    GroupAdmin,
		Usage:    "/sla admin remove @user",
		Summary:  "Takes that right away again.",
		Examples: []string{"/sla admin remove @priya"},
		Change:   true,
	}
	specHelp = &Spec{
		Anywhere: true,
		Name:     "help",
		Group:    GroupAdmin,
		Usage:    "/sla help [command]",
		Summary:  "Lists the commands, or shows one command with examples.",
		Examples: []string{"/sla help", "/sla help lead", "/sla help plan"},
	}
)

// Specs lists every command in the order help shows them.
var Specs = []*Spec{
	specSetup, specAgreement, specAgreementSet, specHours, specHolidayAdd, specHolidayRemove,
	specPlan, specTargetMQL, specTargetSales,
	specLeadAdd, specLeadHandoff, specLeadAttempt, specLeadContacted, specLeadWon, specLeadLost, specLeadShow, specLeads,
	specStatus, specChart, specReport, specNines, specDigestAt, specDigestOff, specDigestNow,
	specAdminAdd, specAdminRemove, specHelp,
}

// Groups lists the help sections in order.
var Groups = []string{GroupAgreement, GroupTargets, GroupLeads, GroupReports, GroupAdmin}

// Lookup finds a Spec by name ("lead add"), case-insensitively; nil if none.
func Lookup(name string) *Spec {
	name = strings.Join(strings.Fields(strings.ToLower(name)), " ")
	for _, s := range Specs {
		if s.Name == name {
			return s
		}
	}
	return nil
}
