package bot

// findingTexts are the texts of finding people: find's close skills,
// member references by name, and the moderators' member list.
func findingTexts() map[string][]string {
	return map[string][]string{
		"msg.find_title_close":      {"{n} {n|member offers|members offer} *{skill}* or a close skill:", "{n} {n|persona offre|persone offrono} *{skill}* o una competenza vicina:"},
		"msg.find_title_many_close": {"About {n} members offer *{skill}* or a close skill; the best matches:", "Circa {n} persone offrono *{skill}* o una competenza vicina; le più adatte:"},
		"msg.find_offers":           {"offers {skill}", "offre {skill}"},
		"help.members":              {"list members with their status and last activity, by status and by skill, 20 a page (sent privately)", "elenca i membri con stato e ultima attività, per stato e per competenza, 20 per pagina (in privato)"},
		"help.unremove":             {"undo a removal: the member may join again, and a message tells them so", "annulla una rimozione: il membro può unirsi di nuovo, e un messaggio glielo dice"},
		"msg.members_title":         {"*Members* ({filter}): {n} · page {page} of {pages}", "*Membri* ({filter}): {n} · pagina {page} di {pages}"},
		"msg.members_all":           {"all", "tutti"},
		"msg.members_item":          {"{status} · last active {date}", "{status} · ultima attività {date}"},
		"msg.members_none":          {"No members match ({filter}).", "Nessun membro corrisponde ({filter})."},
		"msg.members_next":          {"Next page: {command}", "Pagina successiva: {command}"},
		"btn.members_more":          {"More", "Altri"},
		"err.members_page":          {"There is no such page: the last is {pages}.", "Questa pagina non c'è: l'ultima è la {pages}."},
		"err.members_page_bad":      {"'{page}' is not a page number.", "'{page}' non è un numero di pagina."},
		"msg.unremoved":             {"{member} may join again; a message tells them so.", "{member} può unirsi di nuovo; un messaggio glielo comunica."},
		"msg.not_removed":           {"{member} is not removed: nothing to undo.", "{member}: nessuna rimozione da annullare."},
		"msg.unremoved_dm":          {"The moderators of {community} lifted your removal. Type `{prefix}join` to take part again.", "La moderazione di {community} ha annullato la tua rimozione. Scrivi `{prefix}join` per partecipare di nuovo."},
		"msg.help_mod_guest":        {"You are not in the pool: `{prefix}lang` and `{prefix}tz` work without joining; `{prefix}join` to take part.", "Non partecipi agli abbinamenti: `{prefix}lang` e `{prefix}tz` funzionano anche senza iscriverti; `{prefix}join` per partecipare."},
		"status.guest":              {"not in the pool", "fuori dagli abbinamenti"},
		"err.member_which":          {"Several members match {member}: {list}. Which one? Write their @handle.", "Più membri corrispondono a {member}: {list}. Quale? Scrivi l'@handle di chi cerchi."},
	}
}
