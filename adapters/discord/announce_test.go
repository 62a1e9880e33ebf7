package discord

import (
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

func TestAnnounceModalSpeaksTheMembersLanguage(t *testing.T) {
	for locale, title := range map[discordgo.Locale]string{discordgo.Italian: "Annuncia un evento", discordgo.EnglishUS: "Announce an event", "": "Announce an event"} {
		m := announceModal(bot.NewCatalog(), kit.LocaleLang(string(locale)))
		if m.Data.Title != title {
			t.Errorf("%q: title %q, want %q", locale, m.Data.Title, title)
		}
		for _, row := range m.Data.Components {
			in := row.(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
			if in.Label == "" || utf8.RuneCountInString(in.Label) > 45 {
				t.Errorf("%q: label %q does not fit Discord's 45 characters", locale, in.Label)
			}
		}
	}
}

func TestAnnounceCommandFromTheModal(t *testing.T) {
	field := func(id, v string) discordgo.MessageComponent {
		return &discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.TextInput{CustomID: id, Value: v}}}
	}
	for _, tc := range []struct {
		details, want string
	}{
		{"", "announce Aperitivo / rete | tomorrow 19:00 | Bar"},
		{"Bring\ncards | friends", "announce Aperitivo / rete | tomorrow 19:00 | Bar | Bring cards / friends"},
	} {
		data := discordgo.ModalSubmitInteractionData{CustomID: announceModalID, Components: []discordgo.MessageComponent{
			field(fieldTitle, "Aperitivo | rete"), field(fieldWhen, " tomorrow  19:00"), field(fieldPlace, "Bar"), field(fieldDetails, tc.details),
		}}
		if got := announceCommand(data); got != tc.want {
			t.Errorf("command %q, want %q", got, tc.want)
		}
	}
}
