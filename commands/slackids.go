package commands

import "strings"

// ParseUser reads a Slack user mention, <@U123> or <@U123|name>, and returns
// the user id. Plain text like @ada is rejected with a hint: Slack only
// sends a mention when the person is picked from the autocomplete list.
func ParseUser(s string) (string, error) {
	id, p := readUser(s)
	if p != "" {
		return "", usageValueErr(s, p)
	}
	return id, nil
}

func readUser(s string) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "<@") && strings.HasSuffix(s, ">"):
		id, _, _ := strings.Cut(s[2:len(s)-1], "|")
		if validSlackID(id, "UW") {
			return id, ""
		}
		return "", "is not a valid mention: type @ and pick the person from Slack's list"
	case strings.HasPrefix(s, "<#"):
		return "", "is a channel, not a person: type @ and pick the person from Slack's list"
	case strings.HasPrefix(s, "<!subteam"):
		return "", "is a user group: mention one person"
	case strings.HasPrefix(s, "<!"):
		return "", "is a special mention: mention one person"
	case strings.HasPrefix(s, "@"):
		return "", "is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"
	}
	return "", "is not a mention of a person: type @ and pick them from Slack's autocomplete list"
}

// ParseChannel reads a Slack channel reference, <#C123|name> or <#C123>,
// and returns the channel id.
func ParseChannel(s string) (string, error) {
	id, p := readChannel(s)
	if p != "" {
		return "", usageValueErr(s, p)
	}
	return id, nil
}

func readChannel(s string) (string, string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<#") && strings.HasSuffix(s, ">") {
		id, _, _ := strings.Cut(s[2:len(s)-1], "|")
		if validSlackID(id, "CG") {
			return id, ""
		}
		return "", "is not a valid channel: type # and pick the channel from Slack's list"
	}
	if strings.HasPrefix(s, "#") {
		return "", "is plain text, not a channel link: type # and pick the channel from Slack's autocomplete list"
	}
	return "", "is not a channel: type # and pick the channel from Slack's autocomplete list"
}

// slackID checks an id like U0123ABCD: a prefix letter, then upper-case
// letters and digits.
func validSlackID(id, prefixes string) bool {
	if len(id) < 2 || len(id) > 32 || !strings.ContainsRune(prefixes, rune(id[0])) {
		return false
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func usageValueErr(s, problem string) error {
	return &UsageError{Msg: quoteInput(s) + " " + problem}
}
