package main

import (
	"strings"
	"testing"
)

func TestConsoleDashboardLink(t *testing.T) {
	out, stderr, err := runRete(t, "as admin\ndashboard\n", "console", "--data", t.TempDir())
	if err != nil {
		t.Fatalf("console: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "http://127.0.0.1:8080/dash/signin?token=") {
		t.Errorf("a moderator's dashboard in the console gave no sign-in link on http.listen:\n%s", out)
	}
}

func TestDashboardURL(t *testing.T) {
	for _, c := range []struct {
		in   HTTPConfig
		want string
	}{
		{HTTPConfig{Listen: "127.0.0.1:8080"}, "http://127.0.0.1:8080"},
		{HTTPConfig{Listen: ":9000"}, "http://localhost:9000"},
		{HTTPConfig{Listen: ":9000", PublicURL: "https://rete.example.org"}, "https://rete.example.org"},
	} {
		if got := dashboardURL(c.in); got != c.want {
			t.Errorf("dashboardURL(%+v) = %q, want %q", c.in, got, c.want)
		}
	}
}
