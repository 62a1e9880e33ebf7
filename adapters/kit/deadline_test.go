package kit

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestDeadlineAnswersInTime(t *testing.T) {
	var pending sync.WaitGroup
	d := Deadline{After: time.Second, Within: time.Minute, Pending: &pending}
	got, inTime := Answer(context.Background(), d, func(context.Context) string { return "hi" }, func(context.Context, string) {
		t.Error("a result in time was also delivered late")
	})
	pending.Wait()
	if !inTime || got != "hi" {
		t.Errorf("got %q inTime=%v", got, inTime)
	}
}

func TestDeadlineDeliversLate(t *testing.T) {
	var pending sync.WaitGroup
	release := make(chan struct{})
	lateGot := make(chan string, 1)
	d := Deadline{After: 10 * time.Millisecond, Within: time.Minute, Pending: &pending}
	ctx, cancel := context.WithCancel(context.Background())
	got, inTime := Answer(ctx, d, func(ctx context.Context) string {
		<-release
		return "slow"
	}, func(ctx context.Context, r string) {
		if ctx.Err() != nil {
			t.Error("the late delivery has a done context")
		}
		lateGot <- r
	})
	if inTime || got != "" {
		t.Fatalf("got %q inTime=%v before the work finished", got, inTime)
	}
	cancel() // the request ends; the work goes on
	close(release)
	pending.Wait() // what an adapter's Shutdown waits for
	select {
	case r := <-lateGot:
		if r != "slow" {
			t.Errorf("late result %q", r)
		}
	default:
		t.Error("the late result was not delivered before Pending was done")
	}
}
