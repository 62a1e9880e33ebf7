// Package fakechat is a chat platform that exists only in tests, built on
// the adapter kit with the constraints the smallest real platforms have:
// no group conversations, no editing, messages of at most 2,000
// characters, buttons of at most bot.MaxButtonCommand bytes, and private
// chats that belong to no space. A test drives it from the platform's
// side (Command, PrivateCommand, Press) and reads what reached people
// (Take). It passes bot/bottest, and it runs whole flows through the real
// core to show that the core needs nothing a platform may lack.
package fakechat

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// Platform is the platform name.
const Platform = "fake"

// Limit is the longest message, in characters of Render.
const Limit = 2000

// Message is one message as it reached the platform.
type Message struct {
	To      string // a user id, or "#channel"
	Text    string // Render's output
	Buttons []bot.Button
}

// Chat is the adapter and the platform at once. The zero value is not
// usable; call New.
type Chat struct {
	mu          sync.Mutex
	sent        []Message
	unreachable map[string]bool
	ids         int
}

// New returns an empty chat.
func New() *Chat { return &Chat{unreachable: map[string]bool{}} }

var _ bot.Messenger = (*Chat)(nil)

// Platform implements bot.Messenger.
func (c *Chat) Platform() string { return Platform }

// DM implements bot.Messenger: one message per part of msg.
func (c *Chat) DM(_ context.Context, to bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	c.mu.Lock()
	refused := c.unreachable[to.User]
	c.mu.Unlock()
	if refused {
		return bot.MessageRef{}, fmt.Errorf("fakechat: %s blocked the bot: %w", to.User, bot.ErrUnreachable)
	}
	_, ref, err := c.deliver(to.User, msg)
	return ref, err
}

// Post implements bot.Messenger.
func (c *Chat) Post(_ context.Context, _, channel string, msg bot.Message) (bot.MessageRef, error) {
	_, ref, err := c.deliver("#"+channel, msg)
	return ref, err
}

// deliver splits msg to the limit and records its parts, refusing
// buttons over the platform's size as a real platform would.
func (c *Chat) deliver(to string, msg bot.Message) ([]Message, bot.MessageRef, error) {
	for _, b := range msg.Buttons {
		if len(b.Command) > bot.MaxButtonCommand {
			return nil, bot.MessageRef{}, fmt.Errorf("fakechat: button %q: command of %d bytes, over %d", b.Label, len(b.Command), bot.MaxButtonCommand)
		}
	}
	var out []Message
	for _, p := range kit.Split(msg, Limit, Size) {
		out = append(out, Message{To: to, Text: Render(p), Buttons: p.Buttons})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, out...)
	c.ids++
	return out, bot.MessageRef{Platform: Platform, Channel: to, ID: strconv.Itoa(c.ids)}, nil
}

// Take returns the messages sent since the last call.
func (c *Chat) Take() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.sent
	c.sent = nil
	return out
}

// Block makes user refuse DMs from now on.
func (c *Chat) Block(user string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.unreachable[user] = true
}

// Command is user typing text in a group (space), answered in private
// as a platform's ephemeral reply would be.
func (c *Chat) Command(ctx context.Context, h bot.Handler, space, user, text string) Message {
	return c.reply(ctx, h, &bot.Request{Platform: Platform, Space: space, User: user, Name: name(user), Text: text, Prefix: "/", Private: true})
}

// PrivateCommand is user writing text in their private chat with the
// bot: no space, and the bot can DM them.
func (c *Chat) PrivateCommand(ctx context.Context, h bot.Handler, user, text string) Message {
	return c.reply(ctx, h, &bot.Request{Platform: Platform, User: user, Name: name(user), Text: text, Prefix: "/", Private: true, CanDM: bot.ReachYes})
}

// Press is user pressing a button: of a message in a group (space), or
// in their private chat (space ""). A link button opens its page and
// reaches no bot.
func (c *Chat) Press(ctx context.Context, h bot.Handler, space, user string, b bot.Button) Message {
	if b.URL != "" {
		return Message{To: user, Text: "opened " + b.URL}
	}
	req := &bot.Request{Platform: Platform, Space: space, User: user, Name: name(user), Text: b.Command, Button: true, Prefix: "/", Private: space == ""}
	if space == "" {
		req.CanDM = bot.ReachYes
	}
	return c.reply(ctx, h, req)
}

// reply runs req and delivers the answer to the person, in parts; it
// returns the parts joined.
func (c *Chat) reply(ctx context.Context, h bot.Handler, req *bot.Request) Message {
	parts, _, err := c.deliver(req.User, h.Handle(ctx, req))
	if err != nil {
		return Message{To: req.User, Text: "error: " + err.Error()}
	}
	all := Message{To: req.User}
	for _, p := range parts {
		all.Text += p.Text
		all.Buttons = append(all.Buttons, p.Buttons...)
	}
	return all
}

// name is a display name for a user id ("anna" → "Anna").
func name(user string) string {
	if user == "" {
		return ""
	}
	return strings.ToUpper(user[:1]) + user[1:]
}

// Size measures a message as the platform limits it: characters of its
// rendering, buttons included.
func Size(m bot.Message) int { return utf8.RuneCountInString(Render(m)) }

// Render is the platform's text: **bold**, @mentions, [text](url) links,
// bullets, ``` blocks; buttons as [label] lines. Member text is escaped
// with a backslash before the platform's markup characters.
func Render(m bot.Message) string {
	var b strings.Builder
	for _, bl := range m.Blocks {
		switch bl.Kind {
		case bot.List:
			for _, it := range bl.Items {
				b.WriteString("• " + spans(it) + "\n")
			}
		case bot.Pre:
			b.WriteString("```\n" + codeEscaper.Replace(bot.SpansText(bl.Spans)) + "\n```\n")
		default:
			b.WriteString(spans(bl.Spans) + "\n")
		}
	}
	for _, btn := range m.Buttons {
		if btn.URL != "" {
			b.WriteString("[" + escape(btn.Label) + "](" + urlEscaper.Replace(btn.URL) + ")\n")
			continue
		}
		b.WriteString("[" + escape(btn.Label) + "]\n")
	}
	return b.String()
}

var escaper = strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "@", "@\u200b", "<", "\\<")

// codeEscaper keeps member text inside a code block: no closing fence,
// no ping.
var codeEscaper = strings.NewReplacer("`", "ˋ", "@", "@\u200b", "<", "<\u200b")

// urlEscaper keeps a URL inside its (…) and from pinging.
var urlEscaper = strings.NewReplacer("@", "%40", "<", "%3C", ">", "%3E", "(", "%28", ")", "%29", " ", "%20", "\n", "%0A")

func escape(s string) string { return escaper.Replace(s) }

func spans(ss []bot.Span) string {
	var b strings.Builder
	for _, s := range ss {
		switch s.Style {
		case bot.Bold:
			b.WriteString("**" + escape(s.Text) + "**")
		case bot.Mention:
			b.WriteString("<@" + s.Member.User + ">")
		case bot.Link:
			t := s.Text
			if t == "" {
				t = s.URL
			}
			b.WriteString("[" + escape(t) + "](" + urlEscaper.Replace(s.URL) + ")")
		default:
			b.WriteString(escape(s.Text))
		}
	}
	return b.String()
}
