package store

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rete-bot/rete/bot"
)

// encodingV1 is the current value encoding: one version byte, then JSON.
const encodingV1 = 1

// encodingV2 is version 1's JSON, for the record of a round whose groups
// are in parts and for nothing else (see decodeRound): a release from
// before parts would read it as a round without groups, so its version
// makes such a release refuse it.
const encodingV2 = 2

// ErrUnknownEncoding is wrapped by the error for a stored value whose
// encoding version this release does not know (a data dir written by a
// newer rete, or a damaged one).
var ErrUnknownEncoding = errors.New("unknown value encoding")

// encode returns v as a version-1 value.
func encode(v any) ([]byte, error) { return encodeAs(encodingV1, v) }

// encodeAs returns v as a value of a version (1 or 2: both JSON).
func encodeAs(version byte, v any) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 1+len(js))
	out = append(out, version)
	return append(out, js...), nil
}

// decode parses a value written by encode (any version this release knows)
// into v. It does not keep a reference to b.
func decode(b []byte, v any) error {
	if len(b) == 0 {
		return fmt.Errorf("%w: empty value", ErrUnknownEncoding)
	}
	if b[0] != encodingV1 {
		return fmt.Errorf("%w: version %d (this release reads version %d; is the data dir from a newer rete?)",
			ErrUnknownEncoding, b[0], encodingV1)
	}
	return json.Unmarshal(b[1:], v)
}

// decodeMember decodes a member value.
func decodeMember(b []byte) (*bot.Member, error) {
	m := new(bot.Member)
	if err := decode(b, m); err != nil {
		return nil, err
	}
	return m, nil
}
