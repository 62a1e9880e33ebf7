package bot

// statsTexts are the catalog entries of the moderators' stats. key → {en, it}.
func statsTexts() map[string][]string {
	return map[string][]string{
		"msg.under_a_minute": {"under a minute", "meno di un minuto"},
	}
}
