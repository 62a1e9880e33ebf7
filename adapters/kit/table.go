package kit

import (
	"sync"

	"github.com/rete-bot/rete/bot"
)

// CommandTable is what an adapter reads from its handler to register
// commands and word its own texts: *bot.Bot has it.
type CommandTable interface {
	Commands() []*bot.Command
	Catalog() *bot.Catalog
}

// builtinCatalog words an adapter's texts when the handler has no
// catalog of its own.
var builtinCatalog = sync.OnceValue(bot.NewCatalog)

// Catalog is the handler's catalog (the core's, with any change made to
// it), or the built-in one.
func Catalog(h bot.Handler) *bot.Catalog {
	if t, ok := h.(CommandTable); ok {
		return t.Catalog()
	}
	return builtinCatalog()
}
