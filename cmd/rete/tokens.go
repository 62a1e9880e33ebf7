package main

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/rete-bot/rete/adapters/slack"
)

// telegramToken is the shape BotFather hands out: the bot's numeric id, a
// colon, and a secret of letters, digits, '_' and '-'.
var telegramToken = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]{30,}$`)

// checkTokens refuses a platform token that cannot be right, naming the
// key, so that a pasted wrong secret fails at start rather than at the
// first message. An empty token leaves its platform off. Errors never
// hold the token: at most its first four characters.
func (c *Config) checkTokens() error {
	checks := []struct {
		key, value string
		ok         func(string) bool
		want       string
	}{
		{"slack.bot_token", c.Slack.BotToken, hasPrefix("xoxb-"),
			"a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)"},
		{"slack.app_token", c.Slack.AppToken, hasPrefix("xapp-"),
			"an app-level token starting with xapp- (Basic Information → App-Level Tokens)"},
		{"telegram.bot_token", c.Telegram.BotToken, telegramToken.MatchString,
			"BotFather's token, digits, a colon and 30 or more letters, digits, _ or - (123456:ABC-…)"},
		{"discord.bot_token", c.Discord.BotToken, func(string) bool { return true },
			"the bot token from the Developer Portal's Bot page"},
	}
	for _, t := range checks {
		if t.value == "" {
			continue
		}
		if strings.ContainsFunc(t.value, unicode.IsSpace) {
			return fmt.Errorf("%s: the token%s has a space or line break: want %s", t.key, shownStart(t.value), t.want)
		}
		if !t.ok(t.value) {
			return fmt.Errorf("%s: the token%s is not %s", t.key, shownStart(t.value), t.want)
		}
	}
	if err := slack.CheckCommand(c.Slack.Command); err != nil {
		return fmt.Errorf("slack.command: %w", err)
	}
	return nil
}

func hasPrefix(p string) func(string) bool {
	return func(s string) bool { return strings.HasPrefix(s, p) && len(s) > len(p) }
}

// shownStart is how an error names a token: its first four characters,
// and only when they are a small part of it.
func shownStart(token string) string {
	if len(token) < 12 {
		return ""
	}
	return fmt.Sprintf(" starting %q", token[:4])
}
