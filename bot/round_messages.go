package bot

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// groupMembers loads the members of a group who are still in the
// community (not forgotten, left or removed).
func groupMembers(tx Tx, community string, g RoundGroup) ([]*Member, error) {
	var out []*Member
	for _, id := range g.Members {
		m, err := tx.Member(community, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if gone(m) {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// reasonSpans renders the matcher's reasons for a group. reader is the
// member reading an intro DM: reasons about them say "you". With reader ""
// (a moderator, a group conversation) every reason names both members it
// is about, and so does every reason of a group larger than two, so that a
// trio's reader knows which two it means.
func (b *Bot) reasonSpans(lang Lang, reasons []match.Reason, names map[string]*Member, reader string) [][]Span {
	name := func(id string) Span {
		if m, ok := names[id]; ok {
			return Span{Style: Bold, Text: m.Name}
		}
		return Text("?")
	}
	var items [][]Span
	seen := map[string]bool{}
	add := func(key string, args Args) {
		item := b.cat.Spans(lang, key, args)
		if k := SpansText(item); !seen[k] {
			seen[k] = true
			items = append(items, item)
		}
	}
	// pair adds a reason about a and b: its "_you" form, naming the other,
	// when the reader is one of them, else named (the key plus named).
	pair := func(key, named, a, c string, args Args) {
		if args == nil {
			args = Args{}
		}
		switch reader {
		case a:
			args["b"] = name(c)
			add(key+"_you", args)
		case c:
			args["b"] = name(a)
			add(key+"_you", args)
		default:
			args["a"], args["b"] = name(a), name(c)
			add(key+named, args)
		}
	}
	twoWithReader := reader != "" && len(names) == 2
	allFresh := true
	var ids []string // the group's members, in the reasons' order
	for _, r := range reasons {
		allFresh = allFresh && r.Kind != match.ReasonRepeat
		for _, id := range []string{r.A, r.B} {
			if _, ok := names[id]; ok && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	for _, r := range reasons {
		switch r.Kind {
		case match.ReasonComplement:
			switch reader {
			case r.Giver:
				add("reason.complement_you_give", Args{"taker": name(r.Taker), "skill": b.skills.Name(lang, r.Skill)})
			case r.Taker:
				add("reason.complement_you_take", Args{"giver": name(r.Giver), "skill": b.skills.Name(lang, r.Skill)})
			default:
				add("reason.complement", Args{"giver": name(r.Giver), "taker": name(r.Taker), "skill": b.skills.Name(lang, r.Skill)})
			}
		case match.ReasonMutual:
			pair("reason.mutual", "", r.A, r.B, nil)
		case match.ReasonOverlap:
			hours := r.Hours
			switch {
			case r.Hours <= 0:
			case twoWithReader:
				add("reason.overlap", Args{"hours": hours})
			default:
				pair("reason.overlap", "_pair", r.A, r.B, Args{"hours": hours})
			}
		case match.ReasonFresh:
			switch {
			case allFresh && len(names) > 2 && reader != "":
				add("reason.fresh_all_you", nil)
			case allFresh && len(names) > 2:
				ms := make([]Span, len(ids))
				for i, id := range ids {
					ms[i] = name(id)
				}
				add("reason.fresh_all", Args{"names": b.joinList(lang, ms)})
			case twoWithReader:
				add("reason.fresh", nil)
			default:
				pair("reason.fresh", "_pair", r.A, r.B, nil)
			}
		case match.ReasonOtherCompany:
			pair("reason.other_company", "", r.A, r.B, nil)
		}
	}
	return items
}

// opener suggests a first question from the reasons; never one about
// the reader (a DM's reader, or "").
func (b *Bot) opener(lang Lang, reasons []match.Reason, names map[string]*Member, reader string) []Span {
	for _, r := range reasons {
		if r.Kind == match.ReasonComplement && r.Taker != reader {
			if m, ok := names[r.Taker]; ok {
				return b.cat.Spans(lang, "opener.complement", Args{"taker": m.Name, "skill": b.skills.Name(lang, r.Skill)})
			}
		}
	}
	return b.cat.Spans(lang, "opener.generic", nil)
}

// memberCard is a short profile for an intro.
func (b *Bot) memberCard(lang Lang, m *Member, comm Community, now time.Time) []Block {
	t := func(key string, args Args) []Span { return b.cat.Spans(lang, key, args) }
	head := []Span{{Style: Mention, Text: m.Name, Member: m.ID}}
	if m.Profile.Company != "" {
		head = append(head, Text(" ("+m.Profile.Company+")"))
	}
	if m.Profile.Bio != "" {
		head = append(head, Text(" — "+m.Profile.Bio))
	}
	none := b.cat.String(lang, "msg.none", nil)
	list := func(v []string) string {
		if len(v) == 0 {
			return none
		}
		return b.skills.Names(lang, v)
	}
	loc := m.Location(comm.Settings.Location())
	items := [][]Span{
		t("msg.profile_offers", Args{"skills": list(m.Profile.Offers)}),
		t("msg.profile_seeks", Args{"skills": list(m.Profile.Seeks)}),
		t("msg.profile_tz", Args{"tz": loc.String(), "time": now.In(loc).Format("15:04")}),
	}
	if len(m.Profile.Links) > 0 {
		items = append(items, append(t("msg.profile_links", nil), linkSpans(m.Profile.Links)...))
	}
	return []Block{{Kind: Para, Spans: head}, {Kind: List, Items: items}}
}

// introMessage renders a round's intro for one member (a DM naming the
// others) or for the whole group (one conversation).
func (b *Bot) introMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	r, g, err := groupAt(tx, comm.ID, e.Round, e.Group)
	if err != nil || g == nil || g.Ended != nil {
		return Message{}, err == nil, err
	}
	title := "msg.intro_title"
	if e.Kind == OutboxGroup {
		title = "msg.intro_group_title"
	}
	var lang Lang // the footer is rendered in the message's language, and so are the buttons
	var buttons []Button
	msg, skip, err := b.groupIntro(tx, comm, e, *g, title, Args{"community": comm.Settings.Name}, func(l Lang, readers []*Member) []Block {
		lang = l
		// Without a proposed time there is none to pick: the group agrees on one.
		key := "msg.intro_footer"
		if len(g.Slots) == 0 {
			key = "msg.intro_footer_free"
		}
		blocks, bs := b.slotBlocks(l, comm, r, e.Group, *g, readers)
		buttons = bs
		return append([]Block{{Kind: Context, Spans: b.cat.Spans(l, key, Args{"when": r.FollowupAt.Sub(r.Ran)})}}, blocks...)
	})
	if skip || err != nil {
		return msg, skip, err
	}
	msg.Buttons = append(msg.Buttons, buttons...)
	// In a group conversation the button skips for whoever presses it.
	msg.Buttons = append(msg.Buttons, Button{Label: b.cat.String(lang, "btn.skip_next", nil), Command: "skip-next"})
	if e.Kind == OutboxDM {
		msg.Buttons = append(msg.Buttons, b.replyButton(lang))
	}
	return msg, false, nil
}

// groupIntro renders the intro of a group (a round's or an event's): the
// title (titleKey with args plus "names"), why they were grouped, the
// others' profiles, a first question, and footer(lang, readers) if not
// nil. For a DM it names the others; for a group conversation, everyone.
// skip is true when fewer than two members remain or the reader is gone.
func (b *Bot) groupIntro(tx Tx, comm Community, e *OutboxEntry, g RoundGroup, titleKey string, args Args, footer func(Lang, []*Member) []Block) (Message, bool, error) {
	ms, err := groupMembers(tx, comm.ID, g)
	if err != nil || len(ms) < 2 {
		return Message{}, true, err
	}
	names := map[string]*Member{}
	for _, m := range ms {
		names[m.ID.String()] = m
	}
	readers, others := ms, ms
	if e.Kind == OutboxDM {
		reader, ok := names[e.To[0].String()]
		if !ok {
			return Message{}, true, nil
		}
		readers, others = []*Member{reader}, nil
		for _, m := range ms {
			if m.ID != reader.ID {
				others = append(others, m)
			}
		}
	}
	lang := readerLang(comm, readers)
	ta := Args{"names": b.joinNames(lang, others)}
	for k, v := range args {
		ta[k] = v
	}
	msg := Message{Blocks: []Block{{Kind: Header, Spans: b.cat.Spans(lang, titleKey, ta)}}}
	reader, readerID := "", MemberID{}
	if e.Kind == OutboxDM {
		reader, readerID = e.To[0].String(), e.To[0]
	}
	if reasons := b.reasonSpans(lang, g.Reasons, names, reader); len(reasons) > 0 {
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, "msg.intro_why", nil)}, Block{Kind: List, Items: reasons})
	}
	for _, m := range others {
		msg.Blocks = append(msg.Blocks, b.pairCard(lang, m, comm, readerID)...)
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, "msg.intro_opener", Args{"opener": b.opener(lang, g.Reasons, names, reader)})})
	if footer != nil {
		msg.Blocks = append(msg.Blocks, footer(lang, readers)...)
	}
	return msg, false, nil
}

