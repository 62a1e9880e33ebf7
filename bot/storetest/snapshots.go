package storetest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// testSnapshots checks that daily snapshots round-trip, list from a day
// on in date order, and stay in their community.
func testSnapshots(t *testing.T, s bot.Store) {
	days := []string{"2026-03-03", "2026-03-01", "2026-03-02"}
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		for i, d := range days {
			if err := tx.PutSnapshot(&bot.Snapshot{Community: "c1", Day: d, Members: map[bot.Status]int{bot.StatusActive: i + 1, bot.StatusPaused: 2},
				IntrosRequested: 5, IntrosAccepted: 3, IntrosExpired: 1, Rounds: i,
				Offers: []bot.SkillCount{{Skill: "go", N: i + 1}}, Unmet: []bot.SkillCount{{Skill: "rust", N: 1}}}); err != nil {
				return err
			}
		}
		if err := tx.PutSnapshot(&bot.Snapshot{Community: "c1", Day: "March 4"}); err == nil {
			t.Error("a snapshot with a malformed day was stored")
		}
		return tx.PutSnapshot(&bot.Snapshot{Community: "c2", Day: "2026-03-02"})
	})
	if err != nil {
		t.Fatal(err)
	}
	view(t, s, func(tx bot.Tx) error {
		got, err := tx.Snapshot("c1", "2026-03-01")
		if err != nil {
			return err
		}
		want := &bot.Snapshot{Community: "c1", Day: "2026-03-01", Members: map[bot.Status]int{bot.StatusActive: 2, bot.StatusPaused: 2},
			IntrosRequested: 5, IntrosAccepted: 3, IntrosExpired: 1, Rounds: 1,
			Offers: []bot.SkillCount{{Skill: "go", N: 2}}, Unmet: []bot.SkillCount{{Skill: "rust", N: 1}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("snapshot %+v, want %+v", got, want)
		}
		if _, err := tx.Snapshot("c1", "2026-02-28"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("missing day: %v, want ErrNotFound", err)
		}
		var listed []string
		if err := tx.Snapshots("c1", "2026-03-02", func(sn *bot.Snapshot) error { listed = append(listed, sn.Day); return nil }); err != nil {
			return err
		}
		if !reflect.DeepEqual(listed, []string{"2026-03-02", "2026-03-03"}) {
			t.Errorf("snapshots from 2026-03-02: %v", listed)
		}
		return nil
	})
}
