package bot

// Help to meet: a round's intro proposes two slots in the group's shared
// working hours ([ProposeSlots]), each with a calendar link and a "Pick
// this" button; a pick tells the others, and "Skip this week" or "Can't
// make it" calls the week's meeting off for the whole group, politely and
// once. The buttons run the hidden verb `meet`.

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// Outbox templates of meeting help, rendered by [Bot.meetEntryMessage].
const (
	tplMeetPicked = "meet_picked" // to the others: Args by, seq
	tplMeetEnded  = "meet_ended"  // to the others: Args by
)

// SlotPick is the proposed slot a group chose; a later pick replaces it.
type SlotPick struct {
	Slot int       `json:"slot"` // index in RoundGroup.Slots
	By   MemberID  `json:"by"`
	At   time.Time `json:"at"`
	Seq  int       `json:"seq"` // 1 for the first pick, then 2...: a stale notice is not sent
	// Told is when the others are told of this pick: at once, or
	// pickNoticeGap after the notice before.
	Told time.Time `json:"told,omitzero"`
}

// PairingEnd is a member calling a group's week off.
type PairingEnd struct {
	Why string    `json:"why"` // "skip" (this week) or "cant" (can't make it)
	By  MemberID  `json:"by"`
	At  time.Time `json:"at"`
}

// MetAtSlot reports whether the group met and had picked a proposed slot;
// a group whose week was called off did not meet at the slot, whatever
// its answers say.
func (g *RoundGroup) MetAtSlot() bool {
	return g.Pick != nil && g.Ended == nil && g.outcome() == match.OutcomeMet
}

// slotPlanner proposes the slots of a round's groups from the members'
// zones and hours, computing once per set of (zone, hours): most groups
// of a community share one.
type slotPlanner struct {
	class map[MemberID]int // member → index in days
	days  []Workday
	memo  map[string]proposal
}

// proposal is the slots of one set of workdays, and whether the next
// round alone left none: the members share working time later.
type proposal struct {
	slots []time.Time
	cut   bool
}

// newSlotPlanner reads the workdays of the members a round is matched from.
func newSlotPlanner(comm Community, members []*Member) *slotPlanner {
	s := &slotPlanner{class: make(map[MemberID]int, len(members)), memo: map[string]proposal{}}
	fallback := comm.Settings.Location()
	locs := map[string]*time.Location{}
	classes := map[string]int{}
	for _, m := range members {
		h := m.WorkHours()
		key := m.Profile.TZ + " " + h.String()
		c, ok := classes[key]
		if !ok {
			loc, ok := locs[m.Profile.TZ]
			if !ok {
				loc = m.Location(fallback)
				locs[m.Profile.TZ] = loc
			}
			c = len(s.days)
			classes[key] = c
			s.days = append(s.days, Workday{Loc: loc, Hours: h})
		}
		s.class[m.ID] = c
	}
	return s
}

