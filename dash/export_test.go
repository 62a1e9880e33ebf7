package dash

import (
	"context"
	"time"

	"github.com/rete-bot/rete/bot"
)

// MembersCursor is the members page's cursor (its after= or before=) for a
// row whose key in the order is num, or str for the name order.
func MembersCursor(num int64, str, id string) string {
	return cursor{num: num, str: str, id: id}.String()
}

// BuildMembersIndex builds a community's members index, as the members
// page does when it has none, and returns how many members it holds.
func BuildMembersIndex(st bot.Store, comm string) (int, error) {
	ix, err := buildIndex(context.Background(), st, comm, time.Now(), 0)
	if err != nil {
		return 0, err
	}
	return len(ix.entries), nil
}

// IndexSkillCounts counts a community's skills from a members index built
// now, as the skills page does.
func IndexSkillCounts(st bot.Store, comm string, n int) (offers, seeks, unmet []bot.SkillCount, err error) {
	ix, err := buildIndex(context.Background(), st, comm, time.Now(), 0)
	if err != nil {
		return nil, nil, nil, err
	}
	sc := ix.countSkills(n)
	return sc.offers, sc.seeks, sc.unmet, nil
}
