package bot

import "time"

// weekend is a set of weekdays nobody is asked to meet on, a bit per
// time.Weekday.
type weekend uint8

func (w weekend) has(d time.Weekday) bool { return w&(1<<d) != 0 }

// satSun is the weekend of most of the world.
const satSun = weekend(1<<time.Saturday | 1<<time.Sunday)

// friSat is the weekend of the zones of friSatZones.
const friSat = weekend(1<<time.Friday | 1<<time.Saturday)

// friSatZones are the time zones of the countries whose working week runs
// Sunday to Thursday (2026): Israel, Palestine, most Arab states and
// Bangladesh. The United Arab Emirates (Asia/Dubai) moved to
// Saturday–Sunday in 2022, so they keep the default. A zone is a good enough proxy for a country here:
// a member whose week differs says so to the others.
var friSatZones = map[string]bool{
	"Asia/Jerusalem": true, "Asia/Tel_Aviv": true, "Israel": true,
	"Asia/Riyadh": true, "Asia/Qatar": true, "Asia/Kuwait": true, "Asia/Bahrain": true,
	"Asia/Muscat": true, "Asia/Aden": true, "Asia/Baghdad": true, "Asia/Amman": true,
	"Asia/Damascus": true, "Asia/Dhaka": true, "Asia/Dacca": true, "Indian/Maldives": true,
	"Asia/Gaza": true, "Asia/Hebron": true,
	"Africa/Cairo": true, "Egypt": true, "Africa/Algiers": true, "Africa/Tripoli": true,
	"Libya": true, "Africa/Khartoum": true,
}

// weekendOf returns the weekend of a time zone: Friday–Saturday where the
// week runs Sunday to Thursday, else Saturday–Sunday.
func weekendOf(loc *time.Location) weekend {
	if loc != nil && friSatZones[loc.String()] {
		return friSat
	}
	return satSun
}
