// Package dash serves the moderators' web dashboard under /dash/.
//
// A moderator signs in through the one-time link the `dashboard` command
// sends (see [bot.Bot.RedeemDashboardLink]); the link starts a session
// kept in memory here, named by a random cookie (HttpOnly,
// SameSite=Strict, Secure under https) for 12 hours. A restart signs
// everyone out, which costs a moderator one `dashboard` command. The
// sign-in POST must carry the form token of the sign-in page this browser
// opened (also set as a SameSite=Strict cookie), so another site cannot
// sign a browser in with a link of its own.
//
// A moderator can be demoted while signed in, so moderator status is
// checked when the link is redeemed and on every request
// ([bot.Bot.DashboardModerator]), as it was recognised: one listed in the
// community's moderators (through any linked account) must still be
// listed; a platform admin keeps the dashboard until the platform says,
// in a request from a space, that they are no longer admin (a private
// chat outside a space says nothing). A removed member is refused either
// way, and a refused session ends. Dashboard actions name the member by
// id, never by name or handle.
//
// Pages are html/template, so member text is escaped; the stylesheet is
// embedded and the Content-Security-Policy allows no script at all.
// Every POST carries the session's CSRF token. Charts are SVG drawn on
// the server next to a table of the same figures: they need no script,
// and the page stays usable without CSS.
//
// The members page searches, filters and sorts an index of the
// community's members kept in memory (memberindex.go): one scan builds it,
// at sign-in, and it is rebuilt in the background once 30 seconds old, so
// no page reads every member. The skills page counts skills from that
// index too. The overview reads the intro totals the store keeps
// ([bot.IntroCounts]) and the daily snapshots, kept decoded once read
// (snapcache.go).
package dash
