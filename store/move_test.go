package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match"
)

// A space bigger than one Badger transaction moves in batches, each a
// transaction of its own, until MoveSpace says it is done.
func TestBigSpaceMovesInBatches(t *testing.T) {
	ctx := context.Background()
	db := openDir(t, t.TempDir(), nil)
	defer closeDB(t, db)
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

// Rounds in parts count by their size: a batch of 250 records of which
// many are parts of big rounds still fits one transaction.
func TestBigRoundsMoveInBatches(t *testing.T) {
	ctx := context.Background()
	db := openDir(t, t.TempDir(), nil)
	defer closeDB(t, db)
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	var rounds []*bot.Round
	for w := range 4 { // 4 rounds of 2 parts of about 200 KB
		r := &bot.Round{Community: "telegram--100", ID: bot.RoundID(period.AddDate(0, 0, 7*w), false), Period: period.AddDate(0, 0, 7*w)}
		for i := range 2 * bot.RoundPart {
			a := bot.MemberID{Platform: "telegram", Space: "-100", User: fmt.Sprint("U", 2*i)}
			b := bot.MemberID{Platform: "telegram", Space: "-100", User: fmt.Sprint("U", 2*i+1)}
			r.Groups = append(r.Groups, bot.RoundGroup{Members: []bot.MemberID{a, b},
				Reasons: []match.Reason{{Kind: match.ReasonComplement, Giver: a.String(), Taker: b.String(), Skill: "kubernetes operations and reliability"}},
				Key:     fmt.Sprintf("%064d", i)})
		}
		for part := range 2 {
			if err := db.Update(ctx, func(tx bot.Tx) error { return tx.StageRound(r, part) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Update(ctx, func(tx bot.Tx) error { return tx.PutRound(r) }); err != nil {
			t.Fatal(err)
		}
		rounds = append(rounds, r)
	}
	for done, calls := false, 1; !done; calls++ {
		err := db.Update(ctx, func(tx bot.Tx) error {
			var err error
			done, err = tx.MoveSpace("telegram", "-100", "-200", "telegram--100", "telegram--200", 250)
			return err
		})
		if err != nil {
			t.Fatalf("call %d: %v", calls, err)
		}
	}
	db.View(ctx, func(tx bot.Tx) error {
		n := 0
		err := tx.Rounds("telegram--200", func(r *bot.Round) error {
			n++
			if len(r.Groups) != 2*bot.RoundPart || r.Groups[len(r.Groups)-1].Members[1].Space != "-200" {
				t.Errorf("round %s moved with %d groups, last %v", r.ID, len(r.Groups), r.Groups[len(r.Groups)-1].Members)
			}
			return nil
		})
		if err != nil || n != len(rounds) {
			t.Errorf("%d rounds moved (%v), want %d", n, err, len(rounds))
		}
		return nil
	})
}

// A round moved onto a round of the same id with more parts leaves none
// of the old parts stored, nor the moved round's in the old community.
func TestMovedRoundLeavesNoOldParts(t *testing.T) {
	ctx := context.Background()
	db := openMem(t)
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for comm, groups := range map[string]int{"telegram--100": bot.RoundPart + 1, "telegram--200": 3*bot.RoundPart + 1} {
		r := &bot.Round{Community: comm, ID: bot.RoundID(period, false), Period: period}
		for i := range groups {
			r.Groups = append(r.Groups, bot.RoundGroup{Members: []bot.MemberID{{Platform: "telegram", Space: "-100", User: fmt.Sprint("U", i)}}})
		}
		for part := range (groups + bot.RoundPart - 1) / bot.RoundPart {
			if err := db.Update(ctx, func(tx bot.Tx) error { return tx.StageRound(r, part) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Update(ctx, func(tx bot.Tx) error { return tx.PutRound(r) }); err != nil {
			t.Fatal(err)
		}
	}
	for done := false; !done; {
		if err := db.Update(ctx, func(tx bot.Tx) error {
			var err error
			done, err = tx.MoveSpace("telegram", "-100", "-200", "telegram--100", "telegram--200", 3)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	id := bot.RoundID(period, false)
	for comm, want := range map[string]int{"telegram--100": 0, "telegram--200": 2} {
		n := 0
		db.View(ctx, func(btx bot.Tx) error {
			stx := btx.(*tx)
			it := stx.txn.NewIterator(badger.IteratorOptions{Prefix: append(roundKey(comm, id), sep)})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				n++
			}
			return nil
		})
		if n != want {
			t.Errorf("%s: %d parts stored, want %d", comm, n, want)
		}
	}
}
