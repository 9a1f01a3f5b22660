package commands_test

import (
	"testing"

	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestWalkThrough: after setup the bot asks for the document's sections
// one at a time, in order, with a question for each; `/sla agreement`
// marks what is still empty. The other templates' sections are there:
// shared goals, lead qualification, hand-off rules, nurturing.
func TestWalkThrough(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		r := f.h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "UMKT", ChannelID: "C2", ChannelName: "emea",
			Text: "setup marketing=<@UMKT> sales=<@USALES>"})
		// 12 sections without a customer-service party.
		has(t, "setup", r, "Next (12 sections still empty): *summary* — what service is promised, to whom, and how success is measured: `/sla agreement set summary \"…\"`")
		// The owner's section waits for approval; the walk-through goes on.
		r = f.ok("UMKT", `agreement set summary "100 MQLs a month, each called within the hour"`)
		has(t, "held", r, "takes effect when <@USALES> approves it", "Next (11 sections still empty): *marketing-goal*")
		r = f.ok("UADM", `agreement set marketing-goal "MQLs from the quota"`)
		has(t, "admin's", r, "Next (11 sections still empty): *summary*") // the held summary is still empty
		f.ok("USALES", "agreement approve")
		r = f.ok("UADM", `agreement set shared-goal "Revenue from marketing's leads"`)
		has(t, "shared", r, "Next (9 sections still empty): *sales-goal* — what sales promises")
		for _, s := range []string{"qualification", "handoff", "nurturing"} {
			f.ok("UADM", "agreement set "+s+` "Written"`)
		}
		has(t, "document", f.ok("UREP", "agreement"), "*Shared goals*\nRevenue from marketing's leads", "*Lead qualification*\nWritten",
			"*Hand-off rules*\nWritten", "*Nurturing*\nWritten",
			"Still empty (6 of 12): sales-goal, marketing-needs, sales-needs, touchpoints, consequences, cancellation")
		for _, s := range []string{"sales-goal", "marketing-needs", "sales-needs", "touchpoints", "consequences"} {
			f.ok("UADM", "agreement set "+s+` "Written"`)
		}
		has(t, "last", f.ok("UADM", `agreement set cancellation "Written"`), "Every section of the document is written.")
		has(t, "document", f.ok("UREP", "agreement"), "Every section is written.")
	})
}
