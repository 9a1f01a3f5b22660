package commands_test

import (
	"encoding/json"
	"strings"

	"github.com/slabot/slabot/commands"
)

// allText is the reply's text and every text inside its blocks.
func allText(r commands.Response) string {
	var parts []string
	parts = append(parts, r.Text)
	raw, _ := json.Marshal(r.Blocks)
	var v any
	_ = json.Unmarshal(raw, &v)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["text"].(string); ok {
				parts = append(parts, t)
			}
			for k, y := range x {
				if k != "text" {
					walk(y)
				} else if _, ok := y.(string); !ok {
					walk(y)
				}
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return strings.Join(parts, "\n")
}
