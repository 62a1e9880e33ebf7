package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// RoundGroupOf returns the index of a member's group in a round and the
// group; -1 and nil when the round groups them in none. It looks for the
// member's id, as its JSON spells it, in the stored bytes of the round's
// groups, and decodes only the group where it is found: a search of a
// round of 50k groups costs a scan of its bytes, not the decoding of
// every group.
func (t *tx) RoundGroupOf(community, id string, member bot.MemberID) (int, *bot.RoundGroup, error) {
	item, err := t.roundRecord("round group of", community, id)
	if err != nil {
		return -1, nil, err
	}
	needle, err := json.Marshal(member)
	if err != nil {
		return -1, nil, err
	}
	gi := -1
	var g *bot.RoundGroup
	parts, err := recordParts(item, func(round []byte) error {
		i, err := groupsAt(round)
		if err != nil || i < 0 {
			return err
		}
		gi, g, err = findMember(round, i, needle, member)
		return err
	})
	for part := 0; err == nil && gi < 0 && part < parts; part++ {
		var item *badger.Item
		if item, err = t.txn.Get(roundPartKey(community, id, part)); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				err = fmt.Errorf("part %d of %d is missing", part, parts)
			}
			break
		}
		err = item.Value(func(b []byte) error {
			if len(b) == 0 || b[0] != encodingV1 {
				return decode(b, new([]bot.RoundGroup))
			}
			var err error
			if gi, g, err = findMember(b[1:], 0, needle, member); gi >= 0 {
				gi += part * bot.RoundPart
			}
			return err
		})
	}
	if err != nil {
		return -1, nil, fmt.Errorf("store: round group of %s/%s: %w", community, id, err)
	}
	return gi, g, nil
}

// groupsAt returns the index in the round JSON object b of the value of
// its "groups" key; -1 when it has none.
func groupsAt(b []byte) (int, error) {
	i := space(b, 0)
	if at(b, i) != '{' {
		return 0, errJSON
	}
	i = space(b, i+1)
	for at(b, i) != '}' {
		k, err := skipValue(b, i)
		if err != nil || b[i] != '"' {
			return 0, errJSON
		}
		key := string(b[i:k])
		i = space(b, k)
		if at(b, i) != ':' {
			return 0, errJSON
		}
		i = space(b, i+1)
		if key == `"groups"` {
			return i, nil
		}
		if i, err = skipValue(b, i); err != nil {
			return 0, err
		}
		i = space(b, i)
		if at(b, i) == ',' {
			i = space(b, i+1)
		}
	}
	return -1, nil
}

// findMember returns the index of the first element of the JSON array
// of groups at b[i] whose members hold member, and that group; -1 when
// none does. needle is member's JSON: only an element holding it is
// decoded.
func findMember(b []byte, i int, needle []byte, member bot.MemberID) (int, *bot.RoundGroup, error) {
	if at(b, i) == 'n' {
		return -1, nil, nil
	}
	if at(b, i) != '[' {
		return -1, nil, errJSON
	}
	i = space(b, i+1)
	n := 0
	for from := i; ; {
		k := bytes.Index(b[from:], needle)
		if k < 0 {
			return -1, nil, nil
		}
		hit := from + k
		// Walk to the element holding the hit.
		for {
			if at(b, i) == ']' || i >= len(b) {
				return -1, nil, nil
			}
			j, err := skipValue(b, i)
			if err != nil {
				return -1, nil, err
			}
			if j > hit {
				var g bot.RoundGroup
				if err := json.Unmarshal(b[i:j], &g); err != nil {
					return -1, nil, err
				}
				if slices.Contains(g.Members, member) {
					return n, &g, nil
				}
				from = j // named otherwise (an answer, a reason): look on
			}
			i = space(b, j)
			if at(b, i) == ',' {
				i = space(b, i+1)
			}
			n++
			if j > hit {
				break
			}
		}
	}
}
