package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// snapshotPrefix is "c/{community}/snap/": under the community's kind, so
// that moving or forgetting a community takes its snapshots along.
func snapshotPrefix(community string) []byte {
	return append(communityPrefix(kindCommunity, community), "snap/"...)
}

// snapshotKey is "c/{community}/snap/{YYYY-MM-DD}": days sort by date.
func snapshotKey(community, day string) []byte { return append(snapshotPrefix(community), day...) }

func checkDay(day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return fmt.Errorf("snapshot day %q is not YYYY-MM-DD", day)
	}
	return nil
}

// Snapshot returns a community's snapshot of one day.
func (t *tx) Snapshot(community, day string) (*bot.Snapshot, error) {
	if t.done {
		return nil, errTxDone
	}
	if checkCommunity(community) != nil || checkDay(day) != nil {
		return nil, bot.ErrNotFound
	}
	s := new(bot.Snapshot)
	ok, err := t.getValue(snapshotKey(community, day), s)
	if err != nil {
		return nil, fmt.Errorf("store: snapshot %s/%s: %w", community, day, err)
	}
	if !ok {
		return nil, bot.ErrNotFound
	}
	return s, nil
}

// PutSnapshot creates or replaces the snapshot of its day.
func (t *tx) PutSnapshot(s *bot.Snapshot) error {
	if err := t.writable(); err != nil {
		return err
	}
	if s == nil {
		return errors.New("store: put snapshot: nil snapshot")
	}
	if err := checkCommunity(s.Community); err != nil {
		return fmt.Errorf("store: put snapshot: %w", err)
	}
	if err := checkDay(s.Day); err != nil {
		return fmt.Errorf("store: put snapshot: %w", err)
	}
	if err := t.setValue(snapshotKey(s.Community, s.Day), s); err != nil {
		return fmt.Errorf("store: put snapshot %s/%s: %w", s.Community, s.Day, err)
	}
	return nil
}

// Snapshots calls fn for a community's snapshots from day from on, oldest
// first.
func (t *tx) Snapshots(community, from string, fn func(*bot.Snapshot) error) error {
	if t.done {
		return errTxDone
	}
	if checkCommunity(community) != nil {
		return nil
	}
	prefix := snapshotPrefix(community)
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Seek(append(prefix, from...)); it.Valid(); it.Next() {
		s := new(bot.Snapshot)
		if err := it.Item().Value(func(b []byte) error { return decode(b, s) }); err != nil {
			return fmt.Errorf("store: snapshot %q: %w", it.Item().Key(), err)
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}
