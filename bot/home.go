package bot

import (
	"context"
	"errors"
	"fmt"
)

// Home is a member's own page in a community, for a platform that keeps
// one per person (Slack's App Home tab): their profile, their pairing in
// the community's latest round, their open intros and the upcoming
// events, each with the actions that fit; for a moderator, the
// community's figures. The core decides what is shown, to whom and in
// which language; Parts is the page in neutral markup for the adapter
// to render, the other fields are what it was made from.
//
// The page persists where it is shown, so it never carries a one-time
// link: the dashboard button asks for one privately instead.
type Home struct {
	Community string
	Lang      Lang
	// Me is the member's record; nil when they never joined or only set
	// lang or tz (a guest).
	Me        *Member
	Moderator bool
	// Pairing is the others of their group in the community's latest
	// round who are still in the community; empty when that round left
	// them out.
	Pairing []*Member
	// Round and Group are that round (its head: Groups nil) and the
	// member's group in it, at index GroupIndex, when Pairing is not
	// empty.
	Round      *Round
	Group      *RoundGroup
	GroupIndex int
	IntrosIn   []*Intro // waiting for their answer
	IntrosOut  []*Intro // their own, still open
	Events     []*Event // upcoming, soonest first
	Stats      *Stats   // moderators only
	Parts      []HomePart
}

// HomePart is one section of the page: a title (catalog text, never
// member text) and its items.
type HomePart struct {
	Title []Span
	Items []HomeItem
}

// HomeItem is one thing on the page and the buttons that act on it.
type HomeItem struct {
	Blocks  []Block
	Buttons []Button
}

// maxHomeList is how many intros or events of one list the page shows;
// the rest are counted, with the command that lists them all.
const maxHomeList = 5

// Home returns the page of the person who made req (Platform, Space,
// User, Admin and Prefix are read). It changes no record; a button too
// long for a platform is stored under a token, as in messages.
func (b *Bot) Home(ctx context.Context, req *Request) (*Home, error) {
	c := &call{b: b, req: req, comm: b.community(req.Platform, req.Space)}
	if err := b.loadCaller(ctx, c); err != nil {
		return nil, err
	}
	c.settle()
	h := &Home{Community: c.comm.ID, Lang: c.lang, Moderator: c.mod}
	if c.me != nil && c.me.Status != StatusGuest {
		h.Me = c.me
	}
	if err := b.homeMember(ctx, c, h); err != nil {
		return nil, fmt.Errorf("home of %s: %w", req.Member(), err)
	}
	if h.Moderator {
		if err := b.homeFigures(ctx, c, h); err != nil {
			return nil, fmt.Errorf("home of %s: %w", req.Member(), err)
		}
	}
	for i := range h.Parts {
		for j := range h.Parts[i].Items {
			it := &h.Parts[i].Items[j]
			it.Buttons = b.fitButtons(ctx, Message{Buttons: it.Buttons}).Buttons
		}
	}
	return h, nil
}

// homeMember adds the parts about the member: an invitation to join
// when they are not in, else profile, pairing, intros and events.
func (b *Bot) homeMember(ctx context.Context, c *call, h *Home) error {
	name := Args{"community": c.comm.Settings.Name}
	switch {
	case h.Me == nil:
		h.Parts = append(h.Parts, HomePart{Title: c.t("home.title_welcome", name), Items: []HomeItem{{
			Blocks:  []Block{{Kind: Para, Spans: c.t("home.join", name)}},
			Buttons: []Button{{Label: b.cat.String(c.lang, "btn.home_join", nil), Command: "join", Style: ButtonPrimary}},
		}}})
		return nil
	case h.Me.Status == StatusRemoved:
		h.Parts = append(h.Parts, HomePart{Title: c.t("home.title_welcome", name), Items: []HomeItem{{
			Blocks: []Block{{Kind: Para, Spans: c.t("home.removed", name)}},
		}}})
		return nil
	case h.Me.Status == StatusLeft:
		h.Parts = append(h.Parts, HomePart{Title: c.t("home.title_welcome", name), Items: []HomeItem{{
			Blocks:  []Block{{Kind: Para, Spans: c.t("home.left", name)}},
			Buttons: []Button{{Label: b.cat.String(c.lang, "btn.home_join", nil), Command: "join", Style: ButtonPrimary}},
		}}})
		return nil
	}
	h.Parts = append(h.Parts, b.homeProfile(c, h.Me))
	pairing, err := b.homePairing(ctx, c, h)
	if err != nil {
		return err
	}
	intros, err := b.homeIntros(ctx, c, h)
	if err != nil {
		return err
	}
	events, err := b.homeEvents(ctx, c, h)
	if err != nil {
		return err
	}
	h.Parts = append(h.Parts, pairing, intros, events)
	return nil
}

