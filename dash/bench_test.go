package dash_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// seed stores n members of comm directly, 2000 a transaction: 90% active,
// the rest paused, each offering two of twenty skills.
func (e *env) seed(b testing.TB, n int) {
	for start := 0; start < n; start += 2000 {
		err := e.db.Update(context.Background(), func(tx bot.Tx) error {
			for i := start; i < min(start+2000, n); i++ {
				st := bot.StatusActive
				if i%10 == 0 {
					st = bot.StatusPaused
				}
				m := &bot.Member{ID: bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%06d", i)}, Community: comm,
					Name: fmt.Sprintf("Member %d", i), Status: st, Joined: e.now,
					Profile: bot.Profile{Offers: []string{fmt.Sprintf("skill%d", i%20), fmt.Sprintf("skill%d", (i+7)%20)}}}
				if err := tx.PutMember(m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
