package discord

import "github.com/rete-bot/rete/bot"

var _ bot.ContactLinker = (*Adapter)(nil)

// ContactLink implements [bot.ContactLinker]: a Discord profile link, from
// which anyone with Discord can send a message.
func (a *Adapter) ContactLink(reader, member bot.MemberID, handle string) (string, bool) {
	if member.Platform != Platform || !snowflake.MatchString(member.User) {
		return "", false
	}
	return "https://discord.com/users/" + member.User, true
}
