package main

import (
	"log/slog"

	"github.com/rete-bot/rete/adapters/discord"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/adapters/telegram"
	"github.com/rete-bot/rete/store"
)

// platform opens one platform's adapter from the config, or returns nil
// when the config leaves the platform off.
type platform func(cfg *Config, log *slog.Logger, db *store.DB) (kit.Adapter, error)

// platforms are the platforms `rete serve` can connect, in start order.
// Adding a platform is its folder under adapters/, its opener and one
// line here; cmd/rete routes, runs and stops every adapter in one loop.
var platforms = []platform{
	openSlack,
	openTelegram,
	openDiscord,
}

func openSlack(cfg *Config, log *slog.Logger, db *store.DB) (kit.Adapter, error) {
	s := cfg.Slack
	if s.BotToken == "" {
		return nil, nil
	}
	a, err := slack.New(slack.Config{
		BotToken: s.BotToken, SigningSecret: s.SigningSecret, AppToken: s.AppToken,
		Command: s.Command, APIURL: s.APIURL, Logger: log.With("adapter", "slack"),
		Seen: db, // Slack's retries and replayed commands are dropped across restarts too
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func openTelegram(cfg *Config, log *slog.Logger, db *store.DB) (kit.Adapter, error) {
	t := cfg.Telegram
	if t.BotToken == "" {
		return nil, nil
	}
	a, err := telegram.New(telegram.Config{
		BotToken: t.BotToken, Mode: t.Mode, WebhookURL: t.WebhookURL, WebhookSecret: t.WebhookSecret,
		APIURL: t.APIURL, Logger: log.With("adapter", "telegram"),
		Seen: db, // handled updates and who pressed Start survive a restart
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func openDiscord(cfg *Config, log *slog.Logger, db *store.DB) (kit.Adapter, error) {
	d := cfg.Discord
	if d.BotToken == "" {
		return nil, nil
	}
	// Commands are registered in the configured servers (instant
	// updates); private threads for groups open in each one's
	// group_channel.
	var guilds []string
	groups := map[string]string{}
	for _, c := range cfg.Communities {
		for _, sc := range c.Spaces {
			if sc.Platform != discord.Platform {
				continue
			}
			guilds = append(guilds, sc.Guild)
			if ch := sc.GroupChannel; ch != "" {
				groups[sc.Guild] = ch
			}
		}
	}
	return discord.New(discord.Config{
		BotToken: d.BotToken, ApplicationID: d.ApplicationID, PublicKey: d.PublicKey, APIURL: d.APIURL,
		Guilds: guilds, GroupChannels: groups, Logger: log.With("adapter", "discord"), MembersIntent: d.MembersIntent,
		// Interaction marks stay in memory: Discord never retries an
		// interaction and its token dies in 15 minutes, so a durable
		// mark would cost a synced write per interaction for nothing.
	})
}
