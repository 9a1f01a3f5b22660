package slackemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Block Kit limits Slack enforces (Block Kit reference, docs.slack.dev).
const (
	maxMessageBlocks  = 50
	maxViewBlocks     = 100
	maxMessageText    = 40000
	maxSectionText    = 3000
	maxSectionFields  = 10
	maxFieldText      = 2000
	maxHeaderText     = 150
	maxContextElems   = 10
	maxContextText    = 3000
	maxActionsElems   = 25
	maxButtonText     = 75
	maxActionID       = 255
	maxBlockID        = 255
	maxButtonValue    = 2000
	maxButtonURL      = 3000
	maxMarkdownText   = 12000
	maxPrivateMeta    = 3000
	maxViewCallbackID = 255
)

// blockSet is a blocks argument after checking: the JSON as Slack stores it (block_id
// filled in) and the same decoded.
type blockSet struct {
	raw     json.RawMessage
	decoded slack.Blocks
}

// blockProblem is a rejected blocks argument: the error code and Slack's explanations
// ("must be less than 3001 characters [json-pointer:/blocks/0/text/text]").
type blockProblem struct {
	code     string
	messages []string
}

// parseBlocks checks a blocks argument the way chat.postMessage does. pointer is where
// the blocks sit in the request ("/blocks", "/view/blocks"), max the number allowed,
// inView whether input blocks are allowed, seed makes generated block_ids stable.
func parseBlocks(text, pointer string, max int, inView bool, seed string) (blockSet, *blockProblem) {
	var items []map[string]any
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	if err := dec.Decode(&items); err != nil {
		return blockSet{}, &blockProblem{code: "invalid_blocks_format",
			messages: []string{fmt.Sprintf("invalid JSON: %v [json-pointer:%s]", err, pointer)}}
	}
	var decoded slack.Blocks
	if err := json.Unmarshal([]byte(text), &decoded); err != nil {
		return blockSet{}, &blockProblem{code: "invalid_blocks_format",
			messages: []string{fmt.Sprintf("%v [json-pointer:%s]", err, pointer)}}
	}
	if probs := checkBlocks(decoded.BlockSet, pointer, max, inView); len(probs) > 0 {
		return blockSet{}, &blockProblem{code: "invalid_blocks", messages: probs}
	}
	// Slack fills in the block_id of a block and the action_id of a button sent
	// without one.
	for i, it := range items {
		if id, _ := it["block_id"].(string); id == "" {
			it["block_id"] = blockID(seed, i)
		}
		var elems []any
		switch it["type"] {
		case "actions":
			elems, _ = it["elements"].([]any)
		case "section":
			elems = []any{it["accessory"]}
		}
		for j, e := range elems {
			if el, ok := e.(map[string]any); ok && el["type"] == "button" {
				if id, _ := el["action_id"].(string); id == "" {
					el["action_id"] = blockID(seed+"/action", i*100+j)
				}
			}
		}
	}
	raw, err := json.Marshal(items)
	if err != nil {
		return blockSet{}, &blockProblem{code: "invalid_blocks_format", messages: []string{err.Error()}}
	}
	decoded = slack.Blocks{}
	if err := json.Unmarshal(raw, &decoded); err != nil {
		return blockSet{}, &blockProblem{code: "invalid_blocks_format", messages: []string{err.Error()}}
	}
	return blockSet{raw: raw, decoded: decoded}, nil
}

// blockID makes a short id like the ones Slack gives blocks sent without one ("Nr6lA").
func blockID(seed string, i int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", seed, i)
	n := h.Sum64()
	b := make([]byte, 5)
	for j := range b {
		b[j] = alphabet[n%uint64(len(alphabet))]
		n /= uint64(len(alphabet))
	}
	return string(b)
}

func chars(s string) int { return utf8.RuneCountInString(s) }

// MessageProblems is what chat.postMessage (and chat.update) would refuse
// in a message's blocks, empty when Slack takes them: for render's goldens.
func MessageProblems(blocks []slack.Block) []string {
	return checkBlocks(blocks, "/blocks", maxMessageBlocks, false)
}

