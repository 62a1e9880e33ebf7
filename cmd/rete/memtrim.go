package main

import (
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"time"
)

// Memory trimming: a round or a find over 100k members allocates a few
// hundred MB, which Go keeps (up to twice the heap it saw) for minutes. A
// soft memory limit would return it but throttles that work with constant
// collections; instead, once the process goes idle after such work, the
// trimmer runs one collection and hands the free pages back.
const (
	trimEvery = time.Second
	// trimIdleAlloc is what the process may allocate between two checks
	// and still count as idle: a few commands, not a round.
	trimIdleAlloc = 1 << 20
	// trimAbove is how much heap beyond the live data a trim must free to
	// be worth a collection; trimAfterAlloc how much must be allocated
	// after a trim before the next.
	trimAbove      = 8 << 20
	trimAfterAlloc = 8 << 20
)

// trimMemory runs a trimmer every trimEvery, for the life of the process.
func trimMemory() {
	var t trimmer
	for range time.Tick(trimEvery) {
		t.check()
	}
}

// trimmer decides, from the runtime's memory metrics, when to trim.
type trimmer struct {
	samples       []rtmetrics.Sample
	last, trimmed uint64 // bytes allocated so far at the last check, at the last trim
}

// check trims if the process allocated little since the last check and
// holds more than trimAbove of heap beyond its live data; it reports
// whether it trimmed.
func (t *trimmer) check() bool {
	if t.samples == nil {
		t.samples = []rtmetrics.Sample{
			{Name: "/gc/heap/allocs:bytes"},
			{Name: "/gc/heap/live:bytes"},
			{Name: "/memory/classes/heap/objects:bytes"},
			{Name: "/memory/classes/heap/free:bytes"},
			{Name: "/memory/classes/heap/unused:bytes"},
		}
	}
	rtmetrics.Read(t.samples)
	allocs := t.samples[0].Value.Uint64()
	live := t.samples[1].Value.Uint64()
	held := t.samples[2].Value.Uint64() + t.samples[3].Value.Uint64() + t.samples[4].Value.Uint64()
	idle := allocs-t.last < trimIdleAlloc
	t.last = allocs
	if !idle || held <= live+trimAbove || allocs-t.trimmed < trimAfterAlloc {
		return false
	}
	debug.FreeOSMemory()
	t.trimmed = allocs
	return true
}
