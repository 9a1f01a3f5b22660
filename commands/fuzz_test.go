package commands

import (
	"testing"
	"time"
)

// FuzzParse: no input panics; every failure is a *UsageError with a message
// (and a Spec from the table, or none); every success is a command from the
// table, and a help topic it accepts is one HelpText can show. Seeds: every
// example as typed and as Slack sends it, plus the tricky inputs kept in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range Specs {
		for _, ex := range s.Examples {
			text := ex[len("/sla "):]
			f.Add(text)
			f.Add(slackify(text))
		}
	}
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC) // the night Paris moves to summer time
	f.Fuzz(func(t *testing.T, text string) {
		cmd, err := Parse(text, now, loc)
		if err != nil {
			ue, ok := err.(*UsageError)
			switch {
			case !ok:
				t.Fatalf("Parse(%q): error %T %v, want *UsageError", text, err, err)
			case ue.Msg == "":
				t.Fatalf("Parse(%q): empty message", text)
			case cmd != nil:
				t.Fatalf("Parse(%q): command %#v with error %v", text, cmd, err)
			case ue.Spec != nil && Lookup(ue.Spec.Name) != ue.Spec:
				t.Fatalf("Parse(%q): spec %q is not in the table", text, ue.Spec.Name)
			}
			_ = ue.Reply()
			return
		}
		if cmd == nil || cmd.Spec() == nil || Lookup(cmd.Spec().Name) != cmd.Spec() {
			t.Fatalf("Parse(%q) = %#v: not a command from the table", text, cmd)
		}
		if h, ok := cmd.(Help); ok {
			if _, err := HelpText(h.Topic); err != nil {
				t.Fatalf("Parse(%q) accepted help topic %q that HelpText rejects: %v", text, h.Topic, err)
			}
		}
	})
}
