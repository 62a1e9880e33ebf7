package bot

import (
	"strconv"
	"testing"
	"time"
)

// TestCommandLimiterForgetsTheLeastRecent: the limiter remembers at most
// maxLimited members, dropping the one heard least recently.
func TestCommandLimiterForgetsTheLeastRecent(t *testing.T) {
	l := newCommandLimiter(1)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	l.allow("keep", now)
	for i := range maxLimited + 100 {
		if i%1000 == 0 {
			l.allow("keep", now) // heard again: stays
		}
		l.allow(strconv.Itoa(i), now)
	}
	if len(l.byKey) != maxLimited || l.lru.Len() != maxLimited {
		t.Errorf("%d members remembered, want %d", len(l.byKey), maxLimited)
	}
	if _, ok := l.byKey["keep"]; !ok {
		t.Error("a member heard recently was forgotten")
	}
	if _, ok := l.byKey["0"]; ok {
		t.Error("the member heard least recently is still remembered")
	}
	if l.allow("keep", now) != quiet {
		t.Error("a remembered member, told already, is not kept quiet")
	}
}
