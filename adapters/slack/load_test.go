package slack

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// TestLoad measures signed slash commands answered over loopback: the
// real routes on 127.0.0.1, the real core over Badger on disk, 200
// concurrent clients. It runs only with RETE_LOAD=1:
//
//	RETE_LOAD=1 go test -run TestLoad -v ./adapters/slack/
//
// RETE_LOAD_N sets the requests per verb (20,000 by default). It reports
// p50, p99 and requests per second for a read-only verb (help) and for a
// write (bio, one durable Badger commit each), and, to separate the
// service time from the queueing, help from one client at a time.
func TestLoad(t *testing.T) {
	if os.Getenv("RETE_LOAD") != "1" {
		t.Skip("set RETE_LOAD=1 to run the load test")
	}
	n := 20000
	if s := os.Getenv("RETE_LOAD_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			t.Fatalf("RETE_LOAD_N=%q", s)
		}
	}
	const members = 200

	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fake := newFakeSlack(t) // users.info, once per member (cached)
	a, err := New(Config{BotToken: testToken, SigningSecret: testSecret, APIURL: fake.srv.URL, Logger: slog.New(slog.DiscardHandler), Seen: db})
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Config{Store: db, Messengers: []bot.Messenger{a}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	if err := a.Routes(mux, b); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200, MaxConnsPerHost: 200}, Timeout: 30 * time.Second}

	// signed returns a signed slash command request, as Slack sends it.
	var triggers atomic.Int64
	signed := func(user, text string) *http.Request {
		body := []byte(url.Values{
			"token": {"x"}, "team_id": {testTeam}, "team_domain": {"labbit"}, "channel_id": {"C0GENERAL"},
			"user_id": {user}, "user_name": {user}, "command": {"/rete"}, "text": {text},
			"response_url": {fake.hookURL("load")}, "trigger_id": {"1.2." + strconv.FormatInt(triggers.Add(1), 10)},
		}.Encode())
		ts := time.Now().Unix()
		req, _ := http.NewRequest(http.MethodPost, base+"/slack/commands", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
		return req
	}
	do := func(req *http.Request) error {
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || len(body) == 0 {
			return fmt.Errorf("%s %q", resp.Status, body)
		}
		return nil
	}
	user := func(i int) string { return fmt.Sprintf("U0LOAD%03d", i%members) }
	for i := range members { // joined, and users.info cached
		if err := do(signed(user(i), "join")); err != nil {
			t.Fatal(err)
		}
	}

	// run sends n requests from clients concurrent clients. With pace 0
	// each client sends its next request as soon as the last is answered
	// (a closed loop: it measures saturation and queueing); with pace > 0
	// each client sends one request every pace (an open loop at
	// clients/pace requests per second: the latency a member sees).
	run := func(name string, clients, n int, pace time.Duration, text func(i int) string) {
		lat := make([]time.Duration, n)
		var next atomic.Int64
		var failed atomic.Int64
		var firstErr sync.Once
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		start := time.Now()
		var wg sync.WaitGroup
		for c := range clients {
			wg.Go(func() {
				tick := start.Add(pace * time.Duration(c) / time.Duration(clients))
				for ctx.Err() == nil {
					if pace > 0 {
						time.Sleep(time.Until(tick))
						tick = tick.Add(pace)
					}
					i := int(next.Add(1)) - 1
					if i >= n {
						return
					}
					req := signed(user(i), text(i))
					t0 := time.Now()
					err := do(req)
					lat[i] = time.Since(t0)
					if err != nil {
						failed.Add(1)
						firstErr.Do(func() { t.Errorf("%s: %v", name, err) })
					}
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		done := min(int(next.Load()), n)
		lat = lat[:done]
		slices.Sort(lat)
		p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
		mode := "closed loop"
		if pace > 0 {
			mode = fmt.Sprintf("one request per client every %s", pace)
		}
		t.Logf("%-5s %d requests, %d clients, %s: p50 %s, p99 %s, max %s, %.0f req/s, %d failed",
			name, done, clients, mode, p(0.50).Round(time.Microsecond), p(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond),
			float64(done)/elapsed.Seconds(), failed.Load())
		if ctx.Err() != nil {
			t.Errorf("%s: stopped after 2 minutes", name)
		}
	}
	run("help", 200, n, 0, func(int) string { return "help" })
	run("bio", 200, n, 0, func(i int) string { return "bio load test " + strconv.Itoa(i) })
	run("help", 1, min(n, 2000), 0, func(int) string { return "help" })
	// 200 members each typing a command every 200 ms: 1,000 req/s offered.
	run("help", 200, min(n, 10000), 200*time.Millisecond, func(int) string { return "help" })
	run("bio", 200, min(n, 10000), 200*time.Millisecond, func(i int) string { return "bio paced " + strconv.Itoa(i) })
}
