package bot

// helpTexts are the longer explanations `help VERB` adds under a
// command's one-line help (key "help.VERB_more").
func helpTexts() map[string][]string {
	return map[string][]string{
		"help.intro_more": {
			"`{prefix}intro @member WHY`: they get your profile and the reason, with Accept and Decline; only if they accept are you put in touch. `{prefix}intro SKILL`: I propose the best member for it and send nothing until you confirm. `{prefix}intro cancel ID` withdraws a request; `{prefix}intros` lists them.",
			"`{prefix}intro @membro MOTIVO`: riceve il tuo profilo e il motivo, con Accetta e Rifiuta; solo se accetta vi metto in contatto. `{prefix}intro COMPETENZA`: ti propongo il membro più adatto e non invio nulla finché non confermi. `{prefix}intro cancel ID` ritira una richiesta; `{prefix}intros` le elenca.",
		},
		"help.met_more": {
			"The buttons under the follow-up do the same. Without ROUND, the answer goes to the latest follow-up you were sent.",
			"I pulsanti sotto la domanda fanno lo stesso. Senza GIRO, la risposta vale per l'ultima domanda che hai ricevuto.",
		},
		"help.pause_more": {
			"A pause lasts from 1 day to 365 days: `{prefix}pause 2w`, `{prefix}pause 10d`, `{prefix}pause until 2027-01-15`, or `{prefix}pause` alone until `{prefix}resume`. While paused you get no pairings and no intro requests.",
			"Una pausa dura da 1 giorno a 365 giorni: `{prefix}pause 2 settimane`, `{prefix}pause 10g`, `{prefix}pause fino al 15/01/2027`, o `{prefix}pause` da solo fino a `{prefix}resume`. Durante la pausa non ricevi abbinamenti né richieste di presentazione.",
		},
		"help.find_more": {
			"`{prefix}find design` lists `design`, then `ux design`, `graphic design`...; a close spelling works too (`kubernets` finds `kubernetes`).",
			"`{prefix}find design` elenca `design`, poi `ux design`, `grafica`...; va bene anche una grafia vicina (`kubernets` trova `kubernetes`).",
		},
		"help.round_more": {
			"`now` runs the round of the next round time, which the scheduler then skips; with fewer than two members nothing is stored or sent.",
			"`now` avvia il giro del prossimo orario previsto, che poi lo scheduler salta; con meno di due membri non salvo né invio nulla.",
		},
	}
}
