package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match"
)

// testRoundSummaries checks that round summaries follow every write of a
// round, list oldest first, and stay right after a rename rewrites the
// rounds.
func testRoundSummaries(t *testing.T, s bot.Store) {
	p1 := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	r1, r2 := newRound("sums", p1, false), newRound("sums", p1.AddDate(0, 0, 7), false)
	r2.Number = 4
	putRound(t, s, r2)
	putRound(t, s, r1)
	a := r1.Groups[0].Members[0]
	r1.Groups[1].Answers = map[string]string{r1.Groups[1].Members[0].String(): "no"}
	putRound(t, s, r1)
	summaries := func() []bot.RoundSummary {
		var out []bot.RoundSummary
		view(t, s, func(tx bot.Tx) error {
			return tx.RoundSummaries("sums", func(sum *bot.RoundSummary) error {
				sum.Period, sum.Ran = sum.Period.UTC(), sum.Ran.UTC()
				out = append(out, *sum)
				return nil
			})
		})
		return out
	}
	want := []bot.RoundSummary{
		{ID: r1.ID, Number: 3, Period: p1, Ran: r1.Ran, Groups: 2, Answers: 2, Met: 1, GroupsMet: 1},
		{ID: r2.ID, Number: 4, Period: r2.Period, Ran: r2.Ran, Groups: 2, Answers: 1, Met: 1, GroupsMet: 1},
	}
	if got := summaries(); !reflect.DeepEqual(got, want) {
		t.Errorf("summaries\n got  %+v\n want %+v", got, want)
	}
	update(t, s, func(tx bot.Tx) error {
		return tx.RenameMember("sums", a, bot.MemberID{Platform: "slack", Space: "T01", User: "U09"})
	})
	if got := summaries(); !reflect.DeepEqual(got, want) {
		t.Errorf("summaries after a rename\n got  %+v\n want %+v", got, want)
	}
	view(t, s, func(tx bot.Tx) error {
		return tx.RoundSummaries("other", func(sum *bot.RoundSummary) error {
			t.Errorf("another community lists round %s", sum.ID)
			return nil
		})
	})
}

// testRoundGroups checks that a page of a round's groups is what the
// whole round holds there, whatever its members and skills are called.
func testRoundGroups(t *testing.T, s bot.Store) {
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	r := newRound("pages", period, false)
	tricky := []string{`a"]}b`, `c\`, `[{`, "é,\n", `\"`}
	for i := range 23 {
		a := bot.MemberID{Platform: "slack", Space: "T01", User: fmt.Sprintf("U%d%s", i, tricky[i%len(tricky)])}
		b := bot.MemberID{Platform: "slack", Space: "T01", User: fmt.Sprintf("V%d", i)}
		r.Groups = append(r.Groups, bot.RoundGroup{Members: []bot.MemberID{a, b},
			Reasons: []match.Reason{{Kind: match.ReasonComplement, Giver: a.String(), Taker: b.String(), Skill: tricky[(i+1)%len(tricky)]}},
			Answers: map[string]string{a.String(): "yes", b.String(): tricky[i%len(tricky)]}})
	}
	putRound(t, s, r) // 25 groups
	view(t, s, func(tx bot.Tx) error {
		for _, c := range []struct{ from, to int }{{0, 10}, {10, 20}, {20, 30}, {24, 25}, {25, 50}, {-5, 2}} {
			got, err := tx.RoundGroups("pages", r.ID, c.from, c.to)
			if err != nil {
				return err
			}
			want := r.Groups[min(max(c.from, 0), 25):min(c.to, 25)]
			if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Errorf("groups %d to %d:\n got  %+v\n want %+v", c.from, c.to, got, want)
			}
		}
		return nil
	})

	// A round of more groups than a part holds: pages across parts.
	big := newRound("pages", period.AddDate(0, 0, 7), false)
	n := 2*bot.RoundPart + 7
	big.Groups = nil
	for i := range n {
		a := bot.MemberID{Platform: "slack", Space: "T01", User: fmt.Sprintf("W%d", i)}
		b := bot.MemberID{Platform: "slack", Space: "T01", User: fmt.Sprintf("X%d", i)}
		big.Groups = append(big.Groups, bot.RoundGroup{Members: []bot.MemberID{a, b}})
	}
	big.Groups[bot.RoundPart+1].Answers = map[string]string{big.Groups[bot.RoundPart+1].Members[0].String(): "yes"}
	putRound(t, s, big)
	bigSummary := func() (sum bot.RoundSummary) {
		view(t, s, func(tx bot.Tx) error {
			return tx.RoundSummaries("pages", func(rs *bot.RoundSummary) error {
				if rs.ID == big.ID {
					sum = *rs
				}
				return nil
			})
		})
		return sum
	}
	if sum := bigSummary(); sum.Groups != n || sum.Met != 1 || sum.GroupsMet != 1 {
		t.Errorf("summary of a round in parts: %+v, want %d groups, 1 met", sum, n)
	}
	y1 := bot.MemberID{Platform: "slack", Space: "T01", User: "Y1"}
	update(t, s, func(tx bot.Tx) error {
		return tx.RenameMember("pages", big.Groups[bot.RoundPart+1].Members[0], y1)
	})
	big.Groups[bot.RoundPart+1].Members[0] = y1
	big.Groups[bot.RoundPart+1].Answers = map[string]string{y1.String(): "yes"}
	if sum := bigSummary(); sum.Groups != n || sum.Met != 1 || sum.GroupsMet != 1 {
		t.Errorf("summary of a round in parts after a rename: %+v, want %d groups, 1 met", sum, n)
	}
	view(t, s, func(tx bot.Tx) error {
		p := bot.RoundPart
		for _, c := range []struct{ from, to int }{{0, 50}, {p - 10, p + 10}, {p, 2 * p}, {2*p + 5, 2*p + 60}, {n, n + 50}, {-3, 3}} {
			got, err := tx.RoundGroups("pages", big.ID, c.from, c.to)
			if err != nil {
				return err
			}
			want := big.Groups[min(max(c.from, 0), n):min(c.to, n)]
			if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Errorf("big round, groups %d to %d: got %d groups, want %d", c.from, c.to, len(got), len(want))
			}
		}
		if _, err := tx.RoundGroups("pages", "20990101T0000Z", 0, 10); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("groups of a missing round: %v, want ErrNotFound", err)
		}
		return nil
	})
}
