package main

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// censusTTL is how long the counts read from the store (members by
// status, outbox depth, intros, events) are reused: counting reads every
// member, which a scrape every 15 s must not do each time. A count that
// took longer than censusTTL/censusShare is reused longer, so that
// counting never takes more than 1% of a core.
const (
	censusTTL   = 30 * time.Second
	censusShare = 100
)

// metrics is rete's Prometheus registry and the core's [bot.Observer]:
// counters for what happens (commands, sends, rounds), a collector that
// reads the store for what is (members, outbox depth), and Go's runtime.
type metrics struct {
	reg      *prometheus.Registry
	commands *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	sends    *prometheus.CounterVec
	rounds   *prometheus.CounterVec
	roundDur *prometheus.HistogramVec
	groups   *prometheus.GaugeVec
	leftOut  *prometheus.GaugeVec
	lastRun  *prometheus.GaugeVec
	health   *platformHealth
	verbs    map[string]bool // the command table's names: any other verb counts as "unknown"
	state    *stateCollector // set by watch; the dashboard reads its cached counts too
}

// newMetrics registers rete's metrics; the command table's verbs are set
// by [metrics.watch], with the collector that reads the store.
func newMetrics(now func() time.Time) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rete_commands_total", Help: "Requests handled, by platform, command verb and outcome (ok, refused, error).",
		}, []string{"platform", "verb", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rete_command_duration_seconds", Help: "Time the core took to answer a request, by platform and verb.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"platform", "verb"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rete_outbox_sends_total", Help: "Outbox send attempts by platform and result (sent, retry, rate_limited, unreachable, gave_up).",
		}, []string{"platform", "result"}),
		rounds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rete_rounds_total", Help: "Rounds stored, by community.",
		}, []string{"community"}),
		roundDur: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rete_round_duration_seconds", Help: "Time a round took: load, match and store.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2, 5, 10, 30},
		}, []string{"community"}),
		groups: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "rete_round_last_groups", Help: "Groups the community's last round made.",
		}, []string{"community"}),
		leftOut: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "rete_round_last_left_out_members", Help: "Active members the community's last round left without a group.",
		}, []string{"community"}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "rete_round_last_run_timestamp_seconds", Help: "When the community's last round ran (Unix time).",
		}, []string{"community"}),
		health: newPlatformHealth(now),
		verbs:  map[string]bool{},
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "rete_build_info", Help: "Always 1: the running version, commit and Go version.",
	}, []string{"version", "revision", "goversion"})
	bi := buildInfo()
	build.WithLabelValues(bi.version, bi.revision, bi.goVersion).Set(1)
	m.reg.MustRegister(m.commands, m.latency, m.sends, m.rounds, m.roundDur, m.groups, m.leftOut, m.lastRun, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// OnCommand implements [bot.Observer].
func (m *metrics) OnCommand(platform, verb string, outcome bot.Outcome, d time.Duration) {
	if !m.verbs[verb] {
		verb = "unknown"
	}
	m.commands.WithLabelValues(platform, verb, string(outcome)).Inc()
	m.latency.WithLabelValues(platform, verb).Observe(d.Seconds())
}

// OnSend implements [bot.Observer].
func (m *metrics) OnSend(platform string, r bot.SendResult) {
	m.sends.WithLabelValues(platform, string(r)).Inc()
	m.health.sent(platform, r)
}

// OnRound implements [bot.Observer].
func (m *metrics) OnRound(community string, groups, leftOut int, d time.Duration) {
	m.rounds.WithLabelValues(community).Inc()
	m.roundDur.WithLabelValues(community).Observe(d.Seconds())
	m.groups.WithLabelValues(community).Set(float64(groups))
	m.leftOut.WithLabelValues(community).Set(float64(leftOut))
	m.lastRun.WithLabelValues(community).Set(float64(time.Now().Unix()))
}

// watch learns the bot's verbs and adds the collector that reads the
// store and the data dir on scrape. It runs before the first request.
func (m *metrics) watch(b *bot.Bot, db *store.DB, dir string, now func() time.Time, log *slog.Logger) {
	for _, c := range b.Commands() {
		m.verbs[c.Name] = true
	}
	communities := func() []string {
		var ids []string
		for _, c := range b.Communities() {
			ids = append(ids, c.ID)
		}
		return ids
	}
	m.state = &stateCollector{db: db, dir: dir, communities: communities, platforms: b.Platforms(), now: now, log: log}
	m.reg.MustRegister(m.state)
}

// handler serves GET /metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// stateCollector reports what the store holds, counted at most once per
// censusTTL, and the data dir's disk space.
type stateCollector struct {
	db          *store.DB
	dir         string
	communities func() []string // the configured communities, for their next round
	platforms   []string        // the enabled platforms, whose outbox is reported even when empty
	now         func() time.Time
	log         *slog.Logger

	mu    sync.Mutex
	at    time.Time     // when cached was counted
	ttl   time.Duration // how long cached is reused
	cache *census
}

// census is what the collector caches.
type census struct {
	*store.Census
	nextRound map[string]time.Time
}

var (
	descMembers   = prometheus.NewDesc("rete_members", "Members by community and status (active, paused, left, removed, unreachable, guest).", []string{"community", "status"}, nil)
	descIntros    = prometheus.NewDesc("rete_intros", "Introduction requests stored, by community.", []string{"community"}, nil)
	descEvents    = prometheus.NewDesc("rete_events", "Events stored, by community.", []string{"community"}, nil)
	descPending   = prometheus.NewDesc("rete_outbox_pending", "Outbox entries waiting to be sent, by platform.", []string{"platform"}, nil)
	descOldest    = prometheus.NewDesc("rete_outbox_oldest_due_age_seconds", "How long the oldest due outbox entry has been due (0 if none is).", []string{"platform"}, nil)
	descNextRound = prometheus.NewDesc("rete_round_next_due_timestamp_seconds", "When the community's next scheduled round is due (Unix time); in the past while a round is late.", []string{"community"}, nil)
	descLSM       = prometheus.NewDesc("rete_badger_lsm_size_bytes", "Bytes of Badger's LSM tree (tables) on disk.", nil, nil)
	descVlog      = prometheus.NewDesc("rete_badger_vlog_size_bytes", "Bytes of Badger's value log on disk.", nil, nil)
	descFree      = prometheus.NewDesc("rete_data_dir_free_bytes", "Bytes available to rete on the data dir's file system.", nil, nil)
	descDiskSize  = prometheus.NewDesc("rete_data_dir_size_bytes", "Size in bytes of the data dir's file system.", nil, nil)
	descCensusAge = prometheus.NewDesc("rete_census_age_seconds", "Age of the store counts reported (members, intros, events, outbox).", nil, nil)
)

// Describe implements [prometheus.Collector].
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descMembers, descIntros, descEvents, descPending, descOldest, descNextRound, descLSM, descVlog, descFree, descDiskSize, descCensusAge} {
		ch <- d
	}
}

