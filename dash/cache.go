package dash

import (
	"sync"
	"time"
)

// cacheTTL is how long the dashboard reuses what it read for a page: the
// figures of a big community take a scan of members or of rounds, and a
// moderator clicking around should pay for it once.
const cacheTTL = 30 * time.Second

// cacheSize bounds the entries (communities) of one cache.
const cacheSize = 16

// cache keeps one value a key for cacheTTL. A get computes under the lock,
// so that concurrent requests for a cold key wait for one computation.
type cache[T any] struct {
	mu sync.Mutex
	by map[string]cached[T]
}

type cached[T any] struct {
	at time.Time
	v  T
}

// get returns the value of key, computing it again when it is older than
// cacheTTL.
func (c *cache[T]) get(key string, now time.Time, compute func() (T, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.by[key]; ok && now.Sub(e.at) < cacheTTL && !now.Before(e.at) {
		return e.v, nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	if c.by == nil {
		c.by = map[string]cached[T]{}
	}
	for k, e := range c.by {
		if now.Sub(e.at) >= cacheTTL || len(c.by) >= cacheSize {
			delete(c.by, k)
		}
	}
	c.by[key] = cached[T]{at: now, v: v}
	return v, nil
}
