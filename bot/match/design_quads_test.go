package match

import (
	"fmt"
	"testing"
	"time"
)

func TestFieldTables(t *testing.T) {
	for _, q := range []int{2, 3, 4, 5, 7, 8, 9, 16, 25, 27, 49, 64} {
		f, ok := newField(q)
		if !ok {
			t.Fatalf("GF(%d) not built", q)
		}
		for a := range int32(q) {
			for b := range int32(q) {
				for c := range int32(q) {
					if f.times(a, f.plus(b, c)) != f.plus(f.times(a, b), f.times(a, c)) {
						t.Fatalf("GF(%d): distributivity fails at %d,%d,%d", q, a, b, c)
					}
					if f.times(a, f.times(b, c)) != f.times(f.times(a, b), c) {
						t.Fatalf("GF(%d): associativity fails at %d,%d,%d", q, a, b, c)
					}
				}
			}
		}
	}
	for _, q := range []int{1, 6, 10, 12, 100} {
		if _, ok := newField(q); ok {
			t.Fatalf("GF(%d) should not exist", q)
		}
	}
}

// Every size the construction supports, checked whole: partitions into
// quads, no pair twice, and the weeks expected.
func TestQuadsScheduleIsRepeatFree(t *testing.T) {
	want := map[int]int{16: 5, 20: 5, 36: 9, 64: 21, 100: 30}
	for n := 8; n <= 4*quadsMaxColumn; n += 4 {
		start := time.Now()
		classes, ok := quadsSchedule(n)
		if !ok {
			continue
		}
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			checkSchedule(t, n, 4, len(classes), classes)
			if w, ok := want[n]; ok && len(classes) < w {
				t.Fatalf("%d weeks, want at least %d", len(classes), w)
			}
			t.Logf("n=%d: %d weeks of limit %d in %v", n, len(classes), RepeatFreeLimit(n, 4), time.Since(start))
		})
	}
}
