package bot

import (
	"errors"
	"math/rand/v2"
	"time"
)

// GiveUpAfter is how long an entry that keeps failing (the platform down,
// answering 5xx, a render error) is retried before it is given up: a day,
// so that a platform's outage of hours loses nothing.
const GiveUpAfter = 24 * time.Hour

// maxBackoff caps the delay between retries, so that a platform back after
// an outage gets its messages within minutes.
const maxBackoff = 10 * time.Minute

// backoff is the delay before retry number n (1, 2, ...): doubling from
// two seconds up to maxBackoff, each drawn from its upper half at random,
// so that entries that failed together do not come back together.
func backoff(n int) time.Duration {
	d := min(time.Second<<min(n, 20), maxBackoff)
	return d/2 + rand.N(d/2+1)
}

// sendResult classifies a send's error for [Observer.OnSend]; last is
// true when a temporary failure makes the entry give up.
func sendResult(err error, last bool) SendResult {
	var retry *RetryError
	switch {
	case err == nil:
		return SendOK
	case errors.Is(err, ErrUnreachable):
		return SendUnreachable
	case errors.As(err, &retry):
		return SendRateLimited
	case last:
		return SendGaveUp
	}
	return SendRetry
}
