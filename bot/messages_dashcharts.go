package bot

// dashChartsTexts are the catalog entries of the dashboard's charts over
// time, its schedule and its paged rounds. key → {en, it}.
func dashChartsTexts() map[string][]string {
	return map[string][]string{
		"dash.week":           {"Week of", "Settimana del"},
		"dash.met_at_slot":    {"At a proposed time", "All'orario proposto"},
		"dash.of":             {"{n} of {of}", "{n} su {of}"},
		"dash.intros_weekly":  {"Per week: requested, accepted, expired", "Per settimana: richieste, accettate, scadute"},
		"dash.intros_total":   {"So far", "Finora"},
		"dash.next_rounds":    {"Next rounds", "Prossimi giri"},
		"dash.schedule":       {"Schedule (cron, cadence, time zone)", "Calendario (cron, cadenza, fuso orario)"},
		"dash.skills_growth":  {"Skills over time", "Competenze nel tempo"},
		"dash.unmet_short":    {"Unmet demand", "Domanda scoperta"},
		"dash.groups_shown":   {"Groups {from}–{to} of {n}.", "Gruppi da {from} a {to} su {n}."},
		"dash.all_groups":     {"All groups, page by page", "Tutti i gruppi, pagina per pagina"},
		"dash.not_going":      {"Not going", "Non partecipano"},
		"dash.signin_explain": {"This link signs you in to the dashboard once, on this device.", "Questo link ti fa entrare nella dashboard una volta sola, da questo dispositivo."},
	}
}
