package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// CommandTable is what registration reads from the handler: *bot.Bot
// has it. A handler without it registers nothing.
type CommandTable interface {
	Commands() []*bot.Command
	Catalog() *bot.Catalog
}

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

// Register overwrites the application's commands with the command table:
// in each configured guild (updates show at once), or globally when there
// is none. It sends kit's JSON as is.
func (a *Adapter) Register(ctx context.Context, t CommandTable) error {
	if a.appID == "" {
		return errors.New("discord: application_id is required to register commands")
	}
	cmds := kit.DiscordCommands(t.Commands(), t.Catalog())
	guilds := a.guilds
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	for _, g := range guilds {
		url := discordgo.EndpointApplicationGlobalCommands(a.appID)
		if g != "" {
			url = discordgo.EndpointApplicationGuildCommands(a.appID, g)
		}
		if _, err := a.s.RequestWithBucketID("PUT", url, cmds, url, discordgo.WithContext(ctx)); err != nil {
			return fmt.Errorf("discord: register commands in guild %q: %w", g, err)
		}
	}
	return nil
}

// String describes how the adapter hears Discord, for the startup log.
func (a *Adapter) String() string {
	if a.publicKey != "" {
		return "discord over HTTP interactions (/discord/interactions)"
	}
	return "discord gateway"
}

// InviteURL is the OAuth2 URL that adds the bot to a server with exactly
// what it needs: the bot and applications.commands scopes; View Channels,
// Send Messages, Send Messages in Threads and Create Private Threads.
func InviteURL(appID string) string {
	perms := discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
		discordgo.PermissionSendMessagesInThreads | discordgo.PermissionCreatePrivateThreads
	return "https://discord.com/oauth2/authorize?client_id=" + appID +
		"&scope=" + strings.Join([]string{"bot", "applications.commands"}, "+") +
		fmt.Sprintf("&permissions=%d", perms)
}