// propose sets a group's slots, between from and until, and calendar key.
func (s *slotPlanner) propose(g *RoundGroup, from, until time.Time) {
	if s == nil {
		return
	}
	var cs []int
	for _, id := range g.Members {
		if c, ok := s.class[id]; ok && !slices.Contains(cs, c) {
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	var key strings.Builder
	days := make([]Workday, len(cs))
	for i, c := range cs {
		key.WriteString(strconv.Itoa(c) + ",")
		days[i] = s.days[c]
	}
	p, ok := s.memo[key.String()]
	if !ok {
		p.slots = ProposeSlots(days, from, until)
		if full := slotsUntil(from, time.Time{}); len(p.slots) == 0 && until.Before(full) {
			p.cut = len(ProposeSlots(days, from, full)) > 0
		}
		s.memo[key.String()] = p
	}
	g.Slots, g.NoTimeLeft, g.Key = slices.Clone(p.slots), p.cut, newEventKey()
}

func runHours(ctx context.Context, c *call) (Message, error) {
	v := c.arg("hours")
	if v == "" {
		return c.say("msg.hours_show", Args{"hours": c.me.WorkHours().String(), "tz": c.loc().String(), "prefix": c.req.Prefix}), nil
	}
	h, err := ParseWorkHours(v)
	if err != nil {
		return Message{}, usageErr("err.hours_bad", Args{"hours": v})
	}
	if c.me, err = c.updateMe(ctx, func(m *Member) error { m.Profile.Hours = h.String(); return nil }); err != nil {
		return Message{}, err
	}
	return c.say("msg.hours_saved", Args{"hours": h.String(), "tz": c.loc().String()}), nil
}

// meetGroup reads the round a `meet` button names (its head, or the
// round whole when the caller's Participation does not name their group
// in it) and the caller's group.
func (c *call) meetGroup(tx Tx) (*Round, int, *RoundGroup, error) {
	r, gi, g, err := c.buttonGroup(tx)
	if errors.Is(err, ErrNotFound) {
		return nil, 0, nil, Errorf(ENOTFOUND, "err.no_round", Args{"round": c.arg("round")})
	}
	if err != nil {
		return nil, 0, nil, err
	}
	if gi < 0 {
		return nil, 0, nil, Errorf(ECONFLICT, "err.no_pairing", nil)
	}
	// A newer round counted for the member makes this one over: its
	// buttons change nothing any more.
	if c.me.Part.Last > r.ID {
		return nil, 0, nil, Errorf(ECONFLICT, "err.meet_round_over", Args{"date": Day(r.Ran.In(c.loc()))})
	}
	return r, gi, g, nil
}

// othersIn returns the members of g still in the community but me.
func othersIn(tx Tx, community string, g RoundGroup, me MemberID) ([]*Member, error) {
	ms, err := groupMembers(tx, community, g)
	return slices.DeleteFunc(ms, func(m *Member) bool { return m.ID == me }), err
}

// unblocked leaves out of others those who blocked the member: a block
// stops every message the member's actions would send them, and the
// member is not told.
func unblocked(others []*Member, me MemberID) []*Member {
	return slices.DeleteFunc(slices.Clone(others), func(m *Member) bool { return m.Blocked(me) })
}

// tellOthers queues one DM to each other member of a group.
// Each is sent at notBefore, or at once when it is zero.
func (c *call) tellOthers(tx Tx, r *Round, gi int, others []*Member, tpl string, args map[string]string, notBefore time.Time, idParts ...string) error {
	if notBefore.IsZero() {
		notBefore = c.now()
	}
	for _, m := range others {
		parts := append([]string{"meet", c.comm.ID, r.ID, strconv.Itoa(gi)}, idParts...)
		_, err := tx.Enqueue(&OutboxEntry{
			ID: outboxID(append(parts, m.ID.String())...), Platform: m.ID.Platform, Community: c.comm.ID,
			Kind: OutboxDM, To: []MemberID{m.ID}, Template: tpl, Args: args, Round: r.ID, Group: gi,
			Created: c.now(), NotBefore: notBefore,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// followupAfterSlot is how long after a picked call ends its group is
// asked whether they met.
const followupAfterSlot = 3 * time.Hour

// followupOf is when a group of the round is asked whether they met: the
// round's follow-up time, or followupAfterSlot after the picked call when
// that ends later, so that nobody is asked before the call.
func (r *Round) followupOf(g *RoundGroup) time.Time {
	at := r.FollowupAt
	if g.Pick != nil && g.Pick.Slot < len(g.Slots) {
		if after := g.Slots[g.Pick.Slot].Add(SlotLength + followupAfterSlot); after.After(at) {
			at = after
		}
	}
	return at
}

// followupDue reports whether a follow-up entry is the one due for its
// group now: a pick that moved the follow-up queued another ("due" in its
// Args), and only the one for the latest pick is sent.
func (r *Round) followupDue(e *OutboxEntry, g *RoundGroup) bool {
	at := r.FollowupAt
	if s := e.Args["due"]; s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return false
		}
		at = t
	}
	return at.Equal(r.followupOf(g))
}

// moveFollowup queues the group's follow-ups for after its picked call
// when that ends after the round's follow-up time.
func (c *call) moveFollowup(tx Tx, r *Round, gi int, g *RoundGroup) error {
	due := r.followupOf(g)
	if !due.After(r.FollowupAt) {
		return nil
	}
	for _, id := range g.Members {
		_, err := tx.Enqueue(&OutboxEntry{
			ID:       outboxID("round", c.comm.ID, r.ID, strconv.Itoa(gi), "followup", id.String(), due.UTC().Format("20060102T1504Z")),
			Platform: id.Platform, Community: c.comm.ID, Kind: OutboxDM, To: []MemberID{id}, Template: "followup",
			Args: map[string]string{"due": due.UTC().Format(time.RFC3339)}, Round: r.ID, Group: gi, Created: c.now(), NotBefore: due,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// pickNoticeGap is how often the others of a group are told of picks at
// most: picks in between make one notice, of the latest pick.
const pickNoticeGap = 10 * time.Minute

func runMeetPick(ctx context.Context, c *call) (Message, error) {
	n, err := strconv.Atoi(c.arg("slot"))
	if err != nil {
		return Message{}, usageErr("err.meet_no_slot", Args{"n": c.arg("slot")})
	}
	var others []*Member
	var slot time.Time
	var g RoundGroup
	gi, ended, same := 0, false, false
	err = c.b.store.Update(ctx, func(tx Tx) error {
		r, i, gp, err := c.meetGroup(tx)
		if err != nil {
			return err
		}
		gi, g = i, *gp
		if g.Ended != nil {
			ended = true
			return nil
		}
		if n < 1 || n > len(g.Slots) {
			return Errorf(ENOTFOUND, "err.meet_no_slot", Args{"n": n})
		}
		if slot = g.Slots[n-1]; !slot.After(c.now()) {
			return Errorf(ECONFLICT, "err.meet_slot_past", Args{"when": Moment(slot.In(c.loc()))})
		}
		// Once the group is asked whether it met, a pick would ask again.
		if !r.followupOf(&g).After(c.now()) {
			return Errorf(ECONFLICT, "err.meet_pick_over", Args{"prefix": c.req.Prefix})
		}
		if others, err = othersIn(tx, c.comm.ID, g, c.me.ID); err != nil {
			return err
		}
		if g.Pick != nil && g.Pick.Slot == n-1 {
			same = true // the time the group has already: nothing changes
			return nil
		}
		// Picks closer than pickNoticeGap to the last notice wait for the
		// gap to pass; the notice then tells the latest pick only.
		p := &SlotPick{Slot: n - 1, By: c.me.ID, At: c.now(), Seq: 1, Told: c.now()}
		if g.Pick != nil {
			p.Seq = g.Pick.Seq + 1
			switch last := g.Pick.Told; {
			case last.After(p.Told): // the last notice is still waiting
				p.Told = last
			case last.Add(pickNoticeGap).After(p.Told):
				p.Told = last.Add(pickNoticeGap)
			}
		}
		g.Pick = p
		if err := tx.PutRoundGroup(c.comm.ID, r.ID, gi, &g); err != nil {
			return err
		}
		if err := c.moveFollowup(tx, r, gi, &g); err != nil {
			return err
		}
		s := strconv.Itoa(p.Seq)
		return c.tellOthers(tx, r, gi, unblocked(others, c.me.ID), tplMeetPicked, map[string]string{"by": c.me.ID.String(), "seq": s}, p.Told, "pick", s)
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	if ended {
		return c.say("msg.meet_already_ended", nil), nil
	}
	key := "msg.meet_picked_you"
	if same {
		key = "msg.meet_picked_same"
	}
	msg := c.say(key, Args{"when": Moment(slot.In(c.loc())), "names": c.b.joinNames(c.lang, others)})
	msg.Blocks = append(msg.Blocks, c.b.calendarLink(c.lang, c.comm.ID, c.arg("round"), gi, g, n-1)...)
	return msg, nil
}

// runMeetEnd calls the week's meeting off: "skip" or "cant".
func runMeetEnd(why string) func(context.Context, *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		var others []*Member
		ended := false
		err := c.b.store.Update(ctx, func(tx Tx) error {
			r, gi, g, err := c.meetGroup(tx)
			if err != nil {
				return err
			}
			if g.Ended != nil {
				ended = true
				return nil
			}
			if g.outcome() == match.OutcomeMet {
				return Errorf(ECONFLICT, "err.meet_already_met", nil)
			}
			// Once the group is asked whether it met, the week is over:
			// the answer says the rest.
			if !r.followupOf(g).After(c.now()) {
				return Errorf(ECONFLICT, "err.meet_week_over", Args{"prefix": c.req.Prefix})
			}
			g.Ended = &PairingEnd{Why: why, By: c.me.ID, At: c.now()}
			if err := tx.PutRoundGroup(c.comm.ID, r.ID, gi, g); err != nil {
				return err
			}
			if others, err = othersIn(tx, c.comm.ID, *g, c.me.ID); err != nil {
				return err
			}
			return c.tellOthers(tx, r, gi, unblocked(others, c.me.ID), tplMeetEnded, map[string]string{"by": c.me.ID.String()}, time.Time{}, "end")
		})
		if err != nil {
			return Message{}, err
		}
		c.b.notifyOutbox()
		if ended {
			return c.say("msg.meet_already_ended", nil), nil
		}
		return c.say("msg.meet_ended_you", Args{"names": c.b.joinNames(c.lang, others)}), nil
	}
}

// meetEntryMessage renders a pick or a call-off for one of the others, in
// their language and zone; skip when a later pick made it stale.
func (b *Bot) meetEntryMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	r, gp, err := groupAt(tx, comm.ID, e.Round, e.Group)
	if err != nil || gp == nil {
		return Message{}, gp == nil && err == nil, err
	}
	g := *gp
	reader, err := tx.Member(comm.ID, e.To[0])
	if err != nil {
		return Message{}, false, err
	}
	byID, err := ParseMemberID(e.Args["by"])
	if err != nil || gone(reader) {
		return Message{}, true, nil
	}
	if reader.Blocked(byID) {
		return Message{}, true, nil // blocked since it was queued
	}
	by, err := tx.Member(comm.ID, byID)
	if errors.Is(err, ErrNotFound) {
		return Message{}, true, nil // forgotten meanwhile
	}
	if err != nil {
		return Message{}, false, err
	}
	lang := readerLang(comm, []*Member{reader})
	name := Span{Style: Bold, Text: by.Name}
	if e.Template == tplMeetEnded {
		return Message{Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, g.endKey(), Args{"name": name})}}}, false, nil
	}
	if g.Ended != nil || g.Pick == nil || strconv.Itoa(g.Pick.Seq) != e.Args["seq"] || g.Pick.Slot >= len(g.Slots) {
		return Message{}, true, nil
	}
	key := "msg.meet_picked"
	if g.FirstPickTold > 0 && g.FirstPickTold < g.Pick.Seq {
		key = "msg.meet_repicked" // the others heard of an earlier pick
	}
	loc := reader.Location(comm.Settings.Location())
	msg := Message{Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, key, Args{"name": name, "when": Moment(g.Slots[g.Pick.Slot].In(loc))})}}}
	msg.Blocks = append(msg.Blocks, b.calendarLink(lang, comm.ID, r.ID, e.Group, g, g.Pick.Slot)...)
	return msg, false, nil
}

// buttonGroup is the caller's group of the round a meeting button names:
// the group the button was made for when it says (checked to hold the
// caller), else the one the caller is in.
func (c *call) buttonGroup(tx Tx) (*Round, int, *RoundGroup, error) {
	n, err := strconv.Atoi(c.arg("group"))
	if err != nil || n < 1 {
		return memberGroup(tx, c.comm.ID, c.me, c.arg("round"))
	}
	r, g, err := groupAt(tx, c.comm.ID, c.arg("round"), n-1)
	if err != nil {
		return nil, -1, nil, err
	}
	if g == nil || !slices.Contains(g.Members, c.me.ID) {
		return nil, -1, nil, ErrNotFound
	}
	return r, n - 1, g, nil
}

// endKey is the others' message when the group's week was called off.
func (g *RoundGroup) endKey() string {
	if g.Ended != nil && g.Ended.Why == "cant" {
		return "msg.meet_ended_cant"
	}
	return "msg.meet_ended_skip"
}

// slotBlocks are the intro's meeting slots for its readers: each slot in
// every reader's zone with its calendar link, and the buttons to pick one
// or call the week off. A round older than slots gets none.
func (b *Bot) slotBlocks(lang Lang, comm Community, r *Round, gi int, g RoundGroup, readers []*Member) ([]Block, []Button) {
	if g.Key == "" {
		return nil, nil
	}
	end := b.meetEndButtons(lang, r, gi)
	if len(g.Slots) == 0 {
		key := "msg.meet_no_slots"
		if g.NoTimeLeft {
			key = "msg.meet_no_time_left"
		}
		return []Block{{Kind: Para, Spans: b.cat.Spans(lang, key, nil)}}, end
	}
	var zones []*time.Location
	for _, m := range readers {
		loc := m.Location(comm.Settings.Location())
		if !slices.ContainsFunc(zones, func(z *time.Location) bool { return z.String() == loc.String() }) {
			zones = append(zones, loc)
		}
	}
	blocks := []Block{{Kind: Para, Spans: b.cat.Spans(lang, "msg.meet_slots", Args{"n": len(g.Slots)})}}
	var buttons []Button
	for i, t := range g.Slots {
		whens := make([]string, len(zones))
		for j, z := range zones {
			// Another zone on the same date says only its time.
			if whens[j] = sayMoment(lang, t.In(z)); j > 0 && sayDay(lang, t.In(z)) == sayDay(lang, t.In(zones[0])) {
				zone, _ := t.In(z).Zone()
				whens[j] = t.In(z).Format("15:04") + " " + zone
			}
		}
		args := Args{"n": i + 1, "when": strings.Join(whens, " / ")}
		key := "msg.meet_slot"
		if u := b.slotICSURL(comm.ID, r.ID, gi, g, i); u != "" {
			key, args["link"] = "msg.meet_slot_link", Span{Style: Link, Text: b.cat.String(lang, "msg.meet_add_calendar", nil), URL: u}
		}
		blocks = append(blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, key, args)})
		label := b.cat.String(lang, "btn.meet_pick_n", Args{"n": i + 1})
		if len(zones) == 1 {
			label = b.cat.String(lang, "btn.meet_pick", Args{"when": shortMoment(lang, t.In(zones[0]))})
		}
		style := ButtonDefault
		if i == 0 {
			style = ButtonPrimary
		}
		buttons = append(buttons, meetPickButton(label, r, i, gi, style))
	}
	return blocks, append(buttons, end...)
}

