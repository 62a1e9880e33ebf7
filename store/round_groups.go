package store

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rete-bot/rete/bot"
)

// RoundGroups returns groups from to to (exclusive) of a round, fewer at
// its end. It decodes only those: the others are skipped over in the
// stored JSON, so that a page of a round of 50k groups (a value of
// several MB) costs a scan of bytes, not the decoding of every group.
func (t *tx) RoundGroups(community, id string, from, to int) ([]bot.RoundGroup, error) {
	item, err := t.roundRecord("round groups", community, id)
	if err != nil {
		return nil, err
	}
	var out []bot.RoundGroup
	parts, err := recordParts(item, func(round []byte) error {
		var err error
		out, err = groupsOf(round, max(from, 0), to)
		return err
	})
	if err == nil && parts > 0 {
		out, err = t.partGroupsOf(community, id, parts, max(from, 0), to)
	}
	if err != nil {
		return nil, fmt.Errorf("store: round groups %s/%s: %w", community, id, err)
	}
	return out, nil
}

// partGroupsOf decodes groups from to to of a round stored in parts,
// reading only the parts that hold them.
func (t *tx) partGroupsOf(community, id string, parts, from, to int) ([]bot.RoundGroup, error) {
	var out []bot.RoundGroup
	for part := from / bot.RoundPart; part < parts && part*bot.RoundPart < to; part++ {
		var groups []bot.RoundGroup
		ok, err := t.getValue(roundPartKey(community, id, part), &groups)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("part %d of %d is missing", part, parts)
		}
		lo := part * bot.RoundPart
		out = append(out, groups[max(from-lo, 0):min(to-lo, len(groups))]...)
	}
	return out, nil
}

var errJSON = errors.New("malformed round JSON")

// groupsOf decodes elements from to to of the "groups" array of a round's
// JSON object b.
func groupsOf(b []byte, from, to int) ([]bot.RoundGroup, error) {
	i, err := groupsAt(b)
	if err != nil || i < 0 {
		return nil, err
	}
	return elements(b, i, from, to)
}

// elements decodes elements from to to of the JSON array at b[i] (null
// is empty).
func elements(b []byte, i, from, to int) ([]bot.RoundGroup, error) {
	if at(b, i) == 'n' {
		return nil, nil
	}
	if at(b, i) != '[' {
		return nil, errJSON
	}
	var out []bot.RoundGroup
	i = space(b, i+1)
	for n := 0; n < to && at(b, i) != ']'; n++ {
		j, err := skipValue(b, i)
		if err != nil {
			return nil, err
		}
		if n >= from {
			var g bot.RoundGroup
			if err := json.Unmarshal(b[i:j], &g); err != nil {
				return nil, err
			}
			out = append(out, g)
		}
		i = space(b, j)
		if at(b, i) == ',' {
			i = space(b, i+1)
		}
	}
	return out, nil
}

// skipValue returns the index just past the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	switch at(b, i) {
	case '"':
		for i++; i < len(b); i++ {
			switch b[i] {
			case '\\':
				i++
			case '"':
				return i + 1, nil
			}
		}
		return 0, errJSON
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				j, err := skipValue(b, i)
				if err != nil {
					return 0, err
				}
				i = j - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1, nil
				}
			}
		}
		return 0, errJSON
	case 0:
		return 0, errJSON
	}
	for ; i < len(b); i++ { // a number, true, false or null
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i, nil
		}
	}
	return i, nil
}

// space returns the index of the first byte from i on that is no white
// space.
func space(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// at is b[i], 0 past the end.
func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}
