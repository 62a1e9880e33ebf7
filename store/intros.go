package store

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// Key kinds of numbered records (introductions and events) and of the
// global event index.
const (
	kindIntro      = 'i'
	kindEvent      = 'e'
	kindEventIndex = 'E'
)

// idDigits is the width numbered ids are zero-padded to in keys, so that
// byte order is numeric order.
const idDigits = 10

// paddedID returns a numbered record id zero-padded to idDigits digits.
// Ids are the decimal numbers [bot.SeqTx.NextID] hands out: positive, at
// most idDigits digits, no sign or leading zeros.
func paddedID(id string) (string, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 || len(id) > idDigits || strconv.FormatUint(n, 10) != id {
		return "", fmt.Errorf("id %q is not a number from 1 to %d digits", id, idDigits)
	}
	return fmt.Sprintf("%0*d", idDigits, n), nil
}

// numberedKey is "{kind}/{community}/{id zero-padded to 10 digits}".
func numberedKey(kind byte, community, id string) ([]byte, error) {
	if err := checkCommunity(community); err != nil {
		return nil, err
	}
	p, err := paddedID(id)
	if err != nil {
		return nil, err
	}
	return append(communityPrefix(kind, community), p...), nil
}

// seqKey is "c/{community}/seq/{name}".
func seqKey(community, name string) []byte {
	return append(communityPrefix(kindCommunity, community), "seq/"+name...)
}

// getNumbered decodes the record at "{kind}/{community}/{padded id}" into
// v; a bad community or id, or a missing key, gives [bot.ErrNotFound].
func (t *tx) getNumbered(kind byte, what, community, id string, v any) error {
	if t.done {
		return errTxDone
	}
	key, err := numberedKey(kind, community, id)
	if err != nil {
		return bot.ErrNotFound
	}
	ok, err := t.getValue(key, v)
	if err != nil {
		return fmt.Errorf("store: %s %s/%s: %w", what, community, id, err)
	}
	if !ok {
		return bot.ErrNotFound
	}
	return nil
}

// scanNumbered calls fn with every record of a kind of a community, in
// numeric id order (ids are zero-padded in keys).
func scanNumbered[T any](t *tx, kind byte, what, community string, fn func(*T) error) error {
	if checkCommunity(community) != nil {
		return nil
	}
	return scanPrefix(t, communityPrefix(kind, community), what, fn)
}

// scanPrefix decodes every value under prefix, in key order, into a fresh
// T and calls fn until it returns an error, which it returns unchanged.
func scanPrefix[T any](t *tx, prefix []byte, what string, fn func(*T) error) error {
	if t.done {
		return errTxDone
	}
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.PrefetchSize = 16
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		v := new(T)
		if err := it.Item().Value(func(b []byte) error { return decode(b, v) }); err != nil {
			return fmt.Errorf("store: %s %q: %w", what, it.Item().Key(), err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// Intro returns one introduction request by id.
func (t *tx) Intro(community, id string) (*bot.Intro, error) {
	i := new(bot.Intro)
	if err := t.getNumbered(kindIntro, "intro", community, id, i); err != nil {
		return nil, err
	}
	return i, nil
}

// PutIntro creates or replaces an introduction request, and the
// community's intro counts with it (intro_counts.go). Its id must be a
// number (from NextID).
func (t *tx) PutIntro(i *bot.Intro) error {
	if err := t.writable(); err != nil {
		return err
	}
	if i == nil {
		return errors.New("store: put intro: nil intro")
	}
	key, err := numberedKey(kindIntro, i.Community, i.ID)
	if err != nil {
		return fmt.Errorf("store: put intro: %w", err)
	}
	if err := t.noteOverwrite(key); err != nil {
		return err
	}
	if err := t.recountIntro(key, i); err != nil {
		return err
	}
	if err := t.setValue(key, i); err != nil {
		return fmt.Errorf("store: put intro %s/%s: %w", i.Community, i.ID, err)
	}
	return nil
}

// Intros calls fn for every introduction request of a community in
// numeric id order until fn returns an error, which it returns unchanged.
func (t *tx) Intros(community string, fn func(*bot.Intro) error) error {
	return scanNumbered(t, kindIntro, "intro", community, fn)
}

// NextID returns the next number of a per-community sequence. The counter
// is read, incremented and written in the transaction, so two concurrent
// transactions that take a number conflict and one of them runs again.
func (t *tx) NextID(community, seq string) (int, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	if err := checkCommunity(community); err != nil {
		return 0, fmt.Errorf("store: next id: %w", err)
	}
	if seq == "" || checkName("sequence", seq) != nil {
		return 0, fmt.Errorf("store: next id: bad sequence name %q", seq)
	}
	key := seqKey(community, seq)
	var n int
	if _, err := t.getValue(key, &n); err != nil {
		return 0, fmt.Errorf("store: sequence %s/%s: %w", community, seq, err)
	}
	n++
	if err := t.setValue(key, n); err != nil {
		return 0, fmt.Errorf("store: sequence %s/%s: %w", community, seq, err)
	}
	return n, nil
}