// homeProfile is the member's profile as `profile` shows it to them,
// with pause or resume.
func (b *Bot) homeProfile(c *call, m *Member) HomePart {
	msg := b.profileMessage(c.lang, m, c.comm.Settings.Location(), c.now())
	if m.Contact != "" { // their own page: they may see their contact line
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.profile_contact_own", Args{"contact": m.Contact})})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.profile_hint", Args{"prefix": c.req.Prefix})})
	btn := Button{Label: b.cat.String(c.lang, "btn.home_pause", nil), Command: "pause"}
	if st := m.EffectiveStatus(c.now()); st == StatusPaused || st == StatusUnreachable {
		btn = Button{Label: b.cat.String(c.lang, "btn.home_resume", nil), Command: "resume", Style: ButtonPrimary}
	}
	return HomePart{Title: c.t("home.title_profile", nil), Items: []HomeItem{{Blocks: msg.Blocks, Buttons: []Button{btn}}}}
}

// homePairing is the member's group in the community's latest round, as
// the round's intro showed it: each other member's card and how to
// reach them, the time the group picked, and the intro's and the
// follow-up's buttons while they still apply. A round that left them out
// shows no older pairing; a group whose week was called off says so.
func (b *Bot) homePairing(ctx context.Context, c *call, h *Home) (HomePart, error) {
	var last *Round
	var g *RoundGroup
	gi := -1
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		if last, gi, g, err = latestRoundWith(tx, c.comm.ID, h.Me); err != nil || last == nil {
			return err
		}
		others, err := othersIn(tx, c.comm.ID, *g, h.Me.ID)
		// Someone who blocked the member since shares nothing more.
		h.Pairing = unblocked(others, h.Me.ID)
		return err
	})
	if err != nil {
		return HomePart{}, err
	}
	part := HomePart{Title: c.t("home.title_pairing", nil)}
	if len(h.Pairing) == 0 {
		part.Items = []HomeItem{{Blocks: []Block{{Kind: Para, Spans: c.t("home.pairing_none", nil)}}}}
		return part, nil
	}
	h.Round, h.Group, h.GroupIndex = last, g, gi
	date := Day(last.Ran.In(c.loc()))
	if h.Group.Ended != nil {
		part.Items = []HomeItem{{Blocks: []Block{{Kind: Para, Spans: c.t("home.pairing_off", Args{"date": date, "names": b.joinNames(c.lang, h.Pairing)})}}}}
		return part, nil
	}
	part.Items = []HomeItem{{Blocks: []Block{{Kind: Para, Spans: c.t("home.pairing", Args{"date": date})}}}}
	for _, m := range h.Pairing {
		part.Items = append(part.Items, HomeItem{Blocks: b.pairCard(c.lang, m, c.comm, c.req.Member())})
	}
	if it := b.homeMeeting(c, h); len(it.Blocks)+len(it.Buttons) > 0 {
		part.Items = append(part.Items, it)
	}
	return part, nil
}

// latestRoundWith returns the community's latest round when it grouped
// m, with the index of m's group and the group; nil otherwise. It reads
// one round, as memberGroup does: the newest m was counted in
// (Participation.Last), which is the latest when its number is the
// community's round count. Until a round just run is counted for its
// members it is not shown: a moment, or a failed count, as for the
// dashboard's figures.
func latestRoundWith(tx Tx, community string, m *Member) (*Round, int, *RoundGroup, error) {
	if m.Part.Last == "" {
		return nil, -1, nil, nil
	}
	st, err := tx.State(community)
	if err != nil {
		return nil, -1, nil, err
	}
	r, gi, g, err := memberGroup(tx, community, m, m.Part.Last)
	if errors.Is(err, ErrNotFound) {
		return nil, -1, nil, nil
	}
	if err != nil || r.Number != st.Rounds || gi < 0 {
		return nil, -1, nil, err
	}
	return r, gi, g, nil
}

