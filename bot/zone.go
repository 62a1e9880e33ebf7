package bot

import (
	"fmt"
	"strings"
	"time"
)

// ParseTimezone is the one reader of time zones, for `tz`, `config
// timezone`, the config file and an event's WHEN. It accepts IANA names in
// any case ("Europe/Rome", "europe/rome", "america/new_york"), UTC, GMT and
// Z, and returns the name as the zone database spells it.
func ParseTimezone(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "", "local":
		// Local is the server's zone, which members cannot know.
		return "", fmt.Errorf("bad time zone %q", v)
	case "utc", "z", "zulu", "etc/utc":
		return "UTC", nil
	case "gmt", "etc/gmt":
		return "GMT", nil
	}
	tries := []string{v, fixZoneCase(v), strings.ToUpper(v)}
	if area, city, ok := strings.Cut(v, "/"); ok { // US/Eastern, Etc/GMT+1
		tries = append(tries, strings.ToUpper(area)+"/"+fixZoneCase(city), fixZoneCase(area)+"/"+strings.ToUpper(city))
	}
	for _, name := range tries {
		if _, err := time.LoadLocation(name); err == nil && strings.ToLower(name) != "local" {
			return name, nil
		}
	}
	return "", fmt.Errorf("unknown time zone %q", v)
}

// readZone returns the location ParseTimezone names.
func readZone(v string) (*time.Location, error) {
	name, err := ParseTimezone(v)
	if err != nil {
		return nil, err
	}
	return time.LoadLocation(name)
}

// zoneParticles stay lower case inside zone names (Port_of_Spain,
// Port-au-Prince, Dar_es_Salaam).
var zoneParticles = map[string]bool{"of": true, "au": true, "es": true}

// fixZoneCase turns "europe/rome" into "Europe/Rome" and
// "america/port-au-prince" into "America/Port-au-Prince".
func fixZoneCase(z string) string {
	b := []byte(strings.ToLower(z))
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != '/' && b[i] != '_' && b[i] != '-' {
			continue
		}
		particle := zoneParticles[string(b[start:i])] && start > 0 && b[start-1] != '/'
		if start < i && b[start] >= 'a' && b[start] <= 'z' && !particle {
			b[start] -= 'a' - 'A'
		}
		start = i + 1
	}
	return string(b)
}
