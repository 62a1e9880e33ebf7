package main

import (
	"strings"
	"testing"
)

// TestMeetSession runs testdata/meet.txt through the console: slots in
// both zones inside giulia's 8-16, a pick and a re-pick told to the
// other, and a week called off with no follow-up after it.
func TestMeetSession(t *testing.T) {
	out := runScript(t, "meet.txt", false)
	want := []string{
		"giulia> hours 25-3", "'25-3' are not working hours", "hours [START-END]",
		"giulia> hours 8-16", "Working hours set to 8-16 (Europe/Rome)",
		"admin> round now", "[group → giulia, marco]",
		// 15:00 in Rome is 09:00 in New York: inside both days.
		"Two times in your shared working hours", "15:00 CET / 09:00 EST",
		"[1] Pick time 1", "[2] Pick time 2", "[3] Skip this week", "[4] Can't make it",
		"giulia> press 1", "[reply → giulia]", "Done: ", "15:00 CET. I let @marco know.",
		"[dm → marco]", "*giulia* picked ", "09:00 EST for your call.",
		"marco> press 2", "[dm → giulia]", "*marco* moved your call to ",
		"giulia> press 3", "I told @marco that this week's call is off",
		"[dm → marco]", "*giulia* has to skip this week's call",
		"giulia> pairing",
	}
	wantInOrder(t, out, want)
	if strings.Contains(out, "Did you meet") {
		t.Errorf("a follow-up came for a pairing called off:\n%s", out)
	}
}
