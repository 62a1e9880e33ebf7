package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// tx is a [bot.Tx] over one Badger transaction. It is not safe for
// concurrent use.
type tx struct {
	txn      *badger.Txn
	readOnly bool // a View transaction
	done     bool // set when the function that received tx returned
	// overwrote is set when the transaction replaces or deletes a record
	// that holds member data: the commit then marks the store for a scrub.
	overwrote bool
	// indexed says the outbox's due index is complete (see DB.indexed).
	indexed bool
	// stored has, by member key, the index entries of the member as this
	// transaction read it, so that PutMember after Member (read, change,
	// write back) need not read and decode it again. Writes drop entries.
	stored map[string]map[string]struct{}
}

var _ bot.Tx = (*tx)(nil)

// Errors of misused transactions.
var (
	errTxDone   = errors.New("store: transaction used after its function returned")
	errReadOnly = errors.New("store: write inside a read-only transaction (View)")
)

func (t *tx) close() { t.done = true }

// writable reports why t may not write, if it may not.
func (t *tx) writable() error {
	switch {
	case t.done:
		return errTxDone
	case t.readOnly:
		return errReadOnly
	}
	return nil
}

// Member returns one member of a community.
func (t *tx) Member(community string, id bot.MemberID) (*bot.Member, error) {
	if t.done {
		return nil, errTxDone
	}
	if checkCommunity(community) != nil || checkID(id) != nil {
		return nil, bot.ErrNotFound
	}
	key := memberKey(community, id)
	m, err := t.get(key)
	if err != nil {
		return nil, err
	}
	if m == nil {
		primary, err := t.primary(community, id)
		if err != nil {
			return nil, err
		}
		key = memberKey(community, primary)
		if m, err = t.get(key); err != nil {
			return nil, err
		}
	}
	if m == nil {
		return nil, bot.ErrNotFound
	}
	if !t.readOnly {
		if t.stored == nil {
			t.stored = map[string]map[string]struct{}{}
		}
		t.stored[string(key)] = indexKeys(m)
	}
	return m, nil
}

// storedIndex returns the index entries of the member stored at key: as
// read earlier in this transaction, or read now. A missing member has
// none.
func (t *tx) storedIndex(key []byte) (map[string]struct{}, error) {
	if keys, ok := t.stored[string(key)]; ok {
		delete(t.stored, string(key)) // the caller is about to write key
		return keys, nil
	}
	old, err := t.get(key)
	if err != nil || old == nil {
		return nil, err
	}
	return indexKeys(old), nil
}

// get reads and decodes the member at key; a missing key gives nil, nil.
func (t *tx) get(key []byte) (*bot.Member, error) {
	item, err := t.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read %q: %w", key, err)
	}
	return t.decodeItem(item)
}

func (t *tx) decodeItem(item *badger.Item) (*bot.Member, error) {
	var m *bot.Member
	err := item.Value(func(v []byte) error {
		var err error
		m, err = decodeMember(v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: member %q: %w", item.Key(), err)
	}
	return m, nil
}

// MemberByHandle finds a member by handle or user id, case-insensitively.
// When several members match, a handle wins over a user id, then the
// lowest id.
func (t *tx) MemberByHandle(community, handle string) (*bot.Member, error) {
	if t.done {
		return nil, errTxDone
	}
	if handle == "" || checkCommunity(community) != nil || checkName("handle", handle) != nil {
		return nil, bot.ErrNotFound
	}
	prefix := handlePrefix(community, handle)
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	it.Rewind()
	if !it.Valid() {
		return nil, bot.ErrNotFound
	}
	key := it.Item().KeyCopy(nil)
	rest := string(key[len(prefix):])
	id, err := bot.ParseMemberID(rest[min(1, len(rest)):])
	if err != nil {
		return nil, fmt.Errorf("store: handle index %q: %w", key, err)
	}
	m, err := t.get(memberKey(community, id))
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("store: handle index %q names a missing member", key)
	}
	return m, nil
}

// PutMember creates or replaces a member, removing the index entries of
// its previous version that the new one no longer has.
func (t *tx) PutMember(m *bot.Member) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := checkMember(m); err != nil {
		return fmt.Errorf("store: put member: %w", err)
	}
	key := memberKey(m.Community, m.ID)
	val, err := encode(m)
	if err != nil {
		return fmt.Errorf("store: put member %s: %w", m.ID, err)
	}
	oldKeys, err := t.storedIndex(key)
	if err != nil {
		return fmt.Errorf("store: put member %s: previous version: %w", m.ID, err)
	}
	t.overwrote = t.overwrote || oldKeys != nil
	if oldKeys == nil {
		if err := t.noteSpace(m.ID); err != nil {
			return fmt.Errorf("store: put member %s: %w", m.ID, err)
		}
	}
	keys := indexKeys(m)
	for k := range oldKeys {
		if _, keep := keys[k]; keep {
			delete(keys, k) // already there
			continue
		}
		if err := t.txn.Delete([]byte(k)); err != nil {
			return fmt.Errorf("store: put member %s: %w", m.ID, err)
		}
	}
	for k := range keys {
		if err := t.txn.Set([]byte(k), nil); err != nil {
			return fmt.Errorf("store: put member %s: %w", m.ID, err)
		}
	}
	if err := t.txn.Set(key, val); err != nil {
		return fmt.Errorf("store: put member %s: %w", m.ID, err)
	}
	return nil
}

