package bot

// accountTexts are the catalog entries of one person's accounts on
// several platforms: link, unlink, deliver. key → {en, it}.
func accountTexts() map[string][]string {
	return map[string][]string{
		"help.link":    {"join your accounts on several platforms into one member: link shows a code, link CODE on the other platform uses it", "unisci i tuoi account su più piattaforme in un solo profilo: link mostra un codice, link CODICE sull'altra piattaforma lo usa"},
		"desc.link":    {"join your accounts on several platforms: link shows a code, link CODE uses it", "unisci i tuoi account su più piattaforme: link mostra un codice, link CODICE lo usa"},
		"help.unlink":  {"separate the account on a platform from your member again", "separa di nuovo dal tuo profilo l'account su una piattaforma"},
		"help.deliver": {"choose the platform where rete's private messages reach you", "scegli la piattaforma su cui ti arrivano i messaggi privati di rete"},

		"param.code":          {"CODE", "CODICE"},
		"param.code.what":     {"the code", "il codice"},
		"param.code.desc":     {"the code that link showed on your other platform (optional)", "il codice che link ti ha mostrato sull'altra piattaforma (facoltativo)"},
		"param.platform":      {"PLATFORM", "PIATTAFORMA"},
		"param.platform.what": {"the platform", "la piattaforma"},
		"param.platform.desc": {"slack, discord, telegram or console", "slack, discord, telegram o console"},

		"msg.link_code":          {"Your code is valid for {minutes} minutes, once. On your other platform, type {code} to me.", "Il tuo codice vale {minutes} minuti, una volta sola. Sull'altra piattaforma, scrivimi {code}."},
		"err.link_wrong":         {"That code is wrong, expired or already used: type link where your other account is to get a new one.", "Il codice è sbagliato, scaduto o già usato: scrivi link dove c'è il tuo altro account per averne uno nuovo."},
		"err.link_too_many":      {"Too many wrong codes: try again in an hour.", "Troppi codici sbagliati: riprova fra un'ora."},
		"err.link_already":       {"These accounts are already linked.", "Questi account sono già collegati."},
		"err.link_unlink_first":  {"This account is already linked to other accounts: type `{prefix}unlink PLATFORM` first.", "Questo account è già collegato ad altri account: scrivi prima `{prefix}unlink PIATTAFORMA`."},
		"err.link_same_platform": {"That member already has an account on {platform}: link joins accounts on different platforms.", "Quel profilo ha già un account su {platform}: link unisce account su piattaforme diverse."},
		"msg.linked":             {"Linked: this {platform} account and your {other} account are now one member, with one profile and one history.", "Fatto: questo account {platform} e il tuo account {other} sono ora un solo profilo, con una sola storia."},
		"msg.linked_fields":      {"Taken from this account: {fields}.", "Presi da questo account: {fields}."},
		"msg.linked_united":      {"Skills, links and blocks of both accounts are united.", "Competenze, link e blocchi dei due account sono uniti."},
		"field.name":             {"name", "nome"},
		"field.bio":              {"bio", "bio"},
		"field.company":          {"company", "azienda"},
		"field.tz":               {"time zone", "fuso orario"},
		"field.lang":             {"language", "lingua"},
		"field.contact":          {"contact line", "contatto"},
		"err.unlink_none":        {"You have no linked account on {platform}.", "Non hai un account collegato su {platform}."},
		"msg.unlinked":           {"Unlinked: your {platform} account is a member of its own again, with a copy of your profile; the pairing history stays with your other accounts.", "Fatto: il tuo account {platform} è di nuovo un profilo a sé, con una copia del tuo profilo; la storia degli abbinamenti resta ai tuoi altri account."},
		"err.deliver_no_account": {"You have no account on {platform}: link one first with `{prefix}link`.", "Non hai un account su {platform}: collegane prima uno con `{prefix}link`."},
		"msg.deliver_set":        {"Your private messages from rete now go to {platform}; when it cannot reach you, they go to another of your accounts.", "I tuoi messaggi privati di rete ora arrivano su {platform}; se lì non ti raggiungono, arrivano su un altro dei tuoi account."},
		"msg.member_accounts":    {"also {accounts}", "anche {accounts}"},
	}
}
