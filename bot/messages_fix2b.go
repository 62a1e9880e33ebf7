package bot

// fix2bTexts holds texts added by the second round of tester fixes: cleared
// links, members filters, field aliases, config refusals and the round
// preview.
func fix2bTexts() map[string][]string {
	return map[string][]string{
		"msg.links_cleared": {"Links cleared.", "Link cancellati."},

		// Words typed to filter `members`: one token each, like "nonancora".
		"choice.active":      {"active", "attivi"},
		"choice.paused":      {"paused", "inpausa"},
		"choice.unreachable": {"unreachable", "nonraggiungibili"},
		"choice.removed":     {"removed", "rimossi"},
		"choice.left":        {"left", "usciti"},
		// How the `members` title names its filter: a list filter, not a status.
		"msg.members_filter_active":      {"active", "attivi"},
		"msg.members_filter_paused":      {"paused", "in pausa"},
		"msg.members_filter_unreachable": {"unreachable", "non raggiungibili"},
		"msg.members_filter_removed":     {"removed", "rimossi"},
		"msg.members_filter_left":        {"left", "usciti"},

		"err.schedule_often": {"'{schedule}' would start {n} rounds a day; rete runs at most one round a day, so give a single minute and hour, e.g. `0 9 * * MON`. Nothing changed.",
			"'{schedule}' avvierebbe {n} giri al giorno; rete ne fa al massimo uno al giorno, quindi indica un solo minuto e una sola ora, ad esempio `0 9 * * MON`. Non ho cambiato nulla."},

		// Other words accepted for a choice, in any language: the event post
		// labels the place "Where:".
		"alias.place": {"where", "dove"},
	}
}
