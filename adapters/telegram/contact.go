package telegram

import (
	"net/url"
	"strconv"

	"github.com/rete-bot/rete/bot"
)

var _ bot.ContactLinker = (*Adapter)(nil)

// ContactLink implements [bot.ContactLinker]: https://t.me/USERNAME opens
// a chat from anywhere; a person without a username is reached only by
// id, with a link that works inside Telegram alone.
func (a *Adapter) ContactLink(reader, member bot.MemberID, handle string) (string, bool) {
	if member.Platform != Platform {
		return "", false
	}
	if handle != "" {
		return "https://t.me/" + url.PathEscape(handle), true
	}
	if _, err := strconv.ParseInt(member.User, 10, 64); err != nil || reader.Platform != Platform {
		return "", false
	}
	return "tg://user?id=" + member.User, true
}
