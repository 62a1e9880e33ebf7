package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Spaces that no community lists (the bot was just added to a group) get a
// community of their own (see [Bot.community]). The store lists every
// space where a member joined ([SpaceTx.Spaces]), so the scheduler and
// [Bot.CommunityByID] know those communities as well as configured ones.

// listed returns the configured communities, as MoveSpace last left them.
func (b *Bot) listed() []Community {
	b.listedMu.RLock()
	defer b.listedMu.RUnlock()
	return b.communities
}

// unlisted returns the communities of the spaces no community lists where
// a member joined, with default settings (overrides not applied).
func (b *Bot) unlisted(ctx context.Context) ([]Community, error) {
	var cs []Community
	err := b.store.View(ctx, func(tx Tx) error {
		return tx.Spaces(func(platform, space string) error {
			if b.isListed(platform, space) {
				return nil
			}
			cs = append(cs, b.community(platform, space))
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("spaces no community lists: %w", err)
	}
	return cs, nil
}

// isListed reports whether a configured community lists the space.
func (b *Bot) isListed(platform, space string) bool {
	return slices.ContainsFunc(b.listed(), func(c Community) bool { return c.HasSpace(platform, space) })
}

// scheduled returns every community the scheduler ticks: the configured
// ones, then those of spaces no community lists.
func (b *Bot) scheduled(ctx context.Context) ([]Community, error) {
	un, err := b.unlisted(ctx)
	return append(slices.Clone(b.listed()), un...), err
}

// TickAll runs [Bot.Tick] for every community the scheduler knows,
// configured or not. It logs a community's failure and goes on with the
// next; it returns an error only when the list cannot be read.
func (b *Bot) TickAll(ctx context.Context) error {
	cs, err := b.scheduled(ctx)
	if err != nil {
		return err
	}
	for _, c := range cs {
		comm, err := b.withOverrides(ctx, c)
		if err != nil {
			if ctx.Err() == nil {
				b.log.Error("scheduler", "community", c.ID, "err", err)
			}
			continue
		}
		if _, err := b.tick(ctx, comm); err != nil && ctx.Err() == nil {
			b.log.Error("scheduler", "community", c.ID, "err", err)
		}
		if err := b.snapshotDaily(ctx, comm); err != nil && ctx.Err() == nil {
			b.log.Error("daily snapshot", "community", c.ID, "err", err)
		}
	}
	return nil
}

// moveBatch is how many records one transaction of MoveSpace moves: a
// Badger transaction of this store holds about 900 members with their
// indexes.
const moveBatch = 250

// MoveSpace moves every record of a space that changed its id (a Telegram
// group that became a supergroup) to the new id: members and their ids
// wherever they are stored (rounds, intros, event RSVPs, blocks, pending
// outbox entries, private-chat choices), and, for a space no community
// lists, its community's settings, scheduler state, rounds, intros and
// events, which move to the new space's community. A space of up to
// moveBatch records (members, rounds, intros, events, queued messages)
// moves in one transaction; a bigger one in several, and calling
// MoveSpace again after a failure resumes the move. A configured
// community keeps its id and lists the new space until the process
// stops: the operator must change the config file too (MoveSpace logs it).
func (b *Bot) MoveSpace(ctx context.Context, platform, from, to string) error {
	if from == "" || to == "" || from == to {
		return fmt.Errorf("move space %q to %q: want two different ids", from, to)
	}
	old := b.community(platform, from)
	listed := b.isListed(platform, from)
	if b.isListed(platform, to) {
		return fmt.Errorf("move space %s to %s: the config lists %s already", from, to, to)
	}
	target := old.ID
	if !listed {
		target = b.community(platform, to).ID
	}
	for done := false; !done; {
		if err := b.store.Update(ctx, func(tx Tx) error {
			var err error
			done, err = tx.MoveSpace(platform, from, to, old.ID, target, moveBatch)
			return err
		}); err != nil {
			return fmt.Errorf("move space %s to %s: %w", from, to, err)
		}
	}
	if listed {
		b.relist(platform, from, to)
		b.log.Warn("space moved: change the config file", "community", old.ID, "platform", platform, "from", from, "to", to)
	}
	return nil
}

// relist makes the configured community of space from list space to.
func (b *Bot) relist(platform, from, to string) {
	b.listedMu.Lock()
	defer b.listedMu.Unlock()
	cs := slices.Clone(b.communities)
	for i := range cs {
		if !cs[i].HasSpace(platform, from) {
			continue
		}
		cs[i].Spaces = slices.Clone(cs[i].Spaces)
		for j := range cs[i].Spaces {
			if s := &cs[i].Spaces[j]; s.Platform == platform && s.ID == from {
				s.ID = to
				if s.AnnounceChannel == from {
					s.AnnounceChannel = to // a Telegram group that announces in itself
				}
			}
		}
	}
	b.communities = cs
}

// errNoCommunity is wrapped when no community has the id asked for.
var errNoCommunity = errors.New("no such community")
