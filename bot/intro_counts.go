package bot

import (
	"context"
	"errors"
)

// IntroCounts are a community's introduction requests by where each
// stands now: the totals of `stats` and of the dashboard's overview.
//
// The store keeps them in a small record that PutIntro updates in the
// intro's own transaction (see [IntroTx.IntroCounts]), rather than the
// dashboard counting intros read through an index by time: every change
// of state (an answer, an expiry, forget-me cancelling a request) lands
// in the same commit as its count, declines included, and reading them
// costs one key however many intros a community has. The price is that
// two intro changes of one community at the same moment conflict and one
// runs again, as taking an intro number (NextID) already does.
type IntroCounts struct {
	Requested int `json:"requested"` // sent to their target (or refused)
	Accepted  int `json:"accepted"`
	Declined  int `json:"declined"`
	Expired   int `json:"expired"`
}

// Count adds i's share to c, n = 1, or takes it away, n = -1. A request
// never sent (proposed, or canceled before it was) counts nowhere.
func (c *IntroCounts) Count(i *Intro, n int) {
	if i == nil || i.State == IntroProposed || i.Sent.IsZero() && i.State != IntroRefused {
		return
	}
	c.Requested += n
	switch i.State {
	case IntroAccepted:
		c.Accepted += n
	case IntroDeclined:
		c.Declined += n
	case IntroExpired:
		c.Expired += n
	}
}

// CountIntros counts a community's intros one by one: what the store's
// record must always equal, and how it is made when missing.
func CountIntros(tx Tx, community string) (IntroCounts, error) {
	var c IntroCounts
	err := tx.Intros(community, func(i *Intro) error { c.Count(i, 1); return nil })
	return c, err
}

// introCounts reads a community's intro counts, making the record once
// when the store has none (data written before it kept them).
func (b *Bot) introCounts(ctx context.Context, community string) (IntroCounts, error) {
	var c IntroCounts
	missing := false
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		c, err = tx.IntroCounts(community)
		if errors.Is(err, ErrNotFound) {
			missing, err = true, nil
		}
		return err
	})
	if err != nil || !missing {
		return c, err
	}
	err = b.store.Update(ctx, func(tx Tx) error {
		var err error
		c, err = tx.RecountIntros(community)
		return err
	})
	if errors.Is(err, ErrCannotSave) {
		// A full disk keeps the record from being made: count anyway.
		err = b.store.View(ctx, func(tx Tx) error {
			var err error
			c, err = CountIntros(tx, community)
			return err
		})
	}
	return c, err
}