// HomeProblems is what views.publish would refuse in a home tab's blocks.
func HomeProblems(blocks []slack.Block) []string {
	return checkBlocks(blocks, "/view/blocks", maxViewBlocks, false)
}

// checkBlocks returns Slack's complaints about a block list, empty when it is fine.
// The wording follows what Slack puts in response_metadata.messages (without the
// "[ERROR] " prefix).
func checkBlocks(blocks []slack.Block, pointer string, max int, inView bool) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if len(blocks) > max {
		add("no more than %d items allowed [json-pointer:%s]", max, pointer)
	}
	text := func(t *slack.TextBlockObject, limit int, at string, plainOnly bool) {
		switch {
		case t == nil:
			add("missing required field: text [json-pointer:%s]", at)
			return
		case t.Type != slack.PlainTextType && (plainOnly || t.Type != slack.MarkdownType):
			add("must be a valid enum value [json-pointer:%s/type]", at)
		}
		switch n := chars(t.Text); {
		case n == 0:
			add("must be more than 0 characters [json-pointer:%s/text]", at)
		case n > limit:
			add("must be less than %d characters [json-pointer:%s/text]", limit+1, at)
		}
	}
	button := func(b *slack.ButtonBlockElement, at string) {
		text(b.Text, maxButtonText, at+"/text", true)
		if chars(b.ActionID) > maxActionID {
			add("must be less than %d characters [json-pointer:%s/action_id]", maxActionID+1, at)
		}
		if chars(b.Value) > maxButtonValue {
			add("must be less than %d characters [json-pointer:%s/value]", maxButtonValue+1, at)
		}
		if chars(b.URL) > maxButtonURL {
			add("must be less than %d characters [json-pointer:%s/url]", maxButtonURL+1, at)
		}
	}
	seen := map[string]bool{}
	for i, b := range blocks {
		at := fmt.Sprintf("%s/%d", pointer, i)
		if id := b.ID(); id != "" {
			if chars(id) > maxBlockID {
				add("must be less than %d characters [json-pointer:%s/block_id]", maxBlockID+1, at)
			}
			if seen[id] {
				add("duplicate block_id %q [json-pointer:%s/block_id]", id, at)
			}
			seen[id] = true
		}
		switch b := b.(type) {
		case *slack.SectionBlock:
			if b.Text == nil && len(b.Fields) == 0 {
				add("must provide either text or fields [json-pointer:%s]", at)
			}
			if b.Text != nil {
				text(b.Text, maxSectionText, at+"/text", false)
			}
			if len(b.Fields) > maxSectionFields {
				add("no more than %d items allowed [json-pointer:%s/fields]", maxSectionFields, at)
			}
			for j, f := range b.Fields {
				text(f, maxFieldText, fmt.Sprintf("%s/fields/%d", at, j), false)
			}
			if b.Accessory != nil && b.Accessory.ButtonElement != nil {
				button(b.Accessory.ButtonElement, at+"/accessory")
			}
		case *slack.HeaderBlock:
			text(b.Text, maxHeaderText, at+"/text", true)
		case *slack.ContextBlock:
			elems := b.ContextElements.Elements
			switch {
			case len(elems) == 0:
				add("must provide at least 1 item [json-pointer:%s/elements]", at)
			case len(elems) > maxContextElems:
				add("no more than %d items allowed [json-pointer:%s/elements]", maxContextElems, at)
			}
			for j, e := range elems {
				if t, ok := e.(*slack.TextBlockObject); ok {
					text(t, maxContextText, fmt.Sprintf("%s/elements/%d", at, j), false)
				}
			}
		case *slack.ActionBlock:
			var elems []slack.BlockElement
			if b.Elements != nil {
				elems = b.Elements.ElementSet
			}
			switch {
			case len(elems) == 0:
				add("must provide at least 1 item [json-pointer:%s/elements]", at)
			case len(elems) > maxActionsElems:
				add("no more than %d items allowed [json-pointer:%s/elements]", maxActionsElems, at)
			}
			ids := map[string]bool{}
			for j, e := range elems {
				eat := fmt.Sprintf("%s/elements/%d", at, j)
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					button(btn, eat)
					if btn.ActionID != "" && ids[btn.ActionID] {
						add("duplicate action_id %q [json-pointer:%s/action_id]", btn.ActionID, eat)
					}
					ids[btn.ActionID] = true
				}
			}
		case *slack.MarkdownBlock:
			if n := chars(b.Text); n > maxMarkdownText {
				add("must be less than %d characters [json-pointer:%s/text]", maxMarkdownText+1, at)
			}
		case *slack.InputBlock:
			if !inView {
				add("failed to match all allowed schemas [json-pointer:%s]", at)
			}
			checkInput(b, at, text, add)
		case *slack.UnknownBlock:
			add("failed to match all allowed schemas [json-pointer:%s]", at)
		}
	}
	return probs
}

