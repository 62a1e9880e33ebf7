package telegram

import (
	"context"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/bot"
)

// GreetChannel implements bot.SpaceGreeter: a bot cannot write first to
// someone who never pressed Start, so newcomers are welcomed in their
// group, with the Start button (JoinLink).
func (a *Adapter) GreetChannel(space string) (string, bool) { return space, true }

// arrived tells the core that users joined a group: from the service
// message new_chat_members, or a chat_member update (which comes too
// when the bot is an administrator; the core welcomes once). A bot
// adding itself or others is handed on as a bot, which the core ignores;
// one the admin func says administers the group is handed on as an
// admin, whom the core does not welcome either.
func (a *Adapter) arrived(ctx context.Context, h bot.Handler, chat *tgbotapi.Chat, users []tgbotapi.User, admin func(user string) bool) error {
	g, ok := h.(bot.Greeter)
	if !ok || chat == nil || !chat.IsGroup() && !chat.IsSuperGroup() {
		return nil
	}
	space := strconv.FormatInt(chat.ID, 10)
	for _, u := range users {
		a.remember(userID(&u), u.UserName)
		arr := bot.Arrival{Platform: Platform, Space: space, User: userID(&u), Name: displayName(&u), Handle: u.UserName, Bot: u.IsBot}
		arr.Admin = !u.IsBot && admin(arr.User)
		if err := g.Arrived(ctx, arr); err != nil {
			return err
		}
	}
	return nil
}

// joinedChat reports whether a chat_member update is someone becoming a
// member of the group (not a promotion, a restriction or a departure).
func joinedChat(u *tgbotapi.ChatMemberUpdated) bool {
	in := func(m tgbotapi.ChatMember) bool {
		switch m.Status {
		case "creator", "administrator", "member":
			return true
		case "restricted":
			return m.IsMember
		}
		return false
	}
	return u.NewChatMember.User != nil && in(u.NewChatMember) && !in(u.OldChatMember)
}

// administers says, for the user of a chat_member update, whether it
// leaves them an administrator (or the creator) of the group: someone
// added as an admin is promoted as they join.
func administers(u *tgbotapi.ChatMemberUpdated) func(string) bool {
	return func(string) bool { return u.NewChatMember.IsAdministrator() || u.NewChatMember.IsCreator() }
}
