package slack

import (
	"time"
)

// Slack retries an event or a click three times within about five minutes
// (at once, after 1 and after 5 minutes).
const (
	// claimTTL is how long a delivery being handled is claimed: shorter
	// than the time to Slack's last retry (see [kit.Deduper]).
	claimTTL = 3 * time.Minute
	// dedupeTTL is how long a handled delivery is remembered.
	dedupeTTL = 15 * time.Minute
	// replayTTL is how long a slash command's signature is remembered:
	// longer than the window in which its timestamp is accepted, either
	// way, so that no replay can outlive its mark.
	replayTTL = 2*maxSkew + time.Minute
)

// Keys of remembered deliveries.
func eventKey(eventID string) string     { return "slack/event/" + eventID }
func triggerKey(triggerID string) string { return "slack/trigger/" + triggerID }
func signatureKey(sig string) string     { return "slack/sig/" + sig }
