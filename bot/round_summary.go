package bot

import (
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// RoundSummary is a round's figures without its groups: what the
// dashboard charts for every round, cheap to read where a round of 50k
// groups is a value of several MB.
type RoundSummary struct {
	ID      string    `json:"id"`
	Number  int       `json:"number"`
	Period  time.Time `json:"period"`
	Ran     time.Time `json:"ran"`
	Groups  int       `json:"groups"`
	Answers int       `json:"answers"` // "did you meet?" answers yes or no ("not yet" is no answer)
	Met     int       `json:"met"`     // answers yes
	// MetAtSlot counts the groups that met at a picked time (see
	// [RoundGroup.MetAtSlot]).
	MetAtSlot int `json:"met_at_slot,omitempty"`
	// GroupsMet counts the groups whose outcome is met.
	GroupsMet int `json:"groups_met,omitempty"`
}

// Summary returns the round's figures.
func (r *Round) Summary() RoundSummary {
	s := RoundSummary{ID: r.ID, Number: r.Number, Period: r.Period, Ran: r.Ran, Groups: len(r.Groups)}
	for i := range r.Groups {
		s.Count(&r.Groups[i], 1)
	}
	return s
}

// Count adds a group's share of the figures other than Groups n times:
// n = -1 takes away the share of a group's old version, so that a store
// changing one group of a big round moves the summary without reading
// the others.
func (s *RoundSummary) Count(g *RoundGroup, n int) {
	if g.MetAtSlot() {
		s.MetAtSlot += n
	}
	if g.outcome() == match.OutcomeMet {
		s.GroupsMet += n
	}
	for _, a := range g.Answers {
		switch a {
		case "yes":
			s.Met += n
			s.Answers += n
		case "no":
			s.Answers += n
		}
	}
}
