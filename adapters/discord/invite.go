package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// InviteURL is the OAuth2 URL that adds the bot to a server with exactly
// what it needs: the bot and applications.commands scopes; View Channels,
// Send Messages, Send Messages in Threads and Create Private Threads.
func InviteURL(appID string) string {
	perms := discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
		discordgo.PermissionSendMessagesInThreads | discordgo.PermissionCreatePrivateThreads
	return "https://discord.com/oauth2/authorize?client_id=" + appID +
		"&scope=" + strings.Join([]string{"bot", "applications.commands"}, "+") +
		fmt.Sprintf("&permissions=%d", perms)
}
