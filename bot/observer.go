package bot

import "time"

// Observer is told what the core does, for metrics: the main program
// implements it (with Prometheus there), the core only calls it. Calls
// come from many goroutines at once and must return quickly: count, do
// not block. Labels it is given are few: platforms, verbs of the command
// table (or "unknown"), the outcomes and results below, community ids
// from the config; never member ids.
type Observer interface {
	// OnCommand reports one request handled: verb is the command's name
	// in the command table ("bio", "round"), "unknown" when the text names
	// none; d is the time the core took to answer.
	OnCommand(platform, verb string, outcome Outcome, d time.Duration)
	// OnSend reports one outbox send attempt and how it ended.
	OnSend(platform string, result SendResult)
	// OnRound reports a round stored (never a preview): its groups, the
	// active members it left without a group, and how long it took.
	OnRound(community string, groups, leftOut int, d time.Duration)
}

// Outcome is how a request ended.
type Outcome string

// Outcomes of a request.
const (
	OutcomeOK      Outcome = "ok"      // the command ran
	OutcomeRefused Outcome = "refused" // the member's mistake or no permission: an error message they can act on
	OutcomeError   Outcome = "error"   // an internal error (the reply shows a reference)
)

// SendResult is how one outbox send attempt ended.
type SendResult string

// Results of a send attempt.
const (
	SendOK          SendResult = "sent"         // delivered (or skipped: nothing left to say)
	SendRetry       SendResult = "retry"        // a temporary failure: retried with backoff
	SendRateLimited SendResult = "rate_limited" // the platform asked to wait ([*RetryError], an HTTP 429)
	SendUnreachable SendResult = "unreachable"  // the member cannot be messaged ([ErrUnreachable])
	SendGaveUp      SendResult = "gave_up"      // failed maxAttempts times: dropped
)

// nopObserver is the Observer of a Bot configured without one.
type nopObserver struct{}

func (nopObserver) OnCommand(string, string, Outcome, time.Duration) {}
func (nopObserver) OnSend(string, SendResult)                        {}
func (nopObserver) OnRound(string, int, int, time.Duration)          {}

// verbOf is the command-table name of a parsed request, for OnCommand.
func verbOf(c *call) string {
	if c == nil || c.p == nil || c.p.cmd == nil {
		return "unknown"
	}
	return c.p.cmd.Name
}

// outcomeOf classifies a handler's error for OnCommand.
func outcomeOf(err error) Outcome {
	switch {
	case err == nil:
		return OutcomeOK
	case ErrorCode(err) == EINTERNAL:
		return OutcomeError
	}
	return OutcomeRefused
}
