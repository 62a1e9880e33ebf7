package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// roundPrefix is "r/{community}/".
func roundPrefix(community string) []byte { return communityPrefix(kindRound, community) }

// roundKey is "r/{community}/{round id}".
func roundKey(community, id string) []byte { return append(roundPrefix(community), id...) }

// roundSumKey is "c/{community}/roundsum/{round id}": the round's
// [bot.RoundSummary], written by PutRound in the round's transaction.
func roundSumKey(community, id string) []byte {
	return append(append(communityPrefix(kindCommunity, community), "roundsum/"...), id...)
}

// stateKey is "c/{community}/state".
func stateKey(community string) []byte {
	return append(communityPrefix(kindCommunity, community), "state"...)
}

// checkRoundID reports whether a round id can end a key.
func checkRoundID(id string) error {
	switch {
	case id == "":
		return errors.New("empty round id")
	case strings.ContainsRune(id, sep):
		return fmt.Errorf("round id %q holds NUL", id)
	}
	return nil
}

// getValue decodes the value at key into v; it reports false for a missing
// key.
func (t *tx) getValue(key []byte, v any) (bool, error) {
	item, err := t.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, item.Value(func(b []byte) error { return decode(b, v) })
}

// setValue encodes v and writes it at key.
func (t *tx) setValue(key []byte, v any) error {
	b, err := encode(v)
	if err != nil {
		return err
	}
	return t.txn.Set(key, b)
}

// storedRound is a round's record under its key: the whole round when
// it has at most [bot.RoundPart] groups; otherwise the round without its
// groups and the number of parts holding them.
type storedRound struct {
	*bot.Round
	Parts int `json:"parts,omitempty"`
}

// decodeRound decodes a round's record, of version 1 (whole) or 2 (in
// parts).
func decodeRound(b []byte, sr *storedRound) error {
	if len(b) > 0 && b[0] == encodingV2 {
		return json.Unmarshal(b[1:], sr)
	}
	return decode(b, sr)
}

// roundPartKey is "r/{community}/{round id}\x00{part, 6 digits}": a
// round's parts sort right after its record, before the next round's.
func roundPartKey(community, id string, part int) []byte {
	return fmt.Appendf(append(roundKey(community, id), sep), "%06d", part)
}

// pastParts is the first key after a round record's key and its parts
// ("{key}\x00…"): seeking there, an iterator over rounds skips the
// parts' blocks instead of reading through them.
func pastParts(key []byte) []byte {
	next := append(bytes.Clone(key), sep)
	if i := bytes.IndexByte(key, sep); i >= 0 {
		next = append(bytes.Clone(key[:i]), sep) // a part: past its siblings
	}
	next[len(next)-1]++
	return next
}

// roundParts is how many parts a round's groups are stored in: 0 for a
// round stored whole.
func roundParts(r *bot.Round) int {
	if len(r.Groups) <= bot.RoundPart {
		return 0
	}
	return (len(r.Groups) + bot.RoundPart - 1) / bot.RoundPart
}

// partGroups is the slice of a round's groups that part holds.
func partGroups(r *bot.Round, part int) []bot.RoundGroup {
	return r.Groups[part*bot.RoundPart : min((part+1)*bot.RoundPart, len(r.Groups))]
}

// Round returns one round of a community by id.
func (t *tx) Round(community, id string) (*bot.Round, error) {
	item, err := t.roundRecord("round", community, id)
	if err != nil {
		return nil, err
	}
	sr := storedRound{Round: new(bot.Round)}
	err = item.Value(func(b []byte) error { return decodeRound(b, &sr) })
	if err == nil {
		err = t.readParts(community, id, &sr)
	}
	if err != nil {
		return nil, fmt.Errorf("store: round %s/%s: %w", community, id, err)
	}
	return sr.Round, nil
}

