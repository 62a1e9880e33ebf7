package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"time"
)

// tokenVerb starts the command of a button that carries a token instead
// of a command too long for the platform: "t 3KQ7ZP2M4XAB".
const tokenVerb = "t"

// tokenTTL is how long a token button works: as long as the messages that
// carry one stay relevant (a page of members, a reminder).
const tokenTTL = 30 * 24 * time.Hour

// fitButtons makes every button of msg fit [MaxButtonCommand]: a longer
// command is stored under a random token, and the button carries
// "t TOKEN" instead. A button whose token cannot be stored is dropped:
// the message still tells how to type the command.
func (b *Bot) fitButtons(ctx context.Context, msg Message) Message {
	if !slices.ContainsFunc(msg.Buttons, func(btn Button) bool { return len(btn.Command) > MaxButtonCommand }) {
		return msg
	}
	out := make([]Button, 0, len(msg.Buttons))
	for _, btn := range msg.Buttons {
		if len(btn.Command) > MaxButtonCommand {
			tok := rand.Text()[:12]
			if err := b.store.Update(ctx, func(tx Tx) error { return tx.PutToken(tok, btn.Command, tokenTTL) }); err != nil {
				b.log.ErrorContext(ctx, "button token", "err", err)
				continue
			}
			btn.Command = tokenVerb + " " + tok
		}
		out = append(out, btn)
	}
	msg.Buttons = out
	return msg
}

// fromToken returns req with the command stored under its token when req
// is the press of a token button; ok is false when the token is unknown
// or expired, and reply then says so.
func (b *Bot) fromToken(ctx context.Context, req *Request) (r *Request, ok bool) {
	tok, found := strings.CutPrefix(strings.TrimSpace(req.Text), tokenVerb+" ")
	if !req.Button || !found {
		return req, true
	}
	var cmd string
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		cmd, err = tx.Token(strings.TrimSpace(tok))
		return err
	})
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			b.log.ErrorContext(ctx, "button token", "err", err)
		}
		return req, false
	}
	r = new(Request)
	*r = *req
	r.Text = cmd
	return r, true
}
