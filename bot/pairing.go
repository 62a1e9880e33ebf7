package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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

// reasonSpans renders the matcher's reasons for a group.
// With pairWords, "fresh" names the pair (for a moderator or a group).
func (b *Bot) reasonSpans(lang Lang, reasons []match.Reason, names map[string]*Member, pairWords bool) [][]Span {
	name := func(id string) Span {
		if m, ok := names[id]; ok {
			return Span{Style: Bold, Text: m.Name}
		}
		return Text("?")
	}
	var items [][]Span
	seen := map[string]bool{}
	add := func(item []Span) {
		if k := SpansText(item); !seen[k] {
			seen[k] = true
			items = append(items, item)
		}
	}
	allFresh := true
	for _, r := range reasons {
		allFresh = allFresh && r.Kind != match.ReasonRepeat
	}
	for _, r := range reasons {
		if allFresh && r.Kind == match.ReasonFresh {
			if !pairWords || len(names) > 2 {
				add(b.cat.Spans(lang, "reason.fresh", nil))
				continue
			}
		}
		switch r.Kind {
		case match.ReasonComplement:
			add(b.cat.Spans(lang, "reason.complement", Args{"giver": name(r.Giver), "taker": name(r.Taker), "skill": b.skills.Name(lang, r.Skill)}))
		case match.ReasonMutual:
			add(b.cat.Spans(lang, "reason.mutual", Args{"a": name(r.A), "b": name(r.B)}))
		case match.ReasonOverlap:
			if r.Hours > 0 {
				add(b.cat.Spans(lang, "reason.overlap", Args{"a": name(r.A), "b": name(r.B), "hours": strconv.FormatFloat(r.Hours, 'f', -1, 64)}))
			}
		case match.ReasonFresh:
			if pairWords || len(names) > 2 {
				add(b.cat.Spans(lang, "reason.fresh_pair", Args{"a": name(r.A), "b": name(r.B)}))
			} else {
				add(b.cat.Spans(lang, "reason.fresh", nil))
			}
		case match.ReasonOtherCompany:
			add(b.cat.Spans(lang, "reason.other_company", Args{"a": name(r.A), "b": name(r.B)}))
		}
	}
	return items
}

// opener suggests a first question from the reasons.
func (b *Bot) opener(lang Lang, reasons []match.Reason, names map[string]*Member) []Span {
	for _, r := range reasons {
		if r.Kind == match.ReasonComplement {
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
	r, err := tx.Round(comm.ID, e.Round)
	if err != nil {
		return Message{}, false, err
	}
	if e.Group >= len(r.Groups) {
		return Message{}, true, nil
	}
	title := "msg.intro_title"
	if e.Kind == OutboxGroup {
		title = "msg.intro_group_title"
	}
	return b.groupIntro(tx, comm, e, r.Groups[e.Group], title, Args{"community": comm.Settings.Name}, func(lang Lang) []Block {
		return []Block{{Kind: Context, Spans: b.cat.Spans(lang, "msg.intro_footer", Args{"when": fmtDays(lang, r.FollowupAt.Sub(r.Ran))})}}
	})
}

// groupIntro renders the intro of a group (a round's or an event's): the
// title (titleKey with args plus "names"), why they were grouped, the
// others' profiles, a first question, and footer(lang) if not nil. For a
// DM it names the others; for a group conversation, everyone. skip is true
// when fewer than two members remain or the reader is gone.
func (b *Bot) groupIntro(tx Tx, comm Community, e *OutboxEntry, g RoundGroup, titleKey string, args Args, footer func(Lang) []Block) (Message, bool, error) {
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
	now := b.now()
	ta := Args{"names": b.joinNames(lang, others)}
	for k, v := range args {
		ta[k] = v
	}
	msg := Message{Blocks: []Block{{Kind: Header, Spans: b.cat.Spans(lang, titleKey, ta)}}}
	if reasons := b.reasonSpans(lang, g.Reasons, names, e.Kind == OutboxGroup); len(reasons) > 0 {
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, "msg.intro_why", nil)}, Block{Kind: List, Items: reasons})
	}
	for _, m := range others {
		msg.Blocks = append(msg.Blocks, b.memberCard(lang, m, comm, now)...)
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, "msg.intro_opener", Args{"opener": b.opener(lang, g.Reasons, names)})})
	if footer != nil {
		msg.Blocks = append(msg.Blocks, footer(lang)...)
	}
	return msg, false, nil
}

