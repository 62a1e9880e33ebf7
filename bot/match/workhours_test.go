package match_test

import (
	"testing"

	"github.com/rete-bot/rete/bot/match"
)

// The shared working time the reasons name comes from each member's own
// working day, not a 9-18 day for everyone.
func TestWorkHoursShapeTheSharedTime(t *testing.T) {
	h := func(from, to int) [2]int { return [2]int{from * 60, to * 60} }
	tests := []struct {
		name         string
		offA, offB   int
		dayA, dayB   [2]int // zero: the default day
		wantHours    float64
		wantNoReason bool
	}{
		{"default days, one zone", 60, 60, [2]int{}, [2]int{}, 9, false},
		{"8-12 and 11-18 in one zone", 60, 60, h(8, 12), h(11, 18), 1, false},
		{"Rome 8-12 and New York 7-12 share nothing", 60, -300, h(8, 12), h(7, 12), 0, true},
		{"Rome 8-12 and Kolkata 9-18 share all of Rome's morning", 60, 330, h(8, 12), [2]int{}, 4, false},
		{"a day past midnight in UTC: Tokyo 8-12 and London 23:00-24:00", 540, 0, h(8, 12), h(23, 24), 1, false},
		{"all day and a default day", 60, -300, h(0, 24), [2]int{}, 9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := match.Input{Options: match.Options{GroupSize: 2, Seed: 1}, Members: []match.Member{
				{ID: "a", UTCOffsetMinutes: tt.offA, WorkStartMin: tt.dayA[0], WorkEndMin: tt.dayA[1]},
				{ID: "b", UTCOffsetMinutes: tt.offB, WorkStartMin: tt.dayB[0], WorkEndMin: tt.dayB[1]},
			}}
			res, err := match.Plan(in)
			if err != nil || len(res.Groups) != 1 {
				t.Fatalf("%+v, %v", res, err)
			}
			var got *match.Reason
			for _, r := range res.Groups[0].Reasons {
				if r.Kind == match.ReasonOverlap {
					got = &r
				}
			}
			switch {
			case tt.wantNoReason && got != nil:
				t.Errorf("reason %+v, want none", *got)
			case !tt.wantNoReason && (got == nil || got.Hours != tt.wantHours):
				t.Errorf("reason %+v, want %v hours", got, tt.wantHours)
			}
		})
	}
	bad := match.Input{Options: match.Options{GroupSize: 2}, Members: []match.Member{{ID: "a", WorkStartMin: 600, WorkEndMin: 500}, {ID: "b"}}}
	if _, err := match.Plan(bad); err == nil {
		t.Error("a day ending before it starts is accepted")
	}
}
