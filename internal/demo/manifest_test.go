package demo

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// webAPIScopes is the one list of the Web API methods the bot calls (the
// names the Sender passes to call and callOnce, in bot/) and the bot scopes
// Slack requires for each, comma-separated; "" is a call that needs none.
// manifest.yml must ask for exactly these scopes plus `commands`, and
// docs/install.md must justify each one.
var webAPIScopes = map[string]string{
	"chat.postMessage":   "chat:write",
	"chat.update":        "chat:write",
	"chat.postEphemeral": "chat:write",
	"conversations.open": "im:write", // the DM a nudge goes to
	// looking up a scheduled post whose send is in doubt, in a public or
	// private channel or a DM
	"conversations.history":        "channels:history,groups:history,im:history",
	"files.upload":                 "files:write", // files.getUploadURLExternal + files.completeUploadExternal
	"files.getUploadURLExternal":   "files:write",
	"files.completeUploadExternal": "files:write",
	"upload_url":                   "",                 // the bytes to the URL Slack gave, not a Web API method
	"users.info":                   "users:read",       // is the caller a workspace admin
	"users.list":                   "users:read",       // who a plain @name is, when escaping is off
	"users.lookupByEmail":          "users:read.email", // CSV import: owner email → Slack user
	"views.publish":                "",                 // the App Home tab needs no scope
	"response_url":                 "",                 // a webhook, not a Web API method
}

// slashScope is what the /sla command itself needs.
const slashScope = "commands"

// manifest is the part of Slack's app manifest that slabot writes. Decoding
// rejects a key it does not list, so a misspelt setting fails here rather
// than being ignored by Slack.
type manifest struct {
	Metadata struct {
		MajorVersion int `yaml:"major_version"`
		MinorVersion int `yaml:"minor_version"`
	} `yaml:"_metadata"`
	DisplayInformation struct {
		Name            string `yaml:"name"`
		Description     string `yaml:"description"`
		LongDescription string `yaml:"long_description"`
		BackgroundColor string `yaml:"background_color"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTabEnabled             *bool `yaml:"home_tab_enabled"`
			MessagesTabEnabled         *bool `yaml:"messages_tab_enabled"`
			MessagesTabReadOnlyEnabled *bool `yaml:"messages_tab_read_only_enabled"`
		} `yaml:"app_home"`
		BotUser struct {
			DisplayName  string `yaml:"display_name"`
			AlwaysOnline bool   `yaml:"always_online"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			Description  string `yaml:"description"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape *bool  `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled *bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		OrgDeployEnabled     *bool `yaml:"org_deploy_enabled"`
		SocketModeEnabled    *bool `yaml:"socket_mode_enabled"`
		TokenRotationEnabled *bool `yaml:"token_rotation_enabled"`
	} `yaml:"settings"`
}

func readManifest(t *testing.T) manifest {
	t.Helper()
	raw, err := os.ReadFile("../../manifest.yml")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest.yml: %v", err)
	}
	return m
}

// calledMethods lists the Web API methods the Sender calls (bot/*.go).
func calledMethods(t *testing.T) []string {
	names, err := filepath.Glob("../../bot/*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\.call(?:Once)?\(ctx, "([A-Za-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
			seen[m[1]] = true
		}
	}
	out := slices.Sorted(maps.Keys(seen))
	if len(out) == 0 {
		t.Fatal("found no Sender.call in bot/: has its shape changed?")
	}
	return out
}

func TestManifest(t *testing.T) {
	m := readManifest(t)
	for _, c := range []struct {
		name string
		v    *bool
		want bool
	}{
		{"settings.socket_mode_enabled", m.Settings.SocketModeEnabled, true},
		{"settings.interactivity.is_enabled", m.Settings.Interactivity.IsEnabled, true},
		{"settings.org_deploy_enabled", m.Settings.OrgDeployEnabled, false},
		{"settings.token_rotation_enabled", m.Settings.TokenRotationEnabled, false},
		{"features.app_home.home_tab_enabled", m.Features.AppHome.HomeTabEnabled, true},
		{"features.app_home.messages_tab_enabled", m.Features.AppHome.MessagesTabEnabled, true},
	} {
		if c.v == nil || *c.v != c.want {
			t.Errorf("%s must be set to %v", c.name, c.want)
		}
	}
	if m.Features.BotUser.DisplayName == "" {
		t.Error("features.bot_user.display_name is missing")
	}
	// Slack's limits on the display information.
	d := m.DisplayInformation
	for _, f := range []struct {
		key      string
		s        string
		min, max int
	}{{"name", d.Name, 1, 35}, {"description", d.Description, 1, 140}, {"long_description", d.LongDescription, 174, 4000}} {
		if n := len([]rune(f.s)); n < f.min || n > f.max {
			t.Errorf("display_information.%s has %d characters, want %d–%d", f.key, n, f.min, f.max)
		}
	}
	if ev := m.Settings.EventSubscriptions.BotEvents; !slices.Equal(ev, []string{"app_home_opened"}) {
		t.Errorf("bot_events = %v, want [app_home_opened] (the bot handles no other event)", ev)
	}
	cmds := m.Features.SlashCommands
	// Escaping on: Slack sends a person picked from the list as <@U…>, not
	// the @name the person sees; the demo's workspace must match.
	if len(cmds) != 1 || cmds[0].Command != "/sla" || cmds[0].ShouldEscape == nil || !*cmds[0].ShouldEscape {
		t.Errorf("slash_commands must be /sla alone, with should_escape: true (the bot reads <@U…> mentions)")
	} else if *cmds[0].ShouldEscape != ManifestEscapes {
		t.Errorf("manifest should_escape is %v, the demo's workspace %v", *cmds[0].ShouldEscape, ManifestEscapes)
	}

	// Scopes: exactly what the methods the code calls need, and commands.
	want := map[string]bool{slashScope: true}
	called := map[string]bool{}
	for _, method := range calledMethods(t) {
		called[method] = true
		scopes, ok := webAPIScopes[method]
		if !ok {
			t.Errorf("bot/ calls %s: add it and its scope to webAPIScopes (and manifest.yml, docs/install.md)", method)
			continue
		}
		for _, scope := range strings.Split(scopes, ",") {
			if scope != "" {
				want[scope] = true
			}
		}
	}
	for method := range webAPIScopes {
		if !called[method] {
			t.Errorf("webAPIScopes lists %s, which bot/ no longer calls", method)
		}
	}
	have := map[string]bool{}
	for _, s := range m.OAuthConfig.Scopes.Bot {
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
