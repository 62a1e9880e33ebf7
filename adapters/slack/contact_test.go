package slack

import (
	"testing"

	"github.com/rete-bot/rete/bot"
)

func TestContactLink(t *testing.T) {
	member := bot.MemberID{Platform: Platform, Space: "T1", User: "U0123ABC"}
	tests := []struct {
		name   string
		reader bot.MemberID
		ok     bool
	}{
		{"same workspace", bot.MemberID{Platform: Platform, Space: "T1", User: "U0999XYZ"}, true},
		{"another workspace", bot.MemberID{Platform: Platform, Space: "T2", User: "U0999XYZ"}, false},
		{"another platform", bot.MemberID{Platform: "telegram", Space: "-100", User: "42"}, false},
	}
	for _, tt := range tests {
		got, ok := (*Adapter)(nil).ContactLink(tt.reader, member, "anna")
		if ok != tt.ok || ok && got != "https://slack.com/app_redirect?channel=U0123ABC&team=T1" {
			t.Errorf("%s: %q %v", tt.name, got, ok)
		}
	}
}
