package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// A space bigger than one Badger transaction moves in batches, each a
// transaction of its own, until MoveSpace says it is done.
func TestBigSpaceMovesInBatches(t *testing.T) {
	ctx := context.Background()
	db, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 2000
	var ms []*bot.Member
	for i := range n {
		m := member("telegram--100", fmt.Sprint("U", i), "go", "ux design", "sales")
		m.ID.Platform, m.ID.Space = "telegram", "-100"
		m.Profile.Bio = "a bio of some length, like people write, with a few words about them and their work"
		ms = append(ms, m)
	}
	if err := db.Import(ctx, ms); err != nil {
		t.Fatal(err)
	}
	calls := 0
	for done := false; !done; calls++ {
		err := db.Update(ctx, func(tx bot.Tx) error {
			var err error
			done, err = tx.MoveSpace("telegram", "-100", "-200", "telegram--100", "telegram--200", 250)
			return err
		})
		if err != nil {
			t.Fatalf("call %d: %v", calls+1, err)
		}
	}
	if calls < n/250 {
		t.Errorf("%d calls, want at least %d", calls, n/250)
	}
	count := func(community string) (k int) {
		db.View(ctx, func(tx bot.Tx) error {
			return tx.Members(community, func(m *bot.Member) error {
				if m.ID.Space != "-200" {
					t.Errorf("member %s under %s", m.ID, community)
				}
				k++
				return nil
			})
		})
		return k
	}
	if old, moved := count("telegram--100"), count("telegram--200"); old != 0 || moved != n {
		t.Errorf("%d members left, %d moved; want 0 and %d", old, moved, n)
	}
}
