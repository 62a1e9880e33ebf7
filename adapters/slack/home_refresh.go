package slack

import (
	"context"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

// A Home tab shows what it showed when it was published: after anything
// that may change a member's page (a command or a press of theirs, a
// message rete sends them: a partner's pick, a request, a call called
// off), the adapter publishes it again, a moment later so that a burst
// of changes costs one views.publish. Only members who opened the tab
// since the adapter started are refreshed: the others will see a fresh
// page when they open it.

// Defaults of the refresh.
const (
	defaultHomeRefreshAfter = time.Second
	// noticeKeep is how long the reply to a press on the page stays on
	// top of it through refreshes (the press's own messages refresh it).
	noticeKeep = 10 * time.Second
	// maxHomes bounds the members remembered as having opened the tab.
	maxHomes = 100_000
	// maxRefreshing bounds the pages built for refreshes at once: a round
	// DMs every member, and a page takes a store read of the round
	// (about 0.2 s with 100k members); commands must not wait behind them.
	maxRefreshing = 2
)

// homeTabs remembers who opened the Home tab and the refreshes due.
type homeTabs struct {
	mu      sync.Mutex
	handler bot.Handler         // the handler that built the pages
	opened  map[string]string   // user → team
	due     map[string]bool     // users with a refresh scheduled
	notices map[string]homeNote // user → the reply atop their page
	quit    chan struct{}       // closed by Shutdown: scheduled refreshes are dropped
	slots   chan struct{}       // refreshes being built, at most maxRefreshing
	stop    sync.Once
}

// homeNote is the reply to a press shown atop a page, and when.
type homeNote struct {
	msg bot.Message
	at  time.Time
}

func newHomeTabs() *homeTabs {
	return &homeTabs{opened: map[string]string{}, due: map[string]bool{}, notices: map[string]homeNote{}, quit: make(chan struct{}), slots: make(chan struct{}, maxRefreshing)}
}

// open records that user of team opened the tab, shown by h.
func (t *homeTabs) open(h bot.Handler, team, user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.opened) >= maxHomes {
		clear(t.opened)
		clear(t.notices)
	}
	t.handler, t.opened[user] = h, team
	delete(t.notices, user) // a page opened afresh shows no old reply
}

// noted records the reply atop user's page; notice returns it while it
// is recent.
func (t *homeTabs) noted(user string, msg bot.Message, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if msg.IsZero() {
		delete(t.notices, user)
		return
	}
	t.notices[user] = homeNote{msg: msg, at: now}
}

func (t *homeTabs) notice(user string, now time.Time) bot.Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n, ok := t.notices[user]; ok && now.Sub(n.at) < noticeKeep {
		return n.msg
	}
	return bot.Message{}
}

// homeChanged republishes user's Home tab a moment from now when they
// opened it; a refresh already scheduled covers this change too.
func (a *Adapter) homeChanged(user string) {
	t := a.homes
	t.mu.Lock()
	team, opened := t.opened[user]
	h := t.handler
	select {
	case <-t.quit: // shutting down
		opened = false
	default:
	}
	if !opened || t.due[user] {
		t.mu.Unlock()
		return
	}
	t.due[user] = true
	t.mu.Unlock()
	a.pending.Go(func() {
		timer := time.NewTimer(a.homeRefreshAfter)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-t.quit:
			return
		}
		select {
		case t.slots <- struct{}{}:
			defer func() { <-t.slots }()
		case <-t.quit:
			return
		}
		t.mu.Lock()
		delete(t.due, user) // a change from now on schedules another refresh
		t.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), lateReplyWithin)
		defer cancel()
		if err := a.publishHome(ctx, h, team, user, t.notice(user, a.now())); err != nil {
			a.log.Warn("slack: Home tab not refreshed", "user", user, "err", err)
		}
	})
}

// stopRefreshes drops the refreshes scheduled, for Shutdown.
func (t *homeTabs) stopRefreshes() { t.stop.Do(func() { close(t.quit) }) }
