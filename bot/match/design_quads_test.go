package match

import (
	"fmt"
	"testing"
	"time"
)

// checkSchedule fails unless every class splits 0..n-1 into groups of the
// sizes given (in any order) and no pair shares a group twice.
func checkSchedule(t *testing.T, n int, classes [][][]int32, sizes map[int]int) {
	t.Helper()
	met := make([]int, n*n)
	for w, class := range classes {
		seen := make([]bool, n)
		count := map[int]int{}
		for _, g := range class {
			count[len(g)]++
			for i, a := range g {
				if a < 0 || int(a) >= n || seen[a] {
					t.Fatalf("week %d: point %d out of range or twice", w, a)
				}
				seen[a] = true
				for _, b := range g[i+1:] {
					if prev := met[int(a)*n+int(b)]; prev != 0 {
						t.Fatalf("pair %d-%d in weeks %d and %d", a, b, prev-1, w)
					}
					met[int(a)*n+int(b)], met[int(b)*n+int(a)] = w+1, w+1
				}
			}
		}
		for s, k := range sizes {
			if count[s] != k {
				t.Fatalf("week %d: %d groups of %d, want %d", w, count[s], s, k)
			}
		}
	}
}

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
			checkSchedule(t, n, classes, map[int]int{4: n / 4})
			if w, ok := want[n]; ok && len(classes) < w {
				t.Fatalf("%d weeks, want at least %d", len(classes), w)
			}
			t.Logf("n=%d: %d weeks of limit %d in %v", n, len(classes), RepeatFreeLimit(n, 4), time.Since(start))
		})
	}
}
