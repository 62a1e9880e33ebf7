package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// serveChild is `rete ARGS` in a child process, with main's runtime
// settings; RETE_CPUPROFILE names a file for its CPU profile,
// RETE_MEMPROFILE one for its allocations.
func serveChild(args []string) int {
	tuneRuntime()
	if p := os.Getenv("RETE_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	if p := os.Getenv("RETE_MEMPROFILE"); p != "" {
		defer func() {
			if f, err := os.Create(p); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, args, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "rete:", err)
		return 1
	}
	return 0
}

// signedSlackCommand is a POST of the slash command form body to base,
// signed with secret exactly as Slack signs it.
func signedSlackCommand(base, secret string, body []byte) (*http.Request, error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	req, err := http.NewRequest(http.MethodPost, base+"/slack/commands", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return req, nil
}

// fakeSlackAPI is Slack's Web API as much as slash commands need:
// users.info (once per member, then cached) and response URLs.
func fakeSlackAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		u := r.PostForm.Get("user")
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "user": map[string]any{"id": u, "name": strings.ToLower(u)}})
	}))
}

// freeAddr is a local address nobody listens on, for a `rete serve` to
// listen on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// waitReady polls base's /readyz until it answers 200, and reports
// whether it did within timeout.
func waitReady(base string, timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); ; time.Sleep(10 * time.Millisecond) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return true
			}
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// cpuTime is the CPU time (user and system) process pid has used, from
// /proc (Linux); 0 elsewhere.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces): utime and
	// stime are the 12th and 13th, in clock ticks (100 per second).
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// loadConn is one client of the load test: a keep-alive connection.
type loadConn struct {
	conn net.Conn
	r    *bufio.Reader
}

