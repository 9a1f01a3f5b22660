package commands

import (
	"testing"
	"time"

	"github.com/slabot/slabot/render"
)

// FuzzReadForm: whatever is typed in a form's fields, ReadForm does not
// panic; it answers either errors on fields the form has, or command texts
// the parser accepts.
func FuzzReadForm(f *testing.F) {
	f.Add("$250k", "40%", "U0SAM", `Ada "x"`, "1h")
	f.Add("", "", "", "", "")
	f.Add("5k", "0", "W1", "grace@example.com", "2d")
	f.Add("-1", "150%", "<@U1>", "name=\"", "soon")
	now := time.Date(2026, 12, 11, 15, 0, 0, 0, time.UTC)
	meta := render.FormMeta{Channel: "C1", TZ: "Europe/Berlin"}
	f.Fuzz(func(t *testing.T, money, pct, user, text, dur string) {
		for id, form := range render.Forms {
			values := FormValues{}
			for _, fd := range form.Fields {
				switch fd.Kind {
				case render.FieldMoney:
					values[fd.BlockID()] = money
				case render.FieldPercent:
					values[fd.BlockID()] = pct
				case render.FieldUser:
					values[fd.BlockID()] = user
				case render.FieldDuration, render.FieldCount:
					values[fd.BlockID()] = dur
				default:
					values[fd.BlockID()] = text
				}
			}
			texts, errs := ReadForm(id, meta, values, now)
			if len(errs) > 0 {
				if texts != nil {
					t.Fatalf("%s: texts %q with errors %v", id, texts, errs)
				}
				for k, msg := range errs {
					found := false
					for _, fd := range form.Fields {
						found = found || fd.BlockID() == k
					}
					if !found || msg == "" {
						t.Fatalf("%s: error %q on %q, not a field of the form", id, msg, k)
					}
				}
				continue
			}
			if len(texts) == 0 {
				t.Fatalf("%s: neither texts nor errors", id)
			}
			for _, s := range texts {
				if _, err := Parse(s, now, time.UTC); err != nil {
					t.Fatalf("%s: text %q does not parse: %v", id, s, err)
				}
			}
		}
	})
}
