package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Memory trimming: a round or a find over 100k members allocates a few
// hundred MB, which Go keeps (up to twice the heap it saw) for minutes. A
// soft memory limit would return it but throttles that work with constant
// collections; instead, once the process goes idle after such work,
// trimMemory runs one collection and hands the free pages back.
const (
	trimEvery = time.Second
	// trimIdleAlloc is what the process may allocate in trimEvery and
	// still count as idle: a few commands, not a round.
	trimIdleAlloc = 1 << 20
	// trimAbove is how much heap beyond the live data a trim must free to
	// be worth a collection; trimAfterAlloc how much must be allocated
	// after a trim before the next.
	trimAbove      = 8 << 20
	trimAfterAlloc = 8 << 20
)

// trimMemory checks every trimEvery, forever: if the process allocated
// little since the last check and holds more than trimAbove of heap beyond
// its live data, it collects and returns memory to the system.
func trimMemory() {
	samples := []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	var last, trimmed uint64
	for range time.Tick(trimEvery) {
		metrics.Read(samples)
		allocs := samples[0].Value.Uint64()
		live := samples[1].Value.Uint64()
		held := samples[2].Value.Uint64() + samples[3].Value.Uint64() + samples[4].Value.Uint64()
		idle := allocs-last < trimIdleAlloc
		last = allocs
		if idle && held > live+trimAbove && allocs-trimmed >= trimAfterAlloc {
			debug.FreeOSMemory()
			trimmed = allocs
		}
	}
}
