package main

import (
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"testing"
)

// TestTrimmerReturnsMemoryWhenIdle: garbage from big work goes back to the
// system at the first idle check, and not while the process allocates.
func TestTrimmerReturnsMemoryWhenIdle(t *testing.T) {
	var tr trimmer
	released := func() uint64 {
		s := []rtmetrics.Sample{{Name: "/memory/classes/heap/released:bytes"}}
		rtmetrics.Read(s)
		return s[0].Value.Uint64()
	}
	tr.check()
	// Big work: 64 MB allocated, none of it kept, and (as between two
	// collections of a large heap) not yet collected.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var keep [][]byte
	for range 64 {
		keep = append(keep, make([]byte, 1<<20))
	}
	runtime.KeepAlive(keep)
	keep = nil
	if tr.check() {
		t.Fatal("trimmed while allocating")
	}
	before := released()
	if !tr.check() {
		t.Fatal("did not trim when idle")
	}
	if got := released() - before; got < 32<<20 {
		t.Errorf("released %d MB, want at least 32", got>>20)
	}
	if tr.check() {
		t.Error("trimmed again with nothing allocated since")
	}
}