// do sends req and returns the response's body and status.
func (l *loadConn) do(req *http.Request) ([]byte, int, error) {
	if err := req.Write(l.conn); err != nil {
		return nil, 0, err
	}
	resp, err := http.ReadResponse(l.r, req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

// TestLoadSlackCommands measures signed Slack slash commands answered by
// `rete serve` (a separate process, as deployed: Badger on disk, main's
// runtime settings) over loopback, from 200 concurrent clients, each on
// its own keep-alive connection. It runs only with RETE_LOAD=1:
//
//	RETE_LOAD=1 go test -count=1 -run TestLoadSlackCommands -v ./cmd/rete/
//
// Three verbs: help (the longest reply), profile @someone (reads two
// members) and bio (a write, synced to disk before the reply). For each
// it reports what load tests of servers report:
//   - latency at a stated load (open loop): each client sends a command
//     every second (200/s offered), then every 200 ms (1,000/s offered,
//     far more than a community's members type); this is the latency a
//     member sees;
//   - the most the server answers (closed loop): each client sends again
//     as soon as it is answered; latency there is queueing (200 in
//     flight / throughput), not service time.
//
// It also reports the CPU time rete and the load generator (this process,
// on the same 2 cores) use per command. RETE_LOAD_SECONDS sets each
// open-loop run's length (10 s by default; closed-loop runs take half).
func TestLoadSlackCommands(t *testing.T) {
	if os.Getenv("RETE_LOAD") != "1" {
		t.Skip("set RETE_LOAD=1 to run the load test")
	}
	secs := 10
	if s := os.Getenv("RETE_LOAD_SECONDS"); s != "" {
		var err error
		if secs, err = strconv.Atoi(s); err != nil || secs <= 0 {
			t.Fatalf("RETE_LOAD_SECONDS=%q", s)
		}
	}
	const (
		clients = 200
		secret  = "load-test-signing-secret"
		team    = "T0LOAD"
	)
	api := fakeSlackAPI()
	defer api.Close()

	dir := t.TempDir()
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "rete.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`data_dir: %s
http:
  listen: %s
log:
  level: warn
limits:
  commands_per_minute: 1000000 # the load test's clients are scripts
slack:
  bot_token: xoxb-load
  signing_secret: %s
  api_url: %s/
`, filepath.Join(dir, "data"), addr, secret, api.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "RETE_SERVE_CHILD=serve --config "+cfg)
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		child.Process.Signal(os.Interrupt)
		if err := child.Wait(); err != nil {
			t.Errorf("rete serve: %v", err)
		}
	}()
	base := "http://" + addr
	if !waitReady(base, 10*time.Second) {
		t.Fatal("rete serve not ready after 10 s")
	}

	// Each client is one keep-alive connection that writes a request and
	// reads its response (net/http's own request writer and response
	// parser, without a Transport's goroutines: the load generator shares
	// the 2 cores with rete, so it should take as little as it can).
	conns := make([]*loadConn, clients)
	for c := range conns {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns[c] = &loadConn{conn: conn, r: bufio.NewReader(conn)}
	}
	var seq atomic.Int64
	// send signs a slash command exactly as Slack does and waits for the
	// reply; it fails unless the reply is a 200 with a message in it.
	send := func(c int, user, text string) error {
		n := seq.Add(1)
		body := []byte(url.Values{
			"token": {"x"}, "team_id": {team}, "team_domain": {"load"}, "channel_id": {"C0GENERAL"},
			"user_id": {user}, "user_name": {strings.ToLower(user)}, "command": {"/rete"}, "text": {text},
			"response_url": {api.URL + "/hooks/" + strconv.FormatInt(n, 10)}, "trigger_id": {"1.2." + strconv.FormatInt(n, 10)},
		}.Encode())
		req, err := signedSlackCommand(base, secret, body)
		if err != nil {
			return err
		}
		reply, status, err := conns[c].do(req)
		if err != nil {
			return err
		}
		if status != http.StatusOK || !bytes.Contains(reply, []byte(`"text"`)) {
			return fmt.Errorf("%d %q", status, reply)
		}
		return nil
	}
	user := func(c int) string { return fmt.Sprintf("U0LOAD%03d", c) }
	var wg sync.WaitGroup
	for c := range clients { // every member joins (and users.info is cached)
		wg.Go(func() {
			if err := send(c, user(c), "join"); err != nil {
				t.Errorf("join: %v", err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	// run has each of the 200 clients send text(client, i) either every
	// pace (open loop) or as soon as answered (pace 0, closed loop), for d.
	run := func(verb string, pace, d time.Duration, text func(c, i int) string) {
		lats := make([][]time.Duration, clients)
		cpu0, gen0 := cpuTime(child.Process.Pid), cpuTime(os.Getpid())
		var failed atomic.Int64
		var once sync.Once
		start := time.Now()
		end := start.Add(d)
		for c := range clients {
			wg.Go(func() {
				next := start.Add(pace * time.Duration(c) / clients)
				for i := 0; ; i++ {
					if pace > 0 {
						next = next.Add(pace)
						time.Sleep(time.Until(next))
					}
					if time.Now().After(end) {
						return
					}
					t0 := time.Now()
					err := send(c, user(c), text(c, i))
					lats[c] = append(lats[c], time.Since(t0))
					if err != nil {
						failed.Add(1)
						once.Do(func() { t.Errorf("%s: %v", verb, err) })
					}
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		cpu, gen := cpuTime(child.Process.Pid)-cpu0, cpuTime(os.Getpid())-gen0
		all := slices.Concat(lats...)
		slices.Sort(all)
		if len(all) == 0 {
			t.Logf("%-7s %d clients: no command was sent in %v", verb, clients, time.Since(start))
			return
		}
		q := func(p float64) time.Duration {
			return all[min(len(all)-1, int(p*float64(len(all))))].Round(10 * time.Microsecond)
		}
		mode := "closed loop"
		if pace > 0 {
			mode = fmt.Sprintf("each client every %v (%.0f/s offered)", pace, clients/pace.Seconds())
		}
		t.Logf("%-7s %d clients, %s: %d commands, %.0f/s answered, p50 %v, p99 %v, max %v, %d failed; CPU per command: rete %v, load generator %v",
			verb, clients, mode, len(all), float64(len(all))/elapsed.Seconds(), q(0.50), q(0.99), q(1), failed.Load(),
			(cpu / time.Duration(len(all))).Round(time.Microsecond), (gen / time.Duration(len(all))).Round(time.Microsecond))
	}
	dur := time.Duration(secs) * time.Second
	verbs := []struct {
		name string
		text func(c, i int) string
	}{
		{"help", func(int, int) string { return "help" }},
		{"profile", func(c, _ int) string { return "profile @" + user((c+1)%clients) }},
		{"bio", func(c, i int) string { return fmt.Sprintf("bio Load test bio %d of member %d.", i, c) }},
	}
	for _, pace := range []time.Duration{time.Second, 200 * time.Millisecond} {
		for _, v := range verbs {
			run(v.name, pace, dur, v.text)
		}
	}
	for _, v := range verbs {
		run(v.name, 0, dur/2, v.text)
	}
}
