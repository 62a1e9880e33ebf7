package telegram

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// Telegram's limits on what a message may carry.
const (
	maxText         = 4096 // characters of a message's text, after parsing
	maxCallbackData = 64   // bytes of a button's callback_data
	buttonsPerRow   = 2
)

// rendered is a bot.Message in Telegram's terms: HTML text and an inline
// keyboard (nil without buttons).
type rendered struct {
	text   string
	markup *tgbotapi.InlineKeyboardMarkup
}

// render renders m with the usernames the adapter has seen, for mentions.
func (a *Adapter) render(m bot.Message) rendered { return render(m, a.username) }

// render turns the core's neutral markup into Telegram HTML. Member text
// is escaped (& < >), so it can never become a tag, and an "@" in it is
// followed by an invisible word joiner, so it can never become a mention.
// A mention of a member links to https://t.me/USERNAME when handle knows
// the username, else to tg://user?id=. A message whose text is still too
// long once split is sent as plain text, cut.
func render(m bot.Message, handle func(user string) string) rendered {
	out := htmlText(m, handle)
	if utf8.RuneCountInString(out) > maxText {
		out = text(kit.Truncate(m.PlainText(), maxText-200))
	}
	if strings.TrimSpace(out) == "" {
		out = "·" // Telegram refuses an empty text; buttons alone need one
	}
	return rendered{text: out, markup: keyboard(m.Buttons)}
}

// htmlText is the HTML of m's blocks, uncut.
func htmlText(m bot.Message, handle func(user string) string) string {
	parts := make([]string, 0, len(m.Blocks))
	for _, b := range m.Blocks {
		parts = append(parts, renderBlock(b, handle))
	}
	return strings.Join(parts, "\n\n")
}

func renderBlock(b bot.Block, handle func(string) string) string {
	switch b.Kind {
	case bot.List:
		lines := make([]string, 0, len(b.Items))
		for _, it := range b.Items {
			lines = append(lines, "• "+renderSpans(it, handle))
		}
		return strings.Join(lines, "\n")
	case bot.Header:
		return "<b>" + renderSpans(b.Spans, handle) + "</b>"
	case bot.Context:
		return "<i>" + renderSpans(b.Spans, handle) + "</i>"
	case bot.Pre:
		var raw strings.Builder
		for _, s := range b.Spans {
			raw.WriteString(s.Text)
		}
		return "<pre>" + escape(raw.String()) + "</pre>"
	default:
		return renderSpans(b.Spans, handle)
	}
}

func renderSpans(spans []bot.Span, handle func(string) string) string {
	var b strings.Builder
	for _, s := range merged(spans) {
		switch s.Style {
		case bot.Bold:
			b.WriteString("<b>" + text(s.Text) + "</b>")
		case bot.Code:
			b.WriteString("<code>" + escape(s.Text) + "</code>")
		case bot.Mention:
			b.WriteString(mention(s, handle))
		case bot.Link:
			u, ok := safeURL(s.URL)
			switch {
			case !ok:
				b.WriteString(text(bot.SpansText([]bot.Span{s})))
			case s.Text == "":
				b.WriteString(`<a href="` + u + `">` + escape(s.URL) + "</a>")
			default:
				b.WriteString(`<a href="` + u + `">` + text(s.Text) + "</a>")
			}
		default:
			b.WriteString(text(s.Text))
		}
	}
	return b.String()
}

// merged joins neighbouring spans of one text style, so that a command
// the core writes in pieces shows as one <code> run.
func merged(spans []bot.Span) []bot.Span {
	var out []bot.Span
	for _, s := range spans {
		if n := len(out); n > 0 && out[n-1].Style == s.Style && (s.Style == bot.Plain || s.Style == bot.Bold || s.Style == bot.Code) {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// telegramUserID matches a Telegram user id.
var telegramUserID = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)

// mention is a link to the member: their public page when they have a
// username (it opens a chat with them), else a tg://user?id= mention.
// Someone of another platform is their name in bold.
func mention(s bot.Span, handle func(string) string) string {
	if s.Member.Platform != Platform || !telegramUserID.MatchString(s.Member.User) {
		return "<b>" + text(s.Text) + "</b>"
	}
	name := s.Text
	if name == "" {
		name = s.Member.User
	}
	if h := handle(s.Member.User); h != "" {
		return `<a href="https://t.me/` + url.PathEscape(h) + `">` + text(name) + "</a>"
	}
	return `<a href="tg://user?id=` + s.Member.User + `">` + text(name) + "</a>"
}

// keyboard is the inline keyboard of buttons, buttonsPerRow a row; a
// button whose command does not fit callback_data is left out (the core
// keeps them under bot.MaxButtonCommand).
func keyboard(buttons []bot.Button) *tgbotapi.InlineKeyboardMarkup {
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	for _, b := range buttons {
		switch {
		case b.URL != "":
			row = append(row, tgbotapi.NewInlineKeyboardButtonURL(b.Label, b.URL))
		case b.Command == "" || len(b.Command) > maxCallbackData:
			continue
		default:
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Command))
		}
		if len(row) == buttonsPerRow {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// withURLButton adds a row with one link button (a deep link) to r.
func withURLButton(r rendered, label, link string) rendered {
	row := tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonURL(label, link))
	if r.markup == nil {
		r.markup = &tgbotapi.InlineKeyboardMarkup{}
	}
	r.markup.InlineKeyboard = append(r.markup.InlineKeyboard, row)
	return r
}

// escaper escapes the three characters Telegram's HTML parse mode reads,
// and the quote, for attributes.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func escape(s string) string { return escaper.Replace(s) }

// atWord matches an "@" that Telegram would read as a mention: one that
// starts a word. An "@" inside one is an email address, which Telegram
// links as such and which must stay whole to be copied.
var atWord = regexp.MustCompile(`(^|[^A-Za-z0-9_])@([A-Za-z0-9_])`)

// text is member text made safe: escaped, and no "@name" can mention.
func text(s string) string {
	return atWord.ReplaceAllString(escape(s), "$1@\u2060$2")
}

// safeURL returns raw ready for href if it is an absolute http(s) or tg
// URL.
func safeURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") || u.Scheme != "tg" && u.Host == "" {
		return "", false
	}
	return escape(u.String()), true
}
