package bot

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// workOverlap returns the hours of a 09:00–18:00 working day that two time
// zones share on the day of t.
func workOverlap(a, b *time.Location, t time.Time) float64 {
	day := func(loc *time.Location) (time.Time, time.Time) {
		lt := t.In(loc)
		start := time.Date(lt.Year(), lt.Month(), lt.Day(), 9, 0, 0, 0, loc)
		return start, start.Add(9 * time.Hour)
	}
	as, ae := day(a)
	bs, be := day(b)
	// Compare on the same absolute day: shift b's window by whole days to
	// the one nearest a's.
	for bs.Sub(as) > 12*time.Hour {
		bs, be = bs.Add(-24*time.Hour), be.Add(-24*time.Hour)
	}
	for as.Sub(bs) > 12*time.Hour {
		bs, be = bs.Add(24*time.Hour), be.Add(24*time.Hour)
	}
	lo, hi := as, ae
	if bs.After(lo) {
		lo = bs
	}
	if be.Before(hi) {
		hi = be
	}
	if !hi.After(lo) {
		return 0
	}
	return hi.Sub(lo).Hours()
}

// maxFind is how many members find lists.
const maxFind = 10

// maxFindLoad is how many matching members find reads to rank them; above
// it, the counts of a very common skill are approximate.
const maxFindLoad = 2000

func runFind(ctx context.Context, c *call) (Message, error) {
	skill, err := c.b.skills.Normalize(c.arg("skill"))
	if err != nil {
		return Message{}, err
	}
	type hit struct {
		m       *Member
		match   offerMatch
		score   int
		overlap float64
	}
	var hits []hit
	now := c.now()
	myLoc := c.loc()
	unseen := 0 // matches beyond maxFindLoad, not loaded
	err = c.b.store.View(ctx, func(tx Tx) error {
		// Rank from the indexes first (keys only): the closest skills,
		// then members who seek what the caller offers. Only the best
		// maxFindLoad are loaded, so a skill half the community offers
		// stays fast.
		found, err := c.b.membersOffering(tx, c.comm.ID, skill)
		if err != nil {
			return err
		}
		found = slices.DeleteFunc(found, func(o offerMatch) bool { return o.ID == c.self() })
		if len(found) > maxFindLoad {
			comp := map[MemberID]int{}
			if c.me != nil {
				for _, s := range c.me.Profile.Offers {
					if err := tx.MembersWithSkill(c.comm.ID, Seeks, s, func(id MemberID) error { comp[id]++; return nil }); err != nil {
						return err
					}
				}
			}
			slices.SortStableFunc(found, func(a, b offerMatch) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), comp[b.ID]-comp[a.ID]) })
			unseen, found = len(found)-maxFindLoad, found[:maxFindLoad]
		}
		for _, o := range found {
			id := o.ID
			m, err := tx.Member(c.comm.ID, id)
			if err != nil {
				return err
			}
			// A member who blocked the caller is listed like anyone else:
			// the block stops contact, and hiding them would reveal it.
			if !m.ActiveAt(now) || (c.me != nil && c.me.Blocked(id)) {
				continue
			}
			hits = append(hits, hit{m: m, match: o, score: c.canHelp(m), overlap: workOverlap(myLoc, m.Location(c.comm.Settings.Location()), now)})
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	name := c.b.skills.Name(c.lang, skill)
	if len(hits) == 0 {
		return c.say("msg.find_none", Args{"skill": name}), nil
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.match.Kind != b.match.Kind {
			return cmp.Compare(a.match.Kind, b.match.Kind)
		}
		if a.score != b.score {
			return b.score - a.score
		}
		if a.overlap != b.overlap {
			if a.overlap > b.overlap {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.m.Name), strings.ToLower(b.m.Name))
	})
	// The title names the skill every hit offers (the corrected spelling
	// of a typo), or says that close skills are listed too.
	titleKey, manyKey := "msg.find_title", "msg.find_title_many"
	if !slices.ContainsFunc(hits, func(h hit) bool { return h.match.Skill != hits[0].match.Skill }) {
		name = c.b.skills.Name(c.lang, hits[0].match.Skill)
	} else {
		titleKey, manyKey = "msg.find_title_close", "msg.find_title_many_close"
	}
	title := c.say(titleKey, Args{"skill": name, "n": len(hits)})
	if unseen > 0 {
		title = c.say(manyKey, Args{"skill": name, "n": len(hits) + unseen})
	}
	msg := title
	var items [][]Span
	for _, h := range hits[:min(len(hits), maxFind)] {
		item := []Span{{Style: Mention, Text: h.m.Name, Member: h.m.ID}}
		if h.m.Profile.Company != "" {
			item = append(item, Text(" ("+h.m.Profile.Company+")"))
		}
		if titleKey == "msg.find_title_close" {
			item = append(item, Text(" — "))
			item = append(item, c.t("msg.find_offers", Args{"skill": c.b.skills.Name(c.lang, h.match.Skill)})...)
		}
		if len(h.m.Profile.Seeks) > 0 {
			item = append(item, Text(" — "))
			item = append(item, c.t("msg.find_seeks", Args{"skills": c.b.skills.Names(c.lang, h.m.Profile.Seeks)})...)
		}
		if h.score > 0 {
			item = append(item, Text(" · "))
			item = append(item, c.t("msg.find_match", nil)...)
		}
		items = append(items, item)
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items})
	if n := len(hits) + unseen - maxFind; n > 0 {
		key := "msg.find_more"
		if unseen > 0 {
			key = "msg.find_more_about"
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t(key, Args{"n": n})})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.find_hint", Args{"prefix": c.req.Prefix})})
	return msg, nil
}
