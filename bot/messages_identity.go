package bot

// identityTexts are the catalog entries of private chats that name no
// space: key → {en, it}.
func identityTexts() map[string][]string {
	return map[string][]string{
		"msg.dm_join_first":    {"You are not in a community here yet: join from your community's group first, with `{prefix}join` there.", "Qui non fai ancora parte di una comunità: unisciti prima dal gruppo della tua comunità, con `{prefix}join` lì."},
		"msg.dm_join_link":     {"You can start here: {link}", "Puoi iniziare da qui: {link}"},
		"msg.community_which":  {"You are in more than one community. Which one are your private messages for? `{prefix}community` asks again.", "Fai parte di più di una comunità. A quale sono rivolti i tuoi messaggi privati? `{prefix}community` lo chiede di nuovo."},
		"msg.community_chosen": {"Your private messages now go to {name}. Send your command again.", "Ora i tuoi messaggi privati vanno a {name}. Invia di nuovo il tuo comando."},
		"err.community_not_in": {"You are not in that community. `{prefix}community` lists yours.", "Non fai parte di quella comunità. `{prefix}community` elenca le tue."},
	}
}
