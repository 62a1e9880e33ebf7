package match

// RepeatFreeLimit is the largest number of weekly rounds in which n members
// who all take part every week can be grouped without any pair meeting
// twice: the yardstick for a round's first repeat.
//
// In pairs with n even it is n-1 (a round-robin). With n odd every week has
// (n-3)/2 pairs and one trio, which cover (n+3)/2 of the n(n-1)/2 pairs, so
// W ≤ n(n-1)/(n+3) = n-4 + 12/(n+3): W ≤ n-4 from n = 11 on. Per member the
// count agrees: a member meets one new partner a week and two in a trio
// week, and the 3W trio places must fit within n-1-W spare partners each.
// The rotation in odd.go reaches n-4 for every odd n ≥ 11, leaving only the
// six pairs among its four fixed members unmet. Below 11 the counting bound
// is not reached: exhaustive search gives 1 week for n = 3 and 5, 3 for
// n = 7 (not 4) and 6 for n = 9 (which is reached).
//
// In groups of three or four a member meets at least groupSize-1 new
// partners a week, so W ≤ ⌊(n-1)/(groupSize-1)⌋.
func RepeatFreeLimit(n, groupSize int) int {
	if groupSize == 0 {
		groupSize = 2
	}
	switch {
	case n < 2:
		return 0
	case groupSize > 2:
		return max(1, (n-1)/(groupSize-1))
	case n%2 == 0:
		return n - 1
	case n >= 11:
		return n - 4
	}
	return [...]int{3: 1, 5: 1, 7: 3, 9: 6}[n]
}
