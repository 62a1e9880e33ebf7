package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// A round in parts is a version-2 record, which a release from before
// parts (reading version 1 only) refuses instead of reading it as a
// round without groups; a round stored whole stays version 1.
func TestRoundInPartsIsRefusedByOlderReleases(t *testing.T) {
	db := openMem(t)
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		groups  int
		version byte
	}{{bot.RoundPart, encodingV1}, {bot.RoundPart + 1, encodingV2}} {
		r := &bot.Round{Community: "c", ID: bot.RoundID(period, false), Period: period}
		period = period.AddDate(0, 0, 7)
		for i := range tc.groups {
			r.Groups = append(r.Groups, bot.RoundGroup{Members: []bot.MemberID{{Platform: "slack", Space: "T1", User: fmt.Sprint("U", i)}}})
		}
		err := db.Update(t.Context(), func(tx bot.Tx) error {
			if tc.groups > bot.RoundPart {
				if err := tx.StageRound(r, 0); err != nil {
					return err
				}
				if err := tx.StageRound(r, 1); err != nil {
					return err
				}
			}
			return tx.PutRound(r)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.bdb.View(func(txn *badger.Txn) error {
			item, err := txn.Get(roundKey("c", r.ID))
			if err != nil {
				return err
			}
			return item.Value(func(b []byte) error {
				if b[0] != tc.version {
					t.Errorf("%d groups: version %d, want %d", tc.groups, b[0], tc.version)
				}
				if err := decode(b, new(bot.Round)); tc.version == encodingV2 && !errors.Is(err, ErrUnknownEncoding) {
					t.Errorf("%d groups: a version-1 reader gets %v, want ErrUnknownEncoding", tc.groups, err)
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
