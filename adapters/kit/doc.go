// Package kit holds what every rete adapter needs and no platform owns:
// the lifecycle cmd/rete drives, de-duplication of the platform's
// redeliveries, answering within a platform's deadline, splitting long
// messages, request verification and command registration. An adapter is
// one folder under adapters/ built on these pieces; kit names platforms
// only where it speaks their formats (verification, command lists).
//
// What each piece promises:
//
//   - [Adapter], [Runner], [Router]: the lifecycle. Every adapter is a
//     [bot.Messenger] that can be shut down; one that keeps a connection
//     or reads input is a Runner, one that receives webhooks a Router.
//     cmd/rete routes every Router, runs every Runner, and at the end
//     stops the Runners before calling Shutdown, in one loop over the
//     enabled adapters.
//   - [Deduper]: a delivery (event id, button press, signed request) is
//     handled once however often the platform sends it, across restarts
//     when the marks are kept in the store ([Seen] is implemented by
//     *store.DB; [NewMemorySeen] keeps them in memory, lost at a
//     restart). A failed attempt is forgotten, so that the platform's
//     retry runs; [Safely] turns a handler's panic into such a failure.
//   - [Marked]: reads a mark kept as a fact rather than a delivery (a
//     Telegram member who pressed Start), without setting it.
//   - [Deadline] and [Answer]: run a handler and give its answer to the
//     caller if it comes before the platform's deadline; otherwise the
//     caller answers with an acknowledgement at once, and the answer is
//     delivered later through a callback.
//   - [GroupSize]: the 2 to 8 members a group conversation may have.
//   - [Wait]: the body of an adapter's Shutdown, waiting for the work it
//     started on its own (a sync.WaitGroup) or for ctx, whichever ends first.
//   - [Split]: a message too long for the platform becomes several, each
//     within the limit as the platform measures its own rendering, cut
//     between blocks, list items, lines, spans and words, never inside a
//     mention, a link or an escape; the buttons go with the last part.
//   - [ReadBody]: a webhook's body, refused with 413 above a limit before
//     anything else is read from the request.
//   - [VerifyHMAC], [VerifySecret], [VerifyEd25519]: small checks of a
//     request's authenticity (Slack's signed bodies, Telegram's webhook
//     secret header, Discord's interaction signatures), constant-time
//     where a secret is compared, with a timestamp window where the
//     platform signs one.
//   - [DiscordCommands], [TelegramCommands]: what a platform registers,
//     made from the command table and the catalog as plain data in the
//     platform's JSON shape (golden files under testdata/, checked
//     against every platform limit). [TelegramName] is a verb as Telegram
//     spells commands. [CommandTable] and [Catalog] give an adapter the
//     table and the catalog from its handler, or the built-in ones.
//   - Small shared pieces of rendering and sending: [GroupUsers] (a group's
//     members on one platform and space, sorted), [Truncate] (cut with "…"),
//     [WebURL] (only http and https links become links), [LocaleLang] (a
//     platform's locale as rete's language).
package kit