// meetPickButton picks slot i of group gi of r; the intro and the home
// tab both offer it, and the meet command reads it.
func meetPickButton(label string, r *Round, i, gi int, style ButtonStyle) Button {
	return Button{Label: label, Command: "meet pick " + r.ID + " " + strconv.Itoa(i+1) + " " + strconv.Itoa(gi+1), Style: style}
}

// meetEndButtons call off the week of group gi of r: skip it, or cannot meet.
func (b *Bot) meetEndButtons(lang Lang, r *Round, gi int) []Button {
	return []Button{
		{Label: b.cat.String(lang, "btn.meet_skip", nil), Command: "meet skip " + r.ID + " " + strconv.Itoa(gi+1)},
		{Label: b.cat.String(lang, "btn.meet_cant", nil), Command: "meet cant " + r.ID + " " + strconv.Itoa(gi+1)},
	}
}

// shortMoment is a weekday and time for a button: "Tue 16:00", "mar 16:00".
func shortMoment(lang Lang, t time.Time) string {
	if lang == LangIT {
		return itWeekdays[t.Weekday()][:3] + " " + t.Format("15:04")
	}
	return t.Format("Mon 15:04")
}

// pickNoticeSent records, once per group, the first pick whose notice
// went out: a notice rendered after it says the call moved, while picks
// coalesced before any notice still read as a first pick.
func pickNoticeSent(tx Tx, e *OutboxEntry) error {
	seq, err := strconv.Atoi(e.Args["seq"])
	if e.Template != tplMeetPicked || err != nil {
		return nil
	}
	r, err := tx.Round(e.Community, e.Round)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || e.Group >= len(r.Groups) || r.Groups[e.Group].FirstPickTold > 0 {
		return err
	}
	r.Groups[e.Group].FirstPickTold = seq
	return tx.PutRound(r)
}
