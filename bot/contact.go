package bot

import (
	"cmp"
	"context"
	"slices"
)

// MaxContactLen bounds the contact line a member shares with pairs.
const MaxContactLen = 200

// runContact sets the line shown to the member's pairs and accepted
// intros, never in find or profile: how to reach them off the platform.
func runContact(ctx context.Context, c *call) (Message, error) {
	v := c.arg("text")
	if isClear(v) {
		v = ""
	}
	line, err := cleanText(v)
	if err != nil {
		return Message{}, err
	}
	if n := len([]rune(line)); n > MaxContactLen {
		return Message{}, usageErr("err.contact_long", Args{"max": MaxContactLen, "n": n})
	}
	if _, err := c.updateMe(ctx, func(m *Member) error { m.Contact = line; return nil }); err != nil {
		return Message{}, err
	}
	if line == "" {
		return c.say("msg.contact_cleared", nil), nil
	}
	return c.say("msg.contact_saved", Args{"contact": line}), nil
}

// platformNames are the platforms as members know them.
var platformNames = map[string]string{"slack": "Slack", "discord": "Discord", "telegram": "Telegram"}

// platformName is how a platform is named to members.
func platformName(p string) string {
	if n, ok := platformNames[p]; ok {
		return n
	}
	return p
}

// reachItems tells reader how to reach m, for an intro card: a link that
// opens a conversation with one of m's accounts when its adapter has one
// the reader can use (see [ContactLinker]), trying the account on the
// reader's platform first; else, for someone on another platform or
// space, how rete relays a reply; then m's contact line. reader is zero in
// a group conversation, where everyone shares the platform and space and
// a mention is enough.
func (b *Bot) reachItems(lang Lang, reader MemberID, m *Member) [][]Span {
	var items [][]Span
	if !reader.IsZero() {
		accounts := m.AllAccounts()
		slices.SortStableFunc(accounts, func(x, y Account) int {
			return cmp.Compare(boolRank(y.ID.Platform == reader.Platform), boolRank(x.ID.Platform == reader.Platform))
		})
		linked, sameSpace := false, false
		for _, a := range accounts {
			sameSpace = sameSpace || reader.Platform == a.ID.Platform && reader.Space == a.ID.Space
			cl, _ := b.messengers[a.ID.Platform].(ContactLinker)
			if cl == nil || linked {
				continue
			}
			if link, ok := cl.ContactLink(reader, a.ID, a.Handle); ok {
				platform := Span{Style: Bold, Text: platformName(a.ID.Platform)}
				items = append(items, b.cat.Spans(lang, "msg.reach_link", Args{"platform": platform, "link": Span{Style: Link, Text: link, URL: link}}))
				linked = true
			}
		}
		if !linked && !sameSpace {
			platform := Span{Style: Bold, Text: platformName(m.ID.Platform)}
			items = append(items, b.cat.Spans(lang, "msg.reach_relay", Args{"platform": platform, "prefix": b.prefixFor(reader.Platform)}))
		}
	}
	if m.Contact != "" {
		items = append(items, b.cat.Spans(lang, "msg.reach_contact", Args{"contact": m.Contact}))
	}
	return items
}

// boolRank is 1 for true, 0 for false, for sorting.
func boolRank(v bool) int {
	if v {
		return 1
	}
	return 0
}

// pairCard is [Bot.memberCard] for someone the reader was paired or
// introduced to: it adds how to reach them.
func (b *Bot) pairCard(lang Lang, m *Member, comm Community, reader MemberID) []Block {
	card := b.memberCard(lang, m, comm, b.now())
	card[len(card)-1].Items = append(card[len(card)-1].Items, b.reachItems(lang, reader, m)...)
	return card
}