// Collect implements [prometheus.Collector].
func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	lsm, vlog := c.db.Sizes()
	ch <- prometheus.MustNewConstMetric(descLSM, prometheus.GaugeValue, float64(lsm))
	ch <- prometheus.MustNewConstMetric(descVlog, prometheus.GaugeValue, float64(vlog))
	if free, size, err := store.DiskSpace(c.dir); err == nil {
		ch <- prometheus.MustNewConstMetric(descFree, prometheus.GaugeValue, float64(free))
		ch <- prometheus.MustNewConstMetric(descDiskSize, prometheus.GaugeValue, float64(size))
	}
	cs, at := c.counted()
	if cs == nil {
		return
	}
	now := c.now()
	ch <- prometheus.MustNewConstMetric(descCensusAge, prometheus.GaugeValue, time.Since(at).Seconds())
	for comm, byStatus := range cs.Members {
		for s, n := range byStatus {
			ch <- prometheus.MustNewConstMetric(descMembers, prometheus.GaugeValue, float64(n), comm, string(s))
		}
	}
	for comm, n := range cs.Intros {
		ch <- prometheus.MustNewConstMetric(descIntros, prometheus.GaugeValue, float64(n), comm)
	}
	for comm, n := range cs.Events {
		ch <- prometheus.MustNewConstMetric(descEvents, prometheus.GaugeValue, float64(n), comm)
	}
	for p, o := range cs.Outbox {
		age := 0.0
		if !o.OldestDue.IsZero() {
			age = max(0, now.Sub(o.OldestDue).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(descPending, prometheus.GaugeValue, float64(o.Pending), p)
		ch <- prometheus.MustNewConstMetric(descOldest, prometheus.GaugeValue, age, p)
	}
	for comm, t := range cs.nextRound {
		ch <- prometheus.MustNewConstMetric(descNextRound, prometheus.GaugeValue, float64(t.Unix()), comm)
	}
}

// counted returns the cached counts, counting again when they are older
// than censusTTL; concurrent scrapes wait for one count.
func (c *stateCollector) counted() (*census, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cache != nil && time.Since(c.at) < c.ttl {
		return c.cache, c.at
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cs, err := c.db.Census(ctx, c.now())
	if err != nil {
		c.log.Warn("metrics: counting the store", "err", err)
		return c.cache, c.at // the last counts, with their age
	}
	next := map[string]time.Time{}
	comms := c.communities()
	for _, comm := range comms { // a configured community has none rather than no figure
		cs.Intros[comm] += 0
		cs.Events[comm] += 0
	}
	for _, p := range c.platforms {
		cs.Outbox[p] = cs.Outbox[p]
	}
	err = c.db.View(ctx, func(tx bot.Tx) error {
		for _, comm := range comms {
			st, err := tx.State(comm)
			if err != nil {
				return err
			}
			if !st.NextRound.IsZero() {
				next[comm] = st.NextRound
			}
		}
		return nil
	})
	if err != nil {
		c.log.Warn("metrics: reading round state", "err", err)
	}
	c.cache, c.at = &census{Census: cs, nextRound: next}, time.Now()
	c.ttl = max(censusTTL, censusShare*c.at.Sub(start))
	return c.cache, c.at
}

// build is what the binary knows of its own build.
type build struct {
	version, revision, time, goVersion string
	modified                           bool
}

// buildInfo reads the version stamped with -ldflags and the VCS details
// the go command records (vcs.revision, vcs.time, vcs.modified).
func buildInfo() build {
	b := build{version: version, revision: "unknown", time: "unknown", goVersion: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		b.goVersion = bi.GoVersion
		if b.version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.version = bi.Main.Version // installed with go install module@version
		}
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				b.revision = kv.Value
			case "vcs.time":
				b.time = kv.Value
			case "vcs.modified":
				b.modified = kv.Value == "true"
			}
		}
	}
	if revision != "" {
		b.revision = revision
	}
	if buildDate != "" {
		b.time = buildDate
	}
	return b
}
