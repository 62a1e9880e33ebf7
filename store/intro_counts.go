package store

import (
	"errors"
	"fmt"

	"github.com/rete-bot/rete/bot"
)

// introCountsKey is "c/{community}/intro_counts": under the community's
// kind, so that moving a community takes it along (see MoveSpace for why
// a move then drops it).
func introCountsKey(community string) []byte {
	return append(communityPrefix(kindCommunity, community), "intro_counts"...)
}

// IntroCounts returns the community's intro counts as PutIntro keeps
// them; bot.ErrNotFound when it has none.
func (t *tx) IntroCounts(community string) (bot.IntroCounts, error) {
	var c bot.IntroCounts
	if t.done {
		return c, errTxDone
	}
	if checkCommunity(community) != nil {
		return c, bot.ErrNotFound
	}
	ok, err := t.getValue(introCountsKey(community), &c)
	if err != nil {
		return c, fmt.Errorf("store: intro counts %s: %w", community, err)
	}
	if !ok {
		return c, bot.ErrNotFound
	}
	return c, nil
}

// RecountIntros counts the community's intros and stores the counts.
func (t *tx) RecountIntros(community string) (bot.IntroCounts, error) {
	if err := t.writable(); err != nil {
		return bot.IntroCounts{}, err
	}
	if err := checkCommunity(community); err != nil {
		return bot.IntroCounts{}, fmt.Errorf("store: recount intros: %w", err)
	}
	c, err := bot.CountIntros(t, community)
	if err != nil {
		return c, err
	}
	if err := t.setValue(introCountsKey(community), &c); err != nil {
		return c, fmt.Errorf("store: intro counts %s: %w", community, err)
	}
	return c, nil
}

// recountIntro moves the share of the intro at key from its stored
// version (if any) to i in the community's counts, before PutIntro writes
// i. Counts missing are made first from the intros as they stand, the
// stored version of i among them.
func (t *tx) recountIntro(key []byte, i *bot.Intro) error {
	c, err := t.IntroCounts(i.Community)
	if errors.Is(err, bot.ErrNotFound) {
		c, err = bot.CountIntros(t, i.Community)
	}
	if err != nil {
		return err
	}
	old := new(bot.Intro)
	ok, err := t.getValue(key, old)
	if err != nil {
		return fmt.Errorf("store: intro %s/%s: %w", i.Community, i.ID, err)
	}
	if ok {
		c.Count(old, -1)
	}
	c.Count(i, 1)
	if err := t.setValue(introCountsKey(i.Community), &c); err != nil {
		return fmt.Errorf("store: intro counts %s: %w", i.Community, err)
	}
	return nil
}
