package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func poollint(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"poollint"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	const (
		bad   = "../../fixtures/arm/headline.json"
		clean = "../../fixtures/arm/clean.json"
	)
	cases := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{"findings fail the default error threshold", []string{"scan", bad}, 1, "(PL001 basic-lb-multiple-pools)", ""},
		{"a clean template passes", []string{"scan", clean}, 0, "1 files scanned: 0 errors", ""},
		{"fail-on none reports but passes", []string{"scan", "--fail-on", "none", bad}, 0, "PL003", ""},
		{"an unreadable file exits 2 and still prints findings", []string{"scan", bad, "../../fixtures/invalid/broken.json"}, 2, "PL002", ""},
		{"a missing path exits 2", []string{"scan", "does-not-exist"}, 2, "does-not-exist: error: cannot scan", ""},
		{"an unknown format is a usage error", []string{"scan", "--format", "xml", clean}, 2, "", `unknown format "xml"`},
		{"a bad fail-on is a usage error", []string{"scan", "--fail-on", "fatal", clean}, 2, "", "--fail-on"},
		{"an unknown flag is a usage error", []string{"scan", "--nope", clean}, 2, "", "flag provided but not defined"},
		{"flags may follow paths", []string{"scan", bad, "--fail-on", "none", "--format=json"}, 0, `"ruleId": "PL001"`, ""},
		{"a bool flag after a path takes no value", []string{"scan", clean, "-v", "--fail-on", "warning"}, 0, "0 errors", ""},
		{"-- ends flags", []string{"scan", "--", "--fail-on"}, 2, "--fail-on: error: cannot scan", ""},
		{"terraform -var reaches the module", []string{"scan", "../../fixtures/terraform/aks-v4", "--var", "lb_sku=standard", "--format", "json"}, 1, `"ruleId": "PL004"`, ""},
		{"a missing --var-file is a usage error", []string{"scan", "--var-file", "nope.tfvars", "."}, 2, "", "--var-file nope.tfvars"},
		{"a user policy runs with the built-in rules", []string{"scan", "--policy", "../../fixtures/policies/team-label", "../../fixtures/yaml/eksctl.yaml", "--fail-on", "warning"}, 1, "(ACME001 pool-team-label)", ""},
		{"policy test runs the policy's unit tests", []string{"policy", "test", "../../fixtures/policies/team-label"}, 0, "2 passed, 0 failed", ""},
		{"a missing policy directory is an error", []string{"scan", "--policy", "nope", "."}, 2, "", "--policy nope"},
		{"rules lists every rule", []string{"rules"}, 0, "PL004   spot-system-pool             error    AKS", ""},
		{"rules prints one rule's doc", []string{"rules", "basic-lb-multiple-pools"}, 0, "# PL001 basic-lb-multiple-pools", ""},
		{"an unknown rule exits 2", []string{"rules", "PL999"}, 2, "", `no rule "PL999"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := poollint(t, c.args...)
			if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errOut, c.err) {
				t.Errorf("poollint %s: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", strings.Join(c.args, " "), code, c.code, out, errOut)
			}
		})
	}
}

func TestOutputFileAndSARIF(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.sarif")
	code, out, _ := poollint(t, "scan", "--format", "sarif", "--output", path, "../../fixtures/arm")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct{ Results []struct{ RuleID string } }
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if n, want := len(log.Runs[0].Results), countWants(t, "../../fixtures/arm"); n != want {
		t.Errorf("%d SARIF results over fixtures/arm, want %d (the want annotations there)", n, want)
	}
}

func TestParamFileFlag(t *testing.T) {
	dir := t.TempDir()
	pf := filepath.Join(dir, "regular.json")
	if err := os.WriteFile(pf, []byte(`{"parameters": {"poolPriority": {"value": "Regular"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl := "../../fixtures/arm/params/main.json"
	if code, out, _ := poollint(t, "scan", tmpl); code != 1 || !strings.Contains(out, "from parameter poolPriority in main.parameters.json") {
		t.Errorf("paired parameters: exit %d\n%s", code, out)
	}
	if code, out, _ := poollint(t, "scan", "--param-file", tmpl+"="+pf, tmpl); code != 0 {
		t.Errorf("--param-file TEMPLATE=FILE: exit %d\n%s", code, out)
	}
	if code, _, errOut := poollint(t, "scan", "--param-file", "missing.json", tmpl); code != 2 || !strings.Contains(errOut, "missing.json") {
		t.Errorf("missing --param-file: exit %d: %s", code, errOut)
	}
}

func TestModel(t *testing.T) {
	code, out, _ := poollint(t, "model", "../../fixtures/arm/headline.json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var m struct {
		Clusters []struct {
			Name            struct{ Value string }
			LoadBalancerSku struct {
				Value string
				Known bool
				Pos   struct{ Line int }
			}
			Pools []struct {
				Default  bool
				Priority struct{ Value, Origin string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	c := m.Clusters[0]
	if c.Name.Value != "prod-weu" || c.LoadBalancerSku.Value != "Basic" || !c.LoadBalancerSku.Known || c.LoadBalancerSku.Pos.Line != 20 {
		t.Errorf("cluster = %+v", c)
	}
	if len(c.Pools) != 2 || !c.Pools[0].Default || c.Pools[1].Priority.Origin != "default" {
		t.Errorf("pools = %+v", c.Pools)
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "aks.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "vendor-copy"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vendor-copy", "aks.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := "rules:\n  disable: [reserved-label-prefix]\n  severity:\n    PL001: warning\nexclude: [vendor-copy]\nfail-on: warning\n"
	if err := os.WriteFile(filepath.Join(dir, ".poollint.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := poollint(t, "scan", dir)
	if code != 1 || strings.Contains(out, "(PL002 ") || !strings.Contains(out, "warning: cluster \"prod-weu\" uses the Basic") ||
		!strings.Contains(out, "(also PL020 basic-lb-retired) (PL001 basic-lb-multiple-pools)") || !strings.Contains(out, "1 files scanned: 1 errors, 1 warnings") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	// --fail-on on the command line wins over the file's.
	if code, _, _ := poollint(t, "scan", "--fail-on", "none", dir); code != 0 {
		t.Errorf("--fail-on none: exit %d", code)
	}
	if err := os.WriteFile(filepath.Join(dir, ".poollint.yaml"), []byte("rules:\n  severity:\n    PL404: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := poollint(t, "scan", dir); code != 2 || !strings.Contains(errOut, `rules.severity names rule "PL404"`) {
		t.Errorf("unknown rule: exit %d: %s", code, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, ".poollint.yaml"), []byte("fail-on: error\nexclude: []\nignore: [x]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := poollint(t, "scan", dir); code != 2 || !strings.Contains(errOut, `.poollint.yaml:3: unknown key "ignore"`) {
		t.Errorf("unknown key: exit %d: %s", code, errOut)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	if code, out, _ := poollint(t, "init", dir); code != 0 || !strings.Contains(out, "wrote") {
		t.Fatalf("init: exit %d %s", code, out)
	}
	if code, _, errOut := poollint(t, "init", dir); code != 2 || !strings.Contains(errOut, "exists already") {
		t.Errorf("second init: exit %d %s", code, errOut)
	}
	// The default configuration is valid and changes nothing.
	if code, out, errOut := poollint(t, "scan", "--config", filepath.Join(dir, ".poollint.yaml"), "../../fixtures/arm/clean.json"); code != 0 {
		t.Errorf("scan with the default config: exit %d\n%s%s", code, out, errOut)
	}
}

func TestSuppressions(t *testing.T) {
	code, out, _ := poollint(t, "scan", "--format", "json", "../../fixtures/suppressions")
	var doc struct {
		Findings []struct {
			RuleID string `json:"ruleId"`
			Pos    struct {
				File string
				Line int
			}
			Suppression *struct{ Rule, Reason string }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range doc.Findings {
		s := fmt.Sprintf("%s %s:%d", f.RuleID, filepath.Base(f.Pos.File), f.Pos.Line)
		if f.Suppression != nil {
			s += " suppressed: " + f.Suppression.Reason
		}
		got = append(got, s)
	}
	want := []string{
		"PL002 eksctl.yaml:9 suppressed: vendor requirement",
		"PL001 arm.json:14 suppressed: migrating to Standard in Q3, ticket OPS-123",
		"PL002 arm.json:22 suppressed: set by our admission controller too",
		"PL002 main.tf:6 suppressed: legacy label, removal planned",
		"PL002 main.tf:7",
		"PL020 arm.json:14", // only PL001 is suppressed there
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if code != 1 {
		t.Errorf("exit %d: the unsuppressed finding still fails", code)
	}
	// Text hides suppressed findings and counts them.
	_, text, _ := poollint(t, "scan", "../../fixtures/suppressions")
	if strings.Count(text, "error:") != 1 || !strings.Contains(text, "4 suppressed") {
		t.Errorf("text:\n%s", text)
	}
	// SARIF keeps them, as suppressions.
	_, sarifOut, _ := poollint(t, "scan", "--format", "sarif", "../../fixtures/suppressions")
	if strings.Count(sarifOut, `"kind": "inSource"`) != 4 {
		t.Errorf("SARIF suppressions: %d", strings.Count(sarifOut, `"kind": "inSource"`))
	}
}

func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(dir, "aks.json")
	if err := os.WriteFile(tmpl, data, 0o644); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "baseline.json")
	if code, _, _ := poollint(t, "scan", "--write-baseline", base, tmpl); code != 0 {
		t.Fatalf("writing the baseline: exit %d", code)
	}
	if code, out, _ := poollint(t, "scan", "--baseline", base, tmpl); code != 0 || !strings.Contains(out, "0 errors") {
		t.Errorf("with the baseline: exit %d\n%s", code, out)
	}
	// Lines move (a comment above everything) and a new mistake appears:
	// only the new one is reported.
	moved := strings.Replace(string(data), `"contentVersion"`, "// a new comment\n  // and another\n  \"contentVersion\"", 1)
	moved = strings.Replace(moved, `"team": "payments",`, `"team": "payments", "kubernetes.io/os-flavour": "x",`, 1)
	if err := os.WriteFile(tmpl, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := poollint(t, "scan", "--baseline", base, tmpl)
	if code != 1 || strings.Count(out, "error:") != 1 || !strings.Contains(out, "kubernetes.io/os-flavour") {
		t.Errorf("after lines moved: exit %d\n%s", code, out)
	}
	if code, _, errOut := poollint(t, "scan", "--baseline", filepath.Join(dir, "none.json"), tmpl); code != 2 || !strings.Contains(errOut, "baseline") {
		t.Errorf("missing baseline: exit %d %s", code, errOut)
	}
}

// countWants counts the expected findings the fixtures under dir declare:
// rule IDs in `want` comments and in .want sidecar lines.
func countWants(t *testing.T, dir string) int {
	t.Helper()
	ids := regexp.MustCompile(`\bPL\d{3}\b`)
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".golden") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.Index(line, "want "); i >= 0 && (strings.Contains(line[:i], "//") || strings.Contains(line[:i], "#")) {
				n += len(ids.FindAllString(regexp.MustCompile(`"(?:[^"\\]|\\.)*"`).ReplaceAllString(line[i:], ""), -1))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
