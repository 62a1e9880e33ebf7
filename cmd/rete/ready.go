package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rete-bot/rete/bot"
)

// Readiness thresholds. The disk is nearly full when less than
// minFreeBytes and less than minFreeRatio of it are free: the byte floor
// alone would call a small disk full too late, the ratio alone a large one
// too early. A platform is down when its sends have failed for
// platformDownAfter, long enough that the outbox's retries did not help.
const (
	minFreeBytes      = 1 << 30
	minFreeRatio      = 0.05
	platformDownAfter = 10 * time.Minute
)

// readinessProbe is the community whose round state the readiness check
// reads: a read of a key that need not exist.
const readinessProbe = "readyz"

// readiness answers GET /readyz: ready once serve started, while the
// store answers, the data dir's disk has room, and every platform's sends
// get through.
type readiness struct {
	started  *atomic.Bool
	store    bot.Store
	dir      string
	health   *platformHealth
	diskFree func(dir string) (free, size uint64, err error) // store.DiskSpace; tests replace it
}

// problems lists why rete is not ready, or nothing.
func (r *readiness) problems(ctx context.Context) []string {
	if !r.started.Load() {
		return []string{"starting"}
	}
	var out []string
	// A read, not only a transaction: a closed or failed store fails it.
	if err := r.store.View(ctx, func(tx bot.Tx) error { _, err := tx.State(readinessProbe); return err }); err != nil {
		out = append(out, "store unavailable: "+err.Error())
	}
	if free, size, err := r.diskFree(r.dir); err == nil && nearlyFull(free, size) {
		out = append(out, fmt.Sprintf("disk nearly full: %d MiB free of %d MiB on %s", free>>20, size>>20, r.dir))
	}
	for _, p := range r.health.down(platformDownAfter) {
		out = append(out, "platform "+p+" unreachable for more than "+platformDownAfter.String())
	}
	return out
}

// nearlyFull reports whether free bytes of size are below both thresholds.
func nearlyFull(free, size uint64) bool {
	return free < minFreeBytes && float64(free) < minFreeRatio*float64(size)
}

// ServeHTTP answers 200 "ready", or 503 with one problem a line.
func (r *readiness) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if p := r.problems(req.Context()); len(p) > 0 {
		http.Error(w, strings.Join(p, "\n"), http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

// platformHealth follows each platform's sends: since when they fail
// without a success in between. A rate limit or an unreachable member is
// an answer from the platform, so it counts as reaching it.
type platformHealth struct {
	now     func() time.Time
	mu      sync.Mutex
	failing map[string]time.Time // platform → first failure since its last success
}

func newPlatformHealth(now func() time.Time) *platformHealth {
	return &platformHealth{now: now, failing: map[string]time.Time{}}
}

// sent records one send's result.
func (h *platformHealth) sent(platform string, r bot.SendResult) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch r {
	case bot.SendRetry, bot.SendGaveUp:
		if _, ok := h.failing[platform]; !ok {
			h.failing[platform] = h.now()
		}
	default:
		delete(h.failing, platform)
	}
}

// down returns the platforms whose sends have failed for longer than d.
func (h *platformHealth) down(d time.Duration) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for p, since := range h.failing {
		if h.now().Sub(since) > d {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}
