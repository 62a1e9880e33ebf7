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
		if target.ID == c.req.Member() {
			return Message{}, Errorf(EINVALID, "err.block_self", nil)
		}
		if _, err := c.updateMe(ctx, func(m *Member) error {
			i := slices.Index(m.Blocks, target.ID)
			switch {
			case block && i < 0:
				m.Blocks = append(m.Blocks, target.ID)
			case !block && i >= 0:
				m.Blocks = slices.Delete(m.Blocks, i, i+1)
			}
			return nil
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
