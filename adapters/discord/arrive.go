package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/bot"
)

// Discord tells a bot who joins a server (GUILD_MEMBER_ADD) only with the
// privileged Server Members intent, which the server's owner grants in
// the Developer Portal and Config.MembersIntent asks for. Without it rete
// welcomes nobody on Discord: someone whose first sign is their own
// command is using rete already, and its reply is what they read; taking
// an interaction for an arrival also stored again, and welcomed, someone
// whose first command was forget-me.

// memberAdded hands a GUILD_MEMBER_ADD to the core's welcome.
func (a *Adapter) memberAdded(ctx context.Context, h bot.Handler, m *discordgo.GuildMemberAdd) {
	g, ok := h.(bot.Greeter)
	if !ok || m.Member == nil || m.User == nil {
		return
	}
	name := m.Nick
	if name == "" {
		name = m.User.GlobalName
	}
	if name == "" {
		name = m.User.Username
	}
	arr := bot.Arrival{Platform: Platform, Space: m.GuildID, User: m.User.ID, Name: name, Handle: m.User.Username, Bot: m.User.Bot}
	if err := g.Arrived(ctx, arr); err != nil {
		a.log.Error("discord: welcome of a new member", "guild", m.GuildID, "err", err)
	}
}
