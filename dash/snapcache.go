package dash

import (
	"context"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

// snapCache keeps each community's decoded daily snapshots for good. The
// scheduler writes a day's snapshot once, so a snapshot older than the
// newest one held does not change: a read after the first decodes only
// the snapshots from the newest held day on (that day again, in case it
// was replaced), where expiring them would decode a year of them again.
type snapCache struct {
	mu sync.Mutex
	by map[string]*snapSlot
}

// snapSlot is one community's snapshots; its mu keeps two requests from
// reading the same snapshots at once.
type snapSlot struct {
	mu    sync.Mutex
	from  string // the first day the slot was read from
	snaps []*bot.Snapshot
	used  time.Time
}

// get returns the community's snapshots from day from on, oldest first,
// reading from st those newer than it holds. The slice returned is never
// written again.
func (c *snapCache) get(ctx context.Context, st bot.Store, comm, from string, now time.Time) ([]*bot.Snapshot, error) {
	sl := c.slot(comm, now)
	sl.mu.Lock()
	defer sl.mu.Unlock()
	held := sl.snaps
	if sl.from == "" || from < sl.from {
		held, sl.from = nil, from // nothing held, or held from too late a day
	}
	for len(held) > 0 && held[0].Day < from {
		held = held[1:]
	}
	read := from
	if len(held) > 0 {
		read = held[len(held)-1].Day
		held = held[: len(held)-1 : len(held)-1] // appending copies: slices handed out stay as they were
	}
	err := st.View(ctx, func(tx bot.Tx) error {
		return tx.Snapshots(comm, read, func(sn *bot.Snapshot) error { held = append(held, sn); return nil })
	})
	if err != nil {
		return nil, err
	}
	sl.snaps = held
	return held, nil
}

// slot returns the community's slot, making it, and drops the least
// recently used slot beyond cacheSize communities.
func (c *snapCache) slot(comm string, now time.Time) *snapSlot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]*snapSlot{}
	}
	sl, ok := c.by[comm]
	if !ok {
		if len(c.by) >= cacheSize {
			var oldest string
			for k, s := range c.by {
				if oldest == "" || s.used.Before(c.by[oldest].used) {
					oldest = k
				}
			}
			delete(c.by, oldest)
		}
		sl = &snapSlot{}
		c.by[comm] = sl
	}
	sl.used = now
	return sl
}
