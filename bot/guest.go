package bot

import (
	"context"
	"errors"
	"strings"
)

// updatePrefs is updateMe for the settings anyone may keep without
// joining (Command.Guest: language, time zone), so a newcomer's welcome
// is already in their language. Someone with no record gets one outside
// the pool (StatusGuest), which `join` turns into a member.
func (c *call) updatePrefs(ctx context.Context, fn func(m *Member) error) (*Member, error) {
	if c.me != nil {
		return c.updateMe(ctx, fn)
	}
	var out *Member
	err := c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, c.req.Member())
		if errors.Is(err, ErrNotFound) {
			m, err = &Member{
				ID: c.req.Member(), Community: c.comm.ID, Status: StatusGuest,
				Name: cleanName(c.req.Name, c.req.User), Handle: strings.ToLower(c.req.Handle),
			}, nil
		}
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
		m.Updated, m.Seen = c.now(), c.now()
		out = m
		return tx.PutMember(m)
	})
	if err != nil {
		return nil, err
	}
	c.me = out
	return out, nil
}