// DeleteMember removes a member and its index entries; a missing member is
// not an error.
func (t *tx) DeleteMember(community string, id bot.MemberID) error {
	if err := t.writable(); err != nil {
		return err
	}
	if checkCommunity(community) != nil || checkID(id) != nil {
		return nil // no such key can exist
	}
	key := memberKey(community, id)
	delete(t.stored, string(key))
	old, err := t.get(key)
	if err != nil {
		return fmt.Errorf("store: delete member %s: %w", id, err)
	}
	if old == nil {
		return nil
	}
	t.overwrote = true
	for k := range indexKeys(old) {
		if err := t.txn.Delete([]byte(k)); err != nil {
			return fmt.Errorf("store: delete member %s: %w", id, err)
		}
	}
	if err := t.txn.Delete(key); err != nil {
		return fmt.Errorf("store: delete member %s: %w", id, err)
	}
	for _, a := range old.AllAccounts() {
		if err := t.dropChoice(community, a.ID); err != nil {
			return fmt.Errorf("store: delete member %s: %w", id, err)
		}
	}
	return nil
}

// Members calls fn for every member of a community in id order until fn
// returns an error, which Members returns unchanged.
func (t *tx) Members(community string, fn func(*bot.Member) error) error {
	if t.done {
		return errTxDone
	}
	if checkCommunity(community) != nil {
		return nil
	}
	opts := badger.DefaultIteratorOptions
	opts.Prefix = memberPrefix(community)
	opts.PrefetchSize = 16
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		m, err := t.decodeItem(it.Item())
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

// MembersWithSkill calls fn with the id of every member whose list of the
// given kind holds skill (compared byte for byte: callers pass normalised
// skills), in id order, until fn returns an error, which it returns
// unchanged. It reads the index keys only.
func (t *tx) MembersWithSkill(community string, kind bot.SkillKind, skill string, fn func(bot.MemberID) error) error {
	if t.done {
		return errTxDone
	}
	k, err := skillIndexKind(kind)
	if err != nil {
		return fmt.Errorf("store: members with skill: %w", err)
	}
	if skill == "" || checkCommunity(community) != nil || checkName("skill", skill) != nil {
		return nil
	}
	prefix := skillPrefix(community, k, skill)
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().Key()
		id, err := bot.ParseMemberID(string(key[len(prefix):]))
		if err != nil {
			return fmt.Errorf("store: skill index %q: %w", key, err)
		}
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}

// Settings returns the community's `config` overrides; none gives an empty
// map.
func (t *tx) Settings(community string) (map[string]string, error) {
	if t.done {
		return nil, errTxDone
	}
	out := map[string]string{}
	if checkCommunity(community) != nil {
		return out, nil
	}
	item, err := t.txn.Get(settingsKey(community))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: settings of %s: %w", community, err)
	}
	if err := item.Value(func(v []byte) error { return decode(v, &out) }); err != nil {
		return nil, fmt.Errorf("store: settings of %s: %w", community, err)
	}
	if out == nil { // a stored JSON null
		out = map[string]string{}
	}
	return out, nil
}

// PutSettings replaces the community's overrides; an empty map removes
// them.
func (t *tx) PutSettings(community string, overrides map[string]string) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := checkCommunity(community); err != nil {
		return fmt.Errorf("store: put settings: %w", err)
	}
	key := settingsKey(community)
	if len(overrides) == 0 {
		if err := t.txn.Delete(key); err != nil {
			return fmt.Errorf("store: put settings of %s: %w", community, err)
		}
		return nil
	}
	val, err := encode(overrides)
	if err != nil {
		return fmt.Errorf("store: put settings of %s: %w", community, err)
	}
	if err := t.txn.Set(key, val); err != nil {
		return fmt.Errorf("store: put settings of %s: %w", community, err)
	}
	return nil
}

// Skills calls fn with every distinct skill of the given kind, in byte
// order. After reading a skill it seeks past that skill's entries, so it
// reads one key per distinct skill whatever the number of members.
func (t *tx) Skills(community string, kind bot.SkillKind, fn func(skill string) error) error {
	if t.done {
		return errTxDone
	}
	k, err := skillIndexKind(kind)
	if err != nil {
		return fmt.Errorf("store: skills: %w", err)
	}
	if checkCommunity(community) != nil {
		return nil
	}
	prefix := append(communityPrefix(kindIndex, community), k, '/')
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); {
		key := it.Item().Key()
		rest := key[len(prefix):]
		i := bytes.IndexByte(rest, sep)
		if i < 0 {
			return fmt.Errorf("store: skill index %q has no separator", key)
		}
		skill := string(rest[:i])
		if err := fn(skill); err != nil {
			return err
		}
		// The next skill starts after every "{skill}\x00..." key.
		next := append(append(slices.Clone(prefix), skill...), sep+1)
		it.Seek(next)
	}
	return nil
}

// skillIndexKind is the index sub-kind of a skill list.
func skillIndexKind(kind bot.SkillKind) (byte, error) {
	switch kind {
	case bot.Offers:
		return idxOffers, nil
	case bot.Seeks:
		return idxSeeks, nil
	}
	return 0, fmt.Errorf("unknown skill kind %q", kind)
}
