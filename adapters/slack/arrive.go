package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rete-bot/rete/bot"
)

// eventUser is the user of a team_join event: Slack sends the whole
// object there, and only the id in member_joined_channel.
type eventUser struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	RealName string `json:"real_name"`
	IsBot    bool   `json:"is_bot"`
	IsAdmin  bool   `json:"is_admin"`
	IsOwner  bool   `json:"is_owner"`
	Profile  struct {
		DisplayName string `json:"display_name"`
	} `json:"profile"`
}

// arrived tells the core that someone joined the workspace or a channel;
// the core decides whether they get a welcome. A channel join names only
// the user, so users.info tells whether they are a bot (rete itself,
// added to the announce channel, is one); a failed lookup is returned,
// and Slack retries the event. Workspace admins and owners are handed on
// as admins: moderators, whom the core does not welcome.
func (a *Adapter) arrived(ctx context.Context, h bot.Handler, env eventEnvelope) error {
	g, ok := h.(bot.Greeter)
	if !ok {
		a.log.Debug("slack: member joined; no message sent", "event", env.Event.Type, "team", env.TeamID, "channel", env.Event.Channel)
		return nil
	}
	var u eventUser
	if err := json.Unmarshal(env.Event.User, &u); err != nil {
		if err := json.Unmarshal(env.Event.User, &u.ID); err != nil {
			return nil // neither an object nor an id: nothing to welcome
		}
	}
	if u.ID == "" || env.TeamID == "" {
		return nil
	}
	if env.Event.Type == "member_joined_channel" {
		info, err := a.api.GetUserInfoContext(ctx, u.ID)
		if err != nil {
			return fmt.Errorf("slack: users.info for a joined member: %w", err)
		}
		u.Name, u.RealName, u.IsBot, u.Profile.DisplayName = info.Name, info.RealName, info.IsBot, info.Profile.DisplayName
		u.IsAdmin, u.IsOwner = info.IsAdmin, info.IsOwner || info.IsPrimaryOwner
	}
	name := cmp.Or(strings.TrimSpace(u.Profile.DisplayName), strings.TrimSpace(u.RealName), u.Name)
	return g.Arrived(ctx, bot.Arrival{
		Platform: Platform, Space: env.TeamID, User: u.ID, Name: name, Handle: u.Name,
		Channel: env.Event.Channel, Bot: u.IsBot || u.ID == "USLACKBOT", Admin: u.IsAdmin || u.IsOwner,
	})
}
