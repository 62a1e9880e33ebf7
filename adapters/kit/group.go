package kit

import (
	"fmt"
	"slices"

	"github.com/rete-bot/rete/bot"
)

// GroupSize checks the number of members a [bot.GroupMessenger] is asked to
// put in one conversation: 2 to 8, one limit for every platform so that
// a group that fits one fits all.
func GroupSize(platform string, n int) error {
	if n < 2 || n > 8 {
		return fmt.Errorf("%s: group of %d members: want 2 to 8", platform, n)
	}
	return nil
}

// GroupUsers returns the sorted user ids of a group's members, which must
// all be on platform in the first member's space (space names it in the
// error: "guild", "Slack team"). Sorted, they key the platform's cache of
// group conversations whatever order the core lists the members in.
func GroupUsers(platform, space string, members []bot.MemberID) ([]string, error) {
	users := make([]string, 0, len(members))
	for _, m := range members {
		if m.Platform != platform || m.Space != members[0].Space {
			return nil, fmt.Errorf("%s: group with %s: all members must be in one %s", platform, m, space)
		}
		users = append(users, m.User)
	}
	slices.Sort(users)
	return users, nil
}
