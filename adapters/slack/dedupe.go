package slack

import (
	"container/list"
	"sync"
	"time"
)

// seenSet remembers ids for a while: the Events API's event_id, which
// Slack's retries reuse. It keeps at most max ids, forgetting the oldest.
type seenSet struct {
	now func() time.Time
	ttl time.Duration
	max int

	mu    sync.Mutex
	order *list.List               // of seenItem, oldest first
	items map[string]*list.Element // id → element of order
}

type seenItem struct {
	id   string
	seen time.Time
}

func newSeenSet(now func() time.Time, ttl time.Duration, max int) *seenSet {
	return &seenSet{now: now, ttl: ttl, max: max, order: list.New(), items: map[string]*list.Element{}}
}

// firstTime records id and reports whether it was not seen within the TTL.
func (s *seenSet) firstTime(id string) bool {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		it := e.Value.(seenItem)
		if now.Sub(it.seen) < s.ttl && s.order.Len() < s.max {
			break
		}
		s.order.Remove(e)
		delete(s.items, it.id)
	}
	if _, ok := s.items[id]; ok {
		return false
	}
	s.items[id] = s.order.PushBack(seenItem{id: id, seen: now})
	return true
}
