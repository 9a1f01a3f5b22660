package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/internal/demo/term"
	"github.com/slabot/slabot/internal/slackemu"
)

// The console's forms: a command that opens a modal shows its fields;
// :type fills one (the plan's R, C and L follow), :submit sends it.

// showForm prints the modal open for the current user.
func (c *console) showForm() {
	m, ok := c.w.Emu.OpenModal(c.user)
	c.item()
	if !ok {
		fmt.Fprintln(c.out, term.Dim("No form is open. /sla setup, /sla plan, /sla lead add and /sla target typed alone open one.", c.style))
		return
	}
	fmt.Fprint(c.out, renderForm(m, c.names, c.style))
}

// renderForm draws a modal: its title, text blocks, and each input as
// key — label, with what it holds and any error under it.
func renderForm(m slackemu.Modal, n term.Names, st term.Style) string {
	var b strings.Builder
	fmt.Fprintf(&b, "» form %q for %s [%s]\n", m.Title, n.User(m.User), m.Submit)
	typed := typedValues(m, n)
	for _, blk := range m.Decoded.BlockSet {
		in, ok := blk.(*slack.InputBlock)
		if !ok {
			b.WriteString(term.RenderBlocks([]slack.Block{blk}, n, st, false))
			continue
		}
		key := strings.TrimPrefix(in.BlockID, "f-")
		label := ""
		if in.Label != nil {
			label = in.Label.Text
		}
		req := ""
		if !in.Optional {
			req = " (required)"
		}
		line := fmt.Sprintf("  %s — %s%s", key, label, req)
		if v := typed[in.BlockID]; v != "" {
			line += ": " + v
		} else if v := shownValue(in.Element, n); v != "" {
			line += ": " + v
		}
		b.WriteString(line + "\n")
		if e := m.Errors[in.BlockID]; e != "" {
			b.WriteString("    ⚠ " + e + "\n")
		}
	}
	b.WriteString(term.Dim("  :submit key=value … fills and sends it; :type key=value fills one field.", st) + "\n")
	return b.String()
}

// shownValue is an input's initial value, or its choices.
func shownValue(e slack.BlockElement, n term.Names) string {
	switch x := e.(type) {
	case *slack.PlainTextInputBlockElement:
		return x.InitialValue
	case *slack.NumberInputBlockElement:
		return x.InitialValue
	case *slack.SelectBlockElement:
		if x.Type == slack.OptTypeUser {
			if x.InitialUser != "" {
				return n.User(x.InitialUser)
			}
			return "pick a person (@handle)"
		}
		var vs []string
		for _, o := range x.Options {
			vs = append(vs, o.Value)
		}
		if len(vs) > 6 {
			return fmt.Sprintf("one of %d, e.g. %s", len(vs), strings.Join(vs[:3], ", "))
		}
		return strings.Join(vs, " | ")
	}
	return ""
}

// formValues reads `key=value key="two words" owner=@riley` into block ids
// and values; @handles become user ids.
func formValues(arg string) (map[string]string, error) {
	out := map[string]string{}
	rest := strings.TrimSpace(arg)
	for rest != "" {
		key, after, ok := strings.Cut(rest, "=")
		if !ok || strings.ContainsAny(key, " \t") {
			return nil, fmt.Errorf("write key=value, not %q", strings.Fields(rest)[0])
		}
		var val string
		if strings.HasPrefix(after, `"`) {
			end := strings.Index(after[1:], `"`)
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote after %s=", key)
			}
			val, rest = after[1:end+1], after[end+2:]
		} else {
			val, rest, _ = strings.Cut(after, " ")
		}
		if strings.HasPrefix(val, "@") {
			if u, ok := LookupUser(val); ok {
				val = u.ID
			}
		}
		out["f-"+key] = val
		rest = strings.TrimSpace(rest)
	}
	return out, nil
}

// submitForm is :submit: it fills the open form and sends it.
func (c *console) submitForm(ctx context.Context, arg string) error {
	if _, ok := c.w.Emu.OpenModal(c.user); !ok {
		c.showForm()
		return nil
	}
	values, err := formValues(arg)
	if err != nil {
		c.note("%v.", err)
		return nil
	}
	res, _, err := c.w.Submit(ctx, c.user, values)
	if err != nil {
		c.note("%s", strings.TrimPrefix(err.Error(), "slackemu: "))
		return nil
	}
	if res.Action == "errors" {
		keys := make([]string, 0, len(res.Errors))
		for k := range res.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		c.note("The form is not sent: %d field(s) to correct.", len(keys))
		c.showForm()
	}
	return c.flush()
}

// typeField is :type: one field filled, as typed in Slack.
func (c *console) typeField(ctx context.Context, arg string) error {
	values, err := formValues(arg)
	if err != nil || len(values) != 1 {
		c.note("Write one field: :type quota=$250k.")
		return nil
	}
	for k, v := range values {
		if err := c.w.Type(ctx, c.user, k, v); err != nil {
			c.note("%s", strings.TrimPrefix(err.Error(), "slackemu: "))
			return nil
		}
	}
	c.showForm()
	return nil
}

// typedValues reads what has been entered in the modal's inputs from the
// view's state.
func typedValues(m slackemu.Modal, n term.Names) map[string]string {
	var v slack.View
	out := map[string]string{}
	if json.Unmarshal(m.Raw, &v) != nil || v.State == nil {
		return out
	}
	for block, acts := range v.State.Values {
		for _, a := range acts {
			switch {
			case a.SelectedUser != "":
				out[block] = n.User(a.SelectedUser)
			case a.SelectedOption.Value != "":
				out[block] = a.SelectedOption.Value
			default:
				out[block] = a.Value
			}
		}
	}
	return out
}
