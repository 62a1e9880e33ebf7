package store

import (
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// Key kinds of linked accounts.
const (
	kindAccount  = 'a' // a/{community}/{account id}\x00{primary id}: a linked account (value empty)
	kindLinkCode = 'l' // l/{code}: a one-time `link` code (value: the bot.LinkCode, with a TTL)
)

// accountPrefix is "a/{community}/{account id}\x00".
func accountPrefix(community string, account bot.MemberID) []byte {
	b := append(communityPrefix(kindAccount, community), account.String()...)
	return append(b, sep)
}

// accountKey is "a/{community}/{account id}\x00{primary id}". PutMember
// writes it as an index entry of the primary's record (see indexKeys), so
// it comes and goes with the record.
func accountKey(community string, account, primary bot.MemberID) []byte {
	return append(accountPrefix(community, account), primary.String()...)
}

// primary returns the primary id that account is linked to, or
// [bot.ErrNotFound].
func (t *tx) primary(community string, account bot.MemberID) (bot.MemberID, error) {
	prefix := accountPrefix(community, account)
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	it.Rewind()
	if !it.Valid() {
		return bot.MemberID{}, bot.ErrNotFound
	}
	key := it.Item().Key()
	id, err := bot.ParseMemberID(string(key[len(prefix):]))
	if err != nil {
		return bot.MemberID{}, fmt.Errorf("store: account index %q: %w", key, err)
	}
	return id, nil
}

func linkCodeKey(code string) []byte { return append([]byte{kindLinkCode, '/'}, code...) }

// PutLinkCode implements bot.AccountTx.
func (t *tx) PutLinkCode(code string, l *bot.LinkCode, ttl time.Duration) error {
	if err := t.writable(); err != nil {
		return err
	}
	if !validToken(code) || checkCommunity(l.Community) != nil || checkID(l.ID) != nil || ttl <= 0 {
		return fmt.Errorf("store: put link code for %s: invalid code, community, id or ttl", l.ID)
	}
	val, err := encode(l)
	if err != nil {
		return err
	}
	ttl = ttl.Truncate(time.Second) + time.Second
	return t.txn.SetEntry(badger.NewEntry(linkCodeKey(code), val).WithTTL(ttl))
}

// LinkCode implements bot.AccountTx.
func (t *tx) LinkCode(code string) (*bot.LinkCode, error) {
	if t.done {
		return nil, errTxDone
	}
	if !validToken(code) {
		return nil, bot.ErrNotFound
	}
	var l bot.LinkCode
	found, err := t.getValue(linkCodeKey(code), &l)
	if err != nil {
		return nil, fmt.Errorf("store: link code: %w", err)
	}
	if !found {
		return nil, bot.ErrNotFound
	}
	return &l, nil
}

// DeleteLinkCode implements bot.AccountTx.
func (t *tx) DeleteLinkCode(code string) error {
	if err := t.writable(); err != nil {
		return err
	}
	if !validToken(code) {
		return nil
	}
	t.overwrote = true
	return t.txn.Delete(linkCodeKey(code))
}

// RenameMember implements bot.AccountTx with MoveSpace's rewriter: every
// string (and map key) equal to from's id becomes to's, wherever it is
// in the community's values and in outbox entry ids.
func (t *tx) RenameMember(community string, from, to bot.MemberID) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := checkCommunity(community); err != nil {
		return fmt.Errorf("store: rename member: %w", err)
	}
	for _, id := range []bot.MemberID{from, to} {
		if err := checkID(id); err != nil {
			return fmt.Errorf("store: rename member: %w", err)
		}
	}
	if ok, err := t.exists(memberKey(community, from)); err != nil || ok {
		return fmt.Errorf("store: rename member %s: its record still exists (%v)", from, err)
	}
	mv := &mover{fromComm: community, toComm: community, left: -1, rename: map[string]string{from.String(): to.String()}}
	t.overwrote = true
	if err := t.moveMembers(mv); err != nil {
		return fmt.Errorf("store: rename member %s: %w", from, err)
	}
	for _, kind := range []byte{kindCommunity, kindRound, kindIntro, kindEvent} {
		if err := t.moveRecords(mv, kind); err != nil {
			return fmt.Errorf("store: rename member %s: %w", from, err)
		}
	}
	for _, p := range []string{from.Platform, to.Platform} {
		mv.platform = p
		if err := t.moveOutbox(mv); err != nil {
			return fmt.Errorf("store: rename member %s: %w", from, err)
		}
		if from.Platform == to.Platform {
			break
		}
	}
	return nil
}
