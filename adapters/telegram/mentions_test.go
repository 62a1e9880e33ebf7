package telegram

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestPickedMentionsBecomeMemberReferences(t *testing.T) {
	marco := &tgbotapi.User{ID: 1002, FirstName: "Marco"}
	tests := []struct {
		text string
		ents []tgbotapi.MessageEntity
		want string
	}{
		{"/intro Marco help with ux", []tgbotapi.MessageEntity{{Type: "bot_command", Length: 6}, {Type: "text_mention", Offset: 7, Length: 5, User: marco}}, "/intro @1002 help with ux"},
		// Offsets count UTF-16 units: the emoji is two.
		{"/intro 😀 Marco", []tgbotapi.MessageEntity{{Type: "text_mention", Offset: 10, Length: 5, User: marco}}, "/intro 😀 @1002"},
		{"/intro Marco", []tgbotapi.MessageEntity{{Type: "text_mention", Offset: 7, Length: 50, User: marco}}, "/intro Marco"},
		{"/intro @anna", []tgbotapi.MessageEntity{{Type: "mention", Offset: 7, Length: 5}}, "/intro @anna"},
	}
	for _, tt := range tests {
		if got := withMentions(&tgbotapi.Message{Text: tt.text, Entities: tt.ents}); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}