// homeMeeting is the group's meeting as the member can still act on it:
// the picked time with its calendar link; "Pick" for each proposed time
// still ahead but the picked one, and "Skip this week" and "Can't make
// it", until the follow-up is due; then the follow-up's answers until
// the member gives one. The buttons carry the commands the intro's and
// the follow-up's do.
func (b *Bot) homeMeeting(c *call, h *Home) HomeItem {
	r, g, now := h.Round, h.Group, c.now()
	var it HomeItem
	if p := g.Pick; p != nil && p.Slot < len(g.Slots) {
		it.Blocks = append(it.Blocks, Block{Kind: Para, Spans: c.t("home.pairing_picked", Args{"when": Moment(g.Slots[p.Slot].In(c.loc()))})})
		it.Blocks = append(it.Blocks, b.calendarLink(c.lang, c.comm.ID, r.ID, h.GroupIndex, *g, p.Slot)...)
	}
	btn := func(label, cmd string, style ButtonStyle) Button {
		return Button{Label: label, Command: cmd, Style: style}
	}
	if r.followupOf(g).After(now) { // the group's own: a later pick moves it
		if g.Key == "" { // a round older than meeting help
			return it
		}
		for i, t := range g.Slots {
			if !t.After(now) || g.Pick != nil && g.Pick.Slot == i {
				continue
			}
			style := ButtonDefault
			if len(it.Buttons) == 0 && g.Pick == nil {
				style = ButtonPrimary
			}
			label := b.cat.String(c.lang, "btn.meet_pick", Args{"when": shortMoment(c.lang, t.In(c.loc()))})
			it.Buttons = append(it.Buttons, meetPickButton(label, r, i, h.GroupIndex, style))
		}
		it.Buttons = append(it.Buttons, b.meetEndButtons(c.lang, r, h.GroupIndex)...)
		return it
	}
	if _, answered := g.Answers[h.Me.ID.String()]; answered {
		return it
	}
	it.Blocks = append(it.Blocks, Block{Kind: Para, Spans: c.t("msg.followup", Args{"names": b.joinNames(c.lang, h.Pairing)})})
	for _, a := range []struct {
		key, answer string
		style       ButtonStyle
	}{{"btn.met_yes", "yes", ButtonPrimary}, {"btn.met_notyet", "notyet", ButtonDefault}, {"btn.met_no", "no", ButtonDefault}} {
		it.Buttons = append(it.Buttons, btn(b.cat.String(c.lang, a.key, nil), "met "+a.answer+" "+r.ID, a.style))
	}
	return it
}

// homeIntros are the requests waiting for the member's answer (who asks
// and why, as the request said) and their own still open (whom they
// asked, nothing more: the other has not answered).
func (b *Bot) homeIntros(ctx context.Context, c *call, h *Home) (HomePart, error) {
	o, err := b.openIntrosOf(ctx, c.comm.ID, h.Me.ID)
	if err != nil {
		return HomePart{}, err
	}
	h.IntrosIn, h.IntrosOut = o.in, o.out
	part := HomePart{Title: c.t("home.title_intros", nil)}
	if len(o.in)+len(o.out) == 0 {
		part.Items = []HomeItem{{Blocks: []Block{{Kind: Para, Spans: c.t("msg.intros_none", Args{"prefix": c.req.Prefix})}}}}
		return part, nil
	}
	btn := func(key, cmd string, style ButtonStyle) Button {
		return Button{Label: b.cat.String(c.lang, key, nil), Command: cmd, Style: style}
	}
	who := func(id MemberID) Span { return Span{Style: Mention, Text: o.names[id], Member: id} }
	if len(o.in) > 0 {
		part.Items = append(part.Items, HomeItem{Blocks: []Block{{Kind: Para, Spans: c.t("msg.intros_in", nil)}}})
	}
	for _, i := range o.in[:min(len(o.in), maxHomeList)] {
		spans := c.t("home.intro_in", Args{"member": who(i.From)})
		if i.Why != "" {
			spans = append(spans, Text(" — "+i.Why))
		}
		part.Items = append(part.Items, HomeItem{Blocks: []Block{{Kind: Para, Spans: spans}}, Buttons: []Button{
			btn("btn.intro_accept", "intro accept "+i.ID, ButtonPrimary),
			btn("btn.intro_decline", "intro decline "+i.ID, ButtonDefault),
		}})
	}
	part.Items = append(part.Items, c.homeMore(len(o.in), "intros")...)
	if len(o.out) > 0 {
		part.Items = append(part.Items, HomeItem{Blocks: []Block{{Kind: Para, Spans: c.t("msg.intros_out", nil)}}})
	}
	for _, i := range o.out[:min(len(o.out), maxHomeList)] {
		it := HomeItem{Blocks: []Block{{Kind: Para, Spans: c.t("home.intro_out", Args{"member": who(i.To)})}}}
		if i.State == IntroProposed {
			it.Blocks[0].Spans = c.t("home.intro_proposed", Args{"member": who(i.To)})
			it.Buttons = append(it.Buttons, btn("btn.intro_confirm", "intro confirm "+i.ID, ButtonPrimary))
		}
		it.Buttons = append(it.Buttons, btn("btn.intro_cancel", "intro cancel "+i.ID, ButtonDefault))
		part.Items = append(part.Items, it)
	}
	part.Items = append(part.Items, c.homeMore(len(o.out), "intros")...)
	return part, nil
}

