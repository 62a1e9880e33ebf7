package bot

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// introCooldown is how long a target cannot be asked again by the same
// requester after a decline, an expiry or canceling a sent request.
const introCooldown = 30 * 24 * time.Hour

// introLine maps the typed `intro` line onto its sub-commands: `intro
// @member [why]` (or `intro "Display Name" [why]`: unquoted text is a
// skill), `intro SKILL`, `intro cancel ID` and the buttons' `intro
// accept|decline|confirm ID`.
func introLine(args map[string]string) (string, map[string]string, error) {
	text := args["target"]
	word, rest := cutWord(text)
	switch w := strings.ToLower(word); w {
	case "accept", "decline", "confirm", "cancel":
		id := strings.TrimSpace(rest)
		if id == "" {
			return "", nil, usageErr("err.intro_noid", nil)
		}
		if _, err := strconv.Atoi(id); err != nil {
			return "", nil, usageErr("err.intro_id", Args{"id": id})
		}
		return w, map[string]string{"id": id}, nil
	}
	if isMemberRef(text) {
		word, rest = cutMemberRef(text)
		if word == "@" {
			return "", nil, usageErr("err.want_member", Args{"arg": word})
		}
		return "member", map[string]string{"member": word, "why": rest}, nil
	}
	return "skill", map[string]string{"skill": text}, nil
}

func runIntroAnswer(ctx context.Context, c *call) (Message, error) {
	return c.introAnswer(ctx, c.p.sub.Name, c.arg("id"))
}

func runIntroSkill(ctx context.Context, c *call) (Message, error) {
	return c.proposeBySkill(ctx, c.arg("skill"))
}

func runIntroMember(ctx context.Context, c *call) (Message, error) {
	ref := c.arg("member")
	why, err := cleanText(c.arg("why"))
	if err != nil {
		return Message{}, err
	}
	if n := len([]rune(why)); n > MaxWhy {
		return Message{}, usageErr("err.why_long", Args{"max": MaxWhy, "n": n})
	}
	target, err := c.lookup(ctx, ref)
	if err != nil {
		return Message{}, err
	}
	if gone(target) {
		// Left, removed or forgotten (a removal's tombstone): as if
		// never a member, named as the caller typed it.
		return Message{}, Errorf(ENOTFOUND, "err.no_member", Args{"member": ref})
	}
	return c.requestIntro(ctx, &Intro{To: target.ID, Why: why}, target)
}

// MaxWhy is the longest reason an intro request may carry.
const MaxWhy = 300

// introChecks applies every rule before a request reaches its target. A
// refusal that must not reveal why (the target blocked the requester)
// comes back as refused=true.
func (c *call) introChecks(tx Tx, target *Member, now time.Time) (refused bool, err error) {
	me := c.req.Member()
	s := c.comm.Settings
	name := target.Name
	switch {
	case target.ID == me:
		return false, Errorf(EINVALID, "err.intro_self", nil)
	case gone(target):
		return false, Errorf(ENOTFOUND, "err.no_member", Args{"member": memberRef(target)})
	case c.me.Blocked(target.ID):
		return false, Errorf(ECONFLICT, "err.intro_you_blocked", Args{"member": name, "prefix": c.req.Prefix})
	case c.me.Status != StatusActive && !c.me.ActiveAt(now):
		return false, Errorf(ECONFLICT, "err.intro_you_paused", Args{"prefix": c.req.Prefix})
	}
	var open, week, toTarget int
	var cooling bool
	var touch *Intro
	err = tx.Intros(c.comm.ID, func(i *Intro) error {
		if i.State == IntroAccepted && pairOf(i.From, i.To) == pairOf(me, target.ID) {
			touch = i
		}
		if i.From == me && i.waiting() {
			open++
			if i.To == target.ID {
				return Errorf(ECONFLICT, "err.intro_already", Args{"member": name})
			}
		}
		if i.From == me && i.State != IntroProposed && now.Sub(i.Created) < 7*24*time.Hour {
			week++
		}
		if i.To == target.ID && i.State == IntroPending {
			toTarget++
		}
		// A request canceled after it was sent cools down too, or cancel
		// and ask again would DM the same member over and over.
		ended := i.State == IntroDeclined || i.State == IntroExpired || i.State == IntroRefused || i.State == IntroCanceled && !i.Sent.IsZero()
		if i.From == me && i.To == target.ID && ended && now.Sub(i.Answered) < introCooldown {
			cooling = true
		}
		return nil
	})
	switch {
	case err != nil:
		return false, err
	case touch != nil:
		// Before the limits and the hold: once in touch, whatever the
		// target did since (a block) stays unseen.
		return false, inTouchErr(target)
	case open >= s.IntroMaxPending:
		return false, Errorf(ECONFLICT, "err.intro_max_pending", Args{"max": s.IntroMaxPending, "prefix": c.req.Prefix})
	case week >= s.IntroPerWeek:
		return false, Errorf(ECONFLICT, "err.intro_per_week", Args{"max": s.IntroPerWeek})
	case target.Blocked(me), cooling:
		return true, nil
	case !target.ActiveAt(now):
		return false, Errorf(ECONFLICT, "err.intro_unavailable", Args{"member": name})
	case toTarget >= s.IntroMaxPendingTarget:
		return false, Errorf(ECONFLICT, "err.intro_unavailable", Args{"member": name})
	}
	return false, nil
}

