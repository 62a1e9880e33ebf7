package match

import "testing"

func TestHistoryRecord(t *testing.T) {
	h := NewHistory()
	steps := []struct {
		a, b    string
		round   int
		outcome Outcome
		want    PairRecord
	}{
		{"anna", "marco", 1, OutcomeNoAnswer, PairRecord{Round: 1, Outcome: OutcomeNoAnswer, Times: 1}},
		// The follow-up answer for the same round updates the outcome only.
		{"marco", "anna", 1, OutcomeMet, PairRecord{Round: 1, Outcome: OutcomeMet, Times: 1}},
		// A later round counts one more meeting.
		{"anna", "marco", 5, OutcomeNotMet, PairRecord{Round: 5, Outcome: OutcomeNotMet, Times: 2}},
		// An older round is ignored.
		{"anna", "marco", 3, OutcomeMet, PairRecord{Round: 5, Outcome: OutcomeNotMet, Times: 2}},
	}
	for i, s := range steps {
		h.Record(s.a, s.b, s.round, s.outcome)
		for _, pair := range [][2]string{{"anna", "marco"}, {"marco", "anna"}} {
			got, ok := h.Lookup(pair[0], pair[1])
			if !ok || got != s.want {
				t.Fatalf("step %d: Lookup(%s, %s) = %+v, %v; want %+v", i, pair[0], pair[1], got, ok, s.want)
			}
		}
	}
	h.Record("anna", "anna", 1, OutcomeMet) // ignored
	h.Record("anna", "zoe", 2, OutcomeMet)
	if got := h.Partners("anna"); got != 2 {
		t.Errorf("Partners(anna) = %d, want 2", got)
	}
	if got := h.Partners("nobody"); got != 0 {
		t.Errorf("Partners(nobody) = %d, want 0", got)
	}
	if got := h.Pairs(); got != 2 {
		t.Errorf("Pairs() = %d, want 2", got)
	}
	if _, ok := h.Lookup("marco", "zoe"); ok {
		t.Error("marco and zoe never met")
	}
	var nilHistory *History
	if _, ok := nilHistory.Lookup("a", "b"); ok || nilHistory.Partners("a") != 0 || nilHistory.Pairs() != 0 {
		t.Error("a nil history must be empty")
	}
}

func TestHistoryEachRestore(t *testing.T) {
	h := NewHistory()
	h.Record("b", "a", 1, OutcomeMet)
	h.Record("c", "a", 2, OutcomeNotMet)
	h.Record("a", "b", 4, OutcomeNoAnswer)
	replay := NewHistory()
	var order []string
	h.Each(func(a, b string, r PairRecord) {
		order = append(order, a+b)
		replay.Restore(a, b, r)
	})
	if len(order) != 2 || order[0] != "ba" || order[1] != "ca" {
		t.Fatalf("Each order %v, want [ba ca]", order)
	}
	if r, _ := replay.Lookup("a", "b"); r.Times != 2 {
		t.Fatalf("Times not restored: %+v", r)
	}
	if replay.Partners("a") != 2 {
		t.Fatalf("partners not restored")
	}
	for _, p := range [][2]string{{"a", "b"}, {"a", "c"}} {
		want, _ := h.Lookup(p[0], p[1])
		got, ok := replay.Lookup(p[0], p[1])
		if !ok || got != want {
			t.Fatalf("%v: replayed %+v, want %+v", p, got, want)
		}
	}
}

func TestHistoryRecordGroups(t *testing.T) {
	h := NewHistory()
	h.RecordGroups(7, []Group{{Members: []string{"a", "b", "c"}}, {Members: []string{"d", "e"}}})
	for _, p := range [][2]string{{"a", "b"}, {"a", "c"}, {"b", "c"}, {"d", "e"}} {
		if r, ok := h.Lookup(p[0], p[1]); !ok || r.Round != 7 || r.Outcome != OutcomeNoAnswer {
			t.Errorf("%v: %+v %v", p, r, ok)
		}
	}
	if _, ok := h.Lookup("a", "d"); ok {
		t.Error("a and d were in different groups")
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{OutcomeNoAnswer: "no_answer", OutcomeMet: "met", OutcomeNotMet: "not_met"} {
		if got := o.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", o, got, want)
		}
	}
}

func TestOverlapMinutes(t *testing.T) {
	tests := []struct {
		a, b int32
		want int32
	}{
		{60, 60, 540},      // same zone: the whole day
		{60, 0, 480},       // Rome and London in winter
		{60, -300, 180},    // Rome and New York: 15:00-18:00 Rome
		{60, 540, 60},      // Rome and Tokyo: 8 h apart
		{-480, 600, 180},   // UTC-8 and UTC+10: 18 h = 6 h apart the other way
		{-720, 840, 420},   // UTC-12 and UTC+14: 26 h = 2 h apart around the clock
		{330, 0, 210},      // India and London
		{0, 0 + 540, 0},    // exactly 9 h apart
		{0, 0 + 539, 1},    // one minute short
		{0, -(540 - 1), 1}, // the other way
	}
	for _, tc := range tests {
		if got := overlapMinutes(tc.a, tc.b); got != tc.want {
			t.Errorf("overlapMinutes(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := overlapMinutes(tc.b, tc.a); got != tc.want {
			t.Errorf("overlapMinutes(%d, %d) = %d, want %d (symmetry)", tc.b, tc.a, got, tc.want)
		}
	}
}

// overlapMinutes is the shared time of two default working days at UTC
// offsets a and b.
func overlapMinutes(a, b int32) int32 {
	return dayOverlap(defaultWorkday.utc(a), defaultWorkday.utc(b))
}
