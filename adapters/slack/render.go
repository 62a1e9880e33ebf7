package slack

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/slack-go/slack"
)

// Slack's limits on what a message may carry.
const (
	maxSectionText = 3000 // characters of a section's or context's text
	maxBlocks      = 50   // blocks in one message
	maxActions     = 25   // elements in one actions block
	maxButtonLabel = 75   // characters of a button's label
	maxFallback    = 4000 // characters of the notification text we send
)

// rendered is a bot.Message in Slack's terms: Block Kit blocks and the
// plain-text fallback Slack shows in notifications and old clients.
type rendered struct {
	Text   string
	Blocks []slack.Block
}

// options returns the chat.postMessage/chat.update options carrying r.
func (r rendered) options() []slack.MsgOption {
	return []slack.MsgOption{slack.MsgOptionText(r.Text, false), slack.MsgOptionBlocks(r.Blocks...)}
}

// render turns the core's neutral markup into Block Kit.
//
// Every paragraph, list, header and context becomes mrkdwn marked
// verbatim (Slack does not auto-link or auto-mention in it), so the only
// markup in the output is the markup render writes. Member text is
// escaped (& < >), so it can never form <!channel>, <@U…>, <#C…> or a
// link. Slack's mrkdwn has no escape for * _ ~ and `, so member text
// that contains them in a plain span may show its own bold or italics:
// harmless, and kept literal rather than altered. Where a marker would
// break rete's own formatting, inside a bold or code span or a code
// block, the marker character is replaced by a look-alike that is not
// markup (∗ for *, ˋ for `).
func render(m bot.Message) rendered {
	blocks := renderBlocks(m)
	if len(blocks) > maxBlocks {
		blocks = append(blocks[:maxBlocks-1], slack.NewContextBlock("", mrkdwn("…")))
	}
	return rendered{Text: fallback(m), Blocks: blocks}
}

// renderBlocks renders m's blocks and buttons, however many.
func renderBlocks(m bot.Message) []slack.Block {
	var blocks []slack.Block
	for _, b := range m.Blocks {
		blocks = append(blocks, renderBlock(b)...)
	}
	for i := 0; i < len(m.Buttons); i += maxActions {
		blocks = append(blocks, renderButtons(m.Buttons[i:min(i+maxActions, len(m.Buttons))], i))
	}
	return blocks
}

// split cuts m into messages that Slack takes whole: every section's text
// within maxSectionText characters and at most maxBlocks blocks, so that
// render never has to cut a section or drop blocks.
func split(m bot.Message) []bot.Message {
	return kit.Split(m, maxSectionText, measure)
}

var _ bot.Fitter = (*Adapter)(nil)

// Fits implements bot.Fitter: msg is sent as one message.
func (a *Adapter) Fits(msg bot.Message) bool { return len(split(msg)) == 1 }

// measure is the longest section text of m in characters, or more than
// any limit when m needs more blocks than a message carries.
func measure(m bot.Message) int {
	n := len(m.Blocks) + (len(m.Buttons)+maxActions-1)/maxActions
	if n > maxBlocks {
		return math.MaxInt
	}
	longest := 0
	for _, b := range m.Blocks {
		longest = max(longest, utf8.RuneCountInString(blockText(b)))
	}
	return longest
}

// mrkdwn is a verbatim mrkdwn text object.
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

func sections(s string) []slack.Block {
	var out []slack.Block
	for _, c := range chunks(s, maxSectionText) {
		out = append(out, slack.NewSectionBlock(mrkdwn(c), nil, nil))
	}
	return out
}

// blockText is a block's mrkdwn, before it is cut into sections.
func blockText(b bot.Block) string {
	switch b.Kind {
	case bot.List:
		lines := make([]string, 0, len(b.Items))
		for _, it := range b.Items {
			lines = append(lines, "• "+renderSpans(it, false))
		}
		return strings.Join(lines, "\n")
	case bot.Header:
		// A header block takes plain_text only; a bold section keeps one
		// escaping rule for everything and allows mentions and links.
		return renderSpans(b.Spans, true)
	case bot.Pre:
		var raw strings.Builder
		for _, s := range b.Spans {
			raw.WriteString(s.Text)
		}
		return "```\n" + codeText(raw.String()) + "\n```"
	default:
		return renderSpans(b.Spans, false)
	}
}

// renderBlock renders a block as one section, or several when it is
// longer than a section takes (which split avoids for what it sends).
func renderBlock(b bot.Block) []slack.Block {
	switch b.Kind {
	case bot.Context:
		var out []slack.Block
		for _, c := range chunks(blockText(b), maxSectionText) {
			out = append(out, slack.NewContextBlock("", mrkdwn(c)))
		}
		return out
	case bot.Pre:
		if t := blockText(b); utf8.RuneCountInString(t) <= maxSectionText {
			return []slack.Block{slack.NewSectionBlock(mrkdwn(t), nil, nil)}
		}
		var raw strings.Builder
		for _, s := range b.Spans {
			raw.WriteString(s.Text)
		}
		var out []slack.Block
		for _, c := range chunks(codeText(raw.String()), maxSectionText-8) {
			out = append(out, slack.NewSectionBlock(mrkdwn("```\n"+c+"\n```"), nil, nil))
		}
		return out
	default:
		return sections(blockText(b))
	}
}

