package main

import (
	"strings"
	"testing"
)

// TestRoundsSession runs testdata/rounds.txt through the console: a round
// with one member stores nothing, round now is the period's round, and the
// intro's button skips the next round.
func TestRoundsSession(t *testing.T) {
	out := runScript(t, "rounds.txt", false)
	want := []string{
		"admin> round now", "Not enough active members for a round (available: 1); nothing was sent.",
		"admin> round now", "Round 1, the round of", "1 group; intros are on their way.",
		"[group → giulia, marco]", "[1] Pick ", "[3] Skip this week", "[5] Skip the next round",
		"admin> round now", "This period's round already ran on",
		"giulia> press 5", "You skip the round of", "your pairings start again on",
		"giulia> pairing", "You are paused until",
	}
	wantInOrder(t, out, want)
	if strings.Count(out, "[group →") != 1 {
		t.Errorf("want one intro:\n%s", out)
	}
}
