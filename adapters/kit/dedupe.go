package kit

import (
	"container/list"
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// Seen remembers which deliveries were handled. *store.DB implements it
// with marks that survive a restart; [NewMemorySeen] keeps them in memory.
type Seen interface {
	// SeenOnce records key for ttl and reports whether it was not
	// recorded already.
	SeenOnce(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
	// Keep records key for ttl, whether or not it was recorded.
	Keep(ctx context.Context, key string, ttl time.Duration) error
	// Forget removes key's mark, so that its next SeenOnce is first.
	Forget(ctx context.Context, key string) error
}

// Deduper handles each delivery once. Keys are namespaced by the
// platform and the kind of delivery ("slack/event/Ev1"), so adapters
// share one store without colliding.
type Deduper struct {
	Seen Seen
	Log  *slog.Logger
	// ClaimTTL is how long a delivery being handled is claimed: longer
	// than handling takes, shorter than the time to the platform's last
	// retry, so that the retry of a delivery whose handling died with the
	// process (its claim survives the restart) is handled.
	ClaimTTL time.Duration
	// KeepTTL is how long a handled delivery is remembered: at least as
	// long as the platform redelivers.
	KeepTTL time.Duration
}

// Once runs fn unless key was handled already, and reports whether fn ran.
//
// The key is claimed (for ClaimTTL) before fn runs, so that a retry
// arriving while the first attempt is still being handled is dropped, and
// marked handled (for KeepTTL) after fn succeeds. If fn fails (returns an
// error or panics) the claim is removed, so that a retry of an attempt
// that did not get through is handled. If the marks cannot be read or
// written, fn runs anyway: a rare duplicate is better than a lost click.
// A panic in fn is returned as an error.
func (d *Deduper) Once(ctx context.Context, key string, fn func() error) (ran bool, err error) {
	first, serr := d.Seen.SeenOnce(ctx, key, d.ClaimTTL)
	if serr != nil {
		d.log().Warn("de-duplication unavailable; handling the delivery anyway", "key", key, "err", serr)
		first = true
	}
	if !first {
		return false, nil
	}
	err = Safely(fn)
	if serr != nil {
		return true, err
	}
	// Mark even when ctx is done: the retry must find the right mark.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err != nil {
		if ferr := d.Seen.Forget(mctx, key); ferr != nil {
			d.log().Warn("could not forget a failed delivery; its retry will be dropped", "key", key, "err", ferr)
		}
		return true, err
	}
	if kerr := d.Seen.Keep(mctx, key, d.KeepTTL); kerr != nil {
		d.log().Warn("could not mark a delivery handled; a late retry may run it again", "key", key, "err", kerr)
	}
	return true, nil
}

// First reports whether key is new for ttl, marking it: for deliveries
// that are never retried legitimately, so that any repeat is a replay
// (a signed request captured and sent again). When the marks cannot be
// read it reports true: the signature check already stands in front.
func (d *Deduper) First(ctx context.Context, key string, ttl time.Duration) bool {
	first, err := d.Seen.SeenOnce(ctx, key, ttl)
	if err != nil {
		d.log().Warn("replay check unavailable; accepting the request", "key", key, "err", err)
		return true
	}
	return first
}

func (d *Deduper) log() *slog.Logger {
	if d.Log == nil {
		return slog.Default()
	}
	return d.Log
}

// Safely runs fn, turning a panic into an error.
func Safely(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return fn()
}

// memorySeen is the in-memory [Seen]: marks live until their TTL passes
// or, beyond max marks, until they are the oldest.
type memorySeen struct {
	now func() time.Time
	max int

	mu    sync.Mutex
	order *list.List               // of seenItem, oldest first
	items map[string]*list.Element // key → element of order
}

type seenItem struct {
	key     string
	expires time.Time
}

// NewMemorySeen returns a [Seen] that keeps at most max marks in memory,
// on the clock now: for tests and for adapters run without a store.
// Marks are lost at a restart.
func NewMemorySeen(now func() time.Time, max int) Seen {
	if now == nil {
		now = time.Now
	}
	return &memorySeen{now: now, max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (s *memorySeen) SeenOnce(_ context.Context, key string, ttl time.Duration) (bool, error) {
	return s.firstTime(key, ttl), nil
}

func (s *memorySeen) Keep(_ context.Context, key string, ttl time.Duration) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	// One critical section: between a removal and a new mark, a
	// redelivery would find no mark and run again.
	s.remove(key)
	s.mark(key, ttl, now)
	return nil
}

func (s *memorySeen) Forget(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remove(key)
	return nil
}

func (s *memorySeen) remove(key string) {
	if e, ok := s.items[key]; ok {
		s.order.Remove(e)
		delete(s.items, key)
	}
}

// firstTime records key for ttl and reports whether it was not recorded.
func (s *memorySeen) firstTime(key string, ttl time.Duration) bool {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[key]; ok {
		if now.Before(e.Value.(seenItem).expires) {
			return false
		}
		s.remove(key)
	}
	s.mark(key, ttl, now)
	return true
}

// mark records key for ttl, dropping expired marks and the oldest beyond
// max; s.mu is held.
func (s *memorySeen) mark(key string, ttl time.Duration, now time.Time) {
	// Marks are pushed in time order with one TTL in practice, so the
	// expired ones are at the front.
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		it := e.Value.(seenItem)
		if now.Before(it.expires) && s.order.Len() < s.max {
			break
		}
		s.remove(it.key)
	}
	s.items[key] = s.order.PushBack(seenItem{key: key, expires: now.Add(ttl)})
}
