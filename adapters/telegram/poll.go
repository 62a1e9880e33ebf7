package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/bot"
)

// maxHandling bounds the updates taken and not yet handled.
const maxHandling = 64

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

// pollLoop is rete's getUpdates loop: each answer's updates are handled,
// one chat's in order and different chats' at once (at most maxHandling
// taken and not handled), and confirmed by the next call's offset.
func (a *Adapter) pollLoop(ctx context.Context, h bot.Handler) error {
	sem := make(chan struct{}, maxHandling)
	defer func() {
		// Run returns once what it took is handled.
		for range maxHandling {
			sem <- struct{}{}
		}
	}()
	var q chatQueues
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
			q.add(chatOf(u), u, func(u tgbotapi.Update) {
				defer a.pending.Done()
				defer func() { <-sem }()
				hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleWithin)
				defer cancel()
				_ = a.handleUpdate(hctx, h, u)
			})
		}
	}
}

// chatOf is the chat an update belongs to, for handling one chat's
// updates in order (0 for updates of no chat).
func chatOf(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	case u.ChatMember != nil:
		return u.ChatMember.Chat.ID
	}
	return 0
}

// chatQueues handles each chat's updates one after the other, in the
// order Telegram gave them ("/offer add go" before the "/find go" typed
// next), and different chats' at the same time.
type chatQueues struct {
	mu     sync.Mutex
	queues map[int64][]func()
}

// add queues handle(u) behind chat's earlier updates, starting a worker
// for the chat when it has none.
func (q *chatQueues) add(chat int64, u tgbotapi.Update, handle func(tgbotapi.Update)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.queues == nil {
		q.queues = map[int64][]func(){}
	}
	pending, running := q.queues[chat]
	q.queues[chat] = append(pending, func() { handle(u) })
	if !running {
		go q.drain(chat)
	}
}

func (q *chatQueues) drain(chat int64) {
	for {
		q.mu.Lock()
		pending := q.queues[chat]
		if len(pending) == 0 {
			delete(q.queues, chat)
			q.mu.Unlock()
			return
		}
		next := pending[0]
		q.queues[chat] = pending[1:]
		q.mu.Unlock()
		next()
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