// followupMessage asks one member whether the group met; skip if they
// already said.
func (b *Bot) followupMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	r, g, err := groupAt(tx, comm.ID, e.Round, e.Group)
	if err != nil || g == nil {
		return Message{}, err == nil, err
	}
	if _, answered := g.Answers[e.To[0].String()]; answered || g.Ended != nil || !r.followupDue(e, g) {
		return Message{}, true, nil
	}
	me, err := tx.Member(comm.ID, e.To[0])
	if err != nil {
		return Message{}, false, err
	}
	if me.Status == StatusLeft || me.Status == StatusRemoved {
		return Message{}, true, nil
	}
	ms, err := groupMembers(tx, comm.ID, *g)
	if err != nil {
		return Message{}, false, err
	}
	var others []*Member
	for _, m := range ms {
		if m.ID != me.ID {
			others = append(others, m)
		}
	}
	if len(others) == 0 {
		return Message{}, true, nil
	}
	lang := readerLang(comm, []*Member{me})
	btn := func(key, answer string, style ButtonStyle) Button {
		return Button{Label: b.cat.String(lang, key, nil), Command: "met " + answer + " " + r.ID, Style: style}
	}
	return Message{
		Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, "msg.followup", Args{"names": b.joinNames(lang, others)})}},
		Buttons: []Button{
			btn("btn.met_yes", "yes", ButtonPrimary), btn("btn.met_notyet", "notyet", ButtonDefault), btn("btn.met_no", "no", ButtonDefault),
		},
	}, false, nil
}

