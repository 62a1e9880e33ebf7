package bot

import (
	"context"
	"errors"
	"fmt"
)

// Reacher is what an adapter asks when its platform says, outside any
// command, whether a person can receive DMs (Telegram's my_chat_member
// update when they block or unblock the bot): the adapter asserts its
// [Handler] to Reacher. *Bot implements it (see [Bot.SetReach]).
type Reacher interface {
	SetReach(ctx context.Context, platform, user string, can Reach) error
}

var _ Reacher = (*Bot)(nil)

// SetReach applies what the platform says about a person's DMs to every
// membership they have on it, as a request's CanDM would: ReachNo marks an
// active member unreachable, ReachYes makes an unreachable one active, a
// paused or removed member keeps their status.
func (b *Bot) SetReach(ctx context.Context, platform, user string, can Reach) error {
	if can == ReachUnknown {
		return nil
	}
	err := b.store.Update(ctx, func(tx Tx) error {
		type membership struct {
			community string
			id        MemberID
		}
		var ms []membership
		if err := tx.Memberships(platform, user, func(community string, id MemberID) error {
			ms = append(ms, membership{community, id})
			return nil
		}); err != nil {
			return err
		}
		for _, m := range ms {
			mem, err := tx.Member(m.community, m.id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			s := reachChange(mem.Status, can)
			if s == "" {
				continue
			}
			mem.Status, mem.Updated = s, b.now()
			if err := tx.PutMember(mem); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set reach of %s %s: %w", platform, user, err)
	}
	return nil
}
