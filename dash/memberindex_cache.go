package dash

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

// indexTTL is how long the members page reuses a community's index
// before building it again; an older one still answers while the new one
// is built, so no request waits for the scan of every member but the
// first.
const indexTTL = 30 * time.Second

// rebuildPace is the pause a rebuild takes every 1,000 members, when no
// request waits for it: spread out, it takes less from the pages served
// meanwhile.
var rebuildPace = 5 * time.Millisecond

// indexCache keeps each community's members index.
type indexCache struct {
	mu     sync.Mutex
	by     map[string]*indexSlot
	builds sync.WaitGroup
	closed bool // no more builds: the store is closing
}

type indexSlot struct {
	ix       *memberIndex
	building bool
	done     chan struct{} // closed when the build under way ends
	err      error         // of the last build
}

// warm starts building the community's index if it has none, without
// waiting: signing in calls it, so that the members page, a click away,
// finds the index built.
func (c *indexCache) warm(st bot.Store, comm string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sl := c.slot(comm); sl.ix == nil {
		c.start(st, comm, now, sl)
	}
}

// start builds the slot's index in the background unless a build is
// under way or the cache is closed; c.mu is held.
func (c *indexCache) start(st bot.Store, comm string, now time.Time, sl *indexSlot) {
	if sl.building || c.closed {
		return
	}
	sl.building, sl.done = true, make(chan struct{})
	c.builds.Add(1)
	pace := time.Duration(0) // a request waits for the first build
	if sl.ix != nil {
		pace = rebuildPace
	}
	go c.build(st, comm, now, pace, sl)
}

// close waits for the builds under way and starts no more.
func (c *indexCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.builds.Wait()
}

// slot is the community's slot, made when missing; c.mu is held.
func (c *indexCache) slot(comm string) *indexSlot {
	if c.by == nil {
		c.by = map[string]*indexSlot{}
	}
	if c.by[comm] == nil {
		c.by[comm] = &indexSlot{}
	}
	return c.by[comm]
}

// get returns the community's index. The first call builds it and waits;
// later calls return the one built last and, when it is older than
// indexTTL, start building a new one in the background.
func (c *indexCache) get(ctx context.Context, st bot.Store, comm string, now time.Time) (*memberIndex, error) {
	c.mu.Lock()
	sl := c.slot(comm)
	if sl.ix != nil && (now.Sub(sl.ix.built) < indexTTL || sl.building) {
		defer c.mu.Unlock()
		return sl.ix, nil
	}
	c.start(st, comm, now, sl)
	ix, done, building := sl.ix, sl.done, sl.building
	c.mu.Unlock()
	if ix != nil {
		return ix, nil
	}
	if !building {
		return nil, errors.New("dashboard: closed")
	}
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return sl.ix, sl.err
}

// build builds an index on its own context: requests that stop waiting
// must not stop it.
func (c *indexCache) build(st bot.Store, comm string, now time.Time, pace time.Duration, sl *indexSlot) {
	defer c.builds.Done()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ix, err := buildIndex(ctx, st, comm, now, pace)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil {
		sl.ix = ix
	}
	sl.err, sl.building = err, false
	close(sl.done)
}

// changed tells the index of a community that a member's status changed.
func (c *indexCache) changed(comm string, m *bot.Member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sl := c.by[comm]; sl != nil && sl.ix != nil {
		sl.ix = sl.ix.withStatus(m.ID.String(), m)
	}
}
