package bot

import (
	"context"
	"errors"
	"strings"
)

// lookup resolves "@user" to a member of the caller's community: by user
// id on the caller's platform and space, else by handle.
func (c *call) lookup(ctx context.Context, ref string) (*Member, error) {
	name := strings.TrimPrefix(ref, "@")
	var m *Member
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		m, err = tx.Member(c.comm.ID, MemberID{Platform: c.req.Platform, Space: c.req.Space, User: name})
		if errors.Is(err, ErrNotFound) {
			m, err = tx.MemberByHandle(c.comm.ID, name)
		}
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, Errorf(ENOTFOUND, "err.no_member", Args{"member": ref})
	}
	return m, err
}
