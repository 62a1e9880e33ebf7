package slack

import (
	"container/list"
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// Seen remembers which deliveries were handled, so that Slack's
// redeliveries of them are dropped. *store.DB implements it (marks that
// survive a restart); without one the adapter keeps marks in memory.
type Seen interface {
	// SeenOnce records key for ttl and reports whether it was not
	// recorded already.
	SeenOnce(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
	// Keep records key for ttl, whether or not it was recorded.
	Keep(ctx context.Context, key string, ttl time.Duration) error
	// Forget removes key's mark, so that its next SeenOnce is first.
	Forget(ctx context.Context, key string) error
}

// Slack retries an event or a click three times within about five minutes
// (at once, after 1 and after 5 minutes).
const (
	// claimTTL is how long a delivery being handled is claimed: longer
	// than handling takes, shorter than the time to Slack's last retry, so
	// that the last retry of a delivery whose handling died with the
	// process (its claim survives the restart) is handled.
	claimTTL = 3 * time.Minute
	// dedupeTTL is how long a handled delivery is remembered.
	dedupeTTL = 15 * time.Minute
)

// Keys of remembered deliveries.
func eventKey(eventID string) string     { return "slack/event/" + eventID }
func triggerKey(triggerID string) string { return "slack/trigger/" + triggerID }

// once runs fn unless key was handled already; it reports whether fn ran.
//
// The key is claimed (for claimTTL) before fn runs, so that a retry
// arriving while the first attempt is still being handled (Slack retries
// after 3 s without an answer) is dropped, and marked handled (for
// dedupeTTL) after fn succeeds. If fn fails (returns an error or panics),
// the claim is removed, so that a retry of an attempt that did not get
// through is handled; if the process dies while fn runs, the claim runs
// out before Slack's last retry, which is then handled. If the marks cannot be read or written, fn runs
// anyway: a rare duplicate is better than a lost click, and the core's
// commands that a retry could repeat (join, rsvp, intro accept) are
// idempotent. A panic in fn is returned as an error.
func (a *Adapter) once(ctx context.Context, key string, fn func() error) (ran bool, err error) {
	first, serr := a.seen.SeenOnce(ctx, key, claimTTL)
	if serr != nil {
		a.log.Warn("slack: de-duplication unavailable; handling the delivery anyway", "key", key, "err", serr)
		first = true
	}
	if !first {
		return false, nil
	}
	err = safely(fn)
	if serr != nil {
		return true, err
	}
	// Mark even when ctx is done: the retry must find the right mark.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err != nil {
		if ferr := a.seen.Forget(mctx, key); ferr != nil {
			a.log.Warn("slack: could not forget a failed delivery; its retry will be dropped", "key", key, "err", ferr)
		}
		return true, err
	}
	if kerr := a.seen.Keep(mctx, key, dedupeTTL); kerr != nil {
		a.log.Warn("slack: could not mark a delivery handled; a late retry may run it again", "key", key, "err", kerr)
	}
	return true, nil
}

// safely runs fn, turning a panic into an error.
func safely(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return fn()
}

// seenSet is the in-memory [Seen]: marks live until their TTL passes or,
// beyond max marks, until they are the oldest.
type seenSet struct {
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

func newSeenSet(now func() time.Time, max int) *seenSet {
	return &seenSet{now: now, max: max, order: list.New(), items: map[string]*list.Element{}}
}

// SeenOnce implements Seen.
func (s *seenSet) SeenOnce(_ context.Context, key string, ttl time.Duration) (bool, error) {
	return s.firstTime(key, ttl), nil
}

// Keep implements Seen.
func (s *seenSet) Keep(_ context.Context, key string, ttl time.Duration) error {
	s.mu.Lock()
	if e, ok := s.items[key]; ok {
		s.order.Remove(e)
		delete(s.items, key)
	}
	s.mu.Unlock()
	s.firstTime(key, ttl)
	return nil
}

// Forget implements Seen.
func (s *seenSet) Forget(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[key]; ok {
		s.order.Remove(e)
		delete(s.items, key)
	}
	return nil
}

// firstTime records key for ttl and reports whether it was not recorded.
func (s *seenSet) firstTime(key string, ttl time.Duration) bool {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[key]; ok {
		if now.Before(e.Value.(seenItem).expires) {
			return false
		}
		s.order.Remove(e)
		delete(s.items, key)
	}
	// Marks are pushed in time order with one TTL in practice, so the
	// expired ones are at the front.
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		it := e.Value.(seenItem)
		if now.Before(it.expires) && s.order.Len() < s.max {
			break
		}
		s.order.Remove(e)
		delete(s.items, it.key)
	}
	s.items[key] = s.order.PushBack(seenItem{key: key, expires: now.Add(ttl)})
	return true
}
