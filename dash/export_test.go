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
