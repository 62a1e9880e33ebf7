package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rete-bot/rete/adapters/console"
)

// logServing says at serve's start what this rete serves: the adapters it
// runs and each community's spaces, and warns of spaces that no adapter
// reaches, so that a missing ${VAR} shows in the first lines of the log
// rather than as members who never hear back.
func (a *app) logServing() {
	var adapters []string
	for _, ad := range a.adapters {
		if s, ok := ad.(fmt.Stringer); ok {
			adapters = append(adapters, s.String())
		} else {
			adapters = append(adapters, ad.Platform())
		}
	}
	if len(adapters) == 0 {
		a.log.Warn("no adapter enabled: rete hears no one; set a platform's bot_token, or console.enabled")
	} else {
		a.log.Info("adapters enabled", "adapters", strings.Join(adapters, ", "))
	}

	spaces := map[string]int{} // platform → spaces configured
	for _, c := range a.bot.Communities() {
		var list []string
		for _, s := range c.Spaces {
			spaces[s.Platform]++
			list = append(list, s.Platform+":"+s.ID)
		}
		if len(list) == 0 {
			list = []string{"none"}
		}
		a.log.Info("serving community", "community", c.ID, "spaces", strings.Join(list, ", "))
	}

	served := a.bot.Platforms()
	for _, p := range []struct{ name, token string }{
		{"slack", a.cfg.Slack.BotToken}, {"telegram", a.cfg.Telegram.BotToken},
		{"discord", a.cfg.Discord.BotToken}, {console.Platform, ""},
	} {
		n := spaces[p.name]
		switch {
		case slices.Contains(served, p.name):
		case p.name == console.Platform && n > 0:
			a.log.Warn(fmt.Sprintf("console: %s configured but console.enabled is false; those spaces get no messages", countSpaces(n)))
		case p.name == console.Platform:
		case p.token != "":
			a.log.Warn(fmt.Sprintf("%s: bot_token is set but this release has no %s adapter; its spaces get no messages", p.name, p.name))
		case n > 0:
			a.log.Warn(fmt.Sprintf("%s: %s configured but no bot_token; those spaces get no messages", p.name, countSpaces(n)))
		}
	}
}

// countSpaces is "1 space" or "N spaces".
func countSpaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}
