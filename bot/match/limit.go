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
// In groups of three or four, with k groups as the engine forms them (n/G
// rounded down, or up when the remainder exceeds it) and r = n-kG groups
// one larger (r > 0) or -r one smaller (r < 0): a member meets at least
// s-1 new partners a week, s the smallest group, and a week uses P pairs
// of the n(n-1)/2, so W ≤ min(⌊(n-1)/(s-1)⌋, ⌊n(n-1)/2P⌋). It is an upper
// bound: for small n no schedule may reach it.
func RepeatFreeLimit(n, groupSize int) int {
	if groupSize == 0 {
		groupSize = 2
	}
	switch {
	case n < 2:
		return 0
	case groupSize > 2:
		return groupsLimit(n, groupSize)
	case n%2 == 0:
		return n - 1
	case n >= 11:
		return n - 4
	}
	return [...]int{3: 1, 5: 1, 7: 3, 9: 6}[n]
}

// groupsLimit is RepeatFreeLimit for groups of g ≥ 3, over the week's
// group sizes as the engine forms them (golferSizes).
func groupsLimit(n, g int) int {
	if n <= g+1 {
		return 1 // one group: the first week is the only one
	}
	pairs, smallest := 0, g
	for _, s := range golferSizes(n, g) {
		pairs += s * (s - 1) / 2
		smallest = min(smallest, s)
	}
	return max(1, min((n-1)/(smallest-1), n*(n-1)/2/pairs))
}
