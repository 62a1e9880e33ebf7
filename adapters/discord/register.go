package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
)

// CommandTable is what registration reads from the handler: *bot.Bot
// has it. A handler without it registers nothing.
type CommandTable = kit.CommandTable

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
