package commands

import (
	"slices"
	"strings"
)

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

	// cmd is the command's zero value: its parse method reads the arguments
	// (a rawParser reads the text itself). A value, not a method value, so
	// that the specs initialize in the order their files define them, which
	// is help's order.
	cmd Command
}

// Help sections, in order.
const (
	GroupAgreement = "Agreement"
	GroupTargets   = "Targets"
	GroupLeads     = "Leads"
	GroupRouting   = "Routing"
	GroupReports   = "Reports"
	GroupAdmin     = "Admin"
)

// Specs lists every command in the order help shows them: by group, and
// within a group in the order its file defines them.
var Specs []*Spec

// rawParser is a command that reads its text itself rather than as options
// and words (agreement set keeps its text as typed).
type rawParser interface {
	parseRaw(p *cmdParser, spec *Spec) (Command, error)
}

// command registers a command's spec; each group's file defines its own.
func command(s *Spec) *Spec {
	Specs = append(Specs, s)
	return s
}

func init() {
	rank := map[string]int{}
	for i, g := range Groups {
		rank[g] = i
	}
	slices.SortStableFunc(Specs, func(a, b *Spec) int { return rank[a.Group] - rank[b.Group] })
}

// Groups lists the help sections in order.
var Groups = []string{GroupAgreement, GroupTargets, GroupLeads, GroupRouting, GroupReports, GroupAdmin}

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

// cmdOrNil is the spec's command, nil for no spec (target before its form is known).
func (s *Spec) cmdOrNil() Command {
	if s == nil {
		return nil
	}
	return s.cmd
}
