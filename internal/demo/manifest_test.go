package demo

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// webAPIScopes is the one list of the Web API methods the bot calls (the
// names bot/sender.go passes to Sender.call) and the bot scope Slack
// requires for each; "" is a call that needs none. manifest.yml must ask for
// exactly these scopes plus `commands`, and docs/install.md must justify
// each one.
var webAPIScopes = map[string]string{
	"chat.postMessage":    "chat:write",
	"chat.update":         "chat:write",
	"chat.postEphemeral":  "chat:write",
	"conversations.open":  "im:write",         // the DM a nudge goes to
	"files.upload":        "files:write",      // files.getUploadURLExternal + files.completeUploadExternal
	"users.info":          "users:read",       // is the caller a workspace admin
	"users.lookupByEmail": "users:read.email", // CSV import: owner email → Slack user
	"views.publish":       "",                 // the App Home tab needs no scope
	"response_url":        "",                 // a webhook, not a Web API method
}

// slashScope is what the /sla command itself needs.
const slashScope = "commands"

// yamlValue is a node of the small YAML subset manifest.yml uses: maps,
// lists of scalars or maps, and scalars.
type yamlValue = any

// parseYAML reads block-style YAML (two-space indents, "- " lists, quoted
// or plain scalars, # comments). It is not a YAML parser; it is enough to
// check the manifest without adding a module.
func parseYAML(text string) (map[string]yamlValue, error) {
	type line struct {
		indent int
		text   string
		n      int
	}
	var lines []line
	for i, raw := range strings.Split(text, "\n") {
		t := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimLeft(t, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		lines = append(lines, line{len(t) - len(trimmed), trimmed, i + 1})
	}
	pos := 0
	var block func(indent int) (yamlValue, error)
	scalar := func(s string) string {
		s = strings.TrimSpace(s)
		if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
			return s[1 : len(s)-1]
		}
		if i := strings.Index(s, " #"); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
		return s
	}
	block = func(indent int) (yamlValue, error) {
		if pos >= len(lines) {
			return nil, nil
		}
		if strings.HasPrefix(lines[pos].text, "- ") {
			var list []yamlValue
			for pos < len(lines) && lines[pos].indent == indent && strings.HasPrefix(lines[pos].text, "- ") {
				item := strings.TrimPrefix(lines[pos].text, "- ")
				if k, v, ok := strings.Cut(item, ": "); ok && !strings.HasPrefix(item, "\"") {
					// A map item: its first key on the dash line, the rest indented under it.
					m := map[string]yamlValue{k: scalar(v)}
					pos++
					for pos < len(lines) && lines[pos].indent == indent+2 {
						k, v, _ := strings.Cut(lines[pos].text, ":")
						m[k] = scalar(v)
						pos++
					}
					list = append(list, m)
					continue
				}
				list = append(list, scalar(item))
				pos++
			}
			return list, nil
		}
		m := map[string]yamlValue{}
		for pos < len(lines) && lines[pos].indent == indent {
			l := lines[pos]
			k, v, ok := strings.Cut(l.text, ":")
			if !ok {
				return nil, fmt.Errorf("line %d: expected key: value", l.n)
			}
			pos++
			if strings.TrimSpace(v) != "" {
				m[k] = scalar(v)
				continue
			}
			if pos < len(lines) && lines[pos].indent > indent {
				child, err := block(lines[pos].indent)
				if err != nil {
					return nil, err
				}
				m[k] = child
			} else if pos < len(lines) && lines[pos].indent == indent && strings.HasPrefix(lines[pos].text, "- ") {
				child, err := block(indent)
				if err != nil {
					return nil, err
				}
				m[k] = child
			}
		}
		if pos < len(lines) && lines[pos].indent > indent {
			return nil, fmt.Errorf("line %d: unexpected indent", lines[pos].n)
		}
		return m, nil
	}
	v, err := block(0)
	if err != nil {
		return nil, err
	}
	if pos != len(lines) {
		return nil, fmt.Errorf("line %d: not read", lines[pos].n)
	}
	m, ok := v.(map[string]yamlValue)
	if !ok {
		return nil, fmt.Errorf("top level is not a map")
	}
	return m, nil
}

