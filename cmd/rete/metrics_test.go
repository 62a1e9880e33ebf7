package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/rete-bot/rete/bot"
)

// testApp is a console app on the embedded defaults with fresh data,
// and its HTTP routes, started.
func testApp(t *testing.T) (*app, http.Handler) {
	t.Helper()
	cfg, err := loadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = filepath.Join(t.TempDir(), "data")
	a, err := newApp(env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, cfg, true, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	var started atomic.Bool
	started.Store(true)
	h, err := a.routes(&started)
	if err != nil {
		t.Fatal(err)
	}
	return a, h
}

// scrape GETs /metrics and parses it.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value is the value of the sample of family name whose labels include
// labels (name=value pairs); ok is false if there is none.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// exercised is a test app after a few commands, some refused, and a
// round on the demo members, its messages sent.
func exercised(t *testing.T) (a *app, h http.Handler, comm string) {
	t.Helper()
	a, h = testApp(t)
	ctx := context.Background()
	comm, space := a.consoleCommunity(), consoleSpace(a.bot.Communities())
	if _, err := seedDemo(ctx, a.db, comm, space, time.Now()); err != nil {
		t.Fatal(err)
	}
	say := func(user, text string) {
		a.bot.Handle(ctx, &bot.Request{Platform: "console", Space: space, User: user, Name: user, Text: text})
	}
	say("giulia", "join")
	say("giulia", "bio Designer in Rome")
	say("giulia", "frobnicate now") // no such verb
	say("marco", "round now")       // refused: moderators only
	if _, err := a.bot.RunRound(ctx, comm, bot.RoundOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := a.bot.DeliverDue(ctx, "console"); err != nil {
		t.Fatal(err)
	}
	return a, h, comm
}

func TestMetricsAfterCommandsAndRound(t *testing.T) {
	a, h, comm := exercised(t)
	ctx := context.Background()
	fams := scrape(t, h)
	stats, err := a.bot.CommunityStats(ctx, comm)
	if err != nil {
		t.Fatal(err)
	}
	pending := 0
	a.db.View(ctx, func(tx bot.Tx) error {
		return tx.Pending("console", func(*bot.OutboxEntry) error { pending++; return nil })
	})
	if pending == 0 || stats.Status[bot.StatusActive] < 36 {
		t.Fatalf("after a round: %d pending, %d active", pending, stats.Status[bot.StatusActive])
	}

	counts := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"rete_commands_total", []string{"platform", "console", "verb", "join", "outcome", "ok"}, 1},
		{"rete_commands_total", []string{"verb", "bio", "outcome", "ok"}, 1},
		{"rete_commands_total", []string{"verb", "round", "outcome", "refused"}, 1},
		{"rete_commands_total", []string{"verb", "unknown", "outcome", "refused"}, 1},
		{"rete_command_duration_seconds", []string{"platform", "console", "verb", "bio"}, 1},
		{"rete_rounds_total", []string{"community", comm}, 1},
		{"rete_round_duration_seconds", []string{"community", comm}, 1},
		{"rete_members", []string{"community", comm, "status", "active"}, float64(stats.Status[bot.StatusActive])},
		{"rete_members", []string{"community", comm, "status", "paused"}, float64(stats.Status[bot.StatusPaused])},
		{"rete_outbox_pending", []string{"platform", "console"}, float64(pending)}, // the follow-ups
		{"rete_outbox_oldest_due_age_seconds", []string{"platform", "console"}, 0},
		{"rete_build_info", nil, 1},
	}
	for _, c := range counts {
		got, ok := value(fams, c.name, c.labels...)
		if !ok || got != c.want {
			t.Errorf("%s%v = %v (present %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	if sent, _ := value(fams, "rete_outbox_sends_total", "platform", "console", "result", "sent"); sent < 10 {
		t.Errorf("rete_outbox_sends_total{console,sent} = %v, want the round's intros", sent)
	}
	if g, _ := value(fams, "rete_round_last_groups", "community", comm); g < 10 {
		t.Errorf("rete_round_last_groups = %v, want about 18 groups of 37 active members", g)
	}
	for _, name := range []string{"rete_round_last_left_out_members", "rete_badger_lsm_size_bytes", "rete_badger_vlog_size_bytes",
		"rete_data_dir_free_bytes", "rete_round_next_due_timestamp_seconds", "go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes"} {
		if _, ok := fams[name]; !ok {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	// No member id, nor anything a member typed, becomes a label.
	for name, f := range fams {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if strings.Contains(l.GetValue(), "giulia") || strings.Contains(l.GetValue(), "frobnicate") {
					t.Errorf("%s has label %s=%q", name, l.GetName(), l.GetValue())
				}
			}
		}
	}
	problems, err := testutil.CollectAndLint(a.metrics.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

// TestMetricsCountsAreCached: the store is counted once per censusTTL,
// not on every scrape.
func TestMetricsCountsAreCached(t *testing.T) {
	a, h := testApp(t)
	ctx := context.Background()
	space := consoleSpace(a.bot.Communities())
	a.bot.Handle(ctx, &bot.Request{Platform: "console", Space: space, User: "ada", Name: "ada", Text: "join"})
	comm := a.consoleCommunity()
	if n, _ := value(scrape(t, h), "rete_members", "community", comm, "status", "active"); n != 1 {
		t.Fatalf("active members = %v, want 1", n)
	}
	a.bot.Handle(ctx, &bot.Request{Platform: "console", Space: space, User: "bob", Name: "bob", Text: "join"})
	if n, _ := value(scrape(t, h), "rete_members", "community", comm, "status", "active"); n != 1 {
		t.Errorf("active members right after a join = %v, want the cached 1", n)
	}
}

func TestReadiness(t *testing.T) {
	a, h := testApp(t)
	ready := func() (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := ready(); code != http.StatusOK {
		t.Fatalf("readyz on a fresh app: %d %s", code, body)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	health := newPlatformHealth(func() time.Time { return now })
	var started atomic.Bool
	started.Store(true)
	disk := struct{ free, size uint64 }{50 << 30, 100 << 30}
	r := &readiness{started: &started, store: a.db, dir: a.cfg.DataDir, health: health,
		diskFree: func(string) (uint64, uint64, error) { return disk.free, disk.size, nil }}
	check := func(want string) {
		t.Helper()
		p := strings.Join(r.problems(context.Background()), "; ")
		if want == "" && p != "" || !strings.Contains(p, want) {
			t.Errorf("problems = %q, want %q", p, want)
		}
	}
	check("")

	disk.free = 800 << 20 // 0.8% of 100 GiB
	check("disk nearly full")
	disk.free, disk.size = 800<<20, 4<<30 // 20% of a small disk
	check("")

	health.sent("slack", bot.SendRetry)
	now = now.Add(9 * time.Minute)
	check("")
	health.sent("slack", bot.SendRetry)
	health.sent("telegram", bot.SendRateLimited) // an answer: reachable
	now = now.Add(2 * time.Minute)
	check("platform slack unreachable")
	health.sent("slack", bot.SendOK)
	check("")

	started.Store(false)
	check("starting")
	started.Store(true)
	if err := a.db.Close(); err != nil {
		t.Fatal(err)
	}
	check("store unavailable")
}

func TestHealthcheck(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	if out, _, err := runRete(t, "", "healthcheck", "--url", srv.URL+"/healthz"); err != nil || out != "ok\n" {
		t.Errorf("healthcheck of a live server: %q %v", out, err)
	}
	if _, _, err := runRete(t, "", "healthcheck", "--url", srv.URL+"/nothing"); err == nil {
		t.Error("healthcheck accepted a 404")
	}
	conf := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(conf, []byte("http: {listen: \"0.0.0.0:"+strings.TrimPrefix(srv.URL, "http://127.0.0.1:")+"\"}\n"), 0o600)
	if _, _, err := runRete(t, "", "healthcheck", "--config", conf); err != nil {
		t.Errorf("healthcheck from the config's listen address: %v", err)
	}
	for listen, want := range map[string]string{":8080": "127.0.0.1:8080", "[::]:80": "127.0.0.1:80", "10.0.0.2:80": "10.0.0.2:80"} {
		if got := probeAddr(listen); got != want {
			t.Errorf("probeAddr(%q) = %q, want %q", listen, got, want)
		}
	}
}

func TestVersionFromBuildStamps(t *testing.T) {
	defer func(v, r, d string) { version, revision, buildDate = v, r, d }(version, revision, buildDate)
	version, revision, buildDate = "v1.2.3", "0123456789abcdef0123", "2026-11-27T18:00:00Z"
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rete v1.2.3", "commit 0123456789ab", "built 2026-11-27T18:00:00Z", "go1."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version = %q, lacks %q", out.String(), want)
		}
	}
}

// TestServeServesMetrics: `rete serve` answers /metrics on its listener.
func TestServeServesMetrics(t *testing.T) {
	addr, stop := serveWith(t, "")
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "rete_build_info{") || !strings.Contains(string(body), "rete_data_dir_free_bytes ") {
		t.Errorf("GET /metrics: %d\n%.500s", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}