func renderButtons(bs []bot.Button, first int) slack.Block {
	els := make([]slack.BlockElement, 0, len(bs))
	for i, b := range bs {
		label := slack.NewTextBlockObject(slack.PlainTextType, kit.Truncate(b.Label, maxButtonLabel), true, false)
		btn := slack.NewButtonBlockElement(actionPrefix+strconv.Itoa(first+i), b.Command, label)
		if u, ok := kit.WebURL(b.URL); ok {
			// A link button opens the page; the click Slack still reports
			// carries no value and is ignored.
			btn = slack.NewButtonBlockElement(actionPrefix+strconv.Itoa(first+i), "", label)
			btn.URL = u
		}
		switch b.Style {
		case bot.ButtonPrimary:
			btn = btn.WithStyle(slack.StylePrimary)
		case bot.ButtonDanger:
			btn = btn.WithStyle(slack.StyleDanger)
		}
		els = append(els, btn)
	}
	return slack.NewActionBlock("", els...)
}

// actionPrefix starts the action_id of every button rete renders.
const actionPrefix = "rete_"

// escaper escapes Slack's three control characters in mrkdwn.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escape(s string) string { return escaper.Replace(s) }

// codeText is member text made safe inside `code` and ``` blocks.
func codeText(s string) string { return escape(strings.ReplaceAll(s, "`", "ˋ")) }

// boldText is member text made safe inside *bold*.
func boldText(s string) string { return escape(strings.ReplaceAll(s, "*", "∗")) }

// wrap puts each line of s between mark, leaving the spaces around the
// text outside the markers (Slack ignores a marker next to a space).
// Text is already escaped.
func wrap(s, mark string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		start := strings.Index(l, t)
		lines[i] = l[:start] + mark + t + mark + l[start+len(t):]
	}
	return strings.Join(lines, "\n")
}

// slackUserID matches Slack user ids (U…, W… on Enterprise Grid).
var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// renderSpans renders spans as mrkdwn; bold makes plain spans bold (headers).
func renderSpans(spans []bot.Span, bold bool) string {
	var b strings.Builder
	for _, s := range spans {
		switch s.Style {
		case bot.Bold:
			b.WriteString(wrap(boldText(s.Text), "*"))
		case bot.Code:
			b.WriteString(wrap(codeText(s.Text), "`"))
		case bot.Mention:
			if s.Member.Platform == Platform && slackUserID.MatchString(s.Member.User) {
				b.WriteString("<@" + s.Member.User + ">")
			} else {
				b.WriteString(wrap(boldText(s.Text), "*"))
			}
		case bot.Link:
			u, ok := safeURL(s.URL)
			text := s.Text
			if bold {
				text = strings.ReplaceAll(text, "*", "∗")
			}
			switch {
			case !ok && text == "":
				b.WriteString(escape(s.URL))
			case !ok:
				b.WriteString(escape(text + " (" + s.URL + ")"))
			case text == "" || text == s.URL:
				b.WriteString("<" + u + ">")
			default:
				b.WriteString("<" + u + "|" + escape(text) + ">")
			}
		default:
			if bold {
				b.WriteString(wrap(boldText(s.Text), "*"))
			} else {
				b.WriteString(escape(s.Text))
			}
		}
	}
	return b.String()
}

// urlEscaper keeps a URL from closing or splitting Slack's <url|text>.
var urlEscaper = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C", " ", "%20", "\n", "%0A")

// safeURL returns raw ready for <url|text> if it is an absolute http(s) URL.
func safeURL(raw string) (string, bool) {
	u, ok := kit.WebURL(raw)
	return urlEscaper.Replace(u), ok
}

// fallback is the message's plain-text rendering, escaped: Slack parses
// the top-level text as mrkdwn too.
func fallback(m bot.Message) string {
	var b strings.Builder
	for i, bl := range m.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if bl.Kind == bot.List {
			for j, it := range bl.Items {
				if j > 0 {
					b.WriteByte('\n')
				}
				b.WriteString("• " + plainSpans(it))
			}
			continue
		}
		b.WriteString(plainSpans(bl.Spans))
	}
	if b.Len() == 0 && len(m.Buttons) > 0 {
		labels := make([]string, 0, len(m.Buttons))
		for _, btn := range m.Buttons {
			labels = append(labels, btn.Label)
		}
		b.WriteString(escape(strings.Join(labels, " · ")))
	}
	return kit.Truncate(b.String(), maxFallback)
}

func plainSpans(spans []bot.Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Style == bot.Mention && s.Member.Platform == Platform && slackUserID.MatchString(s.Member.User) {
			b.WriteString("<@" + s.Member.User + ">")
			continue
		}
		b.WriteString(escape(bot.SpansText([]bot.Span{s})))
	}
	return b.String()
}

// chunks splits s into pieces of at most max characters, at a line break
// when there is one, never inside a UTF-8 sequence or an escape (&amp;).
// It is the last resort for a block that split could not make fit.
func chunks(s string, max int) []string {
	var out []string
	for utf8.RuneCountInString(s) > max {
		end := runeOffset(s, max)
		cut := strings.LastIndexByte(s[:end], '\n')
		if cut <= 0 {
			cut = end
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			if amp := strings.LastIndexByte(s[:cut], '&'); amp >= 0 && amp > cut-5 && !strings.Contains(s[amp:cut], ";") {
				cut = amp
			}
			out = append(out, s[:cut])
			s = s[cut:]
			continue
		}
		out = append(out, s[:cut])
		s = s[cut+1:]
	}
	if s != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}

// runeOffset is the byte offset of the n-th rune of s.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
