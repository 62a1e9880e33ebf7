package match

import (
	"slices"
	"testing"
)

// checkGolfer fails t unless classes is weeks weeks of n points in the
// published form: each week a partition into the engine's group sizes,
// groups sorted and sorted by first point, and no pair in two groups.
func checkGolfer(t *testing.T, n, weeks int, classes [][][]int32) {
	t.Helper()
	if len(classes) != weeks {
		t.Fatalf("n=%d: %d weeks, want %d", n, len(classes), weeks)
	}
	wantSizes := golferSizes(n)
	slices.Sort(wantSizes)
	met := make([]bool, n*n)
	for w, week := range classes {
		seen := make([]bool, n)
		var sizes []int
		for g, grp := range week {
			sizes = append(sizes, len(grp))
			if !slices.IsSorted(grp) || (g > 0 && week[g-1][0] >= grp[0]) {
				t.Fatalf("n=%d week %d: groups not sorted: %v", n, w, week)
			}
			for i, x := range grp {
				if x < 0 || int(x) >= n || seen[x] {
					t.Fatalf("n=%d week %d: point %d out of range or twice", n, w, x)
				}
				seen[x] = true
				for _, y := range grp[:i] {
					if met[int(x)*n+int(y)] {
						t.Fatalf("n=%d week %d: %d and %d meet again", n, w, y, x)
					}
					met[int(x)*n+int(y)] = true
				}
			}
		}
		if slices.Contains(seen, false) {
			t.Fatalf("n=%d week %d: a point is missing", n, w)
		}
		slices.Sort(sizes)
		if !slices.Equal(sizes, wantSizes) {
			t.Fatalf("n=%d week %d: group sizes %v, want %v", n, w, sizes, wantSizes)
		}
	}
}

// quadRepeats counts the members in a group of four two weeks in a row.
func quadRepeats(classes [][][]int32) int {
	repeats := 0
	var last []int32
	for _, week := range classes {
		var quad []int32
		for _, g := range week {
			if len(g) == 4 {
				quad = append(quad, g...)
			}
		}
		for _, x := range quad {
			if slices.Contains(last, x) {
				repeats++
			}
		}
		last = quad
	}
	return repeats
}

func TestGolferScheduleReachesTargets(t *testing.T) {
	for _, tc := range []struct{ n, weeks int }{
		{40, 17}, {40, 18}, // 18 is the limit
		{100, 44}, {100, 47}, // the limit is 48
	} {
		classes, ok := golferSchedule(tc.n, tc.weeks, 0)
		if !ok {
			t.Fatalf("n=%d: no schedule of %d weeks", tc.n, tc.weeks)
		}
		checkGolfer(t, tc.n, tc.weeks, classes)
		if r := quadRepeats(classes); r > 0 {
			t.Errorf("n=%d: %d members in the group of four two weeks in a row", tc.n, r)
		}
	}
}

func TestGolferScheduleIsDeterministic(t *testing.T) {
	same := func(x, y [][]int32) bool { return slices.EqualFunc(x, y, slices.Equal) }
	for _, n := range []int{40, 100} {
		weeks := RepeatFreeLimit(n, 3) - 1
		a, _ := golferSchedule(n, weeks, 0)
		b, _ := golferSchedule(n, weeks, 0)
		if !slices.EqualFunc(a, b, same) {
			t.Fatalf("n=%d: two calls gave different schedules", n)
		}
	}
}

func TestGolferScheduleRefusesBeyondTheLimit(t *testing.T) {
	for _, n := range []int{1, 2, 5, 40, 100} {
		if _, ok := golferSchedule(n, RepeatFreeLimit(n, 3)+1, 0); ok {
			t.Errorf("n=%d: a schedule beyond the limit", n)
		}
	}
}

// Every size up to 70 reaches at least a week short of the limit, except
// n = 10 and 11, where any second week's group of four holds two members
// of one earlier group, and n = 29, whose two groups of four leave little
// room.
func TestGolferScheduleSmallSizes(t *testing.T) {
	short := map[int]int{10: 1, 11: 1, 29: 10}
	for n := 6; n <= 70; n++ {
		weeks, ok := short[n]
		if !ok {
			weeks = max(1, RepeatFreeLimit(n, 3)-1)
		}
		classes, ok := golferSchedule(n, weeks, 0)
		if !ok {
			t.Fatalf("n=%d: no schedule of %d weeks", n, weeks)
		}
		checkGolfer(t, n, weeks, classes)
	}
}
