package bot

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultCommandsPerMinute is a sensible Config.CommandsPerMinute: well
// above a person typing, well below a script.
const DefaultCommandsPerMinute = 30

// maxLimited bounds the members whose rate the bot remembers; the least
// recently heard go first, and come back with a full allowance.
const maxLimited = 10000

// commandLimiter gives each member a token bucket of commands. A member
// over their rate hears "slow down" at most once a minute; their other
// commands over the rate get no reply and touch nothing, so that a flood
// costs a map lookup each.
type commandLimiter struct {
	perMinute int
	mu        sync.Mutex
	byKey     map[string]*list.Element
	lru       list.List // of *memberRate, most recent first
}

// memberRate is one member's bucket and whether they were told.
type memberRate struct {
	key  string
	lim  *rate.Limiter
	told time.Time // when they were last told to slow down
}

// newCommandLimiter returns a limiter of perMinute commands, or nil (no
// limit) for 0.
func newCommandLimiter(perMinute int) *commandLimiter {
	if perMinute <= 0 {
		return nil
	}
	return &commandLimiter{perMinute: perMinute, byKey: map[string]*list.Element{}}
}

// verdict is what allow decides for one command.
type verdict int

const (
	allowed  verdict = iota
	slowDown         // refused: say so
	quiet            // refused again: say nothing
)

// allow decides on a command from key (platform and user) at now.
func (l *commandLimiter) allow(key string, now time.Time) verdict {
	if l == nil {
		return allowed
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var r *memberRate
	if e, ok := l.byKey[key]; ok {
		l.lru.MoveToFront(e)
		r = e.Value.(*memberRate)
	} else {
		// A burst of the whole minute's allowance, refilled evenly.
		r = &memberRate{key: key, lim: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)}
		l.byKey[key] = l.lru.PushFront(r)
		if l.lru.Len() > maxLimited {
			old := l.lru.Remove(l.lru.Back()).(*memberRate)
			delete(l.byKey, old.key)
		}
	}
	if r.lim.AllowN(now, 1) {
		return allowed
	}
	if now.Sub(r.told) < time.Minute {
		return quiet
	}
	r.told = now
	return slowDown
}
