package main

import (
	"os"
	"testing"
)

// FuzzConfig reads any file as a config: a config or an error, never a
// panic, and a config that loads gives communities the core accepts.
// `go test` runs the seeds (config.example.yaml, the embedded defaults);
// scripts/fuzz searches further.
func FuzzConfig(f *testing.F) {
	if b, err := os.ReadFile("../../config.example.yaml"); err == nil {
		f.Add(b)
	}
	f.Add(defaultConfig)
	f.Add([]byte("data_dir: x\ncommunities: [{id: a, spaces: [{platform: slack, team: T1}]}]\n"))
	f.Add([]byte("communities:\n  - id: A B\n"))
	f.Add([]byte("slack: {bot_token: ${TOKEN}}\nbackup: {dir: /b, every: 1s}\n"))
	f.Add([]byte("&a [*a, *a]"))
	env := func(string) string { return "x" }
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := parseConfig("fuzz.yaml", data, env)
		if err != nil {
			return
		}
		if _, err := cfg.communities(); err != nil {
			t.Fatalf("a config that loads has communities the core refuses: %v", err)
		}
	})
}
