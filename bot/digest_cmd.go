package bot

import (
	"context"
	"fmt"
	"time"
)

// restartDigest makes the digest's periods start at now: after a change
// of digest.schedule, the new schedule's next firing (or the next round)
// is the next digest, not one it missed.
func restartDigest(tx Tx, community string, now time.Time) error {
	st, err := tx.State(community)
	if err != nil {
		return err
	}
	st.LastDigest, st.DigestRound = now, st.Rounds
	return tx.PutState(community, st)
}

// runDigestPreview shows a moderator, privately, the digest that would be
// posted now, as the platform they asked from would show it.
func runDigestPreview(ctx context.Context, c *call) (Message, error) {
	var d *digest
	err := c.b.store.View(ctx, func(tx Tx) error {
		st, err := tx.State(c.comm.ID)
		if err != nil {
			return err
		}
		d, err = loadDigest(tx, c.comm, digestSince(st.LastDigest, c.now()), c.now())
		return err
	})
	if err != nil {
		return Message{}, fmt.Errorf("digest preview: %w", err)
	}
	msg := c.say("msg.digest_nothing", nil)
	if !d.empty() {
		msg = c.b.digestMessage(c.comm, d, c.req.Platform, c.req.Prefix)
	}
	return c.noAnnounceChannel(msg), nil
}

// noAnnounceChannel adds to msg that the digest goes nowhere when no
// space of the community has an announce channel (a community rete made
// on its own, spaces configured without one): a moderator who turns it
// on would otherwise wait for posts that never come.
func (c *call) noAnnounceChannel(msg Message) Message {
	for _, s := range c.comm.Spaces {
		if s.AnnounceChannel != "" {
			return msg
		}
	}
	return msg.Add(ParaBlock(c.t("msg.digest_no_channel", nil)...))
}

// runDigestSwitch turns the digest on or off, as `config digest.enabled`.
func runDigestSwitch(on bool) func(ctx context.Context, c *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		err := c.b.store.Update(ctx, func(tx Tx) error { return putOverride(tx, c.comm.ID, "digest.enabled", onOff(on)) })
		if err != nil {
			return Message{}, err
		}
		switch {
		case !on:
			return c.say("msg.digest_off", nil), nil
		case c.comm.Settings.DigestSchedule == "":
			return c.noAnnounceChannel(c.say("msg.digest_on_round", nil)), nil
		}
		return c.noAnnounceChannel(c.say("msg.digest_on_schedule", Args{"schedule": Span{Style: Code, Text: c.comm.Settings.DigestSchedule}})), nil
	}
}

// runVisibility sets whether the member may be named in the digest.
func runVisibility(ctx context.Context, c *call) (Message, error) {
	hidden := c.arg("visibility") == "hidden"
	if _, err := c.updateMe(ctx, func(m *Member) error { m.Hidden = hidden; return nil }); err != nil {
		return Message{}, err
	}
	if hidden {
		return c.say("msg.visibility_hidden", nil), nil
	}
	return c.say("msg.visibility_listed", nil), nil
}
