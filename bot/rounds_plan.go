package bot

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// roundSeed derives the matcher's seed from the community and round id.
func roundSeed(community, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(community + "/" + id))
	return h.Sum64()
}

// planInput is what a round is computed from.
type planInput struct {
	members    []*Member
	rounds     []*Round
	state      *State
	unanswered []*Member      // three follow-ups unanswered in a row: to pause
	history    *match.History // rounds and accepted intros
	apart      []match.Block  // pairs intros keep apart (declined, expired, waiting)
}

// interner hands out one copy of each string it is given.
type interner map[string]string

func (in interner) get(s string) string {
	if c, ok := in[s]; ok {
		return c
	}
	in[s] = s
	return s
}

// skips reports whether m skips the round of period (zero: not a round).
func skips(m *Member, period time.Time) bool {
	return !period.IsZero() && !m.SkipRound.IsZero() && !period.After(m.SkipRound)
}

// loadPlan reads what a round needs; period is the round's, or zero.
func (b *Bot) loadPlan(ctx context.Context, comm Community, now, period time.Time) (*planInput, error) {
	p := &planInput{}
	err := b.store.View(ctx, func(tx Tx) error {
		p.members, p.rounds, p.unanswered = nil, nil, nil
		if err := tx.Rounds(comm.ID, func(r *Round) error { p.rounds = append(p.rounds, r); return nil }); err != nil {
			return err
		}
		var err error
		if p.state, err = tx.State(comm.ID); err != nil {
			return err
		}
		if p.history, _, err = b.pairHistory(tx, comm.ID); err != nil {
			return err
		}
		ip, err := loadIntroPairs(tx, comm.ID, now)
		if err != nil {
			return err
		}
		p.apart = ip.blocks()
		in := interner{}
		return tx.Members(comm.ID, func(m *Member) error {
			if !m.ActiveAt(now) || skips(m, period) {
				return nil
			}
			if unansweredInARow(p.rounds, m.ID, now) >= 3 {
				p.unanswered = append(p.unanswered, m)
				return nil
			}
			// A round reads no bio or link: dropping them, and sharing
			// one copy of each skill and id part, keeps a large
			// community's members small while it matches.
			m.Profile.Bio, m.Profile.Links = "", nil
			m.ID.Platform, m.ID.Space, m.Community = in.get(m.ID.Platform), in.get(m.ID.Space), comm.ID
			for _, skills := range [][]string{m.Profile.Offers, m.Profile.Seeks} {
				for i, s := range skills {
					skills[i] = in.get(s)
				}
			}
			p.members = append(p.members, m)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("round: load %s: %w", comm.ID, err)
	}
	return p, nil
}

// unansweredInARow counts the member's latest follow-ups, already asked,
// that they left unanswered, stopping at the first answered one.
func unansweredInARow(rounds []*Round, id MemberID, now time.Time) int {
	n := 0
	for i := len(rounds) - 1; i >= 0; i-- {
		r := rounds[i]
		g := r.GroupOf(id)
		if g < 0 || r.followupOf(&r.Groups[g]).After(now) {
			continue
		}
		if _, ok := r.Groups[g].Answers[id.String()]; ok {
			return n
		}
		if r.Groups[g].Ended != nil {
			continue // called off: nobody was asked
		}
		n++
	}
	return n
}

// matchInput turns the plan into the matcher's input.
func matchInput(comm Community, p *planInput, period time.Time, seed uint64, number int) match.Input {
	in := match.Input{
		Round:   number,
		History: p.history,
		Options: match.Options{GroupSize: comm.Settings.GroupSize, AvoidSameCompany: comm.Settings.AvoidSameCompany,
			SamePlatform: samePlatformModes[comm.Settings.samePlatform()], Seed: seed},
	}
	active := map[MemberID]bool{}
	for _, m := range p.members {
		active[m.ID] = true
		_, off := period.In(m.Location(comm.Settings.Location())).Zone()
		h := m.WorkHours() // the day slots are proposed in: the reason counts the same
		in.Members = append(in.Members, match.Member{
			ID: m.ID.String(), Offers: m.Profile.Offers, Seeks: m.Profile.Seeks,
			UTCOffsetMinutes: off / 60, WorkStartMin: h.Start, WorkEndMin: h.End, Company: strings.ToLower(m.Profile.Company),
			Platform: m.ID.Platform,
		})
		for _, bl := range m.Blocks {
			in.Blocks = append(in.Blocks, match.Block{A: m.ID.String(), B: bl.String()})
		}
	}
	in.Blocks = append(in.Blocks, p.apart...)
	if n := len(p.rounds); n > 0 {
		last := p.rounds[n-1]
		for _, g := range last.Groups {
			if len(g.Members) > max(2, comm.Settings.GroupSize) {
				for _, id := range g.Members {
					if active[id] {
						in.LastOversized = append(in.LastOversized, id.String())
					}
				}
			}
		}
	}
	return in
}
