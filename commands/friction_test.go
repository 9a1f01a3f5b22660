package commands_test

import (
	"strings"
	"testing"

	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestFriction: the rep, the sales owner and admins note a customer's
// friction; others, a lead not yet won and bad input are refused and write
// nothing; the report lists the month's customers and the notes.
func TestFriction(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st) // Friday 11 December 2026, 15:00 Berlin
		f.ok("USALES", `lead handoff L-1 <@UREP> at="2026-12-11 10:00"`)
		f.ok("UREP", `lead won L-1 revenue=500 at="2026-12-11 11:00"`)
		f.ok("USALES", `lead handoff L-2 <@UREP> at="2026-12-11 10:00"`)
		f.ok("UREP", `lead won L-2 revenue=1200 at="2026-12-11 12:00"`)
		for user, text := range map[string]string{
			"UMKT": `friction add L-1 "x"`, // marketing owns no customer
			"UZED": `friction add L-1 "x"`,
		} {
			before := f.fingerprint()
			if r := f.do(user, text); !r.Failed || !strings.Contains(r.Text, "Only L-1's rep (<@UREP>), the sales owner (<@USALES>)") {
				t.Errorf("%s: %s", user, r.Text)
			}
			if f.fingerprint() != before {
				t.Errorf("%s's refused note wrote", user)
			}
		}
		for text, want := range map[string]string{
			`friction add L-3 "slow"`:     "L-3 is not a customer yet",
			`friction add L-1`:            "missing the note",
			`friction add L-1 needs SSO`:  "put the whole note in quotes",
			`friction add "" "x"`:         "is not a lead",
			`friction add L-77 "x"`:       "No lead L-77",
			`friction add L-1 "  "`:       "the note is empty",
			`friction add L-1 "x" at=now`: "takes no options",
			`friction add <@UREP> "x"`:    "is a person",
		} {
			before := f.fingerprint()
			if r := f.do("USALES", text); !r.Failed || !strings.Contains(r.Text, want) {
				t.Errorf("%q: %s", text, r.Text)
			}
			if f.fingerprint() != before {
				t.Errorf("refused %q wrote", text)
			}
		}
		r := f.ok("UREP", `friction add L-1 "Needs SSO before the team can roll it out"`)
		has(t, "note", r, "<@UREP> noted friction for L-1 (Ada Lovelace)", "Needs SSO")
		f.ok("USALES", `friction add bob@example.com "Billed per seat, expected per team"`)
		f.ok("UADM", `friction add L-1 "Asked twice for the onboarding call"`)
		// Two customers this month: $500 + $1,200 = $1,700.
		has(t, "report", f.ok("UREP", "report"), "*New customers in December 2026*: 2, $1,700",
			"• L-1 Ada Lovelace — $500 · rep <@UREP>", "• L-2 bob@example.com — $1,200 · rep <@UREP>",
			"*Customer friction*: 3 notes", "• L-1 Ada Lovelace: “Needs SSO before the team can roll it out” (<@UREP>)",
			"“Billed per seat, expected per team” (<@USALES>)")
	})
}

// TestServiceParty: a service owner named after setup (with sign-off)
// makes the agreement multi-level, and the document gains a third column
// with the service party's goal and needs.
func TestServiceParty(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		for user, text := range map[string]string{
			"UADM":  `agreement set service-goal "Keep them"`, // no service party yet
			"UMKT":  "agreement service=<@USALES>",            // owns sales already
			"USALE": "agreement service=<@USVC>",              // not an owner
			"UREP":  "agreement service=",
		} {
			before := f.fingerprint()
			if r := f.do(user, text); !r.Failed {
				t.Errorf("%s %q accepted: %s", user, text, r.Text)
			}
			if f.fingerprint() != before {
				t.Errorf("refused %q wrote", text)
			}
		}
		has(t, "held", f.ok("UMKT", "agreement service=<@USVC>"), "customer-service owner: — → *<@USVC>*", "when <@USALES> approves it")
		f.ok("USALES", "agreement approve")
		a, err := st.AgreementByChannel(ctx, "T1", "C1")
		if err != nil || a.Service != "USVC" || a.Kind != "multi-level" {
			t.Fatalf("agreement %+v, %v", a, err)
		}
		f.ok("UADM", `agreement set service-goal "Every new customer onboarded within 2 weeks"`)
		f.ok("UADM", `agreement set service-needs "A friction report from sales each month"`)
		has(t, "document", f.ok("UREP", "agreement"), "*Customer service*\nEvery new customer onboarded within 2 weeks",
			"*Customer service needs*\nA friction report from sales each month", "*Customer service*\nowner <@USVC>")
	})
}