// checkInput checks an input block (Block Kit reference: input block label
// and hint at most 2000 characters; a select at most 100 options or option
// groups, an option's text at most 75 characters and its value 150).
func checkInput(b *slack.InputBlock, at string, text func(*slack.TextBlockObject, int, string, bool), add func(string, ...any)) {
	text(b.Label, maxInputLabel, at+"/label", true)
	if b.Hint != nil {
		text(b.Hint, maxInputLabel, at+"/hint", true)
	}
	if b.Element == nil {
		add("missing required field: element [json-pointer:%s]", at)
		return
	}
	eat := at + "/element"
	if id := elementActionID(b.Element); chars(id) > maxActionID {
		add("must be less than %d characters [json-pointer:%s/action_id]", maxActionID+1, eat)
	}
	switch e := b.Element.(type) {
	case *slack.PlainTextInputBlockElement:
		if chars(e.InitialValue) > maxInitialValue {
			add("must be less than %d characters [json-pointer:%s/initial_value]", maxInitialValue+1, eat)
		}
		if e.Placeholder != nil {
			text(e.Placeholder, maxPlaceholder, eat+"/placeholder", true)
		}
	case *slack.NumberInputBlockElement:
		if e.Placeholder != nil {
			text(e.Placeholder, maxPlaceholder, eat+"/placeholder", true)
		}
	case *slack.SelectBlockElement:
		if e.Placeholder != nil {
			text(e.Placeholder, maxPlaceholder, eat+"/placeholder", true)
		}
		if e.Type != slack.OptTypeStatic {
			return
		}
		switch {
		case len(e.Options) > maxSelectOpts:
			add("no more than %d items allowed [json-pointer:%s/options]", maxSelectOpts, eat)
		case len(e.OptionGroups) > maxSelectOpts:
			add("no more than %d items allowed [json-pointer:%s/option_groups]", maxSelectOpts, eat)
		case len(e.Options) == 0 && len(e.OptionGroups) == 0:
			add("must provide either options or option_groups [json-pointer:%s]", eat)
		}
		opt := func(o *slack.OptionBlockObject, oat string) {
			text(o.Text, maxOptionText, oat+"/text", true)
			if n := chars(o.Value); n == 0 || n > maxOptionValue {
				add("must be between 1 and %d characters [json-pointer:%s/value]", maxOptionValue, oat)
			}
		}
		for i, o := range e.Options {
			opt(o, fmt.Sprintf("%s/options/%d", eat, i))
		}
		for i, g := range e.OptionGroups {
			gat := fmt.Sprintf("%s/option_groups/%d", eat, i)
			if len(g.Options) > maxSelectOpts {
				add("no more than %d items allowed [json-pointer:%s/options]", maxSelectOpts, gat)
			}
			for j, o := range g.Options {
				opt(o, fmt.Sprintf("%s/options/%d", gat, j))
			}
		}
	}
}
