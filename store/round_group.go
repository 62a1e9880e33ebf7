package store

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// RoundHead returns a round without its groups. A round stored whole has
// its groups skipped over, not decoded; one in parts has its record read
// and no part.
func (t *tx) RoundHead(community, id string) (*bot.Round, error) {
	item, err := t.roundRecord("round head", community, id)
	if err != nil {
		return nil, err
	}
	r := new(bot.Round)
	err = item.Value(func(b []byte) error {
		if len(b) > 0 && b[0] == encodingV2 {
			return decodeRound(b, &storedRound{Round: r})
		}
		// The outer Groups shadows the round's: groups stay raw.
		return decode(b, &struct {
			*bot.Round
			Groups json.RawMessage `json:"groups"`
		}{Round: r})
	})
	if err != nil {
		return nil, fmt.Errorf("store: round head %s/%s: %w", community, id, err)
	}
	return r, nil
}

// PutRoundGroup replaces group index of a stored round. A round in parts
// has the one part holding the group written, its record written again
// unchanged (so that its version stays its summary's) and its summary
// moved by the group's change; a round stored whole is written whole.
func (t *tx) PutRoundGroup(community, id string, index int, g *bot.RoundGroup) error {
	if err := t.writable(); err != nil {
		return err
	}
	if g == nil {
		return errors.New("store: put round group: nil group")
	}
	if checkCommunity(community) != nil || checkRoundID(id) != nil || index < 0 {
		return bot.ErrNotFound
	}
	key := roundKey(community, id)
	item, err := t.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return bot.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: put round group %s/%s: %w", community, id, err)
	}
	version := item.Version()
	record, err := item.ValueCopy(nil)
	if err != nil {
		return fmt.Errorf("store: put round group %s/%s: %w", community, id, err)
	}
	if len(record) == 0 || record[0] != encodingV2 {
		r, err := t.Round(community, id)
		if err != nil {
			return err
		}
		if index >= len(r.Groups) {
			return bot.ErrNotFound
		}
		r.Groups[index] = *g
		return t.PutRound(r)
	}
	if err := t.putGroupPart(community, id, index, g, version, record); err != nil {
		if errors.Is(err, bot.ErrNotFound) {
			return err
		}
		return fmt.Errorf("store: put round group %s/%s: %w", community, id, err)
	}
	return nil
}

// putGroupPart is PutRoundGroup for a round in parts whose record, of
// version version, is record.
func (t *tx) putGroupPart(community, id string, index int, g *bot.RoundGroup, version uint64, record []byte) error {
	sr := storedRound{Round: new(bot.Round)}
	if err := decodeRound(record, &sr); err != nil {
		return err
	}
	part := index / bot.RoundPart
	if part >= sr.Parts {
		return bot.ErrNotFound
	}
	var groups []bot.RoundGroup
	partKey := roundPartKey(community, id, part)
	ok, err := t.getValue(partKey, &groups)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("part %d of %d is missing", part, sr.Parts)
	}
	i := index - part*bot.RoundPart
	if i >= len(groups) {
		return bot.ErrNotFound
	}
	old := groups[i]
	groups[i] = *g
	t.overwrote = true // the old part names members
	if err := t.setValue(partKey, groups); err != nil {
		return err
	}
	sum := new(bot.RoundSummary)
	sumItem, err := t.txn.Get(roundSumKey(community, id))
	switch {
	case err == nil && sumItem.Version() == version:
		if err := sumItem.Value(func(b []byte) error { return decode(b, sum) }); err != nil {
			return err
		}
		sum.Count(&old, -1)
		sum.Count(g, 1)
	case err == nil || errors.Is(err, badger.ErrKeyNotFound):
		// No summary of this version: the whole round, new part
		// included, gives it.
		r, err := t.Round(community, id)
		if err != nil {
			return err
		}
		*sum = r.Summary()
	default:
		return err
	}
	if err := t.txn.Set(roundKey(community, id), record); err != nil {
		return err
	}
	return t.setValue(roundSumKey(community, id), sum)
}
