package discord

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// Routes registers POST /discord/interactions on mux when the adapter has
// a public key (kit.Router); without one it registers nothing, and the
// gateway brings the interactions. Every request is refused with 413
// above 64 KiB and with 401 unless its Ed25519 signature verifies and its
// timestamp is within 5 minutes, before anything else is read from it.
func (a *Adapter) Routes(mux *http.ServeMux, h bot.Handler) error {
	if a.publicKey == "" {
		return nil
	}
	if h == nil {
		return errors.New("discord: routes need a handler")
	}
	mux.HandleFunc("POST /discord/interactions", func(w http.ResponseWriter, r *http.Request) { a.serveInteraction(w, r, h) })
	return nil
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, h bot.Handler) {
	body, ok := kit.ReadBody(w, r, maxBody)
	if !ok {
		return
	}
	if err := kit.VerifyEd25519(a.publicKey, r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp"), body, a.now(), maxSkew); err != nil {
		a.log.Warn("discord: refused an unsigned or badly signed request", "reason", err, "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "not an interaction", http.StatusBadRequest)
		return
	}
	var once sync.Once
	answered := false
	a.interact(r.Context(), h, &i, func(resp *discordgo.InteractionResponse) error {
		var err error
		once.Do(func() {
			answered = true
			w.Header().Set("Content-Type", "application/json")
			err = json.NewEncoder(w).Encode(resp)
		})
		return err
	})
	if !answered { // a duplicate, or nothing to say: acknowledge without a message
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
	}
}
