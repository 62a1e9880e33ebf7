package kit

import (
	"context"
	"sync"
)

// Wait returns nil once wg's work is done, or ctx's error if ctx is done
// first; it is the body of every adapter's Shutdown. The goroutine waiting
// on wg is left behind when ctx wins, which is fine at shutdown.
func Wait(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
