// Package bot is rete's core: the domain types (communities, members,
// profiles), the command table and its router, the services behind each
// verb, the message catalog, and the contracts that adapters (chat
// platforms) and the store (durable storage) implement.
//
// bot knows no chat platform and no database. An adapter turns a platform
// event into a [Request] and hands it to [Bot.Handle]; the core answers with
// a [Message] in a neutral markup that the adapter renders and escapes for
// its platform. Messages the core sends on its own initiative (DMs, group
// introductions, channel posts) go through the adapter's [Messenger]. All
// state goes through [Store].
//
// Subpackages: match is the pure pairing engine; bottest and storetest are
// the conformance kits that every adapter and every store run in their tests.
package bot
