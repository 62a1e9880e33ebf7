package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// MoveSpace moves records of space (platform, from) to (platform, to)
// in this transaction, at most max of them (members, rounds, intros,
// events, settings, outbox entries; max <= 0: all); see [bot.SpaceTx].
// Values are rewritten as JSON trees rather than as Go types, so that a
// member id in a field added later moves too: every string (and map key)
// that is a member id of the old space becomes the new id, and
// "community", "space" and "channel" fields naming the old community or
// space name the new one.
//
// A call only looks at what is still to move (records under the old
// community, values that still name the old space), so the next call,
// after a commit or a crash, resumes where this one stopped. The list of
// spaces changes last, when nothing else is left.
func (t *tx) MoveSpace(platform, from, to, fromCommunity, toCommunity string, max int) (bool, error) {
	if err := t.writable(); err != nil {
		return false, err
	}
	for _, id := range []bot.MemberID{{Platform: platform, Space: from, User: "-"}, {Platform: platform, Space: to, User: "-"}} {
		if err := checkID(id); err != nil {
			return false, fmt.Errorf("store: move space: %w", err)
		}
	}
	for _, c := range []string{fromCommunity, toCommunity} {
		if err := checkCommunity(c); err != nil {
			return false, fmt.Errorf("store: move space: %w", err)
		}
	}
	if from == to {
		return false, fmt.Errorf("store: move space %s: same id", from)
	}
	mv := &mover{platform: platform, from: from, to: to, fromComm: fromCommunity, toComm: toCommunity, left: max}
	if max <= 0 {
		mv.left = -1
	}
	t.overwrote = true
	if err := t.moveMembers(mv); err != nil {
		return false, fmt.Errorf("store: move space %s: %w", from, err)
	}
	for _, kind := range []byte{kindCommunity, kindRound, kindIntro, kindEvent} {
		if err := t.moveRecords(mv, kind); err != nil {
			return false, fmt.Errorf("store: move space %s: %w", from, err)
		}
	}
	if fromCommunity != toCommunity {
		// The moved counts replaced the target's, and its intros may have
		// been replaced by moved ones of the same id: both communities
		// count theirs again when next read or changed.
		for _, c := range []string{fromCommunity, toCommunity} {
			if err := t.txn.Delete(introCountsKey(c)); err != nil {
				return false, err
			}
		}
	}
	if err := t.moveOutbox(mv); err != nil {
		return false, fmt.Errorf("store: move space %s: %w", from, err)
	}
	if mv.left == 0 {
		return false, nil // maybe more: the next call tells
	}
	if err := t.txn.Delete(spaceKey(platform, from)); err != nil {
		return false, err
	}
	return true, t.txn.Set(spaceKey(platform, to), nil)
}

// moveMembers rewrites the members of the old community: the old space's
// under their new ids (with their indexes and choices), the others for
// their blocks.
func (t *tx) moveMembers(mv *mover) error {
	var members []*bot.Member
	if err := t.Members(mv.fromComm, func(m *bot.Member) error {
		members = append(members, m)
		return nil
	}); err != nil {
		return err
	}
	for _, m := range members {
		if mv.left == 0 {
			return nil
		}
		val, err := encode(m)
		if err != nil {
			return err
		}
		nv, changed, err := mv.value(val)
		if err != nil {
			return fmt.Errorf("member %s: %w", m.ID, err)
		}
		if !changed {
			continue
		}
		nm, err := decodeMember(nv)
		if err != nil {
			return err
		}
		mv.spend(0) // small, but with index entries: one record
		if nm.ID == m.ID && nm.Community == m.Community {
			if err := t.PutMember(nm); err != nil {
				return err
			}
			continue
		}
		choice, err := t.Choice(m.ID.Platform, m.ID.User)
		if err != nil {
			return err
		}
		if err := t.DeleteMember(m.Community, m.ID); err != nil {
			return err
		}
		if err := t.PutMember(nm); err != nil {
			return err
		}
		if choice == mv.fromComm { // DeleteMember dropped it
			if err := t.PutChoice(nm.ID.Platform, nm.ID.User, mv.toComm); err != nil {
				return err
			}
		}
	}
	return nil
}

// record is a key and its value, as moveRecords reads them.
type record struct{ key, val []byte }

