package telegram

import (
	"slices"
	"strconv"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// withMentions is a message's text with each person picked from
// Telegram's mention list (a text_mention: someone without a username,
// shown by name) written as "@" and their user id, the core's member
// reference. Entity offsets count UTF-16 code units; an entity that does
// not fit the text is left alone.
func withMentions(m *tgbotapi.Message) string {
	ents := slices.Clone(m.Entities)
	if !slices.ContainsFunc(ents, func(e tgbotapi.MessageEntity) bool { return e.Type == "text_mention" }) {
		return m.Text
	}
	slices.SortStableFunc(ents, func(a, b tgbotapi.MessageEntity) int { return a.Offset - b.Offset })
	units := utf16.Encode([]rune(m.Text))
	var out []uint16
	last := 0
	for _, e := range ents {
		if e.Type != "text_mention" || e.User == nil || e.Length <= 0 || e.Offset < last || e.Offset+e.Length > len(units) {
			continue
		}
		out = append(out, units[last:e.Offset]...)
		out = append(out, utf16.Encode([]rune("@"+strconv.FormatInt(e.User.ID, 10)))...)
		last = e.Offset + e.Length
	}
	out = append(out, units[last:]...)
	return string(utf16.Decode(out))
}
