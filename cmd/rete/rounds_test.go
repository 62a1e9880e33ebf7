package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoundsSession runs testdata/rounds.txt through the console: a round
// with one member stores nothing, round now is the period's round, and the
// intro's button skips the next round.
func TestRoundsSession(t *testing.T) {
	script, err := os.ReadFile("testdata/rounds.txt")
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runRete(t, string(script), "console", "--data", filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatalf("console: %v\n%s", err, stderr)
	}
	want := []string{
		"admin> round now", "Not enough active members for a round (available: 1); nothing was sent.",
		"admin> round now", "Round 1, the round of", "1 group; intros are on their way.",
		"[group → giulia, marco]", "[1] Skip the next round",
		"admin> round now", "This period's round already ran on",
		"giulia> press 1", "You skip the round of", "your pairings start again on",
		"giulia> pairing", "You are paused until",
	}
	pos := 0
	for _, w := range want {
		i := strings.Index(out[pos:], w)
		if i < 0 {
			t.Fatalf("transcript lacks %q after offset %d:\n%s", w, pos, out)
		}
		pos += i + len(w)
	}
	if strings.Count(out, "[group →") != 1 {
		t.Errorf("want one intro:\n%s", out)
	}
}
