package bot

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
)

func runJoin(ctx context.Context, c *call) (Message, error) {
	var key string
	err := c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, c.self())
		switch {
		case errors.Is(err, ErrNotFound):
			now := c.now()
			m = &Member{
				ID: c.self(), Community: c.comm.ID,
				Name: cleanName(c.req.Name, c.req.User), Handle: strings.ToLower(cleanLine(c.req.Handle)),
				Status: StatusActive, Joined: now, Updated: now,
			}
			key = "msg.joined"
		case err != nil:
			return err
		case m.Status == StatusRemoved:
			return Errorf(EFORBIDDEN, "err.removed", nil)
		case m.Status == StatusActive:
			key = "msg.already_joined"
			return nil
		case m.Status == StatusGuest: // someone who only set lang or tz
			m.Status, m.Joined, m.Updated = StatusActive, c.now(), c.now()
			key = "msg.joined"
		default:
			m.Status, m.PausedUntil, m.Updated = StatusActive, time.Time{}, c.now()
			key = "msg.rejoined"
		}
		c.me = m
		return tx.PutMember(m)
	})
	if err != nil {
		return Message{}, err
	}
	return c.say(key, Args{"community": c.comm.Settings.Name, "prefix": c.req.Prefix}), nil
}

func runLeave(ctx context.Context, c *call) (Message, error) {
	if c.me.Status == StatusLeft {
		return c.say("msg.already_left", Args{"prefix": c.req.Prefix}), nil
	}
	var events []string
	if _, err := c.updateMeTx(ctx, func(tx Tx, m *Member) error {
		m.Status, m.PausedUntil = StatusLeft, time.Time{}
		var err error
		if events, err = withdrawRSVPs(tx, c.comm.ID, m.ID, c.now()); err != nil {
			return err
		}
		// Their requests still waiting are withdrawn, as by intro cancel,
		// and those waiting on them close as "not possible".
		return withdrawIntros(tx, c.comm.ID, c.now(), m, func(i *Intro) bool { return i.From == m.ID || i.To == m.ID })
	}); err != nil {
		return Message{}, err
	}
	if len(events) > 0 {
		c.b.notifyOutbox() // the edits of their posts
	}
	return c.say("msg.left", Args{"prefix": c.req.Prefix}), nil
}

// The shortest and longest pause a member can ask for.
const (
	minPause = 24 * time.Hour
	maxPause = 365 * 24 * time.Hour
)

// cutUntil cuts "until", "fino al" or "fino a" off the front of a pause.
func cutUntil(arg string) (string, bool) {
	for _, p := range []string{"until ", "fino al ", "fino a ", "fino "} {
		if rest, ok := strings.CutPrefix(arg, p); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// dateShape matches text written as a date, real or not (2027-02-29).
var dateShape = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$`)

// parsePause reads "2w", "10d", "2 settimane", "until 2026-12-31" or
// "fino al 31/12/2026";
// the empty string pauses until `resume`.
func parsePause(arg string, now time.Time, loc *time.Location) (time.Time, error) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	if arg == "" {
		return time.Time{}, nil
	}
	if rest, ok := cutUntil(arg); ok {
		var t time.Time
		var err error
		for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
			if t, err = time.ParseInLocation(layout, rest, loc); err == nil {
				break
			}
		}
		if err != nil && dateShape.MatchString(rest) {
			return time.Time{}, usageErr("err.pause_nodate", Args{"date": rest})
		}
		if err != nil {
			return time.Time{}, usageErr("err.pause_date", Args{"date": rest})
		}
		if !t.After(now) {
			return time.Time{}, usageErr("err.pause_past", Args{"date": rest})
		}
		if t.Sub(now) > maxPause {
			return time.Time{}, usageErr("err.pause_long", nil)
		}
		return t, nil
	}
	d, err := durationIn(arg, minPause, maxPause)
	if errors.Is(err, errDurationRange) {
		return time.Time{}, usageErr("err.pause_range", Args{"arg": arg, "min": minPause, "max": maxPause})
	}
	if err != nil {
		return time.Time{}, usageErr("err.pause_bad", Args{"arg": arg})
	}
	return now.Add(d), nil
}

// pauseLine maps the typed `pause [2w|until DATE]` onto `pause for`,
// `pause until` and `pause indefinitely`.
func pauseLine(args map[string]string) (string, map[string]string, error) {
	arg := strings.ToLower(strings.TrimSpace(args["when"]))
	if arg == "" {
		return "indefinitely", nil, nil
	}
	if rest, ok := cutUntil(arg); ok {
		return "until", map[string]string{"date": rest}, nil
	}
	return "for", map[string]string{"duration": arg}, nil
}

func runPause(ctx context.Context, c *call) (Message, error) {
	when := c.arg("duration")
	if c.p.sub.Name == "until" {
		when = "until " + c.arg("date")
	}
	until, err := parsePause(when, c.now(), c.loc())
	if err != nil {
		return Message{}, err
	}
	if _, err := c.updateMe(ctx, func(m *Member) error {
		m.Status, m.PausedUntil = StatusPaused, until
		return nil
	}); err != nil {
		return Message{}, err
	}
	if until.IsZero() {
		return c.say("msg.paused", Args{"prefix": c.req.Prefix}), nil
	}
	return c.say("msg.paused_until", Args{"date": Day(until.In(c.loc())), "prefix": c.req.Prefix}), nil
}

func runResume(ctx context.Context, c *call) (Message, error) {
	if c.me.Status != StatusPaused && c.me.Status != StatusUnreachable {
		return c.say("msg.not_paused", nil), nil
	}
	if _, err := c.updateMe(ctx, func(m *Member) error {
		m.Status, m.PausedUntil, m.SkipRound = StatusActive, time.Time{}, time.Time{}
		return nil
	}); err != nil {
		return Message{}, err
	}
	return c.say("msg.resumed", nil), nil
}
