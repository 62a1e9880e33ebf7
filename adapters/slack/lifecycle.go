package slack

import (
	"context"
	"strings"

	"github.com/rete-bot/rete/bot"
)

// Run implements kit.Runner: Socket Mode when the adapter has an app
// token ([Adapter.RunSocketMode]); without one it has no loop and returns
// at once.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	if a.appToken == "" {
		return nil
	}
	return a.RunSocketMode(ctx, h)
}

// String describes how the adapter hears Slack, for the startup log.
func (a *Adapter) String() string {
	var ways []string
	if a.secret != "" {
		ways = append(ways, "slack over HTTP (/slack/…)")
	}
	if a.appToken != "" {
		ways = append(ways, "slack Socket Mode")
	}
	if len(ways) == 0 {
		return "slack (sending only)"
	}
	return strings.Join(ways, ", ")
}
