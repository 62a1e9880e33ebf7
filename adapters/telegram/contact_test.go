package telegram

import (
	"testing"

	"github.com/rete-bot/rete/bot"
)

func TestContactLink(t *testing.T) {
	tg := func(user string) bot.MemberID { return bot.MemberID{Platform: Platform, Space: "-100", User: user} }
	slack := bot.MemberID{Platform: "slack", Space: "T1", User: "U1"}
	tests := []struct {
		name           string
		reader, member bot.MemberID
		handle, want   string
		ok             bool
	}{
		{"username works from anywhere", slack, tg("42"), "bruno", "https://t.me/bruno", true},
		{"id only inside Telegram", tg("7"), tg("42"), "", "tg://user?id=42", true},
		{"id only is no use elsewhere", slack, tg("42"), "", "", false},
		{"not a Telegram member", tg("7"), slack, "anna", "", false},
	}
	for _, tt := range tests {
		got, ok := (*Adapter)(nil).ContactLink(tt.reader, tt.member, tt.handle)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: %q %v, want %q %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