// at walks a path of map keys.
func at(v yamlValue, path ...string) yamlValue {
	for _, k := range path {
		m, ok := v.(map[string]yamlValue)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func strs(v yamlValue) []string {
	var out []string
	if l, ok := v.([]yamlValue); ok {
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func TestParseYAML(t *testing.T) {
	m, err := parseYAML("a:\n  b: \"x: y\" \n  c:\n    - one\n    - two # note\n  d:\n  - command: /sla\n    should_escape: false\n# comment\ne: 'q'\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := at(m, "a", "b"); got != "x: y" {
		t.Errorf("a.b = %v", got)
	}
	if got := strs(at(m, "a", "c")); strings.Join(got, ",") != "one,two" {
		t.Errorf("a.c = %v", got)
	}
	d, _ := at(m, "a", "d").([]yamlValue)
	if len(d) != 1 || at(d[0], "command") != "/sla" || at(d[0], "should_escape") != "false" {
		t.Errorf("a.d = %#v", at(m, "a", "d"))
	}
	if at(m, "e") != "q" {
		t.Errorf("e = %v", at(m, "e"))
	}
	if _, err := parseYAML("a:\n  b: 1\n    c: 2\n"); err == nil {
		t.Error("a stray indent must be an error")
	}
}

// calledMethods lists the Web API methods bot/sender.go calls.
func calledMethods(t *testing.T) []string {
	src, err := os.ReadFile("../../bot/sender.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`\.call\(ctx, "([A-Za-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
		seen[m[1]] = true
	}
	var out []string
	for m := range seen {
		out = append(out, m)
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("found no Sender.call in bot/sender.go: has its shape changed?")
	}
	return out
}

func TestManifest(t *testing.T) {
	raw, err := os.ReadFile("../../manifest.yml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseYAML(string(raw))
	if err != nil {
		t.Fatalf("manifest.yml: %v", err)
	}
	checks := []struct {
		path []string
		want string
	}{
		{[]string{"settings", "socket_mode_enabled"}, "true"},
		{[]string{"settings", "interactivity", "is_enabled"}, "true"},
		{[]string{"settings", "org_deploy_enabled"}, "false"},
		{[]string{"settings", "token_rotation_enabled"}, "false"},
		{[]string{"features", "app_home", "home_tab_enabled"}, "true"},
		{[]string{"features", "app_home", "messages_tab_enabled"}, "true"},
	}
	for _, c := range checks {
		if got := at(m, c.path...); got != c.want {
			t.Errorf("%s = %v, want %s", strings.Join(c.path, "."), got, c.want)
		}
	}
	if at(m, "features", "bot_user", "display_name") == nil {
		t.Error("features.bot_user.display_name is missing")
	}
	// Slack's limits on the display information.
	for _, f := range []struct {
		key      string
		min, max int
	}{{"name", 1, 35}, {"description", 1, 140}, {"long_description", 174, 4000}} {
		s, _ := at(m, "display_information", f.key).(string)
		if n := len([]rune(s)); n < f.min || n > f.max {
			t.Errorf("display_information.%s has %d characters, want %d–%d", f.key, n, f.min, f.max)
		}
	}
	if ev := strs(at(m, "settings", "event_subscriptions", "bot_events")); strings.Join(ev, ",") != "app_home_opened" {
		t.Errorf("bot_events = %v, want [app_home_opened] (the bot handles no other event)", ev)
	}
	cmds, _ := at(m, "features", "slash_commands").([]yamlValue)
	if len(cmds) != 1 || at(cmds[0], "command") != "/sla" || at(cmds[0], "should_escape") != "false" {
		t.Errorf("slash_commands = %#v, want /sla with should_escape false (the bot reads <@U…> mentions)", cmds)
	}

	// Scopes: exactly what the methods the code calls need, and commands.
	want := map[string]bool{slashScope: true}
	for _, method := range calledMethods(t) {
		scope, ok := webAPIScopes[method]
		if !ok {
			t.Errorf("bot/sender.go calls %s: add it and its scope to webAPIScopes (and manifest.yml, docs/install.md)", method)
			continue
		}
		if scope != "" {
			want[scope] = true
		}
	}
	called := map[string]bool{}
	for _, method := range calledMethods(t) {
		called[method] = true
	}
	for method := range webAPIScopes {
		if !called[method] {
			t.Errorf("webAPIScopes lists %s, which bot/sender.go no longer calls", method)
		}
	}
	got := strs(at(m, "oauth_config", "scopes", "bot"))
	have := map[string]bool{}
	for _, s := range got {
		have[s] = true
		if !want[s] {
			t.Errorf("manifest.yml asks for %s, which no call needs", s)
		}
	}
	for s := range want {
		if !have[s] {
			t.Errorf("manifest.yml lacks the %s scope", s)
		}
	}

	doc, err := os.ReadFile("../../docs/install.md")
	if err != nil {
		t.Fatal(err)
	}
	for s := range want {
		if !strings.Contains(string(doc), "`"+s+"`") {
			t.Errorf("docs/install.md does not justify the `%s` scope", s)
		}
	}
}
