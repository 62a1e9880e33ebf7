package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// deployDir holds the example deployment files.
const deployDir = "../../deploy"

// ruleFile is a Prometheus rule file.
type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// metricName finds the metric names an expression uses.
var metricName = regexp.MustCompile(`\b(?:rete|go|process)_[a-z0-9_]+\b`)

// TestDeployFilesUseRealMetrics: the alert rules and the dashboard parse,
// and every metric they query is one /metrics serves.
func TestDeployFilesUseRealMetrics(t *testing.T) {
	_, h, _ := exercised(t)
	served := map[string]bool{}
	for name, f := range scrape(t, h) {
		served[name] = true
		switch f.GetType().String() {
		case "HISTOGRAM":
			served[name+"_bucket"], served[name+"_sum"], served[name+"_count"] = true, true, true
		case "SUMMARY":
			served[name+"_sum"], served[name+"_count"] = true, true
		}
	}
	var exprs []string

	var rules ruleFile
	readYAML(t, "alerts.yaml", &rules)
	var alerts []string
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			alerts = append(alerts, r.Alert)
			if r.Alert == "" || r.Expr == "" || r.Annotations["summary"] == "" || r.Labels["severity"] == "" {
				t.Errorf("alert %q: want alert, expr, a severity label and a summary", r.Alert)
			}
			if r.For != "" {
				if _, err := time.ParseDuration(r.For); err != nil {
					t.Errorf("alert %s: for: %v", r.Alert, err)
				}
			}
			exprs = append(exprs, r.Expr)
		}
	}
	for _, want := range []string{"ReteOutboxStuck", "ReteOutboxGivingUp", "ReteDiskNearlyFull", "ReteRoundDidNotRun"} {
		if !slices.Contains(alerts, want) {
			t.Errorf("alerts.yaml lacks %s", want)
		}
	}

	data, err := os.ReadFile(filepath.Join(deployDir, "grafana-dashboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Title  string `json:"title"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(data, &dash); err != nil {
		t.Fatalf("grafana-dashboard.json: %v", err)
	}
	if len(dash.Panels) < 8 {
		t.Errorf("dashboard has %d panels", len(dash.Panels))
	}
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			exprs = append(exprs, tg.Expr)
		}
	}

	for _, e := range exprs {
		for _, name := range metricName.FindAllString(e, -1) {
			if !served[name] {
				t.Errorf("%q queries %s, which /metrics does not serve", e, name)
			}
		}
	}

	var prom struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
		} `yaml:"scrape_configs"`
	}
	readYAML(t, "prometheus.yml", &prom)
	if len(prom.ScrapeConfigs) == 0 || prom.ScrapeConfigs[0].JobName != "rete" || len(prom.RuleFiles) == 0 {
		t.Errorf("prometheus.yml: %+v", prom)
	}
	var compose struct {
		Services map[string]any `yaml:"services"`
	}
	readYAML(t, "compose.yaml", &compose)
	if compose.Services["rete"] == nil || compose.Services["prometheus"] == nil {
		t.Errorf("compose.yaml services: %v", compose.Services)
	}

	if promtool, err := exec.LookPath("promtool"); err == nil {
		if out, err := exec.Command(promtool, "check", "rules", filepath.Join(deployDir, "alerts.yaml")).CombinedOutput(); err != nil {
			t.Errorf("promtool check rules: %v\n%s", err, out)
		}
	}
}

// readYAML parses a file of deploy/ into v.
func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(deployDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestContainerConfigServes: the container's config is valid for serve
// once its variables are set.
func TestContainerConfigServes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(deployDir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"TELEGRAM_BOT_TOKEN": "123456:" + strings.Repeat("A", 35), "TELEGRAM_CHAT_ID": "-100123", "RETE_COMMUNITY_NAME": "Test"}
	cfg, err := parseConfig("config.yaml", data, func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.checkServe(); err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/data" || probeAddr(cfg.HTTP.Listen) != "127.0.0.1:8080" {
		t.Errorf("data_dir %q, listen %q", cfg.DataDir, cfg.HTTP.Listen)
	}
}

// TestSystemdUnitVerifies runs systemd-analyze verify on deploy/rete.service
// (with ExecStart pointing at an executable that exists here), where
// systemd is installed.
func TestSystemdUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	unit, err := os.ReadFile(filepath.Join(deployDir, "rete.service"))
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(unit), "ExecStart=/usr/local/bin/rete serve") {
		t.Fatal("rete.service: ExecStart does not run /usr/local/bin/rete serve")
	}
	path := filepath.Join(t.TempDir(), "rete.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(unit), "/usr/local/bin/rete", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	for _, want := range []string{"DynamicUser=yes", "StateDirectory=rete", "ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=on-failure"} {
		if !strings.Contains(string(unit), "\n"+want+"\n") {
			t.Errorf("rete.service lacks %s", want)
		}
	}
}
