package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// The figures (opt-in, minutes long) run with RETE_FIGURES=1:
//
//	RETE_FIGURES=1 go test -run Figure -v ./adapters/discord/
//
// Their scaled-down versions run in CI.
func figures(t *testing.T) {
	if os.Getenv("RETE_FIGURES") == "" {
		t.Skip("a figure: set RETE_FIGURES=1 to measure it")
	}
}

// roundDMs sends n DMs to n members from 50 senders at once, against a
// fake that enforces global requests per second and the same per route,
// with the adapter keeping to rate. It returns the time taken and the
// 429s the fake answered.
func roundDMs(t *testing.T, n, global int, rate float64) (time.Duration, int) {
	t.Helper()
	x := newHarness(t, &bottest.Recorder{}, false, func(c *Config) { c.Rate = rate })
	x.fake.mu.Lock()
	x.fake.global, x.fake.routeRate = global, global
	x.fake.mu.Unlock()
	users := make(chan string, n)
	for i := range n {
		users <- fmt.Sprintf("5%017d", i)
	}
	close(users)
	start := time.Now()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			for u := range users {
				to := bot.MemberID{Platform: Platform, Space: testGuild, User: u}
				if _, err := x.a.DM(context.Background(), to, bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("your pairing"))}}); err != nil {
					t.Errorf("DM %s: %v", u, err)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	x.fake.mu.Lock()
	defer x.fake.mu.Unlock()
	return elapsed, x.fake.tooMany
}

// TestRoundDMsStayUnderTheLimits: DMs keep to the global limit and the
// route buckets without a single 429.
func TestRoundDMsStayUnderTheLimits(t *testing.T) {
	t.Parallel()
	const n = 15 // 30 requests: a DM channel and a message each
	elapsed, tooMany := roundDMs(t, n, GlobalRate, DefaultRate)
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
	elapsed, tooMany := roundDMs(t, n, GlobalRate, DefaultRate)
	floor := time.Duration(2*n) * time.Second / GlobalRate
	t.Logf("%d round DMs (%d requests) against %d requests/s with per-route buckets: %v (floor %v, %.2fx), %d 429s",
		n, 2*n, GlobalRate, elapsed.Round(time.Millisecond), floor, elapsed.Seconds()/floor.Seconds(), tooMany)
	if tooMany != 0 {
		t.Errorf("%d 429s, want none", tooMany)
	}
}

// TestRateLimitIsRetryError: a 429 goes back to the outbox as a
// *bot.RetryError with Discord's retry time, not slept on.
func TestRateLimitIsRetryError(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, nil)
	x.fake.mu.Lock()
	x.fake.global, x.fake.routeRate = 1, 10
	x.fake.mu.Unlock()
	to := bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[0]}
	_, err := x.a.DM(context.Background(), to, bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}})
	var re *bot.RetryError
	if !errors.As(err, &re) || re.After <= 0 || re.After > time.Second {
		t.Fatalf("DM over the limit: %v, want a RetryError within a second", err)
	}
	if errors.Is(err, bot.ErrUnreachable) {
		t.Error("a rate limit marks the member unreachable")
	}
}

// TestDMChannelIsCached: the second DM to a member costs one request.
func TestDMChannelIsCached(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, nil)
	to := bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[0]}
	for range 3 {
		if _, err := x.a.DM(context.Background(), to, bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := x.fake.mark(); n != 4 {
		t.Errorf("3 DMs took %d requests, want 4 (one DM channel, three messages)", n)
	}
}

// interactionLatency has each of clients send a signed interaction every
// period, spread evenly, for d (at least once), and returns each one's
// time to response.
func interactionLatency(t *testing.T, clients int, period, d time.Duration) []time.Duration {
	t.Helper()
	x := newHarness(t, &bottest.Recorder{}, false, nil)
	var (
		mu  sync.Mutex
		lat []time.Duration
		wg  sync.WaitGroup
	)
	stop := time.Now().Add(d)
	for c := range clients {
		wg.Go(func() {
			time.Sleep(time.Duration(c) * period / time.Duration(clients))
			tick := time.NewTicker(period)
			defer tick.Stop()
			for first := true; first || time.Now().Before(stop); first = false {
				i := x.base(testMembers[c%len(testMembers)], 2, false, "0")
				i["data"] = commandData(t, "find go")
				body, _ := json.Marshal(i)
				start := time.Now()
				resp, out := x.post(t, body, start, testKey)
				took := time.Since(start)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s", resp.Status, out)
					return
				}
				mu.Lock()
				lat = append(lat, took)
				mu.Unlock()
				<-tick.C
			}
		})
	}
	wg.Wait()
	slices.Sort(lat)
	return lat
}

func percentile(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[min(len(lat)-1, int(float64(len(lat))*p))]
}

// TestInteractionsUnderLoad: signed interactions from many clients at
// once are all answered (the figure's scaled-down version).
func TestInteractionsUnderLoad(t *testing.T) {
	t.Parallel()
	lat := interactionLatency(t, 20, 100*time.Millisecond, 200*time.Millisecond)
	if len(lat) < 20 {
		t.Errorf("%d answers, want at least 20", len(lat))
	}
}

func TestFigureInteractionLatency(t *testing.T) {
	figures(t)
	lat := interactionLatency(t, 200, time.Second, 10*time.Second)
	p50, p99 := percentile(lat, 0.50), percentile(lat, 0.99)
	t.Logf("%d signed interactions, 200 clients at 200/s: p50 %v, p99 %v, max %v", len(lat), p50, p99, lat[len(lat)-1])
	if p99 > 5*time.Millisecond {
		t.Errorf("p99 %v, want at most 5ms", p99)
	}
}

// TestInvalidRequestsStopShortOfABan: past MaxInvalid refused requests in
// 10 minutes the adapter sends nothing more and asks the outbox to wait.
func TestInvalidRequestsStopShortOfABan(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, func(c *Config) { c.MaxInvalid = 3 })
	msg := bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}}
	for i := range 3 {
		u := fmt.Sprintf("6%017d", i)
		x.fake.mu.Lock()
		x.fake.closed[u] = true
		x.fake.mu.Unlock()
		if _, err := x.a.DM(context.Background(), bot.MemberID{Platform: Platform, Space: testGuild, User: u}, msg); !errors.Is(err, bot.ErrUnreachable) {
			t.Fatalf("DM to closed DMs: %v", err)
		}
	}
	mark := x.fake.mark()
	_, err := x.a.DM(context.Background(), bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[0]}, msg)
	var re *bot.RetryError
	if !errors.As(err, &re) || re.After <= 9*time.Minute {
		t.Errorf("DM after 3 refusals: %v, want a RetryError of about 10 minutes", err)
	}
	if n := x.fake.mark() - mark; n != 0 {
		t.Errorf("%d requests sent past the limit", n)
	}
}
