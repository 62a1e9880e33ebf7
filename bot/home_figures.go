package bot

import (
	"context"
	"sync"
	"time"
)

// A moderator's home page shows the community's figures, which take a
// scan of every member, round and intro. The page is built each time a
// moderator opens it or acts on it, so the figures are counted at most
// once per figuresTTL and reused meanwhile, as /metrics reuses its
// census; a count that took long is reused longer, so that counting
// never takes more than a share of the time.
const (
	figuresTTL   = 30 * time.Second
	figuresShare = 100
)

// figuresCache holds the latest figures of each community. Its lock is
// held while counting: concurrent pages wait for one count.
type figuresCache struct {
	mu     sync.Mutex
	byComm map[string]*counted
}

// counted are the figures of one community and when they were counted
// (on the wall clock, like the time the count took).
type counted struct {
	st  Stats
	is  IntroStats
	at  time.Time
	ttl time.Duration
}

// homeFiguresOf returns the community's figures, counted at most
// figuresTTL ago (longer when counting is slow).
func (b *Bot) homeFiguresOf(ctx context.Context, community string) (Stats, IntroStats, error) {
	fc := &b.figures
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if c := fc.byComm[community]; c != nil && time.Since(c.at) < c.ttl {
		return c.st, c.is, nil
	}
	start := time.Now()
	st, err := b.CommunityStats(ctx, community)
	if err != nil {
		return Stats{}, IntroStats{}, err
	}
	is, err := b.introStats(ctx, community)
	if err != nil {
		return Stats{}, IntroStats{}, err
	}
	if fc.byComm == nil {
		fc.byComm = map[string]*counted{}
	}
	took := time.Since(start)
	fc.byComm[community] = &counted{st: st, is: is, at: time.Now(), ttl: max(figuresTTL, figuresShare*took)}
	return st, is, nil
}
