package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// The updates rete asks for. chat_member is not sent unless asked for;
// rete needs it to refresh a group's administrators.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member", "chat_member", "channel_post", "inline_query"}

// handleWithin bounds the handling of one update, which goes on after the
// poller or the webhook request that brought it has stopped.
const handleWithin = time.Minute

// startJoin starts the /start payload that joins a space's community:
// https://t.me/BOT?start=join-SPACE (a chat id such as -100123 keeps its
// minus: "-" is allowed in a start parameter).
const startJoin = "join-"

// decodeUpdate reads one update leniently: fields rete does not know are
// ignored, and an update that does not decode at all is reported with its
// id, so that a poller can move past it.
func decodeUpdate(raw []byte) (tgbotapi.Update, int, error) {
	var u tgbotapi.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		var id struct {
			UpdateID int `json:"update_id"`
		}
		_ = json.Unmarshal(raw, &id)
		return tgbotapi.Update{}, id.UpdateID, fmt.Errorf("telegram: update %d: %w", id.UpdateID, err)
	}
	return u, u.UpdateID, nil
}

// handleUpdate handles one update once: a redelivered update (the webhook
// retried, a poller restarted before confirming) is dropped. It returns
// an error only when handling failed and the platform should retry.
func (a *Adapter) handleUpdate(ctx context.Context, h bot.Handler, u tgbotapi.Update) error {
	_, err := a.dedupe.Once(ctx, "telegram/update/"+strconv.Itoa(u.UpdateID), func() error {
		return a.route(ctx, h, u)
	})
	if err != nil {
		a.log.Error("telegram: update failed", "update", u.UpdateID, "err", err)
	}
	if a.handled != nil {
		a.handled(u.UpdateID)
	}
	return err
}

// route hands each kind of update to its handler; kinds rete has no use
// for (edits, channel posts, polls) are ignored.
func (a *Adapter) route(ctx context.Context, h bot.Handler, u tgbotapi.Update) error {
	a.setup(h)
	switch {
	case u.Message != nil:
		return a.onMessage(ctx, h, u.Message)
	case u.CallbackQuery != nil:
		return a.onCallback(ctx, h, u.CallbackQuery)
	case u.MyChatMember != nil:
		return a.onMyChatMember(ctx, h, u.MyChatMember)
	case u.ChatMember != nil:
		a.dropAdmins(u.ChatMember.Chat.ID)
		if joinedChat(u.ChatMember) {
			return a.arrived(ctx, h, &u.ChatMember.Chat, []tgbotapi.User{*u.ChatMember.NewChatMember.User}, administers(u.ChatMember))
		}
	case u.InlineQuery != nil:
		// Inline mode is not rete's: answer nothing, Telegram shows no results.
	}
	return nil
}

// userID is a Telegram user's id as rete's member ids hold it.
func userID(u *tgbotapi.User) string { return strconv.FormatInt(u.ID, 10) }

// displayName is a user's name as Telegram shows it.
func displayName(u *tgbotapi.User) string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// langOf is the language of the adapter's own texts for a user.
func langOf(u *tgbotapi.User) bot.Lang {
	return kit.LocaleLang(u.LanguageCode)
}

// commandLine reads a message as a command line for the core: "/find go"
// and "/find@ThisBot go" give "find go", "/rete find go" gives "find go",
// and in a private chat a line typed without "/" counts too. ok is false
// for other text and for commands addressed to another bot. start is set
// for /start, whose payload is the line.
func (a *Adapter) commandLine(text string, private bool) (line string, start, ok bool) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return text, false, private && text != ""
	}
	word, rest, _ := strings.Cut(text[1:], " ")
	rest = strings.TrimSpace(rest)
	verb, target, at := strings.Cut(word, "@")
	if at && !strings.EqualFold(target, a.Username()) {
		return "", false, false
	}
	verb = strings.ToLower(verb)
	switch verb {
	case "start":
		return rest, true, true
	case "rete":
		if rest == "" {
			return "help", false, true
		}
		v, r, _ := strings.Cut(rest, " ")
		return strings.TrimSpace(canonVerb(v) + " " + r), false, true
	case "":
		return "", false, false
	}
	return strings.TrimSpace(canonVerb(verb) + " " + rest), false, true
}

// canonVerb turns Telegram's spelling of a verb (export_me, which is how
// the menu offers it) into the command table's (export-me).
func canonVerb(v string) string { return strings.ReplaceAll(strings.ToLower(v), "_", "-") }

// verbOf is the first word of a command line.
func verbOf(line string) string {
	v, _, _ := strings.Cut(line, " ")
	return canonVerb(v)
}

