package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
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
		{ID: r1.ID, Number: 3, Period: p1, Ran: r1.Ran, Groups: 2, Answers: 2, Met: 1},
		{ID: r2.ID, Number: 4, Period: r2.Period, Ran: r2.Ran, Groups: 2, Answers: 1, Met: 1},
	}
	if got := summaries(); !reflect.DeepEqual(got, want) {
		t.Errorf("summaries\n got  %+v\n want %+v", got, want)
	}
	if err := s.Update(t.Context(), func(tx bot.Tx) error {
		return tx.RenameMember("sums", a, bot.MemberID{Platform: "slack", Space: "T01", User: "U09"})
	}); err != nil {
		t.Fatal(err)
	}
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
