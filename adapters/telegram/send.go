package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/bot"
)

// DM implements bot.Messenger: a private chat's id is the person's user
// id, so there is nothing to open. Telegram refuses (403) when the person
// never pressed Start or blocked the bot: that is bot.ErrUnreachable.
func (a *Adapter) DM(ctx context.Context, to bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	if to.Platform != Platform {
		return bot.MessageRef{}, fmt.Errorf("telegram: dm to %s member %s", to.Platform, to)
	}
	id, err := chatID(to.User)
	if err != nil {
		return bot.MessageRef{}, err
	}
	ref, err := a.send(ctx, id, msg, 0)
	if err != nil {
		err = sendError("dm", err, true)
		if errors.Is(err, bot.ErrUnreachable) {
			a.forgetStarted(ctx, to.User)
		}
		return bot.MessageRef{}, err
	}
	return ref, nil
}

// Post implements bot.Messenger: channel is the chat to post to (the
// community's announce chat), or "" for the space's group itself. A group
// that became a supergroup is followed to its new id.
func (a *Adapter) Post(ctx context.Context, space, channel string, msg bot.Message) (bot.MessageRef, error) {
	if channel == "" {
		channel = space
	}
	id, err := chatID(channel)
	if err != nil {
		return bot.MessageRef{}, err
	}
	ref, err := a.send(ctx, id, msg, 0)
	var te *tgbotapi.Error
	if errors.As(err, &te) && te.MigrateToChatID != 0 {
		ref, err = a.send(ctx, te.MigrateToChatID, msg, 0)
	}
	if err != nil {
		return bot.MessageRef{}, sendError("post", err, false)
	}
	return ref, nil
}

// Edit implements bot.Editor with editMessageText; an edit that changes
// nothing is not an error.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, msg bot.Message) error {
	if ref.Platform != Platform || ref.Channel == "" || ref.ID == "" {
		return fmt.Errorf("telegram: edit: not a Telegram message reference: %+v", ref)
	}
	chat, err := chatID(ref.Channel)
	if err != nil {
		return err
	}
	mid, err := strconv.Atoi(ref.ID)
	if err != nil {
		return fmt.Errorf("telegram: edit: message id %q", ref.ID)
	}
	return a.edit(ctx, chat, mid, msg)
}

func (a *Adapter) edit(ctx context.Context, chat int64, mid int, msg bot.Message) error {
	parts := a.split(msg)
	r := a.render(parts[0])
	cfg := tgbotapi.NewEditMessageText(chat, mid, r.text)
	cfg.ParseMode = tgbotapi.ModeHTML
	cfg.DisableWebPagePreview = true
	markup := r.markup
	if markup == nil {
		markup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
	}
	cfg.ReplyMarkup = markup
	if _, err := a.with(ctx).Request(cfg); err != nil && !notModified(err) {
		return sendError("edit", err, false)
	}
	for _, p := range parts[1:] {
		if _, err := a.send(ctx, chat, p, 0); err != nil {
			return sendError("edit", err, false)
		}
	}
	return nil
}

// notModified is Telegram's answer to an edit that changes nothing.
func notModified(err error) bool {
	var te *tgbotapi.Error
	return errors.As(err, &te) && te.Code == http.StatusBadRequest && strings.Contains(te.Message, "message is not modified")
}

// send sends msg to chat in as many messages as it needs, the buttons on
// the last, replying to message reply when it is not 0; the reference is
// the last message's, which carries the buttons.
func (a *Adapter) send(ctx context.Context, chat int64, msg bot.Message, reply int) (bot.MessageRef, error) {
	return a.sendLink(ctx, chat, reply, msg, "", "")
}

// sendLink is send with, when link is not "", a link button (a deep
// link) under the last message.
func (a *Adapter) sendLink(ctx context.Context, chat int64, reply int, msg bot.Message, label, link string) (bot.MessageRef, error) {
	var ref bot.MessageRef
	parts := a.split(msg)
	for i, p := range parts {
		r := a.render(p)
		if link != "" && i == len(parts)-1 {
			r = withURLButton(r, label, link)
		}
		cfg := tgbotapi.NewMessage(chat, r.text)
		cfg.ParseMode = tgbotapi.ModeHTML
		cfg.DisableWebPagePreview = true
		if i == 0 && reply != 0 {
			cfg.ReplyToMessageID, cfg.AllowSendingWithoutReply = reply, true
		}
		if r.markup != nil {
			cfg.ReplyMarkup = *r.markup
		}
		m, err := a.with(ctx).Send(cfg)
		if err != nil {
			return bot.MessageRef{}, err
		}
		ref = bot.MessageRef{Platform: Platform, Channel: strconv.FormatInt(chat, 10), ID: strconv.Itoa(m.MessageID)}
	}
	return ref, nil
}

// tokenWait is how long the outbox waits after Telegram refused the token.
const tokenWait = 10 * time.Minute

// sendError maps a Bot API error to the bot's contract: 429 to
// *bot.RetryError with Telegram's retry_after, a refused token to a long
// RetryError (nobody is reachable until the operator fixes it), and, for
// a member (toMember), 403 and a missing chat to bot.ErrUnreachable.
func sendError(op string, err error, toMember bool) error {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return fmt.Errorf("telegram: %s: %w", op, scrub(err))
	}
	switch {
	case te.Code == http.StatusTooManyRequests:
		after := time.Duration(te.RetryAfter) * time.Second
		return &bot.RetryError{After: max(after, time.Second), Err: fmt.Errorf("telegram: %s: %w", op, err)}
	case te.Code == http.StatusUnauthorized:
		return &bot.RetryError{After: tokenWait, Err: fmt.Errorf("telegram: %s: %w: check telegram.bot_token", op, ErrWrongToken)}
	case toMember && (te.Code == http.StatusForbidden || te.Code == http.StatusBadRequest && strings.Contains(te.Message, "chat not found")):
		return fmt.Errorf("telegram: %s: %w (%w)", op, bot.ErrUnreachable, err)
	}
	return fmt.Errorf("telegram: %s: %w", op, err)
}
