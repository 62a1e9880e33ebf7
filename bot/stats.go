package bot

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// Stats are a community's figures, as `stats` shows them.
type Stats struct {
	Status map[Status]int // members by effective status
	Offers []SkillCount   // most offered skills, among members not left or removed
	Seeks  []SkillCount   // most sought skills
	Unmet  []SkillCount   // sought by someone, offered by nobody

	Rounds  int // rounds run
	Answers int // follow-up answers yes or no ("not yet" is no answer)
	Met     int // answers saying "yes"
	// MetAtSlot counts the groups that met and had picked a time their
	// intro proposed, of GroupsMet, the groups that met.
	MetAtSlot, GroupsMet int
}

// SkillCount is how many members list a skill.
type SkillCount struct {
	Skill string `json:"skill"`
	N     int    `json:"n"`
}

// topSkills sorts counts by count, then name, and keeps the first n.
func topSkills(counts map[string]int, n int) []SkillCount {
	out := make([]SkillCount, 0, len(counts))
	for s, k := range counts {
		out = append(out, SkillCount{s, k})
	}
	slices.SortFunc(out, func(a, b SkillCount) int {
		return cmp.Or(b.N-a.N, strings.Compare(a.Skill, b.Skill))
	})
	return out[:min(n, len(out))]
}

// CommunityStats computes the figures of a community.
func (b *Bot) CommunityStats(ctx context.Context, community string) (Stats, error) {
	var st Stats
	var t tally
	// One snapshot for the members and the rounds.
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		if t, err = tallyMembers(tx, community, b.now()); err != nil {
			return err
		}
		return tx.RoundSummaries(community, func(r *RoundSummary) error {
			st.Rounds++
			st.Answers += r.Answers
			st.Met += r.Met
			st.MetAtSlot += r.MetAtSlot
			st.GroupsMet += r.GroupsMet
			return nil
		})
	})
	if err != nil {
		return st, err
	}
	st.Status = t.status
	st.Offers, st.Seeks, st.Unmet = t.top(5)
	return st, nil
}

// SkillCounts returns the n most offered and most sought skills of a
// community and its n largest unmet demands, reading its members only.
func (b *Bot) SkillCounts(ctx context.Context, community string, n int) (offers, seeks, unmet []SkillCount, err error) {
	var t tally
	err = b.store.View(ctx, func(tx Tx) error {
		t, err = tallyMembers(tx, community, b.now())
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	offers, seeks, unmet = t.top(n)
	return offers, seeks, unmet, nil
}

// tally is what one scan of a community's members counts: members by
// effective status, and the skills of those not left or removed.
type tally struct {
	status        map[Status]int
	offers, seeks map[string]int
}

func tallyMembers(tx Tx, community string, now time.Time) (tally, error) {
	t := tally{status: map[Status]int{}, offers: map[string]int{}, seeks: map[string]int{}}
	err := tx.Members(community, func(m *Member) error {
		s := m.EffectiveStatus(now)
		t.status[s]++
		if s == StatusLeft || s == StatusRemoved {
			return nil
		}
		for _, k := range m.Profile.Offers {
			t.offers[k]++
		}
		for _, k := range m.Profile.Seeks {
			t.seeks[k]++
		}
		return nil
	})
	return t, err
}

// top returns the n most offered and most sought skills, and the n
// sought skills nobody offers with the most seekers.
func (t tally) top(n int) (offers, seeks, unmet []SkillCount) {
	return TopSkills(t.offers, t.seeks, n)
}

// TopSkills returns the n skills with the most members of offered and of
// sought (members by skill), and the n sought skills nobody offers with
// the most seekers; ties in name order.
func TopSkills(offered, sought map[string]int, n int) (offers, seeks, unmet []SkillCount) {
	un := map[string]int{}
	for s, k := range sought {
		if offered[s] == 0 {
			un[s] = k
		}
	}
	return topSkills(offered, n), topSkills(sought, n), topSkills(un, n)
}

func runStats(ctx context.Context, c *call) (Message, error) {
	st, err := c.b.CommunityStats(ctx, c.comm.ID)
	if err != nil {
		return Message{}, err
	}
	return c.statsMessage(ctx, st)
}

// statsMessage shows a community's figures and its intro figures.
func (c *call) statsMessage(ctx context.Context, st Stats) (Message, error) {
	is, err := c.b.introStats(ctx, c.comm.ID)
	if err != nil {
		return Message{}, err
	}
	return c.figuresMessage(st, is), nil
}

// figuresMessage is [call.statsMessage] with the intro figures read.
func (c *call) figuresMessage(st Stats, is IntroStats) Message {
	skills := func(list []SkillCount) string {
		if len(list) == 0 {
			return c.b.cat.String(c.lang, "msg.none", nil)
		}
		var parts []string
		for _, s := range list {
			parts = append(parts, c.b.skills.Name(c.lang, s.Skill)+" ("+itoa(s.N)+")")
		}
		return strings.Join(parts, ", ")
	}
	introRate, median := 0, any("-")
	if n := is.Accepted + is.Declined + is.Expired; n > 0 {
		introRate = is.Accepted * 100 / n
	}
	if is.Accepted+is.Declined > 0 {
		median = is.MedianAnswer.Round(time.Minute)
		if is.MedianAnswer < time.Minute {
			median = c.b.cat.String(c.lang, "msg.under_a_minute", nil)
		}
	}
	rate := 0
	if st.Answers > 0 {
		rate = st.Met * 100 / st.Answers
	}
	msg := Message{Blocks: []Block{
		{Kind: Header, Spans: c.t("msg.stats_title", Args{"community": c.comm.Settings.Name})},
		{Kind: List, Items: [][]Span{
			c.t("msg.stats_members", Args{
				"active": st.Status[StatusActive], "paused": st.Status[StatusPaused], "left": st.Status[StatusLeft],
				"removed": st.Status[StatusRemoved], "unreachable": st.Status[StatusUnreachable],
			}),
			c.t("msg.stats_offers", Args{"skills": skills(st.Offers)}),
			c.t("msg.stats_seeks", Args{"skills": skills(st.Seeks)}),
			c.t("msg.stats_unmet", Args{"skills": skills(st.Unmet)}),
			c.t("msg.stats_rounds", Args{"rounds": st.Rounds, "met": st.Met, "answers": st.Answers, "rate": rate}),
			c.t("msg.stats_slots", Args{"n": st.MetAtSlot, "met": st.GroupsMet}),
			c.t("msg.stats_intros", Args{"requested": is.Requested, "accepted": is.Accepted, "rate": introRate, "median": median}),
		}},
	}}
	return msg
}
