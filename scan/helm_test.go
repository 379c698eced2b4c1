package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/config"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
)

// A template of a chart named on its own (a pre-commit hook passes the
// staged files) brings its chart: its pools are checked from the chart's
// rendering, at the template's lines.
func TestHelmTemplateNamedAlone(t *testing.T) {
	tmpl := "../fixtures/yaml/helm-capi/templates/pools.yaml"
	// The root is the repository, as when poollint runs from its top.
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{tmpl}, Root: ".."})
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			t.Errorf("%s: %s", d.Pos, d.Message)
		}
	}
	// The fixture's MachinePool also lacks the bootstrap and template
	// clusterName Cluster API requires (PL104, at lines 7 and 9).
	var fs []rules.Finding
	for _, f := range res.Findings {
		if f.RuleID != "PL104" || f.Pos.File != tmpl || (f.Pos.Line != 7 && f.Pos.Line != 9) {
			fs = append(fs, f)
		}
	}
	if len(fs) != 1 || fs[0].RuleID != "PL004" || fs[0].Pos.File != tmpl || fs[0].Pos.Line != 25 {
		t.Errorf("want PL004 at %s:25, got %+v", tmpl, res.Findings)
	}
}

// A chart's values files come from .poollint.yaml's helm-values.
func TestHelmValuesFromConfig(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"chart/Chart.yaml":       "apiVersion: v2\nname: c\nversion: 0.1.0\n",
		"chart/values.yaml":      "priority: Regular\n",
		"prod.yaml":              "priority: Spot\n",
		"chart/templates/a.yaml": "apiVersion: containerservice.azure.com/v1api20231001\nkind: ManagedCluster\nmetadata:\n  name: aks\nspec:\n  agentPoolProfiles:\n    - name: system\n      mode: System\n      count: 1\n      vmSize: Standard_D4s_v5\n      scaleSetPriority: {{ .Values.priority }}\n",
		".poollint.yaml":         "helm-values:\n  chart: [prod.yaml]\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(filepath.Join(dir, ".poollint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(opts Options) string {
		res := Run(context.Background(), newEngine(t), opts)
		var rules []string
		for _, f := range res.Findings {
			rules = append(rules, f.RuleID+"@"+filepath.Base(f.Pos.File))
		}
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError {
				t.Errorf("%s: %s", d.Pos, d.Message)
			}
		}
		return strings.Join(rules, " ")
	}
	if got := run(Options{Paths: []string{filepath.Join(dir, "chart")}}); strings.Contains(got, "PL004") {
		t.Errorf("values.yaml alone says Regular: %s", got)
	}
	if got := run(Options{Paths: []string{filepath.Join(dir, "chart")}, Config: cfg}); !strings.Contains(got, "PL004@a.yaml") {
		t.Errorf("prod.yaml from helm-values makes the system pool Spot: got %q", got)
	}
}
