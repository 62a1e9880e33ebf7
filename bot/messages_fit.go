package bot

// fitTexts are the catalog entries of messages fitted to a platform:
// buttons whose command is kept under a token. key → {en, it}.
func fitTexts() map[string][]string {
	return map[string][]string{
		"msg.button_expired": {"This button no longer works: type the command instead (`{prefix}help` lists them).", "Questo pulsante non funziona più: scrivi il comando (`{prefix}help` li elenca)."},
	}
}
