package bot_test

import (
	"strings"
	"testing"
	"time"
)

// The digest's meeting rate counts the groups asked whether they met: a
// group whose pick moved its follow-up later is left out until asked,
// even if a member answered early.
func TestDigestMetRateCountsOnlyGroupsAsked(t *testing.T) {
	e, _ := fakeRoundEnv(t, 4)
	e.must("mod", "round now", "2 groups")
	e.deliver()
	r, g := e.lateSlotGroup("m00")
	e.must("m00", "meet pick "+r.ID+" 2", "")
	e.must("m00", "met yes "+r.ID, "")
	other := "m01"
	for _, id := range g.Members {
		if id.User == other {
			other = "m02"
		}
	}
	e.must(other, "met no "+r.ID, "")
	e.clock.Add(r.FollowupAt.Sub(e.clock.Now()) + time.Minute)
	if got := e.must("mod", "digest preview", ""); !strings.Contains(got, "Last round: 0 of 1 group that answered met.") {
		t.Errorf("digest counts a group not asked yet:\n%s", got)
	}
}