// homeEvents are the upcoming events, with the member's answer and the
// button that changes it.
func (b *Bot) homeEvents(ctx context.Context, c *call, h *Home) (HomePart, error) {
	evs, err := b.upcomingEvents(ctx, c.comm.ID, c.now())
	if err != nil {
		return HomePart{}, err
	}
	h.Events = evs
	part := HomePart{Title: c.t("home.title_events", nil)}
	if len(evs) == 0 {
		part.Items = []HomeItem{{Blocks: []Block{{Kind: Para, Spans: c.t("msg.events_none", nil)}}}}
		return part, nil
	}
	for _, e := range evs[:min(len(evs), maxHomeList)] {
		spans := c.t("msg.events_item", Args{"id": e.ID, "title": e.Title, "when": fmtEventWhen(c.lang, e, c.loc()), "place": e.Place, "going": e.Going()})
		btn := Button{Label: b.cat.String(c.lang, "btn.event_going", nil), Command: "rsvp " + e.ID + " yes", Style: ButtonPrimary}
		if e.IsGoing(h.Me.ID) {
			spans = append(spans, c.t("msg.events_you_go", nil)...)
			btn = Button{Label: b.cat.String(c.lang, "btn.event_not_going", nil), Command: "rsvp " + e.ID + " no"}
		}
		part.Items = append(part.Items, HomeItem{Blocks: []Block{{Kind: Para, Spans: spans}}, Buttons: []Button{btn}})
	}
	part.Items = append(part.Items, c.homeMore(len(evs), "events")...)
	return part, nil
}

// homeFigures are the community's figures as `stats` shows them, up to
// figuresTTL old (see home_figures.go), and the button that sends the moderator a dashboard sign-in link privately.
func (b *Bot) homeFigures(ctx context.Context, c *call, h *Home) error {
	st, is, err := b.homeFiguresOf(ctx, c.comm.ID)
	if err != nil {
		return err
	}
	h.Stats = &st
	msg := c.figuresMessage(st, is)
	var blocks []Block
	for _, bl := range msg.Blocks {
		if bl.Kind != Header { // the part's title says it
			blocks = append(blocks, bl)
		}
	}
	blocks = append(blocks, Block{Kind: Context, Spans: c.t("home.dashboard_hint", nil)})
	h.Parts = append(h.Parts, HomePart{
		Title: c.t("msg.stats_title", Args{"community": c.comm.Settings.Name}),
		Items: []HomeItem{{Blocks: blocks, Buttons: []Button{{Label: b.cat.String(c.lang, "btn.home_dashboard", nil), Command: "dashboard"}}}},
	})
	return nil
}

// homeMore counts the items of a list beyond those the page shows, with
// the command that lists them all; nothing when all are shown.
func (c *call) homeMore(n int, verb string) []HomeItem {
	if n <= maxHomeList {
		return nil
	}
	return []HomeItem{{Blocks: []Block{{Kind: Context, Spans: c.t("home.more", Args{"n": n - maxHomeList, "prefix": c.req.Prefix, "verb": verb})}}}}
}
