package bot

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// Space is a community's presence on one platform: a Slack workspace, a
// Discord guild, a Telegram group (or the local console).
type Space struct {
	Platform        string `json:"platform"`
	ID              string `json:"id"`                         // team, guild or chat id
	AnnounceChannel string `json:"announce_channel,omitempty"` // where events are posted
	// GroupChannel is where groups meet on platforms whose group
	// conversations live inside a channel (private threads); empty where
	// the platform opens group DMs of its own.
	GroupChannel string `json:"group_channel,omitempty"`
}

// Community is a networking community: one or more spaces and its settings.
type Community struct {
	ID         string   `json:"id"`
	Moderators []string `json:"moderators,omitempty"` // "platform:user"
	Spaces     []Space  `json:"spaces"`
	Settings   Settings `json:"settings"`
}

// Settings are a community's options. The operator sets them in the config
// file; a moderator may override most of them with `config KEY VALUE`.
type Settings struct {
	Name     string `json:"name"`
	Language Lang   `json:"language"`
	Timezone string `json:"timezone"`

	Schedule         string        `json:"schedule"`   // cron, in Timezone
	Every            string        `json:"every"`      // cadence: which firings of Schedule hold a round (see ParseCadence)
	GroupSize        int           `json:"group_size"` // 2 to 4
	FollowupAfter    time.Duration `json:"followup_after"`
	Skip             []string      `json:"skip,omitempty"` // YYYY-MM-DD dates without a round
	AvoidSameCompany bool          `json:"avoid_same_company"`
	// SamePlatform is how rounds weigh members on different platforms:
	// "prefer" (the default, also for ""), "require" or "ignore".
	SamePlatform string `json:"same_platform,omitempty"`

	IntroMaxPending       int           `json:"intro_max_pending"`
	IntroPerWeek          int           `json:"intro_per_week"`
	IntroMaxPendingTarget int           `json:"intro_max_pending_target"`
	IntroExpireAfter      time.Duration `json:"intro_expire_after"`

	RemindBefore time.Duration `json:"remind_before"`

	// Digest is whether the weekly digest is posted (see digest.go);
	// DigestSchedule is when: "" after each round, else a cron line in
	// Timezone.
	Digest         bool   `json:"digest"`
	DigestSchedule string `json:"digest_schedule,omitempty"`
	// Welcome says whether newcomers are welcomed; WelcomeText replaces
	// the welcome's first line ("": the built-in one).
	Welcome     bool   `json:"welcome"`
	WelcomeText string `json:"welcome_text,omitempty"`
}

// DefaultSettings are the settings of a community nobody configured.
func DefaultSettings() Settings {
	return Settings{
		Name:                  "rete",
		Language:              LangEN,
		Timezone:              "UTC",
		Schedule:              "0 9 * * MON",
		Every:                 "1w",
		GroupSize:             2,
		FollowupAfter:         72 * time.Hour,
		IntroMaxPending:       3,
		IntroPerWeek:          5,
		IntroMaxPendingTarget: 5,
		IntroExpireAfter:      7 * 24 * time.Hour,
		RemindBefore:          24 * time.Hour,
		Digest:                true,
		Welcome:               true,
	}
}

// Location returns the community's time zone (UTC when unset or unknown).
func (s Settings) Location() *time.Location {
	if loc, err := time.LoadLocation(s.Timezone); err == nil && s.Timezone != "" {
		return loc
	}
	return time.UTC
}

// HasSpace reports whether the community includes the given platform space.
func (c *Community) HasSpace(platform, space string) bool {
	return slices.ContainsFunc(c.Spaces, func(s Space) bool { return s.Platform == platform && s.ID == space })
}

// IsModerator reports whether the config lists the person as a moderator.
func (c *Community) IsModerator(platform, user string) bool {
	return slices.Contains(c.Moderators, platform+":"+user)
}

