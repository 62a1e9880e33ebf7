package bot

import (
	"context"
	"errors"
	"strings"
	"time"
)

// configLine maps the typed `config [KEY [VALUE]]` onto `config show
// [KEY]` and `config set KEY VALUE`.
func configLine(args map[string]string) (string, map[string]string, error) {
	if args["value"] == "" {
		return "show", map[string]string{"key": args["key"]}, nil
	}
	return "set", args, nil
}

func runConfig(ctx context.Context, c *call) (Message, error) {
	key, value := strings.ToLower(c.arg("key")), c.arg("value")
	if key == "" {
		var items [][]Span
		for _, k := range SettingKeys() {
			v, _ := c.comm.Settings.Get(k)
			items = append(items, append([]Span{{Style: Code, Text: k}, Text(" = " + v + " — ")}, c.t("setting."+k, nil)...))
		}
		msg := c.say("msg.config_title", nil)
		msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items}, Block{Kind: Context, Spans: c.t("msg.config_hint", Args{"prefix": c.req.Prefix})})
		return msg, nil
	}
	if _, ok := c.comm.Settings.Get(key); !ok {
		return Message{}, usageErr("err.config_key", Args{"key": key, "keys": strings.Join(SettingKeys(), ", ")})
	}
	if value == "" {
		v, _ := c.comm.Settings.Get(key)
		return Message{Blocks: []Block{{Kind: Para, Spans: []Span{{Style: Code, Text: key}, Text(" = " + v)}}}}, nil
	}
	s := c.comm.Settings
	if err := s.Set(key, value); err != nil {
		if never := (*neverFiresError)(nil); errors.As(err, &never) {
			return Message{}, usageErr("err.schedule_never", Args{"schedule": value, "day": never.day})
		}
		if often := (*tooOftenError)(nil); errors.As(err, &often) {
			key := "err.schedule_often"
			if often.digest {
				key = "err.digest_often"
			}
			return Message{}, usageErr(key, Args{"schedule": value, "n": often.n})
		}
		want, args := settingWant(key)
		return Message{}, &Error{Code: EINVALID, Usage: true, Key: "err.config_value", Args: Args{"key": key, "value": value, "want": c.t(want, args)}, Detail: err.Error()}
	}
	if key == "pairing.every" {
		s.Every = anchorCadence(s, c.now())
	}
	shown, _ := s.Get(key)
	err := c.b.store.Update(ctx, func(tx Tx) error {
		if err := putOverride(tx, c.comm.ID, key, shown); err != nil {
			return err
		}
		if key == "events.remind_before" && s.RemindBefore != c.comm.Settings.RemindBefore {
			comm := c.comm
			comm.Settings = s
			if err := c.b.moveReminders(tx, comm, c.comm.Settings.RemindBefore, c.now()); err != nil {
				return err
			}
		}
		if key == "digest.schedule" {
			return restartDigest(tx, c.comm.ID, c.now())
		}
		if key == "pairing.schedule" || key == "pairing.every" || key == "timezone" {
			// The next round follows the new schedule at once.
			st, err := tx.State(c.comm.ID)
			if err != nil {
				return err
			}
			if rt, err := s.RoundTimes(); err == nil && !st.NextRound.IsZero() {
				st.NextRound = rt.Next(c.now())
				return tx.PutState(c.comm.ID, st)
			}
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	if key == "events.remind_before" {
		c.b.notifyOutbox()
	}
	if key == "language" && (c.me == nil || c.me.Profile.Lang == "") {
		c.lang = s.Language
	}
	return c.say("msg.config_set", Args{"key": key, "value": shown}), nil
}

// putOverride stores one setting of a community as `config` changed it.
func putOverride(tx Tx, community, key, shown string) error {
	ov, err := tx.Settings(community)
	if err != nil {
		return err
	}
	if ov == nil {
		ov = map[string]string{}
	}
	ov[key] = shown
	return tx.PutSettings(community, ov)
}

// anchorCadence gives a cadence of several weeks set without a first week
// the week of the schedule's next firing, so that `config pairing.every 2w`
// means "from the next round on, every two weeks"; stored with its date,
// it does not move on restarts.
func anchorCadence(s Settings, now time.Time) string {
	every, err := ParseCadence(s.Every)
	if err != nil || every.Weeks < 2 || !every.From.IsZero() {
		return s.Every
	}
	sched, err := ParseSchedule(s.Schedule)
	if err != nil {
		return s.Every
	}
	next := sched.Next(now, s.Location())
	if next.IsZero() {
		return s.Every
	}
	every.From = time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, time.UTC)
	return every.String()
}
