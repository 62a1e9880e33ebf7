package bot

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
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
	Skill string
	N     int
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
	st := Stats{Status: map[Status]int{}}
	offers, seeks := map[string]int{}, map[string]int{}
	now := b.now()
	// One snapshot for the members and the rounds.
	err := b.store.View(ctx, func(tx Tx) error {
		err := tx.Members(community, func(m *Member) error {
			s := m.EffectiveStatus(now)
			st.Status[s]++
			if s == StatusLeft || s == StatusRemoved {
				return nil
			}
			for _, k := range m.Profile.Offers {
				offers[k]++
			}
			for _, k := range m.Profile.Seeks {
				seeks[k]++
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Rounds(community, func(r *Round) error {
			st.Rounds++
			for _, g := range r.Groups {
				if g.MetAtSlot() {
					st.MetAtSlot++
				}
				if g.outcome() == match.OutcomeMet {
					st.GroupsMet++
				}
				for _, a := range g.Answers {
					switch a {
					case "yes":
						st.Met++
						st.Answers++
					case "no":
						st.Answers++
					}
				}
			}
			return nil
		})
	})
	if err != nil {
		return st, err
	}
	unmet := map[string]int{}
	for s, n := range seeks {
		if offers[s] == 0 {
			unmet[s] = n
		}
	}
	st.Offers, st.Seeks, st.Unmet = topSkills(offers, 5), topSkills(seeks, 5), topSkills(unmet, 5)
	return st, nil
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
	is, err := c.b.introStats(ctx, c.comm.ID)
	if err != nil {
		return Message{}, err
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
	return msg, nil
}
