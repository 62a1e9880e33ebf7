package slack

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/slack-go/slack"
)

// The App Home tab shows each member their own page (see bot.Home): it
// is published when they open the tab (app_home_opened), again after
// every button pressed on it, with the press's reply on top, since a
// press on a view has no response_url to answer on, and again after
// whatever else may change it (home_refresh.go).

// Limits of a Home tab view.
const (
	maxViewBlocks   = 100
	maxHeaderText   = 150 // characters of a header block's plain text
	maxNoticeBlocks = 10  // blocks of a press's reply shown atop the page
)

// homeOpened publishes the Home tab of the member who opened it; opening
// the Messages tab changes nothing. The caller has acknowledged the
// event: building the page takes users.info, store reads and
// views.publish, more than Slack's 3 s allow at worst.
func (a *Adapter) homeOpened(ctx context.Context, h bot.Handler, env eventEnvelope) error {
	var user string
	if env.Event.Tab != "home" || json.Unmarshal(env.Event.User, &user) != nil || user == "" {
		return nil
	}
	a.homes.open(h, env.TeamID, user)
	return a.publishHome(ctx, h, env.TeamID, user, bot.Message{})
}

// publishHome publishes user's Home tab: the page h builds for them
// (nothing when h builds none), with notice, the reply to a button
// pressed on the page, at its top.
func (a *Adapter) publishHome(ctx context.Context, h bot.Handler, team, user string, notice bot.Message) error {
	hb, ok := h.(bot.HomeBuilder)
	if !ok {
		a.log.Debug("slack: the handler builds no Home tab")
		return nil
	}
	req := &bot.Request{Platform: Platform, Space: team, User: user, Admin: a.isAdmin(ctx, user), Prefix: a.command + " "}
	home, err := hb.Home(ctx, req)
	if err != nil {
		return fmt.Errorf("slack: home of %s: %w", user, err)
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: homeBlocks(home, notice)}}
	if _, err := a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		return sendError("views.publish", err, false)
	}
	return nil
}

// homeBlocks renders a page as Block Kit: each part a header and its
// items, rendered and escaped as messages are, parts apart by dividers;
// within a view's 100 blocks.
func homeBlocks(home *bot.Home, notice bot.Message) []slack.Block {
	var blocks []slack.Block
	if !notice.IsZero() {
		nb := renderBlocks(notice)
		if len(nb) > maxNoticeBlocks {
			nb = append(nb[:maxNoticeBlocks-1], slack.NewContextBlock("", mrkdwn("…")))
		}
		blocks = append(nb, slack.NewDividerBlock())
	}
	for i, p := range home.Parts {
		if i > 0 {
			blocks = append(blocks, slack.NewDividerBlock())
		}
		// Titles are catalog text; plain_text shows them as they are.
		if title := kit.Truncate(bot.SpansText(p.Title), maxHeaderText); title != "" {
			blocks = append(blocks, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, title, false, false)))
		}
		for _, it := range p.Items {
			blocks = append(blocks, renderBlocks(bot.Message{Blocks: it.Blocks, Buttons: it.Buttons})...)
		}
	}
	if len(blocks) > maxViewBlocks {
		blocks = append(blocks[:maxViewBlocks-1], slack.NewContextBlock("", mrkdwn("…")))
	}
	return blocks
}
