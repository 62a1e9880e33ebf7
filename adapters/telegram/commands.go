package telegram

import (
	"context"
	"errors"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// registerCommands sets the command menus (setMyCommands) from the
// handler's command table, per scope and language, as kit makes them. A
// menu Telegram refuses is logged and skipped: the commands work typed;
// only a refused token stops.
func (a *Adapter) registerCommands(ctx context.Context, h bot.Handler) error {
	t, ok := h.(kit.CommandTable)
	if !ok {
		return nil
	}
	for _, l := range kit.TelegramCommands(t.Commands(), t.Catalog()) {
		cmds := make([]tgbotapi.BotCommand, 0, len(l.Commands))
		for _, c := range l.Commands {
			cmds = append(cmds, tgbotapi.BotCommand{Command: c.Command, Description: c.Description})
		}
		cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.BotCommandScope{Type: l.Scope.Type}, l.LanguageCode, cmds...)
		if _, err := a.with(ctx).Request(cfg); err != nil {
			if err := apiError(err); errors.Is(err, ErrWrongToken) {
				return fmt.Errorf("telegram: setMyCommands: %w", err)
			}
			a.log.Warn("telegram: setMyCommands refused; the menu may be stale", "scope", l.Scope.Type, "lang", l.LanguageCode, "err", scrub(err))
		}
	}
	return nil
}