// fmtDays says "3 days" / "3 giorni", or hours below two days.
func fmtDays(lang Lang, d time.Duration) string {
	if d >= 48*time.Hour {
		if lang == LangIT {
			return fmt.Sprintf("%d giorni", int(d.Hours()/24))
		}
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
	if lang == LangIT {
		return fmt.Sprintf("%d ore", int(d.Hours()))
	}
	return fmt.Sprintf("%d hours", int(d.Hours()))
}

// followupMessage asks one member whether the group met; skip if they
// already said.
func (b *Bot) followupMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	r, err := tx.Round(comm.ID, e.Round)
	if err != nil {
		return Message{}, false, err
	}
	if e.Group >= len(r.Groups) {
		return Message{}, true, nil
	}
	g := r.Groups[e.Group]
	if _, answered := g.Answers[e.To[0].String()]; answered {
		return Message{}, true, nil
	}
	me, err := tx.Member(comm.ID, e.To[0])
	if err != nil {
		return Message{}, false, err
	}
	if me.Status == StatusLeft || me.Status == StatusRemoved {
		return Message{}, true, nil
	}
	ms, err := groupMembers(tx, comm.ID, g)
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

// latestRoundOf returns the newest round in which the member was grouped.
func latestRoundOf(tx Tx, community string, id MemberID) (*Round, error) {
	var last *Round
	err := tx.Rounds(community, func(r *Round) error {
		if r.GroupOf(id) >= 0 {
			last = r
		}
		return nil
	})
	return last, err
}

func runPairing(ctx context.Context, c *call) (Message, error) {
	var r *Round
	var others []*Member
	var st *State
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		if st, err = tx.State(c.comm.ID); err != nil {
			return err
		}
		if r, err = latestRoundOf(tx, c.comm.ID, c.me.ID); err != nil || r == nil {
			return err
		}
		ms, err := groupMembers(tx, c.comm.ID, r.Groups[r.GroupOf(c.me.ID)])
		for _, m := range ms {
			if m.ID != c.me.ID {
				others = append(others, m)
			}
		}
		return err
	})
	if err != nil {
		return Message{}, err
	}
	var msg Message
	if r == nil || len(others) == 0 {
		msg = c.say("msg.pairing_none", nil)
	} else {
		msg = c.say("msg.pairing_current", Args{"names": c.b.joinNames(c.lang, others), "date": r.Ran.In(c.loc()).Format(time.DateOnly)})
	}
	next := c.t("msg.pairing_next_unknown", nil)
	if !st.NextRound.IsZero() {
		next = c.t("msg.pairing_next", Args{"date": st.NextRound.In(c.loc()).Format("2006-01-02 15:04 MST")})
	}
	if c.me.Status != StatusActive {
		next = c.t("msg.pairing_not_active", Args{"prefix": c.req.Prefix})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: next})
	return msg, nil
}

func runMet(ctx context.Context, c *call) (Message, error) {
	answer, roundID := c.arg("answer"), c.arg("round")
	var names []*Member
	err := c.b.store.Update(ctx, func(tx Tx) error {
		var r *Round
		var err error
		if roundID != "" {
			if r, err = tx.Round(c.comm.ID, roundID); errors.Is(err, ErrNotFound) {
				return Errorf(ENOTFOUND, "err.no_round", Args{"round": roundID})
			}
		} else {
			r, err = latestRoundOf(tx, c.comm.ID, c.me.ID)
		}
		if err != nil {
			return err
		}
		gi := -1
		if r != nil {
			gi = r.GroupOf(c.me.ID)
		}
		if gi < 0 {
			return Errorf(ECONFLICT, "err.no_pairing", nil)
		}
		g := &r.Groups[gi]
		if g.Answers == nil {
			g.Answers = map[string]string{}
		}
		g.Answers[c.me.ID.String()] = answer
		ms, err := groupMembers(tx, c.comm.ID, *g)
		names = names[:0]
		for _, m := range ms {
			if m.ID != c.me.ID {
				names = append(names, m)
			}
		}
		if err != nil {
			return err
		}
		return tx.PutRound(r)
	})
	if err != nil {
		return Message{}, err
	}
	key := map[string]string{"yes": "msg.met_yes", "notyet": "msg.met_notyet", "no": "msg.met_no"}[answer]
	msg := c.say(key, Args{"names": c.b.joinNames(c.lang, names)})
	msg.Replace = c.req.Button
	return msg, nil
}

// RoundMessage shows a round's groups and reasons to a moderator.
func (b *Bot) RoundMessage(ctx context.Context, lang Lang, comm Community, r *Round, preview bool) (Message, error) {
	key := "msg.round_ran"
	if preview {
		key = "msg.round_preview"
	}
	msg := Message{Blocks: []Block{{Kind: Header, Spans: b.cat.Spans(lang, key, Args{"n": len(r.Groups), "round": r.ID, "seed": strconv.FormatUint(r.Seed, 10)})}}}
	err := b.store.View(ctx, func(tx Tx) error {
		for _, g := range r.Groups {
			ms, err := groupMembers(tx, comm.ID, g)
			if err != nil {
				return err
			}
			names := map[string]*Member{}
			for _, m := range ms {
				names[m.ID.String()] = m
			}
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.joinNames(lang, ms)})
			if rs := b.reasonSpans(lang, g.Reasons, names, true); len(rs) > 0 {
				msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: rs})
			}
		}
		return nil
	})
	if len(r.Groups) == 0 {
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, "msg.round_empty", nil)})
	}
	return msg, err
}

func runRound(preview bool) func(context.Context, *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		r, err := c.b.runRound(ctx, c.comm, RoundOptions{Preview: preview})
		if errors.Is(err, ErrRoundExists) {
			return Message{}, Errorf(ECONFLICT, "err.round_exists", nil)
		}
		if err != nil {
			return Message{}, err
		}
		if !preview {
			c.b.log.InfoContext(ctx, "round started by hand", "community", c.comm.ID, "round", r.ID, "by", c.req.Member().String())
		}
		return c.b.RoundMessage(ctx, c.lang, c.comm, r, preview)
	}
}
