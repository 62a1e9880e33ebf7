package match

import (
	"slices"
	"testing"
)

// The rotational design reaches the limit for every size it lists but 76,
// left out for time.
func TestRotationalScheduleReachesTheLimit(t *testing.T) {
	for _, n := range []int{16, 40, 52, 64, 100} {
		classes, ok := rotationalSchedule(n)
		if !ok {
			t.Fatalf("n=%d: no schedule", n)
		}
		checkSchedule(t, n, 4, RepeatFreeLimit(n, 4), classes)
	}
}

func TestRotationalScheduleIsDeterministic(t *testing.T) {
	same := func(x, y [][]int32) bool { return slices.EqualFunc(x, y, slices.Equal) }
	a, _ := rotationalSchedule(52)
	b, _ := rotationalSchedule(52)
	if !slices.EqualFunc(a, b, same) {
		t.Fatal("two calls gave different schedules")
	}
}

func TestRotationalScheduleRefusesOtherSizes(t *testing.T) {
	for _, n := range []int{4, 28, 41, 44, 48, 100 + 12*6} {
		if _, ok := rotationalSchedule(n); ok {
			t.Errorf("n=%d: a schedule", n)
		}
	}
}
