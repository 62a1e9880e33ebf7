package bot

// telegramTexts are the catalog entries the Telegram adapter shows on its
// own (a bot may only write privately to people who pressed Start):
// key → {en, it}.
func telegramTexts() map[string][]string {
	return map[string][]string{
		"telegram.start_to_join":      {"To join this community, open rete privately and press Start: one tap and you are in.", "Per unirti a questa comunità, apri rete in privato e premi Avvia: basta un tocco."},
		"telegram.start_to_answer":    {"rete answers this privately: open rete and press Start first, then ask again.", "rete risponde a questo in privato: apri rete, premi Avvia e poi chiedi di nuovo."},
		"telegram.button_start":       {"Start rete", "Avvia rete"},
		"telegram.button_open":        {"Open rete", "Apri rete"},
		"telegram.not_in_group":       {"Only members of that group can join its community: ask to be added to the group first.", "Solo chi è nel gruppo può unirsi alla sua comunità: chiedi prima di entrare nel gruppo."},
		"telegram.inline_unsupported": {"rete works in chats: write to it privately or in your community's group.", "rete funziona nelle chat: scrivi a rete in privato o nel gruppo della tua comunità."},
	}
}