func (a *Adapter) onMessage(ctx context.Context, h bot.Handler, m *tgbotapi.Message) error {
	if m.Chat == nil {
		return nil
	}
	if m.MigrateToChatID != 0 {
		return a.migrate(ctx, h, m.Chat.ID, m.MigrateToChatID)
	}
	if len(m.NewChatMembers) > 0 {
		listed := func(user string) bool { return a.isAdmin(ctx, m.Chat.ID, user) }
		return a.arrived(ctx, h, m.Chat, m.NewChatMembers, listed)
	}
	if m.From == nil || m.From.IsBot {
		return nil // channel posts, service messages, other bots
	}
	user := userID(m.From)
	a.remember(user, m.From.UserName)
	private := m.Chat.IsPrivate()
	if private {
		a.markStarted(ctx, user)
	}
	line, start, ok := a.commandLine(withMentions(m), private)
	if !ok || !private && !m.Chat.IsGroup() && !m.Chat.IsSuperGroup() {
		return nil
	}
	req := &bot.Request{
		Platform: Platform, User: user, Name: displayName(m.From), Handle: m.From.UserName,
		Private: private, Text: line, Prefix: "/",
	}
	switch {
	case start && !private:
		return nil // /start in a group is a deep link's, meant for a private chat
	case start:
		return a.onStart(ctx, h, m, req)
	case private:
		req.CanDM = bot.ReachYes
		a.reply(ctx, m.Chat.ID, 0, h.Handle(ctx, req), "", "")
		return nil
	}
	a.onGroupCommand(ctx, h, m, req, line)
	return nil
}

// publicInGroups are the verbs a group sees answered: what is public.
// Every other answer (profile edits, intros, pairing, a moderator's
// confirmations, errors) goes to the member's private chat.
var publicInGroups = map[string]bool{"help": true, "events": true, "find": true}

// onGroupCommand answers a command typed in a group. A public verb is
// answered in the group; any other is answered in the member's private
// chat, and the group sees one short line with a button to open it. A
// member who never pressed Start cannot be written to privately: they
// get the Start button instead (for /join, the deep link that joins in
// one tap), and the command waits for them there.
func (a *Adapter) onGroupCommand(ctx context.Context, h bot.Handler, m *tgbotapi.Message, req *bot.Request, line string) {
	chat, user := m.Chat.ID, req.User
	req.Space = strconv.FormatInt(chat, 10)
	a.logGroup(m.Chat)
	verb := verbOf(line)
	lang := langOf(m.From)
	started := a.hasStarted(ctx, user)
	startButton := func() {
		key, link := "telegram.start_to_answer", a.chatLink()
		if verb == "join" {
			key, link = "telegram.start_to_join", a.JoinLink(req.Space)
		}
		a.reply(ctx, chat, m.MessageID, a.say(lang, key), a.cat.String(lang, "telegram.button_start", nil), link)
	}
	public := publicInGroups[verb]
	if !public && !started {
		startButton()
		return
	}
	if started {
		req.CanDM = bot.ReachYes
	}
	req.Private = !public
	req.Admin = a.isAdmin(ctx, chat, user)
	msg := h.Handle(ctx, req)
	switch {
	case msg.IsZero():
	case public:
		a.reply(ctx, chat, m.MessageID, msg, "", "")
	default:
		to, _ := chatID(user)
		if _, err := a.send(ctx, to, msg, 0); err != nil {
			if err := sendError("reply", err, true); errors.Is(err, bot.ErrUnreachable) {
				// They blocked the bot since: Start again unblocks it.
				a.forgetStarted(ctx, user)
				startButton()
				return
			}
			a.log.Warn("telegram: private answer not delivered", "chat", to, "err", sendError("reply", err, false))
			return
		}
		a.reply(ctx, chat, m.MessageID, a.say(lang, "msg.sent_privately"), a.cat.String(lang, "telegram.button_open", nil), a.chatLink())
	}
}

// reply sends an answer (with a link button when link is not ""). A
// failure is logged, not returned: the update was handled, and
// Telegram's redelivery would run the command again.
func (a *Adapter) reply(ctx context.Context, chat int64, to int, msg bot.Message, label, link string) {
	if msg.IsZero() {
		return
	}
	if _, err := a.sendLink(ctx, chat, to, msg, label, link); err != nil {
		a.log.Warn("telegram: reply not delivered", "chat", chat, "err", sendError("reply", err, false))
	}
}

// onStart answers /start in a private chat: "join-SPACE" joins the space's
// community when the person is in its group; anything else is a welcome
// (the core's help, or how to join when they belong nowhere).
func (a *Adapter) onStart(ctx context.Context, h bot.Handler, m *tgbotapi.Message, req *bot.Request) error {
	req.CanDM = bot.ReachYes
	space, ok := strings.CutPrefix(req.Text, startJoin)
	if !ok {
		req.Text = "help"
		a.reply(ctx, m.Chat.ID, 0, h.Handle(ctx, req), "", "")
		return nil
	}
	if !a.inGroup(ctx, space, m.From.ID) {
		a.reply(ctx, m.Chat.ID, 0, a.say(langOf(m.From), "telegram.not_in_group"), "", "")
		return nil
	}
	req.Space, req.Text = space, "join"
	a.reply(ctx, m.Chat.ID, 0, h.Handle(ctx, req), "", "")
	return nil
}

