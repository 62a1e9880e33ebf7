package bot

// introEntryMessage renders the outbox messages of introductions.
func (b *Bot) introEntryMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	in, err := tx.Intro(comm.ID, e.Args["intro"])
	if err != nil {
		return Message{}, false, err
	}
	from, err := tx.Member(comm.ID, in.From)
	if err != nil {
		return Message{}, false, err
	}
	if e.Template == "intro_unavailable" {
		// The target may be gone (removed, forgotten): the entry carries the name.
		if gone(from) {
			return Message{}, true, nil
		}
		lang := readerLang(comm, []*Member{from})
		if e.Args["member"] == "" {
			return Message{Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, "msg.intro_not_possible_unnamed", nil)}}}, false, nil
		}
		return Message{Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, "msg.intro_not_possible", Args{"member": e.Args["member"]})}}}, false, nil
	}
	to, err := tx.Member(comm.ID, in.To)
	if err != nil {
		return Message{}, false, err
	}
	if gone(from) || gone(to) {
		return Message{}, true, nil
	}
	var readers []*Member
	for _, id := range e.To {
		switch id {
		case from.ID:
			readers = append(readers, from)
		case to.ID:
			readers = append(readers, to)
		}
	}
	lang := readerLang(comm, readers)
	t := func(key string, args Args) []Span { return b.cat.Spans(lang, key, args) }
	now := b.now()
	mention := func(m *Member) Span { return Span{Style: Mention, Text: m.Name, Member: m.ID} }
	switch e.Template {
	case "intro_request":
		if in.State != IntroPending {
			return Message{}, true, nil
		}
		msg := Message{Blocks: []Block{{Kind: Header, Spans: t("msg.intro_request_title", Args{"member": mention(from)})}}}
		msg.Blocks = append(msg.Blocks, b.memberCard(lang, from, comm, now)...)
		if in.Why != "" {
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: t("msg.intro_request_why", Args{"why": in.Why})})
		} else if in.Skill != "" {
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: t("msg.intro_request_skill", Args{"skill": b.skills.Name(lang, in.Skill)})})
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: t("msg.intro_request_hint", Args{"when": Day(in.Expires.In(to.Location(comm.Settings.Location())))})})
		msg.Buttons = []Button{
			{Label: b.cat.String(lang, "btn.intro_accept", nil), Command: "intro accept " + in.ID, Style: ButtonPrimary},
			{Label: b.cat.String(lang, "btn.intro_decline", nil), Command: "intro decline " + in.ID},
		}
		return msg, false, nil
	}
	// intro_accepted
	if in.State != IntroAccepted {
		return Message{}, true, nil
	}
	if e.Kind == OutboxGroup {
		msg := Message{Blocks: []Block{{Kind: Header, Spans: t("msg.intro_group", Args{"from": mention(from), "to": mention(to)})}}}
		if in.Why != "" {
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: t("msg.intro_request_why", Args{"why": in.Why})})
		}
		for _, m := range []*Member{from, to} {
			msg.Blocks = append(msg.Blocks, b.pairCard(lang, m, comm, MemberID{})...)
		}
		return msg, false, nil
	}
	reader, peer := from, to
	if e.To[0] == to.ID {
		reader, peer = to, from
	}
	msg := Message{Blocks: []Block{{Kind: Header, Spans: t("msg.intro_in_touch", Args{"member": mention(peer)})}}}
	msg.Blocks = append(msg.Blocks, b.pairCard(lang, peer, comm, reader.ID)...)
	msg.Buttons = []Button{b.replyButton(lang)}
	return msg, false, nil
}
