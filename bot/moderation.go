package bot

import (
	"context"
	"strconv"
	"time"
)

func runRemove(ctx context.Context, c *call) (Message, error) {
	target, err := c.lookupTarget(ctx)
	if err != nil {
		return Message{}, err
	}
	if target.ID == c.self() {
		return Message{}, Errorf(EINVALID, "err.remove_self", nil)
	}
	if target.Status == StatusRemoved {
		return c.say("msg.already_removed", Args{"member": target.Name}), nil
	}
	var events []string
	err = c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, target.ID)
		if err != nil {
			return err
		}
		m.Status, m.PausedUntil, m.Updated = StatusRemoved, time.Time{}, c.now()
		if err := tx.PutMember(m); err != nil {
			return err
		}
		if events, err = withdrawRSVPs(tx, c.comm.ID, m.ID, c.now()); err != nil {
			return err
		}
		// Their open introduction requests, in and out, close with them.
		return withdrawIntros(tx, c.comm.ID, c.now(), m, func(i *Intro) bool { return i.From == m.ID || i.To == m.ID })
	})
	if err != nil {
		return Message{}, err
	}
	if len(events) > 0 {
		c.b.notifyOutbox() // the edits of their posts
	}
	c.b.log.InfoContext(ctx, "member removed", "community", c.comm.ID, "member", target.ID.String(), "by", c.self().String())
	return c.say("msg.removed", Args{"member": target.Name}), nil
}

// runUnremove undoes a removal. The member comes back as having left, so
// nothing starts until they `join` again; a DM tells them they may.
func runUnremove(ctx context.Context, c *call) (Message, error) {
	target, err := c.lookupTarget(ctx)
	if err != nil {
		return Message{}, err
	}
	if target.Status != StatusRemoved {
		return c.say("msg.not_removed", Args{"member": target.Name}), nil
	}
	now := c.now()
	err = c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, target.ID)
		if err != nil {
			return err
		}
		if m.Status != StatusRemoved { // unremoved meanwhile
			return nil
		}
		m.Status, m.Updated = StatusLeft, now
		if err := tx.PutMember(m); err != nil {
			return err
		}
		_, err = tx.Enqueue(&OutboxEntry{
			ID: outboxID("unremove", c.comm.ID, m.ID.String(), strconv.FormatInt(now.UnixNano(), 10)), Platform: m.ID.Platform, Community: c.comm.ID,
			Kind: OutboxDM, To: []MemberID{m.ID}, Template: "msg.unremoved_dm", Args: map[string]string{"community": c.comm.Settings.Name},
			Created: now, NotBefore: now,
		})
		return err
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	c.b.log.InfoContext(ctx, "member unremoved", "community", c.comm.ID, "member", target.ID.String(), "by", c.self().String())
	return c.say("msg.unremoved", Args{"member": target.Name}), nil
}
