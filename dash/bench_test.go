package dash_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
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

// TestPageTimes100k prints p50 and p99 of rendering the overview and a
// members page with 100k members (go test ./dash -run PageTimes -v -times).
func TestPageTimes100k(t *testing.T) {
	if !*times {
		t.Skip("-times measures page times with 100k members")
	}
	e := newEnv(t)
	e.seed(t, 100_000)
	c, _ := e.signIn()
	start := time.Now()
	cs, err := e.db.Census(context.Background(), e.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("census of 100k members (cmd/rete caches it 30 s): %.1f ms", ms(time.Since(start)))
	e.cached = cs.Members[comm]
	for _, u := range []string{"/dash/", "/dash/skills", "/dash/members", "/dash/members?page=100", "/dash/members?skill=skill3", "/dash/members?status=paused&page=20"} {
		var ds []time.Duration
		size := 0
		for range 50 {
			start := time.Now()
			resp, err := c.Get(e.srv.URL + u)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			ds = append(ds, time.Since(start))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", u, resp.StatusCode)
			}
			size = len(body)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		t.Logf("%-40s p50 %6.1f ms  p99 %6.1f ms  %6d bytes", u, ms(ds[len(ds)/2]), ms(ds[len(ds)*99/100]), size)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
