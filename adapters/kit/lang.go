package kit

import (
	"strings"

	"github.com/rete-bot/rete/bot"
)

// LocaleLang is the language of an adapter's own texts for a member
// whose client reports locale ("it", "it-IT", "en-US"): Italian when the
// client is, else English.
func LocaleLang(locale string) bot.Lang {
	if strings.HasPrefix(strings.ToLower(locale), "it") {
		return bot.LangIT
	}
	return bot.LangEN
}
