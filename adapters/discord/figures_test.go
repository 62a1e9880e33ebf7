package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// figureCore is the real core over a Badger store on disk, wired to the
// adapter and the fake Discord, with n members in the test guild, a space
// without a group channel (so a round sends a DM to each member).
func figureCore(t *testing.T, n int, edit func(*Config)) (*harness, *bot.Bot, []string) {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	x := buildHarness(t, false, func(c *Config) {
		c.GroupChannels = nil
		if edit != nil {
			edit(c)
		}
	})
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "UTC"
	b, err := bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{x.a},
		Communities: []bot.Community{{ID: "labbit", Spaces: []bot.Space{{Platform: Platform, ID: testGuild, AnnounceChannel: testChannel}}, Settings: s}},
	})
	if err != nil {
		t.Fatal(err)
	}
	users := make([]string, n)
	now := time.Now()
	err = db.Update(context.Background(), func(tx bot.Tx) error {
		for i := range users {
			users[i] = fmt.Sprintf("5%017d", i)
			m := &bot.Member{ID: bot.MemberID{Platform: Platform, Space: testGuild, User: users[i]}, Community: "labbit",
				Name: "Member " + users[i][len(users[i])-4:], Status: bot.StatusActive, Joined: now, Updated: now}
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	x.start(t, b)
	return x, b, users
}

// outboxLimit is cmd/rete's Discord outbox limit at rate.
func outboxLimit(rate float64) bot.Limit {
	return bot.Limit{Rate: rate, Burst: max(1, int(rate*3)), PerDestination: 1, Coalesce: time.Second}
}

// roundDMs runs a round of n members and has the outbox worker deliver
// its DMs under lim through the adapter at its default rate, against a
// fake that enforces Discord's global limit and per-route buckets. It
// returns the time from the worker's start to the last DM and the 429s
// the fake answered. limited false lifts every limit (fake, adapter,
// outbox), to measure the worker's own cost per entry.
func roundDMs(t *testing.T, n int, lim bot.Limit, limited bool) (time.Duration, int) {
	t.Helper()
	x, b, _ := figureCore(t, n, func(c *Config) {
		if limited {
			c.Rate = 0 // DefaultRate
		}
	})
	if limited {
		x.fake.Limit(GlobalRate, GlobalRate)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := b.RunRound(ctx, "labbit", bot.RoundOptions{}); err != nil {
		t.Fatal(err)
	}
	from := x.fake.Mark()
	start := time.Now()
	done := make(chan struct{})
	go func() { defer close(done); b.RunOutbox(ctx, Platform, lim) }()
	deadline := start.Add(time.Duration(4*n)*time.Second/GlobalRate + 10*time.Second)
	for dms(x.fake, from) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d DMs after %v", dms(x.fake, from), n, time.Since(start))
		}
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(start)
	cancel()
	<-done
	return elapsed, x.fake.TooMany()
}

// dms counts the messages sent to DM channels since call from.
func dms(f *discordfake.Server, from int) int {
	n := 0
	for _, c := range f.Messages(from) {
		if strings.HasPrefix(discordfake.ChannelOf(c), "7") {
			n++
		}
	}
	return n
}

// TestRoundDMsStayUnderTheLimits: a round's DMs, sent by the outbox worker
// at the Discord default, keep to the global limit and the route buckets
// without a single 429 (the figure's scaled-down version).
func TestRoundDMsStayUnderTheLimits(t *testing.T) {
	t.Parallel()
	const n = 40 // 80 requests: a DM channel and a message each
	elapsed, tooMany := roundDMs(t, n, outboxLimit(OutboxRate), true)
	if tooMany != 0 {
		t.Errorf("%d 429s, want none", tooMany)
	}
	if floor := time.Duration(2*n-1) * time.Second / DefaultRate; elapsed < floor {
		t.Errorf("%d requests in %v: faster than %d a second", 2*n, elapsed, DefaultRate)
	}
}

func TestFigureRoundDMs(t *testing.T) {
	figures(t)
	const n = 1000
	floor := time.Duration(2*n) * time.Second / GlobalRate
	bare, _ := roundDMs(t, n, bot.Limit{}, false)
	t.Logf("outbox worker unlimited: %d DMs in %v, %v each (%.0f DMs/s at most)",
		n, bare.Round(time.Millisecond), (bare / n).Round(time.Microsecond), n/bare.Seconds())
	elapsed, tooMany := roundDMs(t, n, outboxLimit(OutboxRate), true)
	t.Logf("round of %d members, outbox at %d/s, adapter at %d requests/s, fake at %d/s with per-route buckets: %d DMs (%d requests) in %v (floor %v, %.2fx), %d 429s",
		n, OutboxRate, DefaultRate, GlobalRate, n, 2*n, elapsed.Round(time.Millisecond), floor, elapsed.Seconds()/floor.Seconds(), tooMany)
	if tooMany != 0 {
		t.Errorf("%d 429s, want none", tooMany)
	}
}

// interactionLatency offers perSecond signed interactions, open loop (each
// at its time, whether or not the earlier ones were answered), for d, to
// the real core over Badger on disk (or, core false, to a recorder that
// answers at once: the adapter's own cost), cycling through help, profile
// and a bio write from distinct members, and returns each one's time to
// response, all sorted and by command.
func interactionLatency(t *testing.T, perSecond int, d time.Duration, core bool) ([]time.Duration, map[string][]time.Duration) {
	t.Helper()
	var x *harness
	var users []string
	if core {
		x, _, users = figureCore(t, 200, nil)
	} else {
		x, users = newHarness(t, &bottest.Recorder{}, false, nil), testMembers
	}
	lines := []string{"help", "profile", "bio Go and distributed systems, open to mentoring"}
	bodies := make([][]byte, perSecond*int(d/time.Second)+1)
	for i := range bodies {
		it := x.base(users[i%len(users)], 2, false, "0")
		it["data"] = commandData(t, lines[i%len(lines)])
		bodies[i], _ = json.Marshal(it)
	}
	var (
		mu     sync.Mutex
		lat    []time.Duration
		by     = map[string][]time.Duration{}
		wg     sync.WaitGroup
		failed atomic.Int32
	)
	period := time.Second / time.Duration(perSecond)
	start := time.Now()
	for i, body := range bodies {
		time.Sleep(time.Until(start.Add(time.Duration(i) * period)))
		wg.Go(func() {
			sent := time.Now()
			resp, out := x.post(t, body, sent, testKey)
			took := time.Since(sent)
			if resp.StatusCode != http.StatusOK {
				if failed.Add(1) == 1 {
					t.Errorf("%s %s", resp.Status, out)
				}
				return
			}
			mu.Lock()
			lat = append(lat, took)
			verb := strings.Fields(lines[i%len(lines)])[0]
			by[verb] = append(by[verb], took)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(lat)
	for _, l := range by {
		slices.Sort(l)
	}
	return lat, by
}

func percentile(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[min(len(lat)-1, int(float64(len(lat))*p))]
}

// TestInteractionsUnderLoad: interactions offered faster than one at a
// time are all answered by the real core (the figure's scaled-down
// version).
func TestInteractionsUnderLoad(t *testing.T) {
	t.Parallel()
	lat, _ := interactionLatency(t, 50, time.Second, true)
	if len(lat) < 50 {
		t.Errorf("%d answers, want at least 50", len(lat))
	}
}

func TestFigureInteractionLatency(t *testing.T) {
	figures(t)
	bare, _ := interactionLatency(t, 200, 10*time.Second, false)
	t.Logf("%d signed interactions to a recorder, 200/s open loop: p50 %v, p99 %v (the adapter alone)",
		len(bare), percentile(bare, 0.50).Round(time.Microsecond), percentile(bare, 0.99).Round(time.Microsecond))
	lat, by := interactionLatency(t, 200, 10*time.Second, true)
	p50, p99 := percentile(lat, 0.50), percentile(lat, 0.99)
	t.Logf("%d signed interactions (help, profile, bio) to the core over Badger on disk, 200/s open loop: p50 %v, p99 %v, max %v",
		len(lat), p50.Round(time.Microsecond), p99.Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	for _, verb := range slices.Sorted(maps.Keys(by)) {
		l := by[verb]
		t.Logf("  %s: p50 %v, p99 %v", verb, percentile(l, 0.50).Round(time.Microsecond), percentile(l, 0.99).Round(time.Microsecond))
	}
	if p99 > 5*time.Millisecond {
		t.Errorf("p99 %v, want at most 5ms", p99)
	}
}
