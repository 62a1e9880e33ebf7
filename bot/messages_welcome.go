package bot

// welcomeTexts holds the texts of the welcome a newcomer gets, the
// reminder of an empty profile, and the moderators' `welcome` settings.
func welcomeTexts() map[string][]string {
	return map[string][]string{
		"welcome.hello": {"Hello {names}!", "Ciao {names}!"},
		"welcome.first": {"Welcome to *{community}*!", "Ti diamo il benvenuto in *{community}*!"},
		"welcome.about": {"rete helps the members of this community get to know each other: every week it pairs you with someone worth meeting.\nTell it what you offer and what you seek, and it finds who can help you and whom you can help.",
			"rete aiuta i membri di questa community a conoscersi: ogni settimana ti propone una persona che vale la pena incontrare.\nRacconta cosa offri e cosa cerchi: rete troverà chi può aiutarti e chi puoi aiutare tu."},
		"welcome.steps":        {"Press *Join*, then fill your profile:", "Premi *Partecipa*, poi completa il tuo profilo:"},
		"welcome.steps_start":  {"Press *Start* to join, then fill your profile in the private chat: {offer}, {seek} and {bio}.", "Premi *Avvia* per partecipare, poi completa il profilo nella chat privata: {offer}, {seek} e {bio}."},
		"welcome.hint_offer":   {"{cmd}: what you can help others with", "{cmd}: in cosa puoi aiutare gli altri"},
		"welcome.hint_seek":    {"{cmd}: what you are looking for", "{cmd}: cosa stai cercando"},
		"welcome.hint_bio":     {"{cmd}: a line about you and your work", "{cmd}: una riga su di te e sul tuo lavoro"},
		"welcome.button_join":  {"Join", "Partecipa"},
		"welcome.button_start": {"Start", "Avvia"},
		"welcome.reminder": {"You joined *{community}* a week ago, and your profile has no offers, seeks or bio yet: rete pairs people and finds help by what they offer and seek. A minute is enough:",
			"Sei in *{community}* da una settimana e nel tuo profilo non ci sono ancora offerte, ricerche né una bio: rete abbina le persone e trova aiuto in base a ciò che offrono e cercano. Basta un minuto:"},

		"msg.welcome_on":          {"Newcomers get a welcome again.", "Chi arriva riceve di nuovo il benvenuto."},
		"msg.welcome_off":         {"Newcomers get no welcome and no reminder now. `{prefix}welcome on` turns them back on.", "Ora chi arriva non riceve né il benvenuto né il promemoria. `{prefix}welcome on` li riattiva."},
		"msg.welcome_text_set":    {"Done. Newcomers will read:", "Fatto. Chi arriva leggerà:"},
		"msg.welcome_text_reset":  {"Done: the welcome starts with rete's own line again. Newcomers will read:", "Fatto: il benvenuto torna a iniziare con la frase di rete. Chi arriva leggerà:"},
		"msg.welcome_preview":     {"Newcomers here read:", "Chi arriva qui legge:"},
		"msg.welcome_preview_off": {"Welcomes are off (`{prefix}welcome on` turns them on). When on, newcomers here read:", "Il benvenuto è disattivato (`{prefix}welcome on` lo riattiva). Quando è attivo, chi arriva qui legge:"},
		"err.welcome_text":        {"The first line of the welcome takes 1 to {max} characters, or - for rete's own.", "La prima riga del benvenuto va da 1 a {max} caratteri, oppure - per quella di rete."},

		"msg.config_want_welcome_text": {"a line of 1 to {max} characters, or - for rete's own", "una riga da 1 a {max} caratteri, oppure - per quella di rete"},
		"setting.welcome":              {"welcome newcomers, and remind them once of an empty profile", "dai il benvenuto a chi arriva, e ricorda una volta chi ha il profilo vuoto"},
		"setting.welcome.text":         {"the first line of the welcome (- for rete's own)", "la prima riga del benvenuto (- per quella di rete)"},

		"help.welcome":            {"the welcome newcomers get: on, off, its first line, a preview", "il benvenuto a chi arriva: on, off, la prima riga, un'anteprima"},
		"help.welcome_on":         {"welcome newcomers (the default)", "dai il benvenuto a chi arriva (di norma sì)"},
		"help.welcome_off":        {"stop welcoming newcomers and reminding them", "smetti di dare il benvenuto e di mandare promemoria"},
		"help.welcome_text":       {"set the welcome's first line; - for rete's own", "imposta la prima riga del benvenuto; - per quella di rete"},
		"help.welcome_preview":    {"show the welcome as newcomers read it", "mostra il benvenuto come lo legge chi arriva"},
		"param.welcome_text":      {"TEXT", "TESTO"},
		"param.welcome_text.what": {"the first line (- for rete's own)", "la prima riga (- per quella di rete)"},
		"param.welcome_text.desc": {"the welcome's first line; - for rete's own", "la prima riga del benvenuto; - per quella di rete"},
	}
}
