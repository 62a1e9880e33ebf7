package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// kindToken is the key kind of button tokens ("t/{token}", value: the
// command, with a TTL).
const kindToken = 't'

func tokenKey(token string) []byte {
	return append([]byte{kindToken, '/'}, token...)
}

// PutToken implements bot.TokenTx.
func (t *tx) PutToken(token, command string, ttl time.Duration) error {
	if err := t.writable(); err != nil {
		return err
	}
	if !validToken(token) {
		return fmt.Errorf("store: put token %q: want 1 to 16 letters and digits", token)
	}
	if ttl <= 0 {
		return fmt.Errorf("store: put token %s: want a positive ttl", token)
	}
	ttl = ttl.Truncate(time.Second) + time.Second
	if err := t.txn.SetEntry(badger.NewEntry(tokenKey(token), []byte(command)).WithTTL(ttl)); err != nil {
		return fmt.Errorf("store: put token %s: %w", token, err)
	}
	return nil
}

// Token implements bot.TokenTx.
func (t *tx) Token(token string) (string, error) {
	if t.done {
		return "", errTxDone
	}
	if !validToken(token) {
		return "", bot.ErrNotFound
	}
	item, err := t.txn.Get(tokenKey(token))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", bot.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: token %s: %w", token, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return "", fmt.Errorf("store: token %s: %w", token, err)
	}
	return string(v), nil
}

func validToken(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
