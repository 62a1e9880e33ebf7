package discord

import "github.com/rete-bot/rete/bot"

// split returns the messages msg is sent as, each under Discord's 2,000
// characters. For now it returns msg whole (render truncates what is
// longer); kit's splitter (adapters/kit/split.go) replaces it.
func split(msg bot.Message) []bot.Message { return []bot.Message{msg} }
