package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// Discord tells a bot who joins a server (GUILD_MEMBER_ADD) only with the
// privileged Server Members intent, which the server's owner grants in
// the Developer Portal and Config.MembersIntent asks for, over the
// gateway (HTTP interactions open none). Without it, the
// first command of someone in a server is the first rete hears of them:
// the adapter tells the core before handling that command, never after,
// so that a first forget-me deletes what the arrival stored, and a first
// join makes a member, whose welcome is dropped.

// memberAdded hands a GUILD_MEMBER_ADD to the core's welcome.
func (a *Adapter) memberAdded(ctx context.Context, h bot.Handler, m *discordgo.GuildMemberAdd) {
	g, ok := h.(bot.Greeter)
	if !ok || m.Member == nil || m.User == nil {
		return
	}
	arr := bot.Arrival{Platform: Platform, Space: m.GuildID, User: m.User.ID, Name: displayName(m.Nick, m.User), Handle: m.User.Username, Bot: m.User.Bot}
	if err := g.Arrived(ctx, arr); err != nil {
		a.log.Error("discord: welcome of a new member", "guild", m.GuildID, "err", err)
	}
}

// firstCommand tells the core that someone in a server is about to use
// rete, when the gateway does not say who joins: each person once per
// process, so most commands cost no store read (the core remembers for
// good whom it welcomed). Admins of the server and bots are no newcomers.
func (a *Adapter) firstCommand(ctx context.Context, h bot.Handler, req *bot.Request, isBot bool) {
	g, ok := h.(bot.Greeter)
	if !ok || a.hearsJoins || req.Space == "" || req.User == "" || req.Admin || isBot {
		return
	}
	key := req.Space + "/" + req.User
	a.mu.Lock()
	first := kit.Mark(a.arrived, key, maxCached) // a miss costs one read in the core
	a.mu.Unlock()
	if !first {
		return
	}
	arr := bot.Arrival{Platform: Platform, Space: req.Space, User: req.User, Name: req.Name, Handle: req.Handle, Command: true}
	if err := g.Arrived(ctx, arr); err != nil {
		a.log.Error("discord: welcome on a first command", "guild", req.Space, "err", err)
		a.mu.Lock()
		delete(a.arrived, key) // the next command tries again
		a.mu.Unlock()
	}
}
