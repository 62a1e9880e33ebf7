package kit

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Deadline answers a platform that wants its answer within a few seconds
// (Slack 3 s, Discord 3 s) when the answer may take longer: the work runs
// in the background; its result goes back in the platform's response if
// it comes in time, through a late callback otherwise.
type Deadline struct {
	// After is how long the caller waits for the result before answering
	// the platform without it; keep it under the platform's deadline.
	After time.Duration
	// Within bounds the work, which goes on after the caller has answered
	// and so without the request's context.
	Within time.Duration
	// Pending counts the work still running, for the adapter's Shutdown.
	Pending *sync.WaitGroup
}

// Answer runs work and returns its result if it comes within d.After, with
// inTime true. Otherwise it returns at once with inTime false, the caller
// answers the platform with an acknowledgement, and late is called with
// the result when it comes (in the work's goroutine, with its context).
func Answer[T any](parent context.Context, d Deadline, work func(ctx context.Context) T, late func(ctx context.Context, result T)) (result T, inTime bool) {
	const (
		running = iota
		answered
		gaveUp
	)
	var state atomic.Int32
	res := make(chan T, 1)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), d.Within)
	if d.Pending != nil {
		d.Pending.Add(1)
	}
	go func() {
		if d.Pending != nil {
			defer d.Pending.Done()
		}
		defer cancel()
		r := work(ctx)
		if state.CompareAndSwap(running, answered) {
			res <- r
			return
		}
		late(ctx, r)
	}()
	t := time.NewTimer(d.After)
	defer t.Stop()
	select {
	case r := <-res:
		return r, true
	case <-t.C:
		if state.CompareAndSwap(running, gaveUp) {
			var zero T
			return zero, false
		}
		return <-res, true
	}
}
