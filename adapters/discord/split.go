package discord

import (
	"unicode/utf8"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// split returns the messages msg is sent as, each under Discord's 2,000
// characters of content, cut by kit's splitter.
func split(msg bot.Message) []bot.Message {
	return kit.Split(msg, maxContent, func(m bot.Message) int {
		var users []string
		return utf8.RuneCountInString(contentOf(m, &users))
	})
}

var _ bot.Fitter = (*Adapter)(nil)

// Fits implements bot.Fitter: msg is sent as one message.
func (a *Adapter) Fits(msg bot.Message) bool { return len(split(msg)) == 1 }
