package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/bot"
)

// Discord tells a bot who joins a server (GUILD_MEMBER_ADD) only with the
// privileged Server Members intent, which the server's owner grants in
// the Developer Portal and Config.MembersIntent asks for. Without it, the
// first interaction of someone in a server is the first rete hears of
// them: the adapter tells the core then, after answering, so that a first
// /rete join makes a member (who gets no welcome) rather than a newcomer.

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

// firstContact tells the core about someone who used rete in a server,
// when the gateway does not say who arrives; each person once per
// process (the core remembers for good). The server's admins are no
// newcomers.
func (a *Adapter) firstContact(ctx context.Context, h bot.Handler, req *bot.Request) {
	g, ok := h.(bot.Greeter)
	if !ok || a.membersIntent || req.Space == "" || req.User == "" || req.Admin {
		return
	}
	key := req.Space + "/" + req.User
	a.mu.Lock()
	seen := a.contacted[key]
	if !seen {
		if len(a.contacted) >= maxCached {
			clear(a.contacted)
		}
		a.contacted[key] = true
	}
	a.mu.Unlock()
	if seen {
		return
	}
	arr := bot.Arrival{Platform: Platform, Space: req.Space, User: req.User, Name: req.Name, Handle: req.Handle}
	if err := g.Arrived(ctx, arr); err != nil {
		a.log.Error("discord: welcome on first interaction", "guild", req.Space, "err", err)
		a.mu.Lock()
		delete(a.contacted, key) // the next interaction tries again
		a.mu.Unlock()
	}
}
