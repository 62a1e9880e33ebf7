package dash

import (
	"context"
	"time"

	"github.com/rete-bot/rete/bot"
)

// roundSummary is one round's figures, without its groups.
type roundSummary struct {
	ID      string
	Number  int
	Ran     time.Time
	Groups  int
	Answers int // "did you meet?" answers yes or no
	Met     int // answers yes
}

// roundSummaries returns the figures of every round of a community,
// oldest first. Reading them decodes every round, so they are cached:
// the overview and the rounds page read them on every view.
func (s *Server) roundSummaries(ctx context.Context, comm string) ([]roundSummary, error) {
	return s.sums.get(comm, s.cfg.Now(), func() ([]roundSummary, error) {
		var out []roundSummary
		err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
			return tx.Rounds(comm, func(rd *bot.Round) error {
				sum := roundSummary{ID: rd.ID, Number: rd.Number, Ran: rd.Ran, Groups: len(rd.Groups)}
				for _, g := range rd.Groups {
					for _, a := range g.Answers {
						if a == "yes" || a == "no" {
							sum.Answers++
						}
						if a == "yes" {
							sum.Met++
						}
					}
				}
				out = append(out, sum)
				return nil
			})
		})
		return out, err
	})
}

// storedRound returns one round, cached: a round of 50k groups takes a
// while to decode, and its pages are read one after the other.
func (s *Server) storedRound(ctx context.Context, comm, id string) (*bot.Round, error) {
	return s.roundCache.get(comm+"/"+id, s.cfg.Now(), func() (*bot.Round, error) {
		var rd *bot.Round
		err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
			var err error
			rd, err = tx.Round(comm, id)
			return err
		})
		return rd, err
	})
}
