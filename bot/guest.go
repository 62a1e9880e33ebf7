package bot

import (
	"context"
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
	return c.updateRecord(ctx, true, func(_ Tx, m *Member) error { return fn(m) })
}

// guestRecord is the record updatePrefs starts from for someone unknown.
func (c *call) guestRecord() *Member {
	return &Member{
		ID: c.self(), Community: c.comm.ID, Status: StatusGuest,
		Name: cleanName(c.req.Name, c.req.User), Handle: strings.ToLower(c.req.Handle),
	}
}
