package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// The announce form: /announce with no options opens a modal whose
// submission becomes the core's `announce` command, as on Slack.
const (
	announceModalID = "rete_announce"

	fieldTitle   = "title"
	fieldWhen    = "when"
	fieldPlace   = "place"
	fieldDetails = "details"
)

// announceModal is the modal: title, when, place and optional details,
// labelled in lang. When is read as the core reads `announce` (in the
// community's time zone), so "2027-01-15 18:30" and "tomorrow 19:00"
// both work.
func announceModal(cat *bot.Catalog, lang bot.Lang) *discordgo.InteractionResponse {
	label := func(key string) string { return kit.Truncate(cat.String(lang, key, nil), 45) }
	input := func(id, label, placeholder string, max int, style discordgo.TextInputStyle, required bool) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: id, Label: label, Placeholder: placeholder, Style: style, Required: required, MaxLength: max,
		}}}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: announceModalID, Title: label("form.announce"),
			Components: []discordgo.MessageComponent{
				input(fieldTitle, label("form.announce_title"), "Aperitivo", bot.MaxEventTitle, discordgo.TextInputShort, true),
				input(fieldWhen, label("form.announce_when"), "2027-01-15 18:30", 40, discordgo.TextInputShort, true),
				input(fieldPlace, label("form.announce_place"), "Bar Centrale, Roma", bot.MaxEventPlace, discordgo.TextInputShort, true),
				input(fieldDetails, label("form.announce_details"), "", bot.MaxEventDetails, discordgo.TextInputParagraph, false),
			},
		},
	}
}

// announceCommand builds the core's command from a submitted modal:
// `announce TITLE | WHEN | PLACE | DETAILS`, without the details when
// empty. '|' separates the fields, so one typed in a field becomes '/';
// line breaks become spaces, as the core takes one line. An empty
// required field reaches the core as such, which answers with the usage.
func announceCommand(data discordgo.ModalSubmitInteractionData) string {
	f := map[string]string{}
	for _, c := range data.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range row.Components {
			if in, ok := c.(*discordgo.TextInput); ok {
				f[in.CustomID] = strings.Join(strings.Fields(strings.ReplaceAll(in.Value, "|", "/")), " ")
			}
		}
	}
	cmd := "announce " + f[fieldTitle] + " | " + f[fieldWhen] + " | " + f[fieldPlace]
	if f[fieldDetails] != "" {
		cmd += " | " + f[fieldDetails]
	}
	return cmd
}
