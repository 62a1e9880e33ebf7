package bot

import (
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limit is how fast a platform's outbox sends: Rate messages per second
// overall with bursts of Burst, and PerDestination messages per second to
// any one destination (a channel, a DM, a group conversation) with bursts
// of one. An edit waits Coalesce after it is first queued, so that the
// changes that follow (a burst of RSVPs) join it. Zero means no limit.
type Limit struct {
	Rate           float64
	Burst          int
	PerDestination float64
	// PerChannel, when set, is a stricter rate for posts and edits in a
	// channel (Telegram: 20 a minute in a group).
	PerChannel float64
	Coalesce   time.Duration
}

// Limiter applies a [Limit] on a clock the caller gives, so that the
// outbox decides per entry without sleeping: an entry whose destination
// must wait is left for later while other destinations go on. It is safe
// for concurrent use.
type Limiter struct {
	lim  Limit
	all  *rate.Limiter
	mu   sync.Mutex
	dest map[string]*rate.Limiter
}

// NewLimiter returns a Limiter for lim.
func NewLimiter(lim Limit) *Limiter {
	l := &Limiter{lim: lim, dest: map[string]*rate.Limiter{}}
	if lim.Rate > 0 {
		l.all = rate.NewLimiter(rate.Limit(lim.Rate), max(1, lim.Burst))
	}
	return l
}

// maxIdleDestinations is how many destination limiters are kept before
// the full (idle) ones are dropped.
const maxIdleDestinations = 1024

// dueBatch is how many due entries a pass reads at a time without a
// limit; a limited pass reads about what it may send in a second.
const dueBatch = 256

// batch is how many due entries a pass reads at a time.
func (l *Limiter) batch() int {
	if l == nil || l.lim.Rate <= 0 {
		return dueBatch
	}
	return min(max(int(l.lim.Rate)+l.lim.Burst, 16), dueBatch)
}

// held reports until when e must wait for the changes that may join it;
// zero if it may go.
func (l *Limiter) held(e *OutboxEntry, now time.Time) time.Time {
	if l == nil || e.Kind != OutboxEdit {
		return time.Time{}
	}
	if at := e.Created.Add(l.lim.Coalesce); now.Before(at) {
		return at
	}
	return time.Time{}
}

// take takes a token for one message to dest at now, or reports how long
// the message must wait; waitAll says the platform's overall limit is the
// cause, so no other destination may go either.
func (l *Limiter) take(dest string, now time.Time) (wait time.Duration, waitAll bool) {
	if l == nil {
		return 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var d *rate.Reservation
	if per := l.perDestination(dest); per > 0 {
		dl, ok := l.dest[dest]
		if !ok {
			l.prune(now)
			dl = rate.NewLimiter(rate.Limit(per), 1)
			l.dest[dest] = dl
		}
		d = dl.ReserveN(now, 1)
		if w := d.DelayFrom(now); w > 0 {
			d.CancelAt(now)
			return w, false
		}
	}
	if l.all != nil {
		a := l.all.ReserveN(now, 1)
		if w := a.DelayFrom(now); w > 0 {
			a.CancelAt(now)
			if d != nil {
				d.CancelAt(now)
			}
			return w, true
		}
	}
	return 0, false
}

// perDestination is the rate to dest: PerChannel for a channel (a
// Telegram group) when it is the stricter, else PerDestination.
func (l *Limiter) perDestination(dest string) float64 {
	per := l.lim.PerDestination
	if c := l.lim.PerChannel; c > 0 && strings.HasPrefix(dest, "channel/") && (per <= 0 || c < per) {
		per = c
	}
	return per
}

// prune drops the limiters of destinations that are back to a full
// bucket once there are many: a new limiter would behave the same.
func (l *Limiter) prune(now time.Time) {
	if len(l.dest) < maxIdleDestinations {
		return
	}
	for k, dl := range l.dest {
		if dl.TokensAt(now) >= float64(dl.Burst()) {
			delete(l.dest, k)
		}
	}
}

// destination names where an entry goes, for the per-destination limit:
// the channel of a post or an edit, the member of a DM, the members of a
// group conversation.
func destination(e *OutboxEntry) string {
	switch e.Kind {
	case OutboxPost:
		return "channel/" + e.Channel
	case OutboxEdit:
		return "channel/" + e.Edit.Channel
	case OutboxGroup:
		ids := make([]string, len(e.To))
		for i, id := range e.To {
			ids[i] = id.String()
		}
		sort.Strings(ids)
		return "group/" + strings.Join(ids, ",")
	}
	if len(e.To) > 0 {
		return "dm/" + e.To[0].String()
	}
	return string(e.Kind)
}
