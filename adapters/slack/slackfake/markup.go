package slackfake

import (
	"encoding/json"
	"regexp"
	"testing"
)

// pingPattern finds what Slack turns into a notification in mrkdwn:
// <!here>, <!channel>, <!everyone>, <!subteam^…>, <@U…>.
var pingPattern = regexp.MustCompile(`<!([a-z]+)[^>]*>|<!subteam\^([A-Z0-9]+)[^>]*>|<@([A-Z0-9]+)(?:\|[^>]*)?>`)

// Pings lists the notifications the texts would raise.
func Pings(texts ...string) []string {
	var out []string
	for _, t := range texts {
		for _, m := range pingPattern.FindAllStringSubmatch(t, -1) {
			switch {
			case m[3] != "":
				out = append(out, m[3])
			case m[2] != "":
				out = append(out, "subteam^"+m[2])
			default:
				out = append(out, m[1])
			}
		}
	}
	return out
}

// MrkdwnTexts returns every mrkdwn text in JSON-encoded blocks: the
// places Slack parses for markup and mentions (plain_text it does not).
func MrkdwnTexts(t testing.TB, blocks any) []string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "mrkdwn" {
				if s, ok := v["text"].(string); ok {
					out = append(out, s)
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(v)
	return out
}
