package dash

import (
	"sync"

	"github.com/rete-bot/rete/bot"
)

// skillCounts are the live counts the skills page shows.
type skillCounts struct{ offers, seeks, unmet []bot.SkillCount }

// countSkills counts the skills of the members not left or removed, as
// `stats` does, from the members index: the members page keeps it fresh
// (rebuilt in the background every indexTTL, changed at once by an
// action), so the skills page reads no member. A count kept by the store
// on every PutMember would cost the hottest write a read and write of
// shared keys, on which concurrent profile edits would conflict.
func (ix *memberIndex) countSkills(n int) skillCounts {
	offered, sought := map[string]int{}, map[string]int{}
	for i := range ix.entries {
		e := &ix.entries[i]
		if e.status == bot.StatusLeft || e.status == bot.StatusRemoved {
			continue
		}
		for j, sk := range e.skills {
			if j < int(e.offers) {
				offered[sk]++
			} else {
				sought[sk]++
			}
		}
	}
	var sc skillCounts
	sc.offers, sc.seeks, sc.unmet = bot.TopSkills(offered, sought, n)
	return sc
}

// skillCache keeps each community's skill counts with the index they were
// counted from, and counts again when the index is another.
type skillCache struct {
	mu sync.Mutex
	by map[string]countedSkills
}

type countedSkills struct {
	ix *memberIndex
	sc skillCounts
}

// get returns the skill counts of the community's index ix.
func (c *skillCache) get(comm string, ix *memberIndex) skillCounts {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cs, ok := c.by[comm]; ok && cs.ix == ix {
		return cs.sc
	}
	if c.by == nil || len(c.by) >= cacheSize {
		c.by = map[string]countedSkills{}
	}
	sc := ix.countSkills(skillsShown)
	c.by[comm] = countedSkills{ix, sc}
	return sc
}
