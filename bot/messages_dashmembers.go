package bot

// dashMembersTexts are the dashboard members page's texts.
func dashMembersTexts() map[string][]string {
	return map[string][]string{
		"dash.search":                    {"Name or handle", "Nome o handle"},
		"dash.platform":                  {"Platform", "Piattaforma"},
		"dash.platforms":                 {"Platforms", "Piattaforme"},
		"dash.all_platforms":             {"all", "tutte"},
		"dash.sort":                      {"Sort by", "Ordina per"},
		"dash.sort.name":                 {"name", "nome"},
		"dash.sort.joined":               {"joining date", "data di iscrizione"},
		"dash.sort.activity":             {"last activity", "ultima attività"},
		"dash.sort.rounds":               {"rounds", "giri"},
		"dash.sort.met":                  {"met rate", "quota di incontri"},
		"dash.order":                     {"Order", "Ordine"},
		"dash.order.asc":                 {"ascending", "crescente"},
		"dash.order.desc":                {"descending", "decrescente"},
		"dash.profile":                   {"Profile", "Profilo"},
		"dash.profile_offers":            {"offers", "offre"},
		"dash.profile_seeks":             {"seeks", "cerca"},
		"dash.last_activity":             {"Last activity", "Ultima attività"},
		"dash.rounds_taken":              {"Rounds", "Giri"},
		"dash.met_share":                 {"Met rate", "Quota di incontri"},
		"dash.members_match":             {"{n} {n|member matches|members match}.", "{n} {n|membro corrisponde|membri corrispondono}."},
		"dash.first_page":                {"First page", "Prima pagina"},
		"dash.member_status.active":      {"active", "partecipa"},
		"dash.member_status.paused":      {"paused", "in pausa"},
		"dash.member_status.unreachable": {"unreachable", "non raggiungibile"},
		"dash.member_status.left":        {"left", "ha lasciato"},
		"dash.member_status.removed":     {"removed", "fuori dalla community"},
	}
}
