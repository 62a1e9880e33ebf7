package dash

import (
	"context"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

// countsTTL is how old the overview's members by status may be before a
// count starts again.
const countsTTL = 30 * time.Second

// statusCounts keeps each community's members by status as Config.Counts
// gives them: a count of every member (cmd/rete's census, which /metrics
// shares and which takes hundreds of milliseconds at 100k members). Once
// a community has counts, a page gets them at once and, when they are
// older than countsTTL, a count starts in the background: only the first
// overview of a community waits for one.
type statusCounts struct {
	mu       sync.Mutex
	by       map[string]*countsSlot
	counting sync.WaitGroup
	closed   bool // no more counts: the store is closing
}

// countFunc is Config.Counts.
type countFunc = func(ctx context.Context, community string, now time.Time) (map[bot.Status]int, error)

type countsSlot struct {
	at       time.Time
	counts   map[bot.Status]int // never written once stored
	counting bool
}

// get returns the community's counts, counting them with count the first
// time and in the background when they are old.
func (c *statusCounts) get(ctx context.Context, count countFunc, comm string, now time.Time) (map[bot.Status]int, error) {
	c.mu.Lock()
	if sl := c.by[comm]; sl != nil {
		if now.Sub(sl.at) >= countsTTL && !sl.counting && !c.closed {
			sl.counting = true
			c.counting.Add(1)
			go c.recount(count, comm, now, sl)
		}
		defer c.mu.Unlock()
		return sl.counts, nil
	}
	c.mu.Unlock()
	counts, err := count(ctx, comm, now)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil || len(c.by) >= cacheSize {
		c.by = map[string]*countsSlot{}
	}
	c.by[comm] = &countsSlot{at: now, counts: counts}
	return counts, nil
}

// recount counts on its own context: the request that started it does
// not wait for it. A failed count keeps the old counts until the next try.
func (c *statusCounts) recount(count countFunc, comm string, now time.Time, sl *countsSlot) {
	defer c.counting.Done()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	counts, err := count(ctx, comm, now)
	c.mu.Lock()
	defer c.mu.Unlock()
	sl.counting = false
	if err == nil {
		sl.at, sl.counts = now, counts
	}
}

// close waits for the counts under way and starts no more.
func (c *statusCounts) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.counting.Wait()
}