// RoundMessage shows a round's groups and reasons to a moderator; a
// preview's header names the scheduled round it shows by its date.
func (b *Bot) RoundMessage(ctx context.Context, lang Lang, comm Community, r *Round, preview bool) (Message, error) {
	var msg Message
	err := b.RoundMessageParts(ctx, lang, comm, r, preview, len(r.Groups), func(part Message) error {
		msg.Blocks = append(msg.Blocks, part.Blocks...)
		return nil
	})
	return msg, err
}

// RoundMessageParts is [RoundMessage] in parts, for a round too large to
// hold rendered at once: fn gets the message in parts of up to groups
// groups each, the header in the first. Rendered one after the other, the
// parts read as the whole message.
func (b *Bot) RoundMessageParts(ctx context.Context, lang Lang, comm Community, r *Round, preview bool, groups int, fn func(Message) error) error {
	msg := Message{Blocks: []Block{{Kind: Header, Spans: b.RoundHeader(lang, comm, RoundSummary{Number: r.Number, Period: r.Period, Groups: len(r.Groups)}, preview)}}}
	if len(r.Groups) == 0 {
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, "msg.round_empty", nil)})
		return fn(msg)
	}
	return b.store.View(ctx, func(tx Tx) error {
		lookup, err := roundNames(tx, comm.ID, r)
		if err != nil {
			return err
		}
		for i, g := range r.Groups {
			ms, err := lookup(g)
			if err != nil {
				return err
			}
			names := map[string]*Member{}
			for _, m := range ms {
				names[m.ID.String()] = m
			}
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.joinNames(lang, ms)})
			if rs := b.reasonSpans(lang, g.Reasons, names, ""); len(rs) > 0 {
				msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: rs})
			}
			if (i+1)%max(1, groups) == 0 || i == len(r.Groups)-1 {
				if err := fn(msg); err != nil {
					return err
				}
				msg = Message{}
			}
		}
		return nil
	})
}

// RoundHeader is the first line of a round's message: its number, period
// and number of groups.
func (b *Bot) RoundHeader(lang Lang, comm Community, r RoundSummary, preview bool) []Span {
	period := fmtRoundTime(r.Period, comm.Settings.Location())
	if preview {
		return b.cat.Spans(lang, "msg.round_preview", Args{"n": r.Groups, "period": period})
	}
	return b.cat.Spans(lang, "msg.round_done", Args{"n": r.Groups, "number": r.Number, "period": period})
}

// scanRoundAbove is the number of groups above which [roundNames] reads
// the community in one scan: a scan reads each table block once, where a
// lookup per member reads (and decompresses) a block per member.
const scanRoundAbove = 64

// roundNames returns the members of a group still in the community, as
// [groupMembers] does, for rendering: those the round was just matched
// from, or for a large stored round those of one scan, with only what a
// rendering reads (id and name), so that 100k members cost a few MB.
func roundNames(tx Tx, community string, r *Round) (func(RoundGroup) ([]*Member, error), error) {
	if r.names == nil && len(r.Groups) <= scanRoundAbove {
		return func(g RoundGroup) ([]*Member, error) { return groupMembers(tx, community, g) }, nil
	}
	names := r.names
	if names == nil {
		var err error
		if names, err = scanRoundNames(tx, community, r); err != nil {
			return nil, err
		}
	}
	return func(g RoundGroup) ([]*Member, error) {
		var out []*Member
		for _, id := range g.Members {
			if name, ok := names[id]; ok {
				out = append(out, &Member{ID: id, Community: community, Name: name})
			}
		}
		return out, nil
	}, nil
}

// scanRoundNames reads the names of a stored round's members still in the
// community in one scan.
func scanRoundNames(tx Tx, community string, r *Round) (map[MemberID]string, error) {
	in := make(map[MemberID]bool, 2*len(r.Groups))
	for _, g := range r.Groups {
		for _, id := range g.Members {
			in[id] = true
		}
	}
	names := make(map[MemberID]string, len(in))
	err := tx.Members(community, func(m *Member) error {
		if in[m.ID] && !gone(m) {
			names[m.ID] = m.Name
		}
		return nil
	})
	return names, err
}

// fmtRoundTime is a round time in the community's zone, for [Args].
func fmtRoundTime(t time.Time, loc *time.Location) Moment {
	return Moment(t.In(loc))
}
