package store

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// eventIndexPrefix is "E/{id}\x00".
func eventIndexPrefix(id string) []byte {
	b := append([]byte{kindEventIndex, '/'}, id...)
	return append(b, sep)
}

// eventIndexKey is "E/{id}\x00{community}".
func eventIndexKey(id, community string) []byte {
	return append(eventIndexPrefix(id), community...)
}

// Event returns one event by id.
func (t *tx) Event(community, id string) (*bot.Event, error) {
	e := new(bot.Event)
	if err := t.getNumbered(kindEvent, "event", community, id, e); err != nil {
		return nil, err
	}
	return e, nil
}

// PutEvent creates or replaces an event and its entry in the global id
// index. Its id must be a number (from NextID).
func (t *tx) PutEvent(e *bot.Event) error {
	if err := t.writable(); err != nil {
		return err
	}
	if e == nil {
		return errors.New("store: put event: nil event")
	}
	key, err := numberedKey(kindEvent, e.Community, e.ID)
	if err != nil {
		return fmt.Errorf("store: put event: %w", err)
	}
	if err := t.noteOverwrite(key); err != nil {
		return err
	}
	if err := t.setValue(key, e); err != nil {
		return fmt.Errorf("store: put event %s/%s: %w", e.Community, e.ID, err)
	}
	if err := t.txn.Set(eventIndexKey(e.ID, e.Community), nil); err != nil {
		return fmt.Errorf("store: put event %s/%s: index: %w", e.Community, e.ID, err)
	}
	return nil
}

// Events calls fn for every event of a community in numeric id order
// until fn returns an error, which it returns unchanged.
func (t *tx) Events(community string, fn func(*bot.Event) error) error {
	return scanNumbered(t, kindEvent, "event", community, fn)
}

// EventByID finds an event by id in any community. Event ids are numbered
// per community, so one id may name events of several communities: the
// index "E/{id}\x00{community}" lists them and the lowest community id
// wins. Callers that know the community should use Event.
func (t *tx) EventByID(id string) (*bot.Event, error) {
	if t.done {
		return nil, errTxDone
	}
	if _, err := paddedID(id); err != nil {
		return nil, bot.ErrNotFound
	}
	prefix := eventIndexPrefix(id)
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	it.Rewind()
	if !it.Valid() {
		return nil, bot.ErrNotFound
	}
	community := string(it.Item().Key()[len(prefix):])
	e, err := t.Event(community, id)
	if errors.Is(err, bot.ErrNotFound) {
		return nil, fmt.Errorf("store: event index %q names a missing event", it.Item().Key())
	}
	return e, err
}
