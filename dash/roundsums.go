package dash

import (
	"context"

	"github.com/rete-bot/rete/bot"
)

// roundSummaries returns the figures of every round of a community,
// oldest first, as the store keeps them next to each round: the overview
// and the rounds page read them without decoding any group.
func (s *Server) roundSummaries(ctx context.Context, comm string) ([]bot.RoundSummary, error) {
	var out []bot.RoundSummary
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		return tx.RoundSummaries(comm, func(sum *bot.RoundSummary) error { out = append(out, *sum); return nil })
	})
	return out, err
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
