package telegram

import (
	"context"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// What the adapter knows about people and groups: usernames (to render
// mentions as links that open a chat), who pressed Start (a bot may write
// privately to nobody else), and each group's administrators.

// setup takes the catalog of the adapter's own texts from the handler
// (the core's, with any change made to it), or the built-in one.
func (a *Adapter) setup(h bot.Handler) {
	a.setupOnce.Do(func() {
		a.cat = kit.Catalog(h)
	})
}

// remember keeps a user's username, for mentions.
func (a *Adapter) remember(user, username string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.names[user] == username {
		return
	}
	if len(a.names) >= maxCached {
		clear(a.names) // a miss renders a tg://user?id= link instead
	}
	if username == "" {
		delete(a.names, user)
		return
	}
	a.names[user] = username
}

// username returns the username seen for user, or "".
func (a *Adapter) username(user string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.names[user]
}

func startedKey(user string) string { return "telegram/started/" + user }

// markStarted records that user can receive private messages: they wrote
// to the bot privately. The mark is kept in Seen, so it survives a
// restart when Seen is the store.
func (a *Adapter) markStarted(ctx context.Context, user string) {
	a.mu.Lock()
	first := kit.Mark(a.started, user, maxCached)
	a.mu.Unlock()
	if !first {
		return
	}
	if err := a.seen.Keep(ctx, startedKey(user), startedTTL); err != nil {
		a.log.Warn("telegram: could not record that a member started the bot", "user", user, "err", err)
	}
}

// forgetStarted records that private messages no longer reach user.
func (a *Adapter) forgetStarted(ctx context.Context, user string) {
	a.mu.Lock()
	delete(a.started, user)
	a.mu.Unlock()
	if err := a.seen.Forget(ctx, startedKey(user)); err != nil {
		a.log.Warn("telegram: could not forget that a member started the bot", "user", user, "err", err)
	}
}

// hasStarted reports whether user pressed Start, as far as the adapter
// knows. A mark that cannot be read counts as started: the DM then
// fails, and its 403 marks the member unreachable.
func (a *Adapter) hasStarted(ctx context.Context, user string) bool {
	a.mu.Lock()
	ok := a.started[user]
	a.mu.Unlock()
	if ok {
		return true
	}
	ok, err := kit.Marked(ctx, a.seen, startedKey(user))
	if err != nil {
		a.log.Warn("telegram: cannot tell whether a member started the bot", "user", user, "err", err)
		return true
	}
	if ok {
		a.mu.Lock()
		a.started[user] = true
		a.mu.Unlock()
	}
	return ok
}

// isAdmin reports whether user administers the group chat, from
// getChatAdministrators, cached for ten minutes and dropped when the
// group's members change. A failed lookup counts as no admin.
func (a *Adapter) isAdmin(ctx context.Context, chat int64, user string) bool {
	key := strconv.FormatInt(chat, 10)
	now := a.now()
	a.mu.Lock()
	e, ok := a.admins[key]
	a.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.ids[user]
	}
	ms, err := a.with(ctx).GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: chat}})
	if err != nil {
		a.log.Warn("telegram: getChatAdministrators failed; treating the member as no admin", "chat", chat, "err", scrub(err))
		return false
	}
	ids := map[string]bool{}
	for _, m := range ms {
		if m.User != nil {
			ids[userID(m.User)] = true
		}
	}
	a.mu.Lock()
	kit.Remember(a.admins, key, adminEntry{ids: ids, expires: now.Add(adminTTL)}, maxCached)
	a.mu.Unlock()
	return ids[user]
}

// dropAdmins forgets a group's administrators, so the next command reads
// them again (a chat_member update: someone was promoted or left).
func (a *Adapter) dropAdmins(chat int64) {
	a.mu.Lock()
	delete(a.admins, strconv.FormatInt(chat, 10))
	a.mu.Unlock()
}
