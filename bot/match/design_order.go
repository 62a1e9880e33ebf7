package match

import "slices"

// orderWeeks orders the weeks so that no member is in a group larger than
// g two weeks in a row, by a depth-first search from the first week; when
// its steps run out it returns the weeks as they are.
func orderWeeks(weeks [][][]int32, g int) [][][]int32 {
	large := make([][]int32, len(weeks))
	for w, week := range weeks {
		for _, grp := range week {
			if len(grp) > g {
				large[w] = append(large[w], grp...)
			}
		}
	}
	if len(large[0]) == 0 {
		return weeks
	}
	apart := func(a, b int) bool {
		for _, x := range large[a] {
			if slices.Contains(large[b], x) {
				return false
			}
		}
		return true
	}
	order := []int{0}
	used := make([]bool, len(weeks))
	used[0] = true
	steps := golferOrder
	var extend func() bool
	extend = func() bool {
		if len(order) == len(weeks) {
			return true
		}
		last := order[len(order)-1]
		for w := range weeks {
			if steps--; steps < 0 {
				return false
			}
			if used[w] || !apart(last, w) {
				continue
			}
			used[w] = true
			order = append(order, w)
			if extend() {
				return true
			}
			order = order[:len(order)-1]
			used[w] = false
		}
		return false
	}
	if !extend() {
		return weeks
	}
	out := make([][][]int32, len(weeks))
	for i, w := range order {
		out[i] = weeks[w]
	}
	return out
}
