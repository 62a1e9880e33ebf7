package discord

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/bot"
)

// Run implements kit.Runner. It registers the application commands, then,
// unless interactions come over HTTP (a public key is configured), opens
// the gateway with the guilds intent only and hands every interaction to
// h until ctx is done; discordgo reconnects and resumes on its own. Run
// returns after the gateway is closed; late answers still running are
// for Shutdown.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	if h == nil {
		return errors.New("discord: run needs a handler")
	}
	if t, ok := h.(CommandTable); ok {
		if err := a.Register(ctx, t); err != nil {
			// The commands registered before stay; a wrong token shows
			// again when the gateway opens.
			a.log.Error("discord: registering the commands failed", "err", err)
		}
	}
	if a.publicKey != "" {
		return nil
	}
	var inflight sync.WaitGroup // interactions being answered
	remove := a.s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		inflight.Add(1)
		defer inflight.Done()
		i := ic.Interaction
		a.interact(ctx, h, i, func(resp *discordgo.InteractionResponse) error {
			return s.InteractionRespond(i, resp, discordgo.WithContext(context.WithoutCancel(ctx)))
		})
	})
	defer remove()
	removeAdd := a.s.AddHandler(func(_ *discordgo.Session, m *discordgo.GuildMemberAdd) {
		inflight.Add(1)
		defer inflight.Done()
		a.memberAdded(ctx, h, m)
	})
	defer removeAdd()
	if err := a.s.Open(); err != nil {
		return fmt.Errorf("discord: gateway: %w", err)
	}
	<-ctx.Done()
	if err := a.s.Close(); err != nil {
		a.log.Warn("discord: closing the gateway", "err", err)
	}
	inflight.Wait()
	return nil
}

// String describes how the adapter hears Discord, for the startup log.
func (a *Adapter) String() string {
	if a.publicKey != "" {
		return "discord over HTTP interactions (/discord/interactions)"
	}
	return "discord gateway"
}
