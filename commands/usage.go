package commands

import (
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/slabot/slabot/sla"
)

// UsageError is what Parse (and ParseUser, ParseChannel) return for bad
// input. Msg says precisely what was wrong, in plain text (not yet escaped for
// Slack); Spec is the command whose usage should be shown beside it.
type UsageError struct {
	// Spec is nil when the subcommand itself is unknown, or when ParseUser or
	// ParseChannel was called on its own.
	Spec *Spec
	Msg  string

	group string // "lead" when `/sla lead <unknown>`: Reply lists the group's usages
}

func (e *UsageError) Error() string { return e.Msg }

// Unwrap lets sla.ErrorCode classify a usage error as sla.Invalid.
func (e *UsageError) Unwrap() error { return &sla.Error{Code: sla.Invalid, Message: e.Msg} }

// labelledEntity is a mention or channel link with its label: <@U1|ada>, <#C1|general>.
var labelledEntity = regexp.MustCompile(`<([@#])[UWCG][A-Z0-9]+\|([^>]+)>`)

// quoteInput quotes user input for a message: in backticks, backticks inside
// replaced (they would end the code span), long input cut.
func quoteInput(s string) string {
	if strings.TrimSpace(s) == "" {
		return "an empty value"
	}
	s = slackUnescape(s)
	// A mention shows raw inside a code span: write it as the person sees it.
	s = labelledEntity.ReplaceAllString(s, "$1$2")
	s = strings.ReplaceAll(s, "`", "'")
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:59]) + "…"
	}
	return "`" + s + "`"
}

// parsed splits an sla value parser's result for a call site that names the
// value itself (`revenue=abc`, not just abc): the value, and the problem
// ("is not an amount: …"), "" when it parsed.
func parsed[T any](v T, err error) (T, string) {
	_, problem := valueProblem(err)
	return v, problem
}

// parsedPart is parsed plus the part of the input that is wrong (the word of
// a schedule that does not read).
func parsedPart[T any](v T, err error) (T, string, string) {
	bad, problem := valueProblem(err)
	return v, bad, problem
}

// problemOf is the problem of an sla.Lead.Validate error, "" for nil.
func problemOf(err error) string {
	_, problem := valueProblem(err)
	return problem
}

func valueProblem(err error) (input, problem string) {
	if err == nil {
		return "", ""
	}
	var ve *sla.ValueError
	if errors.As(err, &ve) { // what sla's parsers and Validate return
		return ve.Input, ve.Problem
	}
	return "", "is not valid: " + err.Error()
}
