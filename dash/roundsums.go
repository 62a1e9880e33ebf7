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
