package store

import (
	"bytes"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// Key kinds of who is where across spaces.
const (
	kindMembership = 'u' // u/{platform}\x00{user}\x00{community}\x00{platform:space:user}
	kindChoice     = 'U' // U/{platform}\x00{user}: the community chosen for private chats
	kindSpace      = 'S' // S/{platform}\x00{space}: a space a member joined in
)

// personPrefix is "{kind}/{platform}\x00{user}".
func personPrefix(kind byte, platform, user string) []byte {
	b := append([]byte{kind, '/'}, platform...)
	b = append(b, sep)
	return append(b, user...)
}

// membershipPrefix is "u/{platform}\x00{user}\x00".
func membershipPrefix(platform, user string) []byte {
	return append(personPrefix(kindMembership, platform, user), sep)
}

// membershipKey is "u/{platform}\x00{user}\x00{community}\x00{platform:space:user}".
func membershipKey(community string, id bot.MemberID) []byte {
	b := append(membershipPrefix(id.Platform, id.User), community...)
	b = append(b, sep)
	return append(b, id.String()...)
}

// choiceKey is "U/{platform}\x00{user}".
func choiceKey(platform, user string) []byte { return personPrefix(kindChoice, platform, user) }

// spaceKey is "S/{platform}\x00{space}".
func spaceKey(platform, space string) []byte { return personPrefix(kindSpace, platform, space) }

// Memberships calls fn with every member record of one person on a
// platform, in (community, id) order. It reads index keys only.
func (t *tx) Memberships(platform, user string, fn func(string, bot.MemberID) error) error {
	if t.done {
		return errTxDone
	}
	if checkID(bot.MemberID{Platform: platform, Space: "-", User: user}) != nil {
		return nil
	}
	prefix := membershipPrefix(platform, user)
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().Key()
		community, rest, ok := bytes.Cut(key[len(prefix):], []byte{sep})
		if !ok {
			return fmt.Errorf("store: membership index %q has no separator", key)
		}
		id, err := bot.ParseMemberID(string(rest))
		if err != nil {
			return fmt.Errorf("store: membership index %q: %w", key, err)
		}
		if err := fn(string(community), id); err != nil {
			return err
		}
	}
	return nil
}

// Choice returns the community a person chose for private chats.
func (t *tx) Choice(platform, user string) (string, error) {
	if t.done {
		return "", errTxDone
	}
	var c string
	if _, err := t.getValue(choiceKey(platform, user), &c); err != nil {
		return "", fmt.Errorf("store: choice of %s:%s: %w", platform, user, err)
	}
	return c, nil
}

// PutChoice records or (with "") removes a person's choice.
func (t *tx) PutChoice(platform, user, community string) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := checkID(bot.MemberID{Platform: platform, Space: "-", User: user}); err != nil {
		return fmt.Errorf("store: put choice: %w", err)
	}
	key := choiceKey(platform, user)
	if community == "" {
		t.overwrote = true
		return t.txn.Delete(key)
	}
	if err := checkCommunity(community); err != nil {
		return fmt.Errorf("store: put choice: %w", err)
	}
	if err := t.noteOverwrite(key); err != nil {
		return err
	}
	return t.setValue(key, community)
}

// dropChoice removes the choice of id's person if it names community and
// they have no record left there (DeleteMember calls it after deleting).
func (t *tx) dropChoice(community string, id bot.MemberID) error {
	c, err := t.Choice(id.Platform, id.User)
	if err != nil || c != community {
		return err
	}
	left := false
	err = t.Memberships(id.Platform, id.User, func(c string, _ bot.MemberID) error {
		left = left || c == community
		return nil
	})
	if err != nil || left {
		return err
	}
	return t.PutChoice(id.Platform, id.User, "")
}

// noteSpace records the space of a new member (PutMember calls it).
func (t *tx) noteSpace(id bot.MemberID) error {
	key := spaceKey(id.Platform, id.Space)
	if ok, err := t.exists(key); err != nil || ok {
		return err
	}
	return t.txn.Set(key, nil)
}

// Spaces calls fn with every space a member was stored in, in byte order.
func (t *tx) Spaces(fn func(platform, space string) error) error {
	if t.done {
		return errTxDone
	}
	prefix := []byte{kindSpace, '/'}
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().Key()
		platform, space, ok := bytes.Cut(key[len(prefix):], []byte{sep})
		if !ok {
			return fmt.Errorf("store: space %q has no separator", key)
		}
		if err := fn(string(platform), string(space)); err != nil {
			return err
		}
	}
	return nil
}
