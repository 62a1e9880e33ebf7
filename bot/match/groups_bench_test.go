package match_test

// The figures of groups of 3 and 4. Run them with
//
//	GOMAXPROCS=1 go test -run '^$' -bench Groups -benchtime 1x ./bot/match/

import (
	"fmt"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot/match"
	"github.com/rete-bot/rete/bot/match/sim"
)

// Time per round of groups (companies avoided) over the first weeks.
func BenchmarkGroupsRound(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, g := range []int{3, 4} {
			b.Run(fmt.Sprintf("n=%d/g=%d", n, g), func(b *testing.B) {
				const weeks = 6
				for b.Loop() {
					members := sim.Members(n, true, 11)
					h := match.NewHistory()
					var total, worst, cpuTotal time.Duration
					for week := 1; week <= weeks; week++ {
						res, d, cpu := planTimed(b, match.Input{Round: week, Members: members, History: h,
							Options: match.Options{GroupSize: g, AvoidSameCompany: true, Seed: uint64(week)}})
						total += d
						cpuTotal += cpu
						worst = max(worst, d)
						h.RecordGroups(week, res.Groups)
						if res.Repeats > 0 || len(res.SatOut) > 0 {
							b.Fatalf("week %d: %d repeats, %d sat out", week, res.Repeats, len(res.SatOut))
						}
					}
					b.ReportMetric(ms(total)/weeks, "ms/round")
					b.ReportMetric(ms(worst), "max_ms/round")
					b.ReportMetric(ms(cpuTotal)/weeks, "cpu_ms/round")
				}
			})
		}
	}
}

// Fixed membership: the first week with a repeated pair against the limit
// (repeatFreeLimit), and the same community's year with pauses and churn.
func BenchmarkGroupsFixedMembership(b *testing.B) {
	for _, n := range []int{40, 100} {
		for _, g := range []int{3, 4} {
			b.Run(fmt.Sprintf("n=%d/g=%d", n, g), func(b *testing.B) {
				limit := match.RepeatFreeLimit(n, g)
				for b.Loop() {
					r := runSim(b, sim.Options{Members: n, Weeks: limit + 1, GroupSize: g, Seed: 1})
					first := limit + 2
					if r.FirstRepeatWeek != nil {
						first = *r.FirstRepeatWeek
					}
					b.ReportMetric(float64(first), "first_repeat_week")
					b.ReportMetric(float64(limit), "limit")
					b.ReportMetric(100*float64(first-1)/float64(limit), "repeat_free_pct")
				}
			})
		}
	}
}

// A year at n = 1,000 with 10 % pauses and 1 % weekly churn.
func BenchmarkGroupsYearWithChurn(b *testing.B) {
	for _, g := range []int{3, 4} {
		b.Run(fmt.Sprintf("g=%d", g), func(b *testing.B) {
			for b.Loop() {
				r := runSim(b, sim.Options{Members: 1000, Weeks: 52, Pause: 0.10, Churn: 0.01, GroupSize: g, Seed: 1})
				reportSim(b, "", r)
			}
		})
	}
}
