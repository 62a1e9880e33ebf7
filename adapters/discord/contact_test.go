package discord

import (
	"testing"

	"github.com/rete-bot/rete/bot"
)

func TestContactLink(t *testing.T) {
	member := bot.MemberID{Platform: Platform, Space: "1", User: "123456789012345678"}
	slack := bot.MemberID{Platform: "slack", Space: "T1", User: "U1"}
	if got, ok := (*Adapter)(nil).ContactLink(slack, member, ""); !ok || got != "https://discord.com/users/123456789012345678" {
		t.Errorf("link %q %v", got, ok)
	}
	if got, ok := (*Adapter)(nil).ContactLink(member, slack, ""); ok {
		t.Errorf("a Slack member got a Discord link %q", got)
	}
}
