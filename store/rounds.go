package store

import (
	"errors"
	"fmt"
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

// Round returns one round of a community by id.
func (t *tx) Round(community, id string) (*bot.Round, error) {
	if t.done {
		return nil, errTxDone
	}
	if checkCommunity(community) != nil || checkRoundID(id) != nil {
		return nil, bot.ErrNotFound
	}
	r := new(bot.Round)
	ok, err := t.getValue(roundKey(community, id), r)
	if err != nil {
		return nil, fmt.Errorf("store: round %s/%s: %w", community, id, err)
	}
	if !ok {
		return nil, bot.ErrNotFound
	}
	return r, nil
}

// PutRound creates or replaces a round.
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
	if err := t.noteOverwrite(roundKey(r.Community, r.ID)); err != nil {
		return err
	}
	if err := t.setValue(roundKey(r.Community, r.ID), r); err != nil {
		return fmt.Errorf("store: put round %s/%s: %w", r.Community, r.ID, err)
	}
	sum := r.Summary()
	if err := t.setValue(roundSumKey(r.Community, r.ID), &sum); err != nil {
		return fmt.Errorf("store: put round %s/%s: %w", r.Community, r.ID, err)
	}
	return nil
}

// Rounds calls fn for every round of a community in id order (oldest
// first) until fn returns an error, which it returns unchanged.
func (t *tx) Rounds(community string, fn func(*bot.Round) error) error {
	if t.done {
		return errTxDone
	}
	if checkCommunity(community) != nil {
		return nil
	}
	return scanPrefix(t, roundPrefix(community), "round", fn)
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
	if checkCommunity(community) != nil {
		return nil
	}
	prefix := roundPrefix(community)
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.PrefetchValues = false
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		s := new(bot.RoundSummary)
		sumItem, err := t.txn.Get(roundSumKey(community, string(item.Key()[len(prefix):])))
		switch {
		case err == nil && sumItem.Version() == item.Version():
			err = sumItem.Value(func(b []byte) error { return decode(b, s) })
		case err == nil || errors.Is(err, badger.ErrKeyNotFound):
			r := new(bot.Round)
			if err = item.Value(func(b []byte) error { return decode(b, r) }); err == nil {
				*s = r.Summary()
			}
		}
		if err != nil {
			return fmt.Errorf("store: round summary %q: %w", item.Key(), err)
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
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
