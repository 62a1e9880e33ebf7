package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// pairHistory is who met whom: rounds, the groups of events' intros
// (counted in the last round before they were made) and accepted intros;
// and the number of the community's latest round.
func (b *Bot) pairHistory(tx Tx, community string) (*match.History, int, error) {
	return historyOf(tx, community, func(fn func(ran time.Time, number int, groups []RoundGroup)) error {
		return tx.Rounds(community, func(r *Round) error { fn(r.Ran, r.Number, r.Groups); return nil })
	})
}

// memberHistory is pairHistory as far as one member's pairs go, all that
// proposing an intro to them looks up: of each round it reads the
// summary and the member's group (RoundGroupOf), not every group.
func memberHistory(tx Tx, community string, me MemberID) (*match.History, int, error) {
	return historyOf(tx, community, func(fn func(ran time.Time, number int, groups []RoundGroup)) error {
		return tx.RoundSummaries(community, func(s *RoundSummary) error {
			_, g, err := tx.RoundGroupOf(community, s.ID, me)
			if err != nil {
				return err
			}
			var groups []RoundGroup
			if g != nil {
				groups = []RoundGroup{*g}
			}
			fn(s.Ran, s.Number, groups)
			return nil
		})
	})
}

// historyOf is pairHistory of the rounds that rounds calls its fn with,
// oldest first: when each ran, its number and the groups to count.
func historyOf(tx Tx, community string, rounds func(fn func(ran time.Time, number int, groups []RoundGroup)) error) (*match.History, int, error) {
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
	err = rounds(func(ran time.Time, number int, groups []RoundGroup) { // in the order they ran
		eventsBefore(ran, n)
		n = max(n, number)
		for _, g := range groups {
			record(g.Members, number, g.outcome(), false)
		}
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
	me := c.self()
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
		// At a limit, say so before proposing anyone: confirming would fail.
		if err := c.introLimits(tx, now); err != nil {
			return err
		}
		var err error
		if h, round, err = memberHistory(tx, c.comm.ID, me); err != nil {
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
			score += 10 * float64(c.canHelp(m))
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
	hm, hb := c.me.WorkHours(), best.WorkHours()
	in := match.Input{Round: round + 1, History: h, Members: []match.Member{
		{ID: me.String(), Offers: c.me.Profile.Offers, Seeks: c.me.Profile.Seeks, UTCOffsetMinutes: offsetMinutes(c.me, c.comm, now),
			WorkStartMin: hm.Start, WorkEndMin: hm.End, Company: strings.ToLower(c.me.Profile.Company)},
		{ID: best.ID.String(), Offers: best.Profile.Offers, Seeks: best.Profile.Seeks, UTCOffsetMinutes: offsetMinutes(best, c.comm, now),
			WorkStartMin: hb.Start, WorkEndMin: hb.End, Company: strings.ToLower(best.Profile.Company)},
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
