package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/bot"
)

// maxHandling bounds the updates of one poll handled at once.
const maxHandling = 16

// Run implements kit.Runner. It registers the command menus, then, in
// webhook mode, sets the webhook and returns (Routes serves it); in
// polling mode it removes a webhook left set and long-polls getUpdates
// until ctx is done. A refused token (401) and another poller of the same
// bot (409) stop it with an error; network errors are retried with
// backoff.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.setup(h)
	if err := a.registerCommands(ctx, h); err != nil {
		return err
	}
	if a.mode == ModeWebhook {
		return a.setWebhook(ctx)
	}
	for wait := a.backoff; ; wait = min(2*wait, time.Minute) {
		_, err := a.with(ctx).MakeRequest("deleteWebhook", tgbotapi.Params{})
		if err == nil {
			break
		}
		if err := apiError(err); errors.Is(err, ErrWrongToken) {
			return fmt.Errorf("telegram: deleteWebhook: %w", err)
		}
		a.log.Warn("telegram: deleteWebhook failed; retrying", "in", wait, "err", apiError(err))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
	return a.pollLoop(ctx, h)
}

// setWebhook points Telegram at the webhook with the secret it sends back.
func (a *Adapter) setWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	_, err := a.with(ctx).MakeRequest("setWebhook", tgbotapi.Params{
		"url": a.hookURL, "secret_token": a.secret, "allowed_updates": string(allowed),
	})
	if err != nil {
		return fmt.Errorf("telegram: setWebhook %s: %w", a.hookURL, apiError(err))
	}
	return nil
}

// pollLoop is rete's getUpdates loop: each answer's updates are handled (at
// most maxHandling at once) and confirmed by the next call's offset.
func (a *Adapter) pollLoop(ctx context.Context, h bot.Handler) error {
	sem := make(chan struct{}, maxHandling)
	defer func() {
		// Run returns once what it took is handled.
		for range maxHandling {
			sem <- struct{}{}
		}
	}()
	offset, wait := 0, a.backoff
	for {
		raws, err := a.getUpdates(ctx, offset)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			err = apiError(err)
			if errors.Is(err, ErrWrongToken) || errors.Is(err, ErrConflict) {
				return fmt.Errorf("telegram: getUpdates: %w", err)
			}
			pause := wait
			var te *tgbotapi.Error
			if errors.As(err, &te) && te.RetryAfter > 0 {
				pause = time.Duration(te.RetryAfter) * time.Second
			}
			a.log.Warn("telegram: getUpdates failed; retrying", "in", pause, "err", err)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(pause):
			}
			wait = min(2*wait, time.Minute)
			continue
		}
		wait = a.backoff
		for _, raw := range raws {
			u, id, err := decodeUpdate(raw)
			offset = max(offset, id+1)
			if err != nil {
				a.log.Warn("telegram: skipped an update that does not decode", "err", err)
				continue
			}
			sem <- struct{}{}
			a.pending.Add(1)
			go func() {
				defer a.pending.Done()
				defer func() { <-sem }()
				hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleWithin)
				defer cancel()
				_ = a.handleUpdate(hctx, h, u)
			}()
		}
	}
}

// getUpdates long-polls for the updates after offset, each left raw so
// that one the library cannot decode does not stop the others.
func (a *Adapter) getUpdates(ctx context.Context, offset int) ([]json.RawMessage, error) {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{"timeout": strconv.Itoa(int(a.poll / time.Second)), "allowed_updates": string(allowed)}
	if offset > 0 {
		params["offset"] = strconv.Itoa(offset)
	}
	resp, err := a.with(ctx).MakeRequest("getUpdates", params)
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates answer: %w", err)
	}
	return raws, nil
}
