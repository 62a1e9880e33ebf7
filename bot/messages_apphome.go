package bot

// homeTexts are the catalog entries of a member's home page (Slack's App
// Home tab). key → {en, it}.
func homeTexts() map[string][]string {
	return map[string][]string{
		"home.title_welcome":  {"Welcome to {community}", "Ti diamo il benvenuto in {community}"},
		"home.title_profile":  {"Your profile", "Il tuo profilo"},
		"home.title_pairing":  {"Your pairing", "Il tuo abbinamento"},
		"home.title_intros":   {"Introductions", "Presentazioni"},
		"home.title_events":   {"Upcoming events", "Prossimi eventi"},
		"home.join":           {"rete introduces the members of *{community}* to each other: a pairing every round, introductions on request, and events. Join to take part.", "rete fa conoscere tra loro le persone di *{community}*: un abbinamento a ogni giro, presentazioni su richiesta ed eventi. Unisciti per partecipare."},
		"home.left":           {"You left *{community}*. You can join again whenever you like.", "Hai lasciato *{community}*. Puoi rientrare quando vuoi."},
		"home.removed":        {"The moderators removed your account from *{community}*.", "La moderazione ha rimosso il tuo account da *{community}*."},
		"home.pairing":        {"Round of {date}: here is who to meet.", "Giro del {date}: ecco chi incontrare."},
		"home.pairing_off":    {"Round of {date}: the call with {names} is off this week.", "Giro del {date}: l'incontro con {names} è annullato per questa settimana."},
		"home.pairing_picked": {"Time picked: {when}.", "Orario scelto: {when}."},
		"home.pairing_none":   {"The latest round has no pairing for you.", "L'ultimo giro non ha un abbinamento per te."},
		"home.intro_in":       {"{member} would like to meet you", "{member} vorrebbe conoscerti"},
		"home.intro_out":      {"To {member}, waiting for an answer", "A {member}, in attesa di risposta"},
		"home.intro_proposed": {"{member}, not sent until you confirm", "{member}, non inviata finché non confermi"},
		"home.more":           {"…and {n} more: the full list with `{prefix}{verb}`.", "…e {n} in più: l'elenco completo con `{prefix}{verb}`."},
		"home.dashboard_hint": {"The dashboard's sign-in link reaches you in a private message.", "Il link di accesso alla dashboard ti arriva in un messaggio privato."},
		"btn.home_join":       {"Join", "Unisciti"},
		"btn.home_pause":      {"Pause", "Metti in pausa"},
		"btn.home_resume":     {"Resume", "Riprendi"},
		"btn.home_dashboard":  {"Dashboard link", "Link alla dashboard"},
	}
}
