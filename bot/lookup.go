package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// maxWhich is how many members a "which one?" answer lists.
const maxWhich = 10

// lookup resolves a reference to a member of the caller's community. A
// reference is a mention or a handle ("@U123", "@marco", "marco"), or a
// display name ("Marco Rossi", with or without quotes). An id or handle
// wins: by user id on the caller's platform and space, then by handle.
// Otherwise display names are compared case-insensitively, whole first,
// then as a run of whole words ("rossi" finds Marco Rossi). Several
// matches give a "which one?" error that lists them with their handles.
// Members outside the pool (StatusGuest) are never found; by name, left
// and removed members are found only by moderators.
func (c *call) lookup(ctx context.Context, ref string) (*Member, error) {
	ref = cleanLine(unquote(ref))
	name := strings.TrimPrefix(ref, "@")
	var m *Member
	var several []*Member
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		if name == "" {
			return ErrNotFound
		}
		if !strings.ContainsRune(name, ' ') {
			m, err = tx.Member(c.comm.ID, MemberID{Platform: c.req.Platform, Space: c.req.Space, User: name})
			if errors.Is(err, ErrNotFound) {
				m, err = tx.MemberByHandle(c.comm.ID, name)
			}
			if err == nil && m.Status != StatusGuest {
				return nil
			}
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		m, several, err = c.memberByName(tx, name)
		return err
	})
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, Errorf(ENOTFOUND, "err.no_member", Args{"member": ref})
	case err != nil:
		return nil, err
	case len(several) > 0:
		return nil, Errorf(ECONFLICT, "err.member_which", Args{"member": ref, "list": whichList(several)})
	}
	return m, nil
}

// lookupTarget is the member a moderation command acts on: the one the
// dashboard named by id, else the one the "member" argument refers to.
func (c *call) lookupTarget(ctx context.Context) (*Member, error) {
	if c.req.target == nil {
		return c.lookup(ctx, c.arg("member"))
	}
	var m *Member
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		m, err = tx.Member(c.comm.ID, *c.req.target)
		return err
	})
	if errors.Is(err, ErrNotFound) || err == nil && m.Status == StatusGuest {
		return nil, Errorf(ENOTFOUND, "err.no_member", Args{"member": c.req.target.User})
	}
	return m, err
}

// memberByName finds members by display name: the only one whose whole
// name is name, else the only one with name as a run of whole words in
// theirs. Several matches come back in several; none is ErrNotFound.
func (c *call) memberByName(tx Tx, name string) (*Member, []*Member, error) {
	want := strings.Fields(strings.ToLower(name))
	var whole, words []*Member
	err := tx.Members(c.comm.ID, func(m *Member) error {
		if m.Status == StatusGuest || !c.mod && gone(m) {
			return nil
		}
		have := strings.Fields(strings.ToLower(m.Name))
		switch {
		case slices.Equal(have, want):
			whole = append(whole, m)
		case containsRun(have, want):
			words = append(words, m)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for _, found := range [][]*Member{whole, words} {
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil, nil
		}
		return nil, found, nil
	}
	return nil, nil, ErrNotFound
}

// containsRun reports whether words holds run as consecutive elements.
func containsRun(words, run []string) bool {
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// whichList shows members that a reference matched: "Marco Rossi
// (@marco), Marco Bianchi (@mb)", at most maxWhich of them.
func whichList(ms []*Member) string {
	slices.SortFunc(ms, func(a, b *Member) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	var parts []string
	for _, m := range ms[:min(len(ms), maxWhich)] {
		h := m.Handle
		if h == "" {
			h = m.ID.User
		}
		parts = append(parts, m.Name+" (@"+h+")")
	}
	if len(ms) > maxWhich {
		parts = append(parts, "…")
	}
	return strings.Join(parts, ", ")
}

// unquote strips one pair of quotes around s: "…", “…”, «…» or '…'.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"«", "»"}, {"'", "'"}} {
		if len(s) >= len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			return strings.TrimSpace(s[len(q[0]) : len(s)-len(q[1])])
		}
	}
	return s
}

// cutMemberRef splits a member reference off the start of s: a quoted
// name ("Marco Rossi" why...), else the first word (@marco why...).
func cutMemberRef(s string) (ref, rest string) {
	s = strings.TrimSpace(s)
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"«", "»"}} {
		if body, ok := strings.CutPrefix(s, q[0]); ok {
			if i := strings.Index(body, q[1]); i >= 0 {
				return q[0] + body[:i] + q[1], body[i+len(q[1]):]
			}
		}
	}
	return cutWord(s)
}

// isMemberRef reports whether the start of an intro's text names a member
// rather than a skill: a mention or handle (@marco) or a quoted name.
func isMemberRef(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "@") || strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "“") || strings.HasPrefix(s, "«")
}