// inGroup reports whether the user is a member of the group space, by
// getChatMember: a deep link must not let anyone join any community.
func (a *Adapter) inGroup(ctx context.Context, space string, user int64) bool {
	chat, err := chatID(space)
	if err != nil || chat >= 0 {
		return false
	}
	cm, err := a.with(ctx).GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chat, UserID: user}})
	if err != nil {
		a.log.Warn("telegram: getChatMember failed; not joining", "chat", space, "err", scrub(err))
		return false
	}
	switch cm.Status {
	case "creator", "administrator", "member":
		return true
	case "restricted":
		return cm.IsMember
	}
	return false
}

// onCallback handles a pressed inline button: the press runs its command
// as the presser, Telegram's spinner is stopped with answerCallbackQuery,
// and the result replaces the message (when the core asks), goes to the
// private chat, or, in a group, shows as a notice to the presser alone.
func (a *Adapter) onCallback(ctx context.Context, h bot.Handler, q *tgbotapi.CallbackQuery) error {
	if q.From == nil {
		return nil
	}
	toast := ""
	defer func() {
		if _, err := a.with(ctx).Request(tgbotapi.NewCallback(q.ID, toast)); err != nil {
			a.log.Warn("telegram: answerCallbackQuery failed", "err", scrub(err))
		}
	}()
	user := userID(q.From)
	a.remember(user, q.From.UserName)
	if q.Message == nil || q.Message.Chat == nil {
		// A button of an inline message: rete sends none.
		toast = a.cat.String(langOf(q.From), "telegram.inline_unsupported", nil)
		return nil
	}
	chat := q.Message.Chat
	req := &bot.Request{
		Platform: Platform, User: user, Name: displayName(q.From), Handle: q.From.UserName,
		Private: chat.IsPrivate(), Text: q.Data, Button: true, Prefix: "/",
	}
	if req.Private {
		a.markStarted(ctx, user)
		req.CanDM = bot.ReachYes
	} else {
		req.Space = strconv.FormatInt(chat.ID, 10)
		if a.hasStarted(ctx, user) {
			req.CanDM = bot.ReachYes
		}
		req.Admin = a.isAdmin(ctx, chat.ID, user)
	}
	msg := h.Handle(ctx, req)
	switch {
	case msg.IsZero():
	case msg.Replace:
		if err := a.edit(ctx, chat.ID, q.Message.MessageID, msg); err != nil {
			a.log.Warn("telegram: could not replace a message", "chat", chat.ID, "err", err)
		}
	case req.Private:
		a.reply(ctx, chat.ID, 0, msg, "", "")
	default:
		toast = kit.Truncate(msg.PlainText(), maxToast)
	}
	return nil
}

// maxToast is the longest text answerCallbackQuery shows.
const maxToast = 200

// onMyChatMember follows the bot's own membership: in a private chat,
// "kicked" means the person blocked the bot and "member" that they
// started or unblocked it; the core learns either at once.
func (a *Adapter) onMyChatMember(ctx context.Context, h bot.Handler, u *tgbotapi.ChatMemberUpdated) error {
	if !u.Chat.IsPrivate() {
		a.dropAdmins(u.Chat.ID)
		return nil
	}
	user := userID(&u.From)
	can := bot.ReachUnknown
	switch u.NewChatMember.Status {
	case "kicked", "left":
		a.forgetStarted(ctx, user)
		can = bot.ReachNo
	case "member":
		a.markStarted(ctx, user)
		can = bot.ReachYes
	}
	r, ok := h.(bot.Reacher)
	if !ok || can == bot.ReachUnknown {
		return nil
	}
	return r.SetReach(ctx, Platform, user, can)
}

// migrate moves a group's space to the supergroup it became, with all its
// records (the core's MoveSpace).
func (a *Adapter) migrate(ctx context.Context, h bot.Handler, from, to int64) error {
	a.dropAdmins(from)
	mv, ok := h.(bot.SpaceMover)
	if !ok {
		return nil
	}
	f, t := strconv.FormatInt(from, 10), strconv.FormatInt(to, 10)
	if err := mv.MoveSpace(ctx, Platform, f, t); err != nil {
		return fmt.Errorf("telegram: move group %s to supergroup %s: %w", f, t, err)
	}
	a.log.Info("telegram: group became a supergroup; its community moved", "from", f, "to", t)
	return nil
}

// say is one paragraph of the adapter's own text.
func (a *Adapter) say(lang bot.Lang, key string) bot.Message {
	return bot.Message{Blocks: []bot.Block{bot.ParaBlock(a.cat.Spans(lang, key, nil)...)}}
}

// logGroup logs a group the first time a command comes from it, with its
// chat id: what the config's space needs.
func (a *Adapter) logGroup(c *tgbotapi.Chat) {
	a.mu.Lock()
	first := kit.Mark(a.groups, c.ID, maxCached)
	a.mu.Unlock()
	if first {
		a.log.Info("telegram: command from a group", "chat", c.ID, "title", c.Title)
	}
}