// inTouchErr says that the caller and target are already in touch, and
// how to reach them.
func inTouchErr(target *Member) error {
	if target.Handle != "" {
		return Errorf(ECONFLICT, "err.intro_in_touch_handle", Args{"member": target.Name, "platform": target.ID.Platform, "handle": "@" + target.Handle})
	}
	return Errorf(ECONFLICT, "err.intro_in_touch", Args{"member": target.Name, "platform": target.ID.Platform})
}

// memberRef is how an error names a member the caller did not type:
// their handle, else their name.
func memberRef(m *Member) string {
	if m.Handle != "" {
		return "@" + m.Handle
	}
	return m.Name
}

// requestIntro checks the rules and sends a request to its target. in
// carries To and Why (and, when confirming a proposal, its id and skill).
func (c *call) requestIntro(ctx context.Context, in *Intro, target *Member) (Message, error) {
	now := c.now()
	var refused bool
	var sent *Intro
	err := c.b.store.Update(ctx, func(tx Tx) error {
		t, err := tx.Member(c.comm.ID, target.ID)
		if err != nil {
			return err
		}
		me, err := tx.Member(c.comm.ID, c.req.Member())
		if err != nil {
			return err
		}
		c.me = me
		if refused, err = c.introChecks(tx, t, now); err != nil {
			return err
		}
		i := *in
		if i.ID != "" {
			// Confirming a proposal: it must still be one (not canceled
			// meanwhile) and the caller's.
			cur, err := tx.Intro(c.comm.ID, i.ID)
			if err != nil {
				return err
			}
			if cur.State != IntroProposed || cur.From != c.req.Member() {
				return Errorf(ECONFLICT, "err.intro_closed", Args{"id": i.ID})
			}
		}
		if i.ID == "" {
			n, err := tx.NextID(c.comm.ID, "intro")
			if err != nil {
				return err
			}
			i.ID = strconv.Itoa(n)
		}
		i.Community, i.From, i.Created = c.comm.ID, c.req.Member(), now
		if refused {
			// The target never sees it; to the requester it looks like any
			// request until it expires as "not possible right now", so a
			// block (or a cooldown) cannot be told from silence.
			i.State, i.Sent, i.Expires = IntroRefused, now, now.Add(c.comm.Settings.IntroExpireAfter)
			sent = &i
			return tx.PutIntro(&i)
		}
		i.State, i.Sent, i.Expires = IntroPending, now, now.Add(c.comm.Settings.IntroExpireAfter)
		sent = &i
		if err := tx.PutIntro(&i); err != nil {
			return err
		}
		_, err = tx.Enqueue(&OutboxEntry{
			ID: outboxID("intro", c.comm.ID, i.ID, "request"), Platform: t.ID.Platform, Community: c.comm.ID,
			Kind: OutboxDM, To: []MemberID{t.ID}, Template: "intro_request", Args: map[string]string{"intro": i.ID},
			Created: now, NotBefore: now,
		})
		return err
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	msg := c.say("msg.intro_sent", Args{"member": target.Name, "when": c.comm.Settings.IntroExpireAfter, "id": sent.ID, "prefix": c.req.Prefix})
	msg.Replace = c.req.Button
	return msg, nil
}

// pairHistory is who met whom: rounds, the groups of events' intros
// (counted in the last round before they were made) and accepted intros.
func (b *Bot) pairHistory(tx Tx, community string) (*match.History, int, error) {
	var events []*Event // with intros, by when they were made
	err := tx.Events(community, func(ev *Event) error {
		if len(ev.Groups) > 0 {
			events = append(events, ev)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortStableFunc(events, func(a, b *Event) int { return a.IntrosAt.Compare(b.IntrosAt) })
	h := match.NewHistory()
	// record records every pair of members as grouped in round; with
	// keep, a pair already grouped in that round keeps its outcome.
	record := func(members []MemberID, round int, o match.Outcome, keep bool) {
		for i := range members {
			for j := i + 1; j < len(members); j++ {
				a, b := members[i].String(), members[j].String()
				if r, ok := h.Lookup(a, b); keep && ok && r.Round >= round {
					continue
				}
				h.Record(a, b, round, o)
			}
		}
	}
	// eventsBefore records the groups of the events' intros made before t
	// as of round.
	next := 0
	eventsBefore := func(t time.Time, round int) {
		for ; next < len(events) && events[next].IntrosAt.Before(t); next++ {
			for _, g := range events[next].Groups {
				record(g.Members, round, match.OutcomeNoAnswer, true)
			}
		}
	}
	n := 0
	err = tx.Rounds(community, func(r *Round) error { // in the order they ran
		eventsBefore(r.Ran, n)
		n = max(n, r.Number)
		for _, g := range r.Groups {
			record(g.Members, r.Number, g.outcome(), false)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	eventsBefore(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), n)
	err = tx.Intros(community, func(i *Intro) error {
		if i.State == IntroAccepted {
			h.Record(i.From.String(), i.To.String(), n, match.OutcomeMet)
		}
		return nil
	})
	return h, n, err
}

// proposeBySkill finds the best member offering a skill and asks the
// requester to confirm before anything is sent.
func (c *call) proposeBySkill(ctx context.Context, raw string) (Message, error) {
	skill, err := c.b.skills.Normalize(raw)
	if err != nil {
		return Message{}, err
	}
	now := c.now()
	me := c.req.Member()
	var best *Member
	var bestScore float64
	var bestSkill string // the skill best offers: skill or a relative
	var why [][]Span
	var proposal *Intro
	var h *match.History
	var round int
	known := 0 // offering members left out as already known to the caller
	err = c.b.store.Update(ctx, func(tx Tx) error {
		best, bestScore, known = nil, 0, 0
		var err error
		if h, round, err = c.b.pairHistory(tx, c.comm.ID); err != nil {
			return err
		}
		pairs, err := loadIntroPairs(tx, c.comm.ID, now)
		if err != nil {
			return err
		}
		err = c.b.eachOffering(tx, c.comm.ID, skill, func(id MemberID, o offerMatch) error {
			if id == me {
				return nil
			}
			m, err := tx.Member(c.comm.ID, id)
			if err != nil {
				return err
			}
			if !m.ActiveAt(now) || c.me.Blocked(id) {
				return nil
			}
			// Never one of a pair kept apart (a "no", a request waiting,
			// a block) or already in touch. A blocker counts as known
			// like the others, so the reply never says "nobody offers"
			// while find lists them: the block stays secret.
			if m.Blocked(me) || pairs.keptApart(me, id) || pairs.inTouch[pairOf(me, id)] != nil {
				known++
				return nil
			}
			score := workOverlap(c.loc(), m.Location(c.comm.Settings.Location()), now)
			for _, s := range m.Profile.Seeks {
				if slices.Contains(c.me.Profile.Offers, s) {
					score += 10
				}
			}
			if _, met := h.Lookup(me.String(), id.String()); !met {
				score += 20
			}
			score -= 100 * float64(o.Kind) // the skill itself before its relatives
			if best == nil || score > bestScore || score == bestScore && m.ID.String() < best.ID.String() {
				best, bestScore, bestSkill = m, score, o.Skill
			}
			return nil
		})
		if err != nil || best == nil {
			return err
		}
		n, err := tx.NextID(c.comm.ID, "intro")
		if err != nil {
			return err
		}
		proposal = &Intro{Community: c.comm.ID, ID: strconv.Itoa(n), From: me, To: best.ID, Skill: bestSkill, State: IntroProposed, Created: now}
		return tx.PutIntro(proposal)
	})
	if err != nil {
		return Message{}, err
	}
	if best == nil && known > 0 {
		// Not "nobody offers it": `find` lists them.
		return c.say("msg.intro_skill_none_new", Args{"skill": skill, "prefix": c.req.Prefix}), nil
	}
	if best == nil {
		return c.say("msg.find_none", Args{"skill": c.b.skills.Name(c.lang, skill)}), nil
	}
	skill = c.b.skills.Name(c.lang, bestSkill) // as the requester reads it
	names := map[string]*Member{me.String(): c.me, best.ID.String(): best}
	why = append(why, c.t("reason.complement_you_take", Args{"giver": Span{Style: Bold, Text: best.Name}, "skill": skill}))
	// With the history, the reasons say "not met before" only when true.
	in := match.Input{Round: round + 1, History: h, Members: []match.Member{
		{ID: me.String(), Offers: c.me.Profile.Offers, Seeks: c.me.Profile.Seeks, UTCOffsetMinutes: offsetMinutes(c.me, c.comm, now), Company: strings.ToLower(c.me.Profile.Company)},
		{ID: best.ID.String(), Offers: best.Profile.Offers, Seeks: best.Profile.Seeks, UTCOffsetMinutes: offsetMinutes(best, c.comm, now), Company: strings.ToLower(best.Profile.Company)},
	}}
	if res, err := match.Plan(in); err == nil && len(res.Groups) == 1 {
		for _, it := range c.b.reasonSpans(c.lang, res.Groups[0].Reasons, names, me.String()) {
			if SpansText(it) != SpansText(why[0]) {
				why = append(why, it)
			}
		}
	}
	msg := Message{Blocks: []Block{{Kind: Para, Spans: c.t("msg.intro_proposal", Args{"skill": skill})}}}
	msg.Blocks = append(msg.Blocks, c.b.memberCard(c.lang, best, c.comm, now)...)
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.intro_why_member", Args{"member": best.Name})}, Block{Kind: List, Items: why},
		Block{Kind: Context, Spans: c.t("msg.intro_confirm_hint", Args{"prefix": c.req.Prefix, "id": proposal.ID})})
	msg.Buttons = []Button{
		{Label: c.b.cat.String(c.lang, "btn.intro_confirm", nil), Command: "intro confirm " + proposal.ID, Style: ButtonPrimary},
		{Label: c.b.cat.String(c.lang, "btn.intro_cancel", nil), Command: "intro cancel " + proposal.ID},
	}
	return msg, nil
}

// offsetMinutes is a member's UTC offset at t.
func offsetMinutes(m *Member, comm Community, t time.Time) int {
	_, off := t.In(m.Location(comm.Settings.Location())).Zone()
	return off / 60
}

// introAnswer handles accept, decline, confirm and cancel.
func (c *call) introAnswer(ctx context.Context, action, id string) (Message, error) {
	now := c.now()
	me := c.req.Member()
	var in *Intro
	var other *Member
	var reply string
	err := c.b.store.Update(ctx, func(tx Tx) error {
		var err error
		in, err = tx.Intro(c.comm.ID, id)
		if errors.Is(err, ErrNotFound) {
			return Errorf(ENOTFOUND, "err.no_intro", Args{"id": id})
		}
		if err != nil {
			return err
		}
		mine := in.From == me
		if action == "accept" || action == "decline" {
			mine = in.To == me
		}
		if !mine {
			return Errorf(EFORBIDDEN, "err.intro_not_yours", Args{"id": id})
		}
		peer := in.To
		if in.To == me {
			peer = in.From
		}
		if other, err = tx.Member(c.comm.ID, peer); errors.Is(err, ErrNotFound) {
			return Errorf(ENOTFOUND, "err.no_intro", Args{"id": id})
		} else if err != nil {
			return err
		}
		// Confirming leaves a block to introChecks, which holds the
		// request back like any other looking sent.
		if action != "cancel" && action != "decline" && (gone(other) || action != "confirm" && other.Blocked(me)) {
			return Errorf(ECONFLICT, "err.intro_closed", Args{"id": id})
		}
		switch {
		case action == "confirm" && in.State == IntroProposed:
			reply = "confirm"
			return nil
		case action == "cancel" && in.Open():
			in.State, in.Answered, reply = IntroCanceled, now, "msg.intro_canceled"
		case (action == "accept" || action == "decline") && in.State == IntroPending:
			if action == "decline" {
				in.State, in.Answered, reply = IntroDeclined, now, "msg.intro_declined"
				if err := c.enqueueIntro(tx, in, "unavailable", in.From); err != nil {
					return err
				}
				break
			}
			in.State, in.Answered, reply = IntroAccepted, now, "msg.intro_accepted"
			if err := c.enqueueAccepted(tx, in); err != nil {
				return err
			}
		case action == "accept" && in.State == IntroAccepted:
			reply = "msg.intro_already_accepted"
			return nil
		default:
			return Errorf(ECONFLICT, "err.intro_closed", Args{"id": id})
		}
		return tx.PutIntro(in)
	})
	if err != nil {
		return Message{}, err
	}
	if reply == "confirm" {
		return c.requestIntro(ctx, in, other)
	}
	c.b.notifyOutbox()
	msg := c.say(reply, Args{"member": other.Name})
	msg.Replace = c.req.Button
	return msg, nil
}

// enqueueIntro queues an intro-related DM to one member.
func (c *call) enqueueIntro(tx Tx, in *Intro, what string, to MemberID) error {
	_, err := tx.Enqueue(&OutboxEntry{
		ID: outboxID("intro", c.comm.ID, in.ID, what, to.String()), Platform: to.Platform, Community: c.comm.ID,
		Kind: OutboxDM, To: []MemberID{to}, Template: "intro_" + what, Args: map[string]string{"intro": in.ID},
		Created: c.now(), NotBefore: c.now(),
	})
	return err
}

// enqueueAccepted puts the two in touch: one conversation where the
// platform allows it, else a DM to each.
func (c *call) enqueueAccepted(tx Tx, in *Intro) error {
	for _, e := range c.b.audience(outboxID("intro", c.comm.ID, in.ID, "accepted"), []MemberID{in.From, in.To}) {
		e.Community, e.Template, e.Args = c.comm.ID, "intro_accepted", map[string]string{"intro": in.ID}
		e.Created, e.NotBefore = c.now(), c.now()
		if _, err := tx.Enqueue(e); err != nil {
			return err
		}
	}
	return nil
}

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
	case "intro_unavailable":
		return Message{Blocks: []Block{{Kind: Para, Spans: t("msg.intro_not_possible", Args{"member": to.Name})}}}, false, nil
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
			msg.Blocks = append(msg.Blocks, b.memberCard(lang, m, comm, now)...)
		}
		return msg, false, nil
	}
	reader, peer := from, to
	if e.To[0] == to.ID {
		reader, peer = to, from
	}
	_ = reader
	msg := Message{Blocks: []Block{{Kind: Header, Spans: t("msg.intro_in_touch", Args{"member": mention(peer)})}}}
	msg.Blocks = append(msg.Blocks, b.memberCard(lang, peer, comm, now)...)
	reach := t("msg.intro_reach", Args{"member": mention(peer), "platform": peer.ID.Platform})
	if peer.Handle != "" {
		reach = t("msg.intro_reach_handle", Args{"member": mention(peer), "platform": peer.ID.Platform, "handle": "@" + peer.Handle})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: reach})
	return msg, false, nil
}

// expireIntros closes requests nobody answered in time and tells the
// requester only that it is not possible right now.
func (b *Bot) expireIntros(ctx context.Context, comm Community) error {
	now := b.now()
	return b.store.Update(ctx, func(tx Tx) error {
		var due []*Intro
		err := tx.Intros(comm.ID, func(i *Intro) error {
			if i.waiting() && !i.Expires.IsZero() && !now.Before(i.Expires) {
				due = append(due, i)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, i := range due {
			if i.State == IntroPending {
				i.State = IntroExpired
			}
			i.Answered = now
			if err := tx.PutIntro(i); err != nil {
				return err
			}
			if _, err := tx.Enqueue(&OutboxEntry{
				ID: outboxID("intro", comm.ID, i.ID, "unavailable", i.From.String()), Platform: i.From.Platform, Community: comm.ID,
				Kind: OutboxDM, To: []MemberID{i.From}, Template: "intro_unavailable", Args: map[string]string{"intro": i.ID},
				Created: now, NotBefore: now,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

func runIntros(ctx context.Context, c *call) (Message, error) {
	me := c.req.Member()
	var in, out []*Intro
	names := map[MemberID]string{}
	err := c.b.store.View(ctx, func(tx Tx) error {
		err := tx.Intros(c.comm.ID, func(i *Intro) error {
			switch {
			case i.To == me && i.State == IntroPending:
				in = append(in, i)
			case i.From == me && i.Open():
				out = append(out, i)
			default:
				return nil
			}
			for _, id := range []MemberID{i.From, i.To} {
				if _, ok := names[id]; !ok {
					if m, err := tx.Member(c.comm.ID, id); err == nil {
						names[id] = m.Name
					}
				}
			}
			return nil
		})
		return err
	})
	if err != nil {
		return Message{}, err
	}
	if len(in)+len(out) == 0 {
		return c.say("msg.intros_none", Args{"prefix": c.req.Prefix}), nil
	}
	msg := Message{}
	if len(in) > 0 {
		var items [][]Span
		for _, i := range in {
			item := c.t("msg.intros_in_item", Args{"id": i.ID, "member": names[i.From], "prefix": c.req.Prefix})
			if i.Why != "" {
				item = append(item, Text(" — "+i.Why))
			}
			items = append(items, item)
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.intros_in", nil)}, Block{Kind: List, Items: items})
	}
	if len(out) > 0 {
		var items [][]Span
		for _, i := range out {
			key := "msg.intros_out_item"
			if i.State == IntroProposed {
				key = "msg.intros_out_proposed"
			}
			items = append(items, c.t(key, Args{"id": i.ID, "member": names[i.To], "prefix": c.req.Prefix}))
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.intros_out", nil)}, Block{Kind: List, Items: items})
	}
	return msg, nil
}

// IntroStats are the introduction figures of `stats`.
type IntroStats struct {
	Requested, Accepted, Declined, Expired int
	MedianAnswer                           time.Duration
}

// introStats computes the introduction figures of a community.
func (b *Bot) introStats(ctx context.Context, community string) (IntroStats, error) {
	var st IntroStats
	var waits []time.Duration
	err := b.store.View(ctx, func(tx Tx) error {
		return tx.Intros(community, func(i *Intro) error {
			if i.State == IntroProposed || i.Sent.IsZero() && i.State != IntroRefused {
				return nil
			}
			st.Requested++
			switch i.State {
			case IntroAccepted:
				st.Accepted++
				waits = append(waits, i.Answered.Sub(i.Sent))
			case IntroDeclined:
				st.Declined++
				waits = append(waits, i.Answered.Sub(i.Sent))
			case IntroExpired:
				st.Expired++
			}
			return nil
		})
	})
	if len(waits) > 0 {
		sort.Slice(waits, func(a, b int) bool { return waits[a] < waits[b] })
		st.MedianAnswer = waits[len(waits)/2]
		if len(waits)%2 == 0 {
			st.MedianAnswer = (waits[len(waits)/2-1] + waits[len(waits)/2]) / 2
		}
	}
	return st, err
}

// gone reports whether a member left or was removed: nobody is put in
// touch with them any more.
func gone(m *Member) bool { return m.Status == StatusLeft || m.Status == StatusRemoved }

// withdrawIntros cancels the open requests for which which returns true,
// as `intro cancel` would: they leave the target's list, and their
// buttons answer that the request is closed.
func withdrawIntros(tx Tx, community string, now time.Time, which func(*Intro) bool) error {
	var open []*Intro
	if err := tx.Intros(community, func(i *Intro) error {
		if i.Open() && which(i) {
			open = append(open, i)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, i := range open {
		i.State, i.Answered = IntroCanceled, now
		if err := tx.PutIntro(i); err != nil {
			return err
		}
	}
	return nil
}
