package match

const dayMinutes = 24 * 60

// workday is a working day in minutes from midnight: [start, end).
type workday struct{ start, end int32 }

// defaultWorkday is the working day of a member who gave none.
var defaultWorkday = workday{start: 9 * 60, end: 18 * 60}

// utc moves a local working day to UTC, its start within [0, dayMinutes).
func (d workday) utc(offset int32) workday {
	s := ((d.start-offset)%dayMinutes + dayMinutes) % dayMinutes
	return workday{start: s, end: s + d.end - d.start}
}

// dayOverlap is the time two working days in UTC share each day: one
// ending past midnight meets the other's day before or after too.
func dayOverlap(a, b workday) int32 {
	var m int32
	for k := int32(-1); k <= 1; k++ {
		m += max(0, min(a.end, b.end+k*dayMinutes)-max(a.start, b.start+k*dayMinutes))
	}
	return m
}

// overlap is the shared working time of two members' days (hotProfile.tz).
func (x *instance) overlap(a, b int16) int32 { return dayOverlap(x.days[a], x.days[b]) }
