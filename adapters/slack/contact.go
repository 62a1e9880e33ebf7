package slack

import (
	"net/url"

	"github.com/rete-bot/rete/bot"
)

var _ bot.ContactLinker = (*Adapter)(nil)

// ContactLink implements [bot.ContactLinker]: a link that opens a DM with
// the member, which works only for a reader in the same workspace (Slack
// has no way in from outside it).
func (a *Adapter) ContactLink(reader, member bot.MemberID, handle string) (string, bool) {
	if member.Platform != Platform || reader.Platform != Platform || reader.Space != member.Space || !slackUserID.MatchString(member.User) {
		return "", false
	}
	q := url.Values{"team": {member.Space}, "channel": {member.User}}
	return "https://slack.com/app_redirect?" + q.Encode(), true
}
