package bot

import (
	"context"
	"fmt"
)

// MaxWelcomeText is the longest first line moderators may give the
// welcome, in characters: one line a newcomer reads at a glance.
const MaxWelcomeText = 200

// welcomeSetting is `config welcome on|off`.
func welcomeSetting() setting {
	return setting{key: "welcome", want: "msg.config_want_switch",
		set: func(s *Settings, v string) error {
			on, ok := parseOnOff(v)
			if !ok {
				return fmt.Errorf("bad switch %q", v)
			}
			s.Welcome = on
			return nil
		},
		show: func(s Settings) string { return onOff(s.Welcome) }}
}

// welcomeTextSetting is `config welcome.text TEXT`; "-" goes back to the
// built-in first line.
func welcomeTextSetting() setting {
	return setting{key: "welcome.text", want: "msg.config_want_welcome_text", wantArgs: Args{"max": MaxWelcomeText},
		set: func(s *Settings, v string) error {
			if v == "-" {
				s.WelcomeText = ""
				return nil
			}
			v = cleanLine(v)
			if showsNothing(v) || len([]rune(v)) > MaxWelcomeText {
				return fmt.Errorf("bad welcome text")
			}
			s.WelcomeText = v
			return nil
		},
		show: func(s Settings) string {
			if s.WelcomeText == "" {
				return "-"
			}
			return s.WelcomeText
		}}
}

// setWelcome stores one welcome setting as `config` would.
func (c *call) setWelcome(ctx context.Context, key, value string) error {
	s := c.comm.Settings
	if err := s.Set(key, value); err != nil {
		return usageErr("err.welcome_text", Args{"max": MaxWelcomeText})
	}
	shown, _ := s.Get(key)
	if err := c.b.store.Update(ctx, func(tx Tx) error { return putOverride(tx, c.comm.ID, key, shown) }); err != nil {
		return err
	}
	c.comm.Settings = s
	return nil
}

func runWelcomeSwitch(on bool) func(context.Context, *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		if err := c.setWelcome(ctx, "welcome", onOff(on)); err != nil {
			return Message{}, err
		}
		if on {
			return c.say("msg.welcome_on", nil), nil
		}
		return c.say("msg.welcome_off", Args{"prefix": c.req.Prefix}), nil
	}
}

// runWelcomeText sets the first line and shows the welcome with it.
func runWelcomeText(ctx context.Context, c *call) (Message, error) {
	if err := c.setWelcome(ctx, "welcome.text", c.arg("text")); err != nil {
		return Message{}, err
	}
	key := "msg.welcome_text_set"
	if c.comm.Settings.WelcomeText == "" {
		key = "msg.welcome_text_reset"
	}
	return c.say(key, nil).Add(c.welcomePreview().Blocks...), nil
}

// runWelcomePreview shows the welcome as a newcomer of the moderator's
// platform reads it.
func runWelcomePreview(_ context.Context, c *call) (Message, error) {
	msg := c.say("msg.welcome_preview", nil)
	if !c.comm.Settings.Welcome {
		msg = c.say("msg.welcome_preview_off", Args{"prefix": c.req.Prefix})
	}
	p := c.welcomePreview()
	msg.Blocks = append(msg.Blocks, p.Blocks...)
	msg.Buttons = p.Buttons
	return msg, nil
}

// welcomePreview is the welcome a newcomer of the caller's platform and
// space would get, naming the caller where it names newcomers.
func (c *call) welcomePreview() Message {
	w := welcomeFor{comm: c.comm, lang: c.lang, platform: c.req.Platform, space: c.req.Space, prefix: c.req.Prefix}
	if _, ok := c.b.messengers[c.req.Platform].(SpaceGreeter); ok {
		w.names = []Span{Text(cleanName(c.req.Name, c.req.User))}
	}
	return c.b.welcomeMessage(w)
}
