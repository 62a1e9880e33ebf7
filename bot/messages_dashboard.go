package bot

// dashboardTexts are the catalog entries of the moderators' web
// dashboard. key → {en, it}.
func dashboardTexts() map[string][]string {
	return map[string][]string{
		"help.dashboard":          {"a one-time link to the web dashboard, valid 10 minutes (sent privately)", "un link monouso alla dashboard web, valido 10 minuti (in privato)"},
		"msg.dashboard_link":      {"Your sign-in link to the dashboard, valid {minutes} minutes and only once: {url}", "Ecco il tuo link di accesso alla dashboard, valido {minutes} minuti e una volta sola: {url}"},
		"dash.title":              {"rete dashboard", "dashboard di rete"},
		"dash.overview":           {"Overview", "Panoramica"},
		"dash.sign_out":           {"Sign out", "Esci"},
		"dash.signed_out":         {"You are signed out. Ask rete for a new link to come back.", "Sessione chiusa. Chiedi a rete un nuovo link per rientrare."},
		"dash.link_expired":       {"This link has expired; ask rete for a new one.", "Questo link è scaduto; chiedine uno nuovo a rete."},
		"dash.members_by_status":  {"Members by status", "Membri per stato"},
		"dash.status":             {"Status", "Stato"},
		"dash.count":              {"Members", "Membri"},
		"dash.rounds":             {"Rounds and meeting rate", "Giri e quota di incontri"},
		"dash.round":              {"Round", "Giro"},
		"dash.date":               {"Date", "Data"},
		"dash.groups":             {"Groups", "Gruppi"},
		"dash.answers":            {"Answers", "Risposte"},
		"dash.met_rate":           {"Met", "Incontri avvenuti"},
		"dash.no_rounds":          {"No rounds yet.", "Ancora nessun giro."},
		"dash.intros":             {"Introductions", "Presentazioni"},
		"dash.requested":          {"Requested", "Richieste"},
		"dash.accepted":           {"Accepted", "Accettate"},
		"dash.declined":           {"Declined", "Rifiutate"},
		"dash.expired":            {"Expired", "Scadute"},
		"dash.next_round":         {"Next round", "Prossimo giro"},
		"dash.not_scheduled":      {"not scheduled", "non in programma"},
		"dash.chart_table":        {"Table view", "Vista tabella"},
		"dash.status.active":      {"active", "attivi"},
		"dash.status.paused":      {"paused", "in pausa"},
		"dash.status.unreachable": {"unreachable", "non raggiungibili"},
		"dash.status.left":        {"left", "usciti"},
		"dash.status.removed":     {"removed", "rimossi"},
		"err.dashboard_no_url":    {"The dashboard has no address yet: set http.public_url in the configuration.", "La dashboard non ha ancora un indirizzo: imposta http.public_url nella configurazione."},
	}
}
