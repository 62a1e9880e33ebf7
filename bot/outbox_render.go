package bot

import (
	"context"
	"errors"
	"strings"
)

// renderEntry builds the message of an entry in its reader's language;
// skip means it no longer needs sending (answered, member gone).
func (b *Bot) renderEntry(ctx context.Context, e *OutboxEntry) (msg Message, skip bool, err error) {
	if e.Message != nil {
		return *e.Message, false, nil
	}
	comm, err := b.CommunityByID(ctx, e.Community)
	if err != nil { // a space no community lists: its own community
		comm = b.community(e.Platform, "")
		comm.ID = e.Community
		if comm, err = b.withOverrides(ctx, comm); err != nil {
			return Message{}, false, err
		}
	}
	err = b.store.View(ctx, func(tx Tx) error {
		switch e.Template {
		case "intro":
			msg, skip, err = b.introMessage(tx, comm, e)
		case "followup":
			msg, skip, err = b.followupMessage(tx, comm, e)
		case "intro_request", "intro_accepted", "intro_unavailable":
			msg, skip, err = b.introEntryMessage(tx, comm, e)
		case tplMeetPicked, tplMeetEnded:
			msg, skip, err = b.meetEntryMessage(tx, comm, e)
		case tplWelcome, tplWelcomePost, tplWelcomeReminder:
			msg, skip, err = b.welcomeEntryMessage(tx, comm, e)
		case tplEventPost, tplEventEdit, tplEventNotify, tplEventReminder, tplEventCanceled, tplEventChanged, tplEventIntro:
			msg, skip, err = b.eventEntryMessage(tx, comm, e)
		case tplDigest:
			msg, skip, err = b.digestEntryMessage(tx, comm, e)
		default:
			lang := comm.Settings.Language
			if len(e.To) == 1 {
				if m, err := tx.Member(comm.ID, e.To[0]); err == nil && m.Profile.Lang != "" {
					lang = m.Profile.Lang
				}
			}
			args := Args{"prefix": b.prefixFor(e.Platform)}
			for k, v := range e.Args {
				args[k] = v
			}
			msg = Message{Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, e.Template, args)}}}
		}
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return Message{}, true, nil
	}
	return msg, skip, err
}

// readerLang is the language a message to these members is written in:
// a lone reader's own, the language every member shares, else the
// community's.
func readerLang(comm Community, readers []*Member) Lang {
	lang := Lang("")
	for _, m := range readers {
		l := m.Profile.Lang
		if l == "" {
			l = comm.Settings.Language
		}
		if lang != "" && l != lang {
			return comm.Settings.Language
		}
		lang = l
	}
	if lang == "" {
		return comm.Settings.Language
	}
	return lang
}

// joinNames lists mentions: "A", "A and B", "A, B and C".
func (b *Bot) joinNames(lang Lang, ms []*Member) []Span {
	names := make([]Span, len(ms))
	for i, m := range ms {
		names[i] = Span{Style: Mention, Text: m.Name, Member: m.ID}
	}
	out := b.joinList(lang, names)
	euphony(lang, out)
	return out
}

// joinList puts ", " between items and the language's "and" before the last.
func (b *Bot) joinList(lang Lang, items []Span) []Span {
	var out []Span
	for i, s := range items {
		if i > 0 {
			sep := ", "
			if i == len(items)-1 {
				sep = " " + strings.TrimSpace(b.cat.String(lang, "msg.and", nil)) + " "
			}
			out = append(out, Text(sep))
		}
		out = append(out, s)
	}
	return out
}

// prefixFor is how commands are typed on a platform, if its adapter says.
func (b *Bot) prefixFor(platform string) string {
	if p, ok := b.messengers[platform].(Prefixer); ok {
		return p.CommandPrefix()
	}
	return ""
}
