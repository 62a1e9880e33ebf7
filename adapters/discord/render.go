package discord

import (
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// Discord's limits on what a message may carry.
const (
	maxContent     = 2000 // characters of a message's content
	maxButtonLabel = 80
	maxCustomID    = 100
	maxRowButtons  = 5
	maxRows        = 5
)

// buttonPrefix starts the custom_id of every button rete renders; the
// rest is the command the button runs.
const buttonPrefix = "rete:"

// rendered is a bot.Message in Discord's terms.
type rendered struct {
	Content    string
	Components []discordgo.MessageComponent
	// Mentions lists the users the message may ping: those the core
	// mentions on purpose, never @everyone, @here or a role.
	Mentions *discordgo.MessageAllowedMentions
}

// render turns the core's neutral markup into Discord markdown. Member
// text is escaped with backslashes (Discord shows an escaped punctuation
// mark as itself), "@" is followed by a zero-width joiner so that
// @everyone and @here stay text, and allowed_mentions names only the
// users of the message's Mention spans and extra: even a mention that got
// through would not ping.
func render(m bot.Message, extra []string) rendered {
	users := slices.Clone(extra)
	content := contentOf(m, &users)
	slices.Sort(users)
	return rendered{
		Content:    kit.Truncate(content, maxContent),
		Components: renderButtons(m.Buttons),
		Mentions:   &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: slices.Compact(users)},
	}
}

// contentOf is m's content, uncut, adding the users it mentions to users.
func contentOf(m bot.Message, users *[]string) string {
	var b strings.Builder
	for i, bl := range m.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch bl.Kind {
		case bot.List:
			for j, it := range bl.Items {
				if j > 0 {
					b.WriteByte('\n')
				}
				b.WriteString("• " + renderSpans(it, users))
			}
		case bot.Header:
			b.WriteString("**" + renderSpans(bl.Spans, users) + "**")
		case bot.Context:
			b.WriteString("-# " + strings.ReplaceAll(renderSpans(bl.Spans, users), "\n", "\n-# "))
		case bot.Pre:
			var raw strings.Builder
			for _, s := range bl.Spans {
				raw.WriteString(s.Text)
			}
			b.WriteString("```\n" + codeText(raw.String()) + "\n```")
		default:
			b.WriteString(renderSpans(bl.Spans, users))
		}
	}
	content := b.String()
	if content == "" && len(m.Buttons) > 0 {
		labels := make([]string, 0, len(m.Buttons))
		for _, btn := range m.Buttons {
			labels = append(labels, btn.Label)
		}
		content = escape(strings.Join(labels, " · "))
	}
	return content
}

func renderButtons(bs []bot.Button) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row discordgo.ActionsRow
	for _, b := range bs {
		if len(rows) == maxRows {
			break
		}
		if b.URL != "" {
			row.Components = append(row.Components, discordgo.Button{Label: kit.Truncate(b.Label, maxButtonLabel), Style: discordgo.LinkButton, URL: b.URL})
			if len(row.Components) == maxRowButtons {
				rows = append(rows, row)
				row = discordgo.ActionsRow{}
			}
			continue
		}
		id := buttonPrefix + b.Command
		if len(id) > maxCustomID {
			continue // bot.MaxButtonCommand keeps commands well under the limit
		}
		style := discordgo.SecondaryButton
		switch b.Style {
		case bot.ButtonPrimary:
			style = discordgo.PrimaryButton
		case bot.ButtonDanger:
			style = discordgo.DangerButton
		}
		row.Components = append(row.Components, discordgo.Button{Label: kit.Truncate(b.Label, maxButtonLabel), Style: style, CustomID: id})
		if len(row.Components) == maxRowButtons {
			rows = append(rows, row)
			row = discordgo.ActionsRow{}
		}
	}
	if len(row.Components) > 0 && len(rows) < maxRows {
		rows = append(rows, row)
	}
	return rows
}

// markdown are the characters Discord's markdown gives a meaning to;
// escaped with a backslash they show as themselves.
const markdown = "\\*_~`|>#[]()<-:"

// escape makes member text plain in Discord markdown.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(markdown, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '@':
			b.WriteString("@\u200d") // no @everyone, @here or <@id> can form
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// codeText is member text made safe inside `code` and ``` blocks, where
// backslashes do not escape: a backquote becomes a look-alike.
func codeText(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "`", "ˋ"), "@", "@\u200d")
}

// renderSpans renders spans as Discord markdown, adding the users it
// mentions to users.
func renderSpans(spans []bot.Span, users *[]string) string {
	var b strings.Builder
	for _, s := range spans {
		switch s.Style {
		case bot.Bold:
			b.WriteString(wrap(escape(s.Text), "**"))
		case bot.Code:
			if t := strings.TrimSpace(s.Text); t != "" {
				b.WriteString("`" + codeText(s.Text) + "`")
			}
		case bot.Mention:
			if s.Member.Platform == Platform && snowflake.MatchString(s.Member.User) {
				b.WriteString("<@" + s.Member.User + ">")
				*users = append(*users, s.Member.User)
			} else {
				b.WriteString(wrap(escape(s.Text), "**"))
			}
		case bot.Link:
			u, ok := safeURL(s.URL)
			switch {
			case !ok && s.Text == "":
				b.WriteString(escape(s.URL))
			case !ok:
				b.WriteString(escape(s.Text + " (" + s.URL + ")"))
			case s.Text == "" || s.Text == s.URL:
				b.WriteString("<" + u + ">")
			default:
				b.WriteString("[" + escape(s.Text) + "](<" + u + ">)")
			}
		default:
			b.WriteString(escape(s.Text))
		}
	}
	return b.String()
}

// wrap puts each non-empty line of s between mark.
func wrap(s, mark string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = mark + l + mark
		}
	}
	return strings.Join(lines, "\n")
}

// urlEscaper keeps a URL from closing <url> or a masked link's (…), and
// from carrying @everyone (Discord finds mentions anywhere in content).
var urlEscaper = strings.NewReplacer("<", "%3C", ">", "%3E", "(", "%28", ")", "%29", " ", "%20", "\n", "%0A", "@", "%40")

// safeURL returns raw ready for <url> if it is an absolute http(s) URL.
func safeURL(raw string) (string, bool) {
	u, ok := kit.WebURL(raw)
	if !ok {
		return "", false
	}
	return urlEscaper.Replace(u), true
}
