package bot

import (
	"context"
	"slices"
)

func runBlock(block bool) func(context.Context, *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		ref := c.arg("member")
		target, err := c.lookup(ctx, ref)
		if err != nil {
			return Message{}, err
		}
		if target.ID == c.self() {
			return Message{}, Errorf(EINVALID, "err.block_self", nil)
		}
		if _, err := c.updateMeTx(ctx, func(tx Tx, m *Member) error {
			i := slices.Index(m.Blocks, target.ID)
			switch {
			case block && i < 0:
				m.Blocks = append(m.Blocks, target.ID)
			case !block && i >= 0:
				m.Blocks = slices.Delete(m.Blocks, i, i+1)
			}
			if !block {
				return nil
			}
			// The caller's own requests to the member are withdrawn, as by
			// intro cancel: the target sees them go, as after a cancel.
			return withdrawIntros(tx, c.comm.ID, c.now(), m, func(in *Intro) bool { return in.From == m.ID && in.To == target.ID })
		}); err != nil {
			return Message{}, err
		}
		key := "msg.blocked"
		if !block {
			key = "msg.unblocked"
		}
		return c.say(key, Args{"member": target.Name}), nil
	}
}