// setting is one key that `config KEY VALUE` can change. Its catalog
// entries: "setting.KEY" says what it is, want (with wantArgs) what values
// it takes, for the `config` listing and errors.
type setting struct {
	key      string
	set      func(s *Settings, v string) error
	show     func(s Settings) string
	want     string // catalog key
	wantArgs Args
}

func durationSetting(key string, field func(*Settings) *time.Duration, min, max time.Duration) setting {
	return setting{
		key:      key,
		want:     "msg.config_want_duration",
		wantArgs: Args{"min": min, "max": max},
		set: func(s *Settings, v string) error {
			d, err := durationIn(v, min, max)
			if errors.Is(err, errDurationRange) {
				return fmt.Errorf("%q is out of range", v)
			}
			if err != nil {
				return fmt.Errorf("bad duration %q", v)
			}
			*field(s) = d
			return nil
		},
		show: func(s Settings) string { return fmtDuration(*field(&s)) },
	}
}

func intSetting(key string, field func(*Settings) *int, min, max int) setting {
	return setting{
		key:      key,
		want:     "msg.config_want_number",
		wantArgs: Args{"min": min, "max": max},
		set: func(s *Settings, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < min || n > max {
				return fmt.Errorf("bad number %q", v)
			}
			*field(s) = n
			return nil
		},
		show: func(s Settings) string { return strconv.Itoa(*field(&s)) },
	}
}

// settingsTable lists the keys `config` accepts, in the order `config` shows them.
func settingsTable() []setting {
	return []setting{
		{key: "name", want: "msg.config_want_name", wantArgs: Args{"max": MaxNameLen},
			set: func(s *Settings, v string) error {
				v = cleanLine(v)
				if showsNothing(v) || len([]rune(v)) > MaxNameLen {
					return fmt.Errorf("bad name")
				}
				s.Name = v
				return nil
			},
			show: func(s Settings) string { return s.Name }},
		{key: "language", want: "msg.config_want_language",
			set: func(s *Settings, v string) error {
				l, ok := ParseLang(v)
				if !ok {
					return fmt.Errorf("bad language %q", v)
				}
				s.Language = l
				return nil
			},
			show: func(s Settings) string { return string(s.Language) }},
		{key: "timezone", want: "msg.config_want_timezone",
			set: func(s *Settings, v string) error {
				tz, err := ParseTimezone(v)
				if err != nil {
					return err
				}
				s.Timezone = tz
				return nil
			},
			show: func(s Settings) string { return s.Timezone }},
		{key: "pairing.schedule", want: "msg.config_want_schedule",
			set: func(s *Settings, v string) error {
				sched, err := ParseSchedule(v)
				if err != nil {
					return err
				}
				if n := sched.perDay(); n > 1 {
					return &tooOftenError{line: v, n: n}
				}
				s.Schedule = v
				return nil
			},
			show: func(s Settings) string { return s.Schedule }},
		{key: "pairing.every", want: "msg.config_want_every",
			set: func(s *Settings, v string) error {
				c, err := ParseCadence(v)
				if err != nil {
					return err
				}
				s.Every = c.String()
				return nil
			},
			show: func(s Settings) string { return s.Every }},
		intSetting("pairing.group_size", func(s *Settings) *int { return &s.GroupSize }, 2, 4),
		durationSetting("pairing.followup_after", func(s *Settings) *time.Duration { return &s.FollowupAfter }, time.Hour, 6*24*time.Hour),
		{key: "pairing.avoid_same_company", want: "msg.config_want_switch",
			set: func(s *Settings, v string) error {
				b, ok := parseOnOff(v)
				if !ok {
					return fmt.Errorf("bad switch %q", v)
				}
				s.AvoidSameCompany = b
				return nil
			},
			show: func(s Settings) string { return onOff(s.AvoidSameCompany) }},
		{key: "pairing.same_platform", want: "msg.config_want_same_platform",
			set: func(s *Settings, v string) error {
				v = strings.ToLower(v)
				if _, ok := samePlatformModes[v]; !ok {
					return fmt.Errorf("bad same_platform %q", v)
				}
				s.SamePlatform = v
				return nil
			},
			show: func(s Settings) string { return s.samePlatform() }},
		{key: "pairing.skip", want: "msg.config_want_dates",
			set: func(s *Settings, v string) error {
				if strings.EqualFold(v, "none") {
					s.Skip = nil
					return nil
				}
				var out []string
				for _, d := range strings.Split(v, ",") {
					d = strings.TrimSpace(d)
					if _, err := time.Parse(time.DateOnly, d); err != nil {
						return fmt.Errorf("bad date %q", d)
					}
					out = append(out, d)
				}
				s.Skip = out
				return nil
			},
			show: func(s Settings) string {
				if len(s.Skip) == 0 {
					return "none"
				}
				return strings.Join(s.Skip, ",")
			}},
		intSetting("intros.max_pending", func(s *Settings) *int { return &s.IntroMaxPending }, 1, 20),
		intSetting("intros.per_week", func(s *Settings) *int { return &s.IntroPerWeek }, 1, 50),
		intSetting("intros.max_pending_target", func(s *Settings) *int { return &s.IntroMaxPendingTarget }, 1, 50),
		durationSetting("intros.expire_after", func(s *Settings) *time.Duration { return &s.IntroExpireAfter }, time.Hour, 30*24*time.Hour),
		durationSetting("events.remind_before", func(s *Settings) *time.Duration { return &s.RemindBefore }, time.Hour, 7*24*time.Hour),
		{key: "digest.enabled", want: "msg.config_want_switch",
			set: func(s *Settings, v string) error {
				b, ok := parseOnOff(v)
				if !ok {
					return fmt.Errorf("bad switch %q", v)
				}
				s.Digest = b
				return nil
			},
			show: func(s Settings) string { return onOff(s.Digest) }},
		{key: "digest.schedule", want: "msg.config_want_digest_schedule", set: setDigestSchedule,
			show: func(s Settings) string { return cmp.Or(s.DigestSchedule, digestAfterRound) }},
		welcomeSetting(),
		welcomeTextSetting(),
	}
}

