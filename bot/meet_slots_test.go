package bot

import (
	"testing"
	"time"
)

func TestProposeSlots(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	rome, ny, tokyo, la := zone("Europe/Rome"), zone("America/New_York"), zone("Asia/Tokyo"), zone("America/Los_Angeles")
	day := func(loc *time.Location, h string) Workday {
		w := Workday{Loc: loc, Hours: DefaultWorkHours}
		if h != "" {
			var err error
			if w.Hours, err = ParseWorkHours(h); err != nil {
				t.Fatal(err)
			}
		}
		return w
	}
	utc := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		days []Workday
		from string // UTC
		want []string
	}{
		{"same zone: an hour into the day, two days", []Workday{day(rome, ""), day(rome, "")}, "2026-11-30 08:00",
			[]string{"2026-12-01 09:00", "2026-12-02 09:00"}}, // 10:00 in Rome
		{"no weekend: Friday then Monday", []Workday{day(rome, ""), day(rome, "")}, "2026-12-03 08:00",
			[]string{"2026-12-04 09:00", "2026-12-07 09:00"}},
		{"Rome and New York: their afternoon, our morning", []Workday{day(rome, ""), day(ny, "")}, "2026-11-30 08:00",
			[]string{"2026-12-01 15:00", "2026-12-02 15:00"}}, // 16:00 Rome, 10:00 New York
		{"Rome and Tokyo share one hour", []Workday{day(rome, ""), day(tokyo, "")}, "2026-11-30 08:00",
			[]string{"2026-12-01 08:00", "2026-12-02 08:00"}}, // 09:00 Rome, 17:00 Tokyo
		{"no overlap: Rome and Los Angeles", []Workday{day(rome, ""), day(la, "")}, "2026-11-30 08:00", nil},
		{"custom hours meet in the middle", []Workday{day(rome, "8-16"), day(rome, "14-20")}, "2026-11-30 08:00",
			[]string{"2026-12-01 13:30", "2026-12-02 13:30"}}, // 14:30 Rome
		{"a trio", []Workday{day(rome, ""), day(ny, ""), day(rome, "8:30-16")}, "2026-11-30 08:00",
			[]string{"2026-12-01 14:00", "2026-12-02 14:00"}}, // one hour shared: its start
		// Europe moves to summer time on 29 March, three weeks after New
		// York: Rome's 9-15 shares 14:00-15:00 with New York's morning
		// until Friday, and nothing after.
		{"spring DST change ends the overlap", []Workday{day(rome, "9-15"), day(ny, "")}, "2026-03-26 08:00",
			[]string{"2026-03-27 13:00"}},
		// Europe leaves summer time on 25 October, a week before New
		// York: from Monday Rome's day ends at 17:00 UTC, an hour after
		// New York's 12-17 begins.
		{"autumn DST change opens an overlap", []Workday{day(rome, ""), day(ny, "12-17")}, "2026-10-23 07:00",
			[]string{"2026-10-26 16:00", "2026-10-27 16:00"}}, // 17:00 Rome, 12:00 New York
		{"nobody", nil, "2026-11-30 08:00", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ProposeSlots(tt.days, utc(tt.from), slotsUntil(utc(tt.from), time.Time{}))
			if len(got) != len(tt.want) {
				t.Fatalf("slots %v, want %v", got, tt.want)
			}
			for i, w := range tt.want {
				if !got[i].Equal(utc(w)) {
					t.Errorf("slot %d = %v, want %s UTC", i, got[i].UTC(), w)
				}
				for _, d := range tt.days {
					if !d.fits(got[i]) {
						t.Errorf("slot %v is outside %s %v", got[i], d.Loc, d.Hours)
					}
				}
			}
		})
	}
}

func TestParseWorkHours(t *testing.T) {
	tests := []struct {
		in   string
		want WorkHours
		ok   bool
	}{
		{"8-16", WorkHours{480, 960}, true},
		{"08:30-17", WorkHours{510, 1020}, true},
		{" 9 - 18 ", WorkHours{540, 1080}, true},
		{"0-24", WorkHours{0, 1440}, true},
		{"16-8", WorkHours{}, false},
		{"9-9", WorkHours{}, false},
		{"9", WorkHours{}, false},
		{"9:15-17", WorkHours{}, false},
		{"9-25", WorkHours{}, false},
		{"24:30-1", WorkHours{}, false},
		{"nine-five", WorkHours{}, false},
		{"-1-5", WorkHours{}, false},
	}
	for _, tt := range tests {
		got, err := ParseWorkHours(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseWorkHours(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != "" {
			if back, err := ParseWorkHours(got.String()); err != nil || back != got {
				t.Errorf("%q does not read back: %v %v", got.String(), back, err)
			}
		}
	}
}

func TestSlotsEndBeforeTheNextRound(t *testing.T) {
	from := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC) // Monday
	tests := []struct {
		name       string
		next, want time.Time
	}{
		{"no next round: a week", time.Time{}, from.Add(slotLead + slotSearch)},
		{"a round in three days", from.Add(72 * time.Hour), from.Add(72 * time.Hour)},
		{"a round tomorrow: until it, even too soon for a slot", from.Add(20 * time.Hour), from.Add(20 * time.Hour)},
	}
	for _, tt := range tests {
		if got := slotsUntil(from, tt.next); !got.Equal(tt.want) {
			t.Errorf("%s: until %v, want %v", tt.name, got, tt.want)
		}
	}
	rome, _ := time.LoadLocation("Europe/Rome")
	days := []Workday{{Loc: rome, Hours: DefaultWorkHours}}
	// Until Tuesday noon UTC: Tuesday's slot, none on Wednesday.
	got := ProposeSlots(days, from, time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	if len(got) != 1 || !got[0].Equal(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("slots %v", got)
	}
	if got := ProposeSlots(days, from, time.Date(2026, 12, 1, 8, 29, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("a slot ending after until: %v", got)
	}
}
