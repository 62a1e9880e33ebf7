package match_test

// The figures the pairing engine is held to. Run them all with
//
//	GOMAXPROCS=1 go test -run '^$' -bench . -benchtime 1x ./bot/match/
//
// Each benchmark reports its figures with b.ReportMetric; the names say
// what they are (repeats, violations, ms/round, ...).

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot/match"
	"github.com/rete-bot/rete/bot/match/sim"
)

func reportSim(b *testing.B, prefix string, r sim.Report) {
	b.Helper()
	b.ReportMetric(float64(r.Repeats), prefix+"repeats")
	b.ReportMetric(float64(r.Violations), prefix+"violations")
	b.ReportMetric(float64(r.SatOutTwice), prefix+"sat_out_twice")
	b.ReportMetric(float64(r.TrioTwice), prefix+"trio_twice")
	b.ReportMetric(r.ComplementShare, prefix+"complement_share")
	b.ReportMetric(r.RoundMsP50, prefix+"round_ms_p50")
	b.ReportMetric(r.RoundMsP95, prefix+"round_ms_p95")
	b.ReportMetric(r.PeakHeapMB, prefix+"peak_heap_mb")
}

func runSim(b *testing.B, o sim.Options) sim.Report {
	b.Helper()
	r, err := sim.Run(o)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// Fixed membership for n-1 weeks: every round must be repeat-free.
func BenchmarkFixedMembership(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				r := runSim(b, sim.Options{Members: n, Weeks: n - 1, Seed: 1})
				reportSim(b, "", r)
			}
		})
	}
}

// A year of a living community: 10 % paused each week, 1 % churn, against
// the random baseline on the same community; then the same with companies
// to avoid and 2 % of members blocking someone.
func BenchmarkYearWithChurn(b *testing.B) {
	for _, tc := range []struct {
		name    string
		company bool
		blocks  float64
	}{{"plain", false, 0}, {"companies+blocks", true, 0.02}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				o := sim.Options{Members: 1000, Weeks: 52, Pause: 0.10, Churn: 0.01, Company: tc.company, Blocks: tc.blocks, Seed: 7}
				rete := runSim(b, o)
				o.Algo = sim.AlgoRandom
				random := runSim(b, o)
				reportSim(b, "rete_", rete)
				b.ReportMetric(random.ComplementShare, "random_complement_share")
				b.ReportMetric(float64(random.Repeats), "random_repeats")
				b.ReportMetric(rete.ComplementShare/random.ComplementShare, "complement_ratio")
			}
		})
	}
}

func planTimed(b *testing.B, in match.Input) (match.Result, time.Duration, time.Duration) {
	b.Helper()
	start, cpu := time.Now(), cpuTime()
	res, err := match.Plan(in)
	if err != nil {
		b.Fatal(err)
	}
	return res, time.Since(start), cpuTime() - cpu
}

// The fast matcher against the exact one on the same 2,000 members.
func BenchmarkFastVersusExact(b *testing.B) {
	members := sim.Members(2000, true, 3)
	in := match.Input{Round: 1, Members: members, Options: match.Options{AvoidSameCompany: true, Seed: 3}}
	for b.Loop() {
		in.Options.Algorithm = match.AlgorithmExact
		exact, exactTime, exactCPU := planTimed(b, in)
		in.Options.Algorithm = match.AlgorithmFast
		fast, fastTime, fastCPU := planTimed(b, in)
		b.ReportMetric(100*float64(fast.Quality)/float64(exact.Quality), "fast_pct_of_exact")
		b.ReportMetric(ms(exactTime), "exact_ms")
		b.ReportMetric(ms(exactCPU), "exact_cpu_ms")
		b.ReportMetric(ms(fastTime), "fast_ms")
		b.ReportMetric(ms(fastCPU), "fast_cpu_ms")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Time per round over the first weeks of a community (companies avoided):
// wall time and CPU time (which other load on a shared machine inflates
// less),
// the live heap after each round (peak_heap_mb, including the members and
// the history) and the bytes allocated per round.
func BenchmarkRound(b *testing.B) {
	for _, tc := range []struct {
		name  string
		n     int
		algo  match.Algorithm
		weeks int
	}{
		{"fast/n=1000", 1000, match.AlgorithmFast, 8},
		{"exact/n=2000", 2000, match.AlgorithmExact, 3},
		{"auto/n=10000", 10000, match.AlgorithmAuto, 6},
		{"auto/n=100000", 100000, match.AlgorithmAuto, 4},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				members := sim.Members(tc.n, true, 11)
				h := match.NewHistory()
				var total, worst, cpuTotal time.Duration
				var peak, allocated uint64
				var ms0 runtime.MemStats
				runtime.ReadMemStats(&ms0)
				before := ms0.TotalAlloc
				for week := 1; week <= tc.weeks; week++ {
					res, d, cpu := planTimed(b, match.Input{Round: week, Members: members, History: h,
						Options: match.Options{AvoidSameCompany: true, Seed: uint64(week), Algorithm: tc.algo}})
					total += d
					cpuTotal += cpu
					worst = max(worst, d)
					runtime.ReadMemStats(&ms0)
					peak = max(peak, ms0.HeapAlloc)
					h.RecordGroups(week, res.Groups)
					if res.Repeats > 0 || len(res.SatOut) > 0 {
						b.Fatalf("week %d: %d repeats, %d sat out", week, res.Repeats, len(res.SatOut))
					}
				}
				b.ReportMetric(ms(total)/float64(tc.weeks), "ms/round")
				b.ReportMetric(ms(worst), "max_ms/round")
				b.ReportMetric(ms(cpuTotal)/float64(tc.weeks), "cpu_ms/round")
				allocated = ms0.TotalAlloc - before
				b.ReportMetric(float64(peak)/(1<<20), "peak_heap_mb")
				b.ReportMetric(float64(allocated)/(1<<20)/float64(tc.weeks), "alloc_mb/round")
			}
		})
	}
}