// SettingKeys lists the keys `config KEY VALUE` accepts.
func SettingKeys() []string {
	var keys []string
	for _, s := range settingsTable() {
		keys = append(keys, s.key)
	}
	return keys
}

// Set changes one setting by key, validating the value. The error says what
// the key accepts.
func (s *Settings) Set(key, value string) error {
	for _, st := range settingsTable() {
		if st.key == key {
			if err := st.set(s, strings.TrimSpace(value)); err != nil {
				return fmt.Errorf("%s: %w; want %s", key, err, builtinCatalog().String(LangEN, st.want, st.wantArgs))
			}
			return nil
		}
	}
	return fmt.Errorf("unknown key %q", key)
}

// settingWant is the catalog key and arguments saying what values key
// takes.
func settingWant(key string) (string, Args) {
	for _, st := range settingsTable() {
		if st.key == key {
			return st.want, st.wantArgs
		}
	}
	return "", nil
}

// Get returns one setting as text.
func (s Settings) Get(key string) (string, bool) {
	for _, st := range settingsTable() {
		if st.key == key {
			return st.show(s), true
		}
	}
	return "", false
}

// Validate checks settings that came from a config file.
func (s Settings) Validate() error {
	for _, st := range settingsTable() {
		c := s
		if err := c.Set(st.key, st.show(s)); err != nil {
			return err
		}
	}
	return nil
}

func parseOnOff(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "on", "yes", "true", "1", "si", "sì":
		return true, true
	case "off", "no", "false", "0":
		return false, true
	}
	return false, false
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// samePlatformModes maps pairing.same_platform's values to the matcher's.
var samePlatformModes = map[string]match.SamePlatform{
	"prefer":  match.PlatformPrefer,
	"require": match.PlatformRequire,
	"ignore":  match.PlatformIgnore,
}

// samePlatform is pairing.same_platform, "prefer" when unset.
func (s Settings) samePlatform() string {
	if s.SamePlatform == "" {
		return "prefer"
	}
	return s.SamePlatform
}
