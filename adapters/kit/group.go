package kit

import "fmt"

// GroupSize checks the number of members a [bot.GroupMessenger] is asked to
// put in one conversation: 2 to 8, one limit for every platform so that
// a group that fits one fits all.
func GroupSize(platform string, n int) error {
	if n < 2 || n > 8 {
		return fmt.Errorf("%s: group of %d members: want 2 to 8", platform, n)
	}
	return nil
}