// moveRecords rewrites the old community's records of one kind (settings,
// state, counters, rounds, intros, events), under the new community when
// it is renamed.
func (t *tx) moveRecords(mv *mover, kind byte) error {
	from := communityPrefix(kind, mv.fromComm)
	to := communityPrefix(kind, mv.toComm)
	var records []record
	opts := badger.DefaultIteratorOptions
	opts.Prefix = from
	it := t.txn.NewIterator(opts)
	for it.Rewind(); it.Valid(); it.Next() {
		val, err := it.Item().ValueCopy(nil)
		if err != nil {
			it.Close()
			return err
		}
		records = append(records, record{it.Item().KeyCopy(nil), val})
	}
	it.Close()
	for i := 0; i < len(records); i++ {
		r := records[i]
		if mv.left == 0 {
			return nil
		}
		if kind == kindRound && mv.fromComm != mv.toComm && bytes.IndexByte(r.key[len(from):], sep) < 0 {
			// A round moves with its parts, which follow its record.
			partPrefix := append(bytes.Clone(r.key), sep)
			j := i + 1
			for j < len(records) && bytes.HasPrefix(records[j].key, partPrefix) {
				j++
			}
			if err := t.moveRound(mv, from, to, r.key, r.val, records[i+1:j]); err != nil {
				return fmt.Errorf("%q: %w", r.key, err)
			}
			i = j - 1
			continue
		}
		nv, changed, err := mv.value(r.val)
		if err != nil {
			return fmt.Errorf("%q: %w", r.key, err)
		}
		key := r.key
		if mv.fromComm != mv.toComm || changed {
			mv.spend(len(nv))
		}
		if mv.fromComm != mv.toComm {
			key = append(bytes.Clone(to), r.key[len(from):]...)
			if err := t.txn.Delete(r.key); err != nil {
				return err
			}
		} else if !changed {
			continue
		}
		if err := t.txn.Set(key, nv); err != nil {
			return err
		}
		if kind == kindRound && bytes.IndexByte(r.key[len(from):], sep) < 0 {
			if err := t.moveSummary(mv, string(r.key[len(from):]), nv); err != nil {
				return fmt.Errorf("%q: %w", r.key, err)
			}
		}
		if kind == kindEvent && mv.fromComm != mv.toComm {
			var e struct{ ID string }
			if err := decode(nv, &e); err != nil {
				return fmt.Errorf("%q: %w", r.key, err)
			}
			if err := t.txn.Delete(eventIndexKey(e.ID, mv.fromComm)); err != nil {
				return err
			}
			if err := t.txn.Set(eventIndexKey(e.ID, mv.toComm), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// moveRound moves a round to another community with its parts, so that no call leaves the record in one community and
// its parts in the other: the parts are copied first, as staged parts no
// reader sees, over as many calls as they take (a call skips those
// already copied), then one call moves the record and deletes the old
// one with its parts. A round of the same id in the new community is
// replaced: its record goes before the first part is copied, so that
// nobody reads it with parts of the other, and its parts past the moved
// round's go with the move.
func (t *tx) moveRound(mv *mover, from, to, key, val []byte, parts []record) error {
	id := string(key[len(from):])
	dst := append(bytes.Clone(to), key[len(from):]...)
	if ok, err := t.exists(dst); err != nil {
		return err
	} else if ok {
		if err := t.txn.Delete(dst); err != nil {
			return err
		}
		if err := t.txn.Delete(roundSumKey(mv.toComm, id)); err != nil {
			return err
		}
	}
	for _, p := range parts {
		if mv.left == 0 {
			return nil
		}
		nv, _, err := mv.value(p.val)
		if err != nil {
			return err
		}
		pk := append(bytes.Clone(to), p.key[len(from):]...)
		_, same, err := t.holds(pk, nv)
		if err != nil {
			return err
		}
		if same {
			continue // copied by an earlier call
		}
		mv.spend(len(nv))
		if err := t.txn.Set(pk, nv); err != nil {
			return err
		}
	}
	if mv.left == 0 {
		return nil
	}
	nv, _, err := mv.value(val)
	if err != nil {
		return err
	}
	mv.spend(len(nv))
	if err := t.txn.Set(dst, nv); err != nil {
		return err
	}
	if err := t.txn.Delete(key); err != nil {
		return err
	}
	for _, p := range parts {
		if err := t.txn.Delete(p.key); err != nil {
			return err
		}
	}
	var sr storedRound
	if err := decodeRound(nv, &sr); err != nil {
		return err
	}
	if err := t.deletePartsFrom(mv.toComm, id, sr.Parts); err != nil {
		return err
	}
	return t.moveSummary(mv, id, nv)
}

// holds reports whether key is set and whether it holds val.
func (t *tx) holds(key, val []byte) (found, same bool, err error) {
	item, err := t.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	err = item.Value(func(b []byte) error {
		same = bytes.Equal(b, val)
		return nil
	})
	return true, same, err
}

// deletePartsFrom deletes the parts of a round from part n on.
func (t *tx) deletePartsFrom(community, id string, n int) error {
	prefix := append(roundKey(community, id), sep)
	var keys [][]byte
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	for it.Seek(roundPartKey(community, id, n)); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range keys {
		if err := t.txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// moveSummary rewrites the summary of round id, whose record was just
// rewritten as val, so that its version stays the round's and
// RoundSummaries need not decode the round. A move changes member ids,
// not the counts, so the old summary is kept as it is; a round stored
// before summaries gets one if it is stored whole, and a round in parts
// is left to RoundSummaries, as its parts may not all be moved yet.
func (t *tx) moveSummary(mv *mover, id string, val []byte) error {
	sum := new(bot.RoundSummary)
	found, err := t.getValue(roundSumKey(mv.fromComm, id), sum)
	if err != nil {
		return err
	}
	if !found {
		if len(val) == 0 || val[0] != encodingV1 {
			return nil
		}
		rd := new(bot.Round)
		if err := decode(val, rd); err != nil {
			return err
		}
		*sum = rd.Summary()
	}
	if mv.fromComm != mv.toComm {
		if err := t.txn.Delete(roundSumKey(mv.fromComm, id)); err != nil {
			return err
		}
	}
	return t.setValue(roundSumKey(mv.toComm, id), sum)
}

// moveOutbox rewrites the platform's pending outbox entries that name the
// old space, community or members, ids included.
func (t *tx) moveOutbox(mv *mover) error {
	var entries []*bot.OutboxEntry
	if err := t.Pending(mv.platform, func(e *bot.OutboxEntry) error {
		entries = append(entries, e)
		return nil
	}); err != nil {
		return err
	}
	for _, e := range entries {
		if mv.left == 0 {
			return nil
		}
		oldID := e.ID
		e.ID = mv.path(e.ID)
		val, err := encode(e)
		if err != nil {
			return err
		}
		nv, changed, err := mv.value(val)
		if err != nil {
			return fmt.Errorf("outbox entry %s: %w", oldID, err)
		}
		if !changed && e.ID == oldID {
			continue
		}
		mv.spend(len(val))
		if err := t.txn.Delete(outboxKey(mv.platform, outboxPending, oldID)); err != nil {
			return err
		}
		if err := t.txn.Delete(dueKey(mv.platform, oldID, e.NotBefore)); err != nil {
			return err
		}
		if err := t.txn.Set(outboxKey(mv.platform, outboxPending, e.ID), nv); err != nil {
			return err
		}
		if err := t.indexDue(mv.platform, e.ID, e.NotBefore); err != nil {
			return err
		}
	}
	return nil
}

// path rewrites an outbox entry id ("event/{community}/1/remind/…/{member
// id}"): the components that name the old community or one of the old
// space's members, so that the core finds the entry by the id it would
// build now.
func (mv *mover) path(id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		if p == mv.fromComm {
			parts[i] = mv.toComm
			continue
		}
		parts[i] = mv.id(p)
	}
	return strings.Join(parts, "/")
}

// mover rewrites stored values for MoveSpace.
type mover struct {
	platform, from, to string
	fromComm, toComm   string
	left               int // records this call may still move; -1: no limit
	// rename, when set, maps member ids to their new ids instead of
	// moving a space (RenameMember).
	rename map[string]string
}

// moveUnit is the size a record moved counts as one record for: a part of
// a big round counts as many, so that a call moving max of them stays as
// small a transaction as one moving max members.
const moveUnit = 2048

// spend counts one record of size bytes moved.
func (mv *mover) spend(size int) {
	if mv.left > 0 {
		mv.left = max(0, mv.left-1-size/moveUnit)
	}
}

// value returns the value with the old space's member ids, community and
// space replaced, and whether anything changed.
func (mv *mover) value(b []byte) ([]byte, bool, error) {
	if len(b) == 0 || b[0] != encodingV1 && b[0] != encodingV2 {
		return nil, false, fmt.Errorf("%w: cannot move", ErrUnknownEncoding)
	}
	dec := json.NewDecoder(bytes.NewReader(b[1:]))
	dec.UseNumber() // seeds are uint64: keep every digit
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false, err
	}
	changed := false
	v = mv.walk(v, "", &changed)
	if !changed {
		return b, false, nil
	}
	nb, err := encodeAs(b[0], v)
	return nb, true, err
}

// walk rewrites v, the value of field name ("" in arrays and at the top).
func (mv *mover) walk(v any, name string, changed *bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			nk := mv.id(k)
			if nk != k {
				*changed = true
			}
			out[nk] = mv.walk(e, k, changed)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = mv.walk(e, "", changed)
		}
		return x
	case string:
		n := mv.id(x)
		switch {
		case name == "community" && x == mv.fromComm:
			n = mv.toComm
		case (name == "space" || name == "channel") && x == mv.from:
			n = mv.to
		}
		if n != x {
			*changed = true
		}
		return n
	}
	return v
}

// id returns s as the new member id if it is one of the old space, else s.
func (mv *mover) id(s string) string {
	if mv.rename != nil {
		if n, ok := mv.rename[s]; ok {
			return n
		}
		return s
	}
	id, err := bot.ParseMemberID(s)
	if err != nil || id.Platform != mv.platform || id.Space != mv.from {
		return s
	}
	id.Space = mv.to
	return id.String()
}
