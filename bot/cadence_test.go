package bot_test

import (
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

func TestRoundTimesFollowTheCadence(t *testing.T) {
	fri := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		schedule, every string
		after           time.Time
		want            []string // successive round times, UTC
	}{
		{"0 9 * * MON", "1w", fri, []string{"2026-11-30 08:00", "2026-12-07 08:00"}},
		// Weeks counted from 1970-01-05: the week of 30 November is odd.
		{"0 9 * * MON", "2w", fri, []string{"2026-12-07 08:00", "2026-12-21 08:00", "2027-01-04 08:00"}},
		{"0 9 * * MON", "2w from 2026-11-30", fri, []string{"2026-11-30 08:00", "2026-12-14 08:00"}},
		{"0 9 * * MON", "2w from 2026-12-02", fri, []string{"2026-11-30 08:00", "2026-12-14 08:00"}},
		{"0 9 * * MON", "4w from 2026-11-30", fri, []string{"2026-11-30 08:00", "2026-12-28 08:00"}},
		// Across the change to summer time, still 09:00 in Rome.
		{"0 9 * * MON", "2w from 2027-03-15", time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC), []string{"2027-03-15 08:00", "2027-03-29 07:00"}},
		// Monthly: the first Monday of each month.
		{"0 9 * * MON", "monthly", fri, []string{"2026-12-07 08:00", "2027-01-04 08:00", "2027-02-01 08:00"}},
		// Monthly on a schedule firing every day at 18:00: the 1st.
		{"0 18 * * *", "monthly", fri, []string{"2026-12-01 17:00", "2027-01-01 17:00"}},
	}
	for _, tt := range tests {
		s := bot.DefaultSettings()
		s.Timezone = "Europe/Rome"
		if err := s.Set("pairing.schedule", tt.schedule); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("pairing.every", tt.every); err != nil {
			t.Fatalf("%s: %v", tt.every, err)
		}
		rt, err := s.RoundTimes()
		if err != nil {
			t.Fatal(err)
		}
		at := tt.after
		for i, w := range tt.want {
			at = rt.Next(at)
			if got := at.UTC().Format("2006-01-02 15:04"); got != w {
				t.Errorf("%s %s: round %d at %s, want %s", tt.schedule, tt.every, i+1, got, w)
				break
			}
		}
	}
}

func TestParseCadence(t *testing.T) {
	for _, v := range []string{"1w", "2W", "weekly", "monthly", "8w", "3w from 2027-01-01"} {
		c, err := bot.ParseCadence(v)
		if err != nil {
			t.Errorf("%q: %v", v, err)
			continue
		}
		if again, err := bot.ParseCadence(c.String()); err != nil || again != c {
			t.Errorf("%q: %q does not read back: %+v %v", v, c.String(), again, err)
		}
	}
	for _, v := range []string{"0w", "9w", "2", "2d", "fortnightly", "2w from tomorrow"} {
		if _, err := bot.ParseCadence(v); err == nil {
			t.Errorf("%q accepted", v)
		}
	}
}

func TestEveryTwoWeeks(t *testing.T) {
	e, f := fakeRoundEnv(t, 4)
	e.tick() // the next round: Monday 30 November 09:00 Rome
	// Set by a moderator, two weeks count from the next firing's week.
	e.must("mod", "config pairing.every 2w", "2w from 2026-11-30")
	e.must("m00", "pairing", "Next round: Mon 30 Nov 2026, 09:00 CET")
	ran := map[string]bool{}
	for day := range 36 {
		e.clock.Add(24 * time.Hour)
		if day == 14 {
			// A restart: a new Bot on the same data keeps the weeks.
			s := bot.DefaultSettings()
			s.Name, s.Timezone = "Labbit", "Europe/Rome"
			b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{f},
				Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}}})
			if err != nil {
				t.Fatal(err)
			}
			e.bot = b
		}
		if r := e.tick(); r != nil {
			ran[r.ID] = true
		}
	}
	want := map[string]bool{"20261130T0800Z": true, "20261214T0800Z": true, "20261228T0800Z": true}
	if len(ran) != len(want) {
		t.Fatalf("rounds %v, want %v", ran, want)
	}
	for id := range want {
		if !ran[id] {
			t.Errorf("no round %s; ran %v", id, ran)
		}
	}
	e.must("m00", "pairing", "Next round: Mon 11 Jan 2027, 09:00 CET")
	// Monthly, on Saturday 2 January: the first Monday of January.
	e.must("mod", "config pairing.every monthly", "monthly")
	e.must("m00", "pairing", "Next round: Mon 4 Jan 2027, 09:00 CET")
}
