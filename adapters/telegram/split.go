package telegram

import (
	"unicode/utf8"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// split cuts msg into messages under Telegram's 4,096 characters, with
// kit's splitter. It measures the HTML, which is never shorter than the
// parsed text Telegram counts, so every part fits.
func (a *Adapter) split(msg bot.Message) []bot.Message {
	return kit.Split(msg, maxText, func(m bot.Message) int {
		return utf8.RuneCountInString(htmlText(m, a.username))
	})
}

var _ bot.Fitter = (*Adapter)(nil)

// Fits implements bot.Fitter: msg is sent as one message.
func (a *Adapter) Fits(msg bot.Message) bool { return len(a.split(msg)) == 1 }
