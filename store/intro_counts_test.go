package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// TestIntroCountsMadeWhenMissing: intros stored before the store kept
// their counts (the record deleted here) show right figures: the bot's
// read counts them once and stores the counts, and a PutIntro first
// counts the others and then applies its own change. A move between
// communities drops the counts of both, which are then made again.
func TestIntroCountsMadeWhenMissing(t *testing.T) {
	ctx := context.Background()
	db := openDir(t, t.TempDir(), nil)
	defer closeDB(t, db)
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	intro := func(community, id string, st bot.IntroState) *bot.Intro {
		return &bot.Intro{Community: community, ID: id, State: st, Created: at, Sent: at,
			From: bot.MemberID{Platform: "telegram", Space: "-100", User: "a"}, To: bot.MemberID{Platform: "telegram", Space: "-100", User: "b" + id}}
	}
	put := func(is ...*bot.Intro) {
		t.Helper()
		if err := db.Update(ctx, func(tx bot.Tx) error {
			for _, i := range is {
				if err := tx.PutIntro(i); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	forget := func(community string) {
		t.Helper()
		if err := db.bdb.Update(func(txn *badger.Txn) error { return txn.Delete(introCountsKey(community)) }); err != nil {
			t.Fatal(err)
		}
	}
	stored := func(community string) (bot.IntroCounts, error) {
		var c bot.IntroCounts
		err := db.View(ctx, func(tx bot.Tx) error { var err error; c, err = tx.IntroCounts(community); return err })
		return c, err
	}
	const from, to = "telegram--100", "telegram--200"
	put(intro(from, "1", bot.IntroAccepted), intro(from, "2", bot.IntroDeclined), intro(from, "3", bot.IntroPending))
	forget(from)
	if _, err := stored(from); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("counts after deleting them: %v, want ErrNotFound", err)
	}

	b, err := bot.New(bot.Config{Store: db, Now: func() time.Time { return at },
		Communities: []bot.Community{{ID: from, Spaces: []bot.Space{{Platform: "telegram", ID: "-100"}}, Settings: bot.DefaultSettings()}}})
	if err != nil {
		t.Fatal(err)
	}
	want := bot.IntroCounts{Requested: 3, Accepted: 1, Declined: 1}
	if got, err := b.IntroCounts(ctx, from); err != nil || got != want {
		t.Errorf("bot's counts = %+v, %v; want %+v", got, err, want)
	}
	if got, err := stored(from); err != nil || got != want {
		t.Errorf("stored counts after the bot's read = %+v, %v; want %+v", got, err, want)
	}

	forget(from)
	put(intro(from, "3", bot.IntroExpired))
	want = bot.IntroCounts{Requested: 3, Accepted: 1, Declined: 1, Expired: 1}
	if got, err := stored(from); err != nil || got != want {
		t.Errorf("counts after a PutIntro with none = %+v, %v; want %+v", got, err, want)
	}

	// The target community's intro 1 is replaced by the moved one.
	put(intro(to, "1", bot.IntroDeclined), intro(to, "4", bot.IntroAccepted))
	if err := db.Update(ctx, func(tx bot.Tx) error {
		_, err := tx.MoveSpace("telegram", "-100", "-200", from, to, 0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{from, to} {
		if _, err := stored(c); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("counts of %s after a move: %v, want ErrNotFound", c, err)
		}
	}
	put(intro(to, "5", bot.IntroPending))
	want = bot.IntroCounts{Requested: 5, Accepted: 2, Declined: 1, Expired: 1}
	if got, err := stored(to); err != nil || got != want {
		t.Errorf("counts after the move and a PutIntro = %+v, %v; want %+v", got, err, want)
	}
}
