package match

import (
	"slices"
	"testing"
)

// checkSchedule fails t unless classes is weeks weeks of n points in the
// published form: each week a partition into the engine's group sizes for
// groups of g, groups sorted and sorted by first point, and no pair in two
// groups.
func checkSchedule(t *testing.T, n, g, weeks int, classes [][][]int32) {
	t.Helper()
	if len(classes) != weeks {
		t.Fatalf("n=%d: %d weeks, want %d", n, len(classes), weeks)
	}
	wantSizes := golferSizes(n, g)
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

// largeRepeats counts the members in a group larger than g two weeks in a
// row.
func largeRepeats(classes [][][]int32, g int) int {
	repeats := 0
	var last []int32
	for _, week := range classes {
		var large []int32
		for _, grp := range week {
			if len(grp) > g {
				large = append(large, grp...)
			}
		}
		for _, x := range large {
			if slices.Contains(last, x) {
				repeats++
			}
		}
		last = large
	}
	return repeats
}

func TestGolferSizesFollowTheEngine(t *testing.T) {
	for _, tc := range []struct {
		n, g int
		want []int
	}{
		{7, 3, []int{4, 3}},
		{8, 3, []int{4, 4}},
		{5, 3, []int{3, 2}},
		{41, 4, []int{5, 4, 4, 4, 4, 4, 4, 4, 4, 4}},
		{7, 4, []int{4, 3}},
		{11, 4, []int{4, 4, 3}},
		{10, 4, []int{5, 5}},
	} {
		if got := golferSizes(tc.n, tc.g); !slices.Equal(got, tc.want) {
			t.Errorf("golferSizes(%d, %d) = %v, want %v", tc.n, tc.g, got, tc.want)
		}
	}
}

func TestGolferScheduleReachesTargets(t *testing.T) {
	for _, tc := range []struct{ n, g, weeks int }{
		{40, 3, 17}, {40, 3, 18}, // 18 is the limit
		{100, 3, 44}, {100, 3, 47}, // the limit is 48
		{40, 4, 11},  // the limit is 13
		{41, 4, 10},  // 12
		{100, 4, 29}, // 33
		{101, 4, 26}, // 32
	} {
		classes, ok := golferSchedule(tc.n, tc.g, tc.weeks, 0)
		if !ok {
			t.Fatalf("n=%d g=%d: no schedule of %d weeks", tc.n, tc.g, tc.weeks)
		}
		checkSchedule(t, tc.n, tc.g, tc.weeks, classes)
		if r := largeRepeats(classes, tc.g); r > 0 {
			t.Errorf("n=%d g=%d: %d members in a larger group two weeks in a row", tc.n, tc.g, r)
		}
	}
}

func TestGolferScheduleIsDeterministic(t *testing.T) {
	same := func(x, y [][]int32) bool { return slices.EqualFunc(x, y, slices.Equal) }
	for _, tc := range []struct{ n, g, weeks int }{
		{40, 3, 17}, {100, 3, 47}, {41, 4, 10}, {100, 4, 29},
	} {
		a, _ := golferSchedule(tc.n, tc.g, tc.weeks, 0)
		b, _ := golferSchedule(tc.n, tc.g, tc.weeks, 0)
		if !slices.EqualFunc(a, b, same) {
			t.Fatalf("n=%d g=%d: two calls gave different schedules", tc.n, tc.g)
		}
	}
}

func TestGolferScheduleRefusesBeyondTheLimit(t *testing.T) {
	for _, g := range []int{3, 4} {
		for _, n := range []int{1, 2, 5, 40, 100} {
			if _, ok := golferSchedule(n, g, RepeatFreeLimit(n, g)+1, 0); ok {
				t.Errorf("n=%d g=%d: a schedule beyond the limit", n, g)
			}
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
		classes, ok := golferSchedule(n, 3, weeks, 0)
		if !ok {
			t.Fatalf("n=%d: no schedule of %d weeks", n, weeks)
		}
		checkSchedule(t, n, 3, weeks, classes)
	}
}

// In fours, every size from 20 to 70 reaches three quarters of the limit,
// except 21 to 23 and 27, whose groups of five leave little room. Below
// 20 only 16 has a second week: every other size has a group larger than
// the number of groups, which holds two members of a group of the week
// before.
func TestGolferScheduleSmallSizesInFours(t *testing.T) {
	short := map[int]int{16: 5, 21: 3, 22: 3, 23: 4, 27: 5}
	for n := 4; n <= 70; n++ {
		weeks, ok := short[n]
		if !ok {
			weeks = 1
			if n >= 20 {
				weeks = RepeatFreeLimit(n, 4) * 3 / 4
			}
		}
		classes, ok := golferSchedule(n, 4, weeks, 0)
		if !ok {
			t.Fatalf("n=%d: no schedule of %d weeks", n, weeks)
		}
		checkSchedule(t, n, 4, weeks, classes)
	}
}
