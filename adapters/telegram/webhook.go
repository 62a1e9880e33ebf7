package telegram

import (
	"context"
	"errors"
	"net/http"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// maxBody caps a webhook request: updates are a few KiB.
const maxBody = 256 << 10

// Routes implements kit.Router: in webhook mode it serves
//
//	POST /telegram/webhook   the updates Telegram sends
//
// A request is refused with 401 unless its X-Telegram-Bot-Api-Secret-Token
// equals the configured secret (compared in constant time), before its
// body is read; with 413 above 256 KiB. An update already handled (a
// redelivery) is acknowledged and dropped. In polling mode Routes
// registers nothing.
func (a *Adapter) Routes(mux *http.ServeMux, h bot.Handler) error {
	if a.mode != ModeWebhook {
		return nil
	}
	if h == nil {
		return errors.New("telegram: routes need a handler")
	}
	a.setup(h)
	mux.HandleFunc("POST /telegram/webhook", func(w http.ResponseWriter, r *http.Request) {
		if err := kit.VerifySecret(a.secret, r.Header.Get("X-Telegram-Bot-Api-Secret-Token")); err != nil {
			a.log.Warn("telegram: refused a webhook request without the secret", "reason", err, "remote", r.RemoteAddr)
			http.Error(w, "invalid secret", http.StatusUnauthorized)
			return
		}
		body, ok := kit.ReadBody(w, r, maxBody)
		if !ok {
			return
		}
		u, _, err := decodeUpdate(body)
		if err != nil {
			// Telegram would retry it forever: acknowledge and log.
			a.log.Warn("telegram: skipped an update that does not decode", "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		a.pending.Add(1)
		defer a.pending.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), handleWithin)
		defer cancel()
		if err := a.handleUpdate(ctx, h, u); err != nil {
			http.Error(w, "update failed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	return nil
}