// roundRecord returns the stored record of a round: errTxDone or
// bot.ErrNotFound as they are, another error of the read as one of what.
func (t *tx) roundRecord(what, community, id string) (*badger.Item, error) {
	if t.done {
		return nil, errTxDone
	}
	if checkCommunity(community) != nil || checkRoundID(id) != nil {
		return nil, bot.ErrNotFound
	}
	item, err := t.txn.Get(roundKey(community, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s %s/%s: %w", what, community, id, err)
	}
	return item, nil
}

// recordParts reads a round's record: for a round stored in parts it
// returns their number; for one stored whole it returns 0 and calls whole
// with the round's JSON, so that a caller reads only what it needs of it.
func recordParts(item *badger.Item, whole func(round []byte) error) (parts int, err error) {
	err = item.Value(func(b []byte) error {
		if len(b) > 0 && b[0] == encodingV2 {
			sr := storedRound{Round: new(bot.Round)}
			if err := decodeRound(b, &sr); err != nil {
				return err
			}
			parts = sr.Parts
			return nil
		}
		if len(b) == 0 || b[0] != encodingV1 {
			return decode(b, new(bot.Round)) // which says what is wrong
		}
		return whole(b[1:])
	})
	return parts, err
}

// readParts reads the groups of a round stored in parts into it.
func (t *tx) readParts(community, id string, sr *storedRound) error {
	groups, err := t.partGroupsOf(community, id, sr.Parts, 0, math.MaxInt)
	sr.Groups = append(sr.Groups, groups...)
	return err
}

// PutRound creates or replaces a round. A round of more than
// [bot.RoundPart] groups is stored in parts, and PutRound writes only the
// parts whose content changed: those StageRound wrote are not written
// again, and an answer rewrites the one part of its group.
func (t *tx) PutRound(r *bot.Round) error {
	if err := t.writable(); err != nil {
		return err
	}
	if r == nil {
		return errors.New("store: put round: nil round")
	}
	if err := checkCommunity(r.Community); err != nil {
		return fmt.Errorf("store: put round: %w", err)
	}
	if err := checkRoundID(r.ID); err != nil {
		return fmt.Errorf("store: put round: %w", err)
	}
	if err := t.putRound(r); err != nil {
		return fmt.Errorf("store: put round %s/%s: %w", r.Community, r.ID, err)
	}
	sum := r.Summary()
	if err := t.setValue(roundSumKey(r.Community, r.ID), &sum); err != nil {
		return fmt.Errorf("store: put round %s/%s: %w", r.Community, r.ID, err)
	}
	return nil
}

func (t *tx) putRound(r *bot.Round) error {
	parts := roundParts(r)
	for part := range parts {
		if err := t.putPart(r, part); err != nil {
			return err
		}
	}
	// Parts past the last (of a longer version, or of an attempt that
	// crashed before its commit) go: parts are always numbered from 0
	// without gaps, so the first missing one ends them.
	for part := parts; ; part++ {
		key := roundPartKey(r.Community, r.ID, part)
		found, err := t.exists(key)
		if err != nil {
			return err
		}
		if !found {
			break
		}
		t.overwrote = true
		if err := t.txn.Delete(key); err != nil {
			return err
		}
	}
	key := roundKey(r.Community, r.ID)
	if err := t.noteOverwrite(key); err != nil {
		return err
	}
	if parts == 0 {
		return t.setValue(key, r)
	}
	head := *r
	head.Groups = nil
	val, err := encodeAs(encodingV2, storedRound{Round: &head, Parts: parts})
	if err != nil {
		return err
	}
	return t.txn.Set(key, val)
}

// putPart writes one part of a round unless it holds that content already.
func (t *tx) putPart(r *bot.Round, part int) error {
	val, err := encode(partGroups(r, part))
	if err != nil {
		return err
	}
	key := roundPartKey(r.Community, r.ID, part)
	found, same, err := t.holds(key, val)
	if err != nil || same {
		return err
	}
	if found {
		t.overwrote = true // the old part names members
	}
	return t.txn.Set(key, val)
}

// StageRound writes one part of a round not yet stored, where no reader
// sees it; see [bot.RoundTx].
func (t *tx) StageRound(r *bot.Round, part int) error {
	if err := t.writable(); err != nil {
		return err
	}
	if r == nil {
		return errors.New("store: stage round: nil round")
	}
	if err := checkCommunity(r.Community); err != nil {
		return fmt.Errorf("store: stage round: %w", err)
	}
	if err := checkRoundID(r.ID); err != nil {
		return fmt.Errorf("store: stage round: %w", err)
	}
	if part < 0 || part >= roundParts(r) {
		return fmt.Errorf("store: stage round %s/%s: no part %d of %d groups", r.Community, r.ID, part, len(r.Groups))
	}
	// Reading the record makes a stage that races the round's commit
	// conflict, so that no stage changes a part of a visible round.
	switch found, err := t.exists(roundKey(r.Community, r.ID)); {
	case err != nil:
		return fmt.Errorf("store: stage round %s/%s: %w", r.Community, r.ID, err)
	case found:
		return fmt.Errorf("store: stage round %s/%s: %w", r.Community, r.ID, bot.ErrRoundExists)
	}
	if err := t.putPart(r, part); err != nil {
		return fmt.Errorf("store: stage round %s/%s: %w", r.Community, r.ID, err)
	}
	return nil
}

// Rounds calls fn for every round of a community in id order (oldest
// first) until fn returns an error, which it returns unchanged. Parts
// are read by key, not by the iterator: a read-write transaction has one
// iterator at a time.
func (t *tx) Rounds(community string, fn func(*bot.Round) error) error {
	if t.done {
		return errTxDone
	}
	return t.eachRoundRecord(community, true, func(id string, item *badger.Item) error {
		sr := storedRound{Round: new(bot.Round)}
		err := item.Value(func(b []byte) error { return decodeRound(b, &sr) })
		if err == nil {
			err = t.readParts(community, id, &sr)
		}
		if err != nil {
			return fmt.Errorf("store: round %q: %w", item.Key(), err)
		}
		return fn(sr.Round)
	})
}

// eachRoundRecord calls fn with the id and record of every round of a
// community in id order, skipping the rounds' parts, until fn returns an
// error, which it returns unchanged. prefetch reads the values ahead.
func (t *tx) eachRoundRecord(community string, prefetch bool, fn func(id string, item *badger.Item) error) error {
	if checkCommunity(community) != nil {
		return nil
	}
	prefix := roundPrefix(community)
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.PrefetchSize = 16
	opts.PrefetchValues = prefetch
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Seek(pastParts(it.Item().Key())) {
		id := it.Item().Key()[len(prefix):]
		if bytes.IndexByte(id, sep) >= 0 {
			continue // a part, read with its round
		}
		if err := fn(string(id), it.Item()); err != nil {
			return err
		}
	}
	return nil
}

// RoundSummaries calls fn with the summary of every round of a community,
// oldest first. It walks the round keys without their values and reads
// each round's summary; a summary whose version is not its round's (the
// round was rewritten by a move or a rename, or stored before summaries)
// is computed from the round instead.
func (t *tx) RoundSummaries(community string, fn func(*bot.RoundSummary) error) error {
	if t.done {
		return errTxDone
	}
	return t.eachRoundRecord(community, false, func(id string, item *badger.Item) error {
		s := new(bot.RoundSummary)
		sumItem, err := t.txn.Get(roundSumKey(community, id))
		switch {
		case err == nil && sumItem.Version() == item.Version():
			err = sumItem.Value(func(b []byte) error { return decode(b, s) })
		case err == nil || errors.Is(err, badger.ErrKeyNotFound):
			sr := storedRound{Round: new(bot.Round)}
			err = item.Value(func(b []byte) error { return decodeRound(b, &sr) })
			if err == nil {
				err = t.readParts(community, id, &sr)
			}
			if err == nil {
				*s = sr.Summary()
			}
		}
		if err != nil {
			return fmt.Errorf("store: round summary %q: %w", item.Key(), err)
		}
		return fn(s)
	})
}

// State returns the community's scheduler state; none gives a zero State.
func (t *tx) State(community string) (*bot.State, error) {
	if t.done {
		return nil, errTxDone
	}
	s := new(bot.State)
	if checkCommunity(community) != nil {
		return s, nil
	}
	if _, err := t.getValue(stateKey(community), s); err != nil {
		return nil, fmt.Errorf("store: state of %s: %w", community, err)
	}
	return s, nil
}

// PutState replaces the community's scheduler state.
func (t *tx) PutState(community string, s *bot.State) error {
	if err := t.writable(); err != nil {
		return err
	}
	if s == nil {
		return errors.New("store: put state: nil state")
	}
	if err := checkCommunity(community); err != nil {
		return fmt.Errorf("store: put state: %w", err)
	}
	if err := t.setValue(stateKey(community), s); err != nil {
		return fmt.Errorf("store: put state of %s: %w", community, err)
	}
	return nil
}
