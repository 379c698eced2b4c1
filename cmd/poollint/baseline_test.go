package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// aksModule is a Terraform module whose cluster has a Basic load balancer
// and two pools (PL001 and PL020 at the load_balancer_sku line).
const aksModule = `
resource "azurerm_kubernetes_cluster" "this" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks"
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 2
  }
  network_profile {
    network_plugin    = "azure"
    load_balancer_sku = "basic"
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this.id
  vm_size               = "Standard_D4s_v5"
  node_count            = 1
}
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBaselineTwoEnvironments: a baseline written while only envs/dev
// called the module does not hide the error envs/prod's new call brings
// (the fingerprint includes the module call chain).
func TestBaselineTwoEnvironments(t *testing.T) {
	dir := t.TempDir()
	call := "module \"aks\" {\n  source = \"../../modules/aks\"\n}\n"
	writeFiles(t, dir, map[string]string{"modules/aks/main.tf": aksModule, "envs/dev/main.tf": call})
	base := filepath.Join(t.TempDir(), "b.json")
	if code, out, errOut := poollint(t, "scan", "--write-baseline", base, dir); code != 0 || !strings.Contains(out, "PL001") {
		t.Fatalf("writing the baseline: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := poollint(t, "scan", "--baseline", base, dir); code != 0 {
		t.Fatalf("dev alone with its baseline: exit %d\n%s", code, out)
	}
	writeFiles(t, dir, map[string]string{"envs/prod/main.tf": call})
	code, out, _ := poollint(t, "scan", "--baseline", base, dir)
	if code != 1 || strings.Count(out, "(PL001 ") != 1 || !strings.Contains(out, "hidden by the baseline") {
		t.Errorf("prod's new error: exit %d\n%s", code, out)
	}
	// One line per problem: the module's line names the first call and
	// counts the others.
	_, text, _ := poollint(t, "scan", dir)
	lines := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if lines[l] {
			t.Errorf("line repeats: %s", l)
		}
		lines[l] = true
	}
	if !strings.Contains(text, "envs/dev/main.tf:1:1, and 1 more)") || strings.Count(text, "(PL001 ") != 1 {
		t.Errorf("no via:\n%s", text)
	}
	_, js, _ := poollint(t, "scan", "--format", "json", dir)
	var rep struct {
		Findings []struct {
			RuleID      string `json:"ruleId"`
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		if seen[f.Fingerprint] {
			t.Errorf("%s: fingerprint %s shared by envs/dev and envs/prod", f.RuleID, f.Fingerprint)
		}
		seen[f.Fingerprint] = true
	}
	if len(rep.Findings) < 4 {
		t.Errorf("%d findings, want PL001 and PL020 for each environment", len(rep.Findings))
	}
}

// TestBaselineMerge: --baseline b.json --write-baseline b.json keeps what
// the baseline hid, adds the new findings, exits 0, and says how many
// findings the baseline hid and which entries no longer match.
func TestBaselineMerge(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(dir, "aks.json")
	writeFiles(t, dir, map[string]string{"aks.json": string(data)})
	base := filepath.Join(t.TempDir(), "b.json")
	if code, _, _ := poollint(t, "scan", "--write-baseline", base, tmpl); code != 0 {
		t.Fatalf("--write-baseline: exit %d, want 0", code)
	}
	entries := func() []map[string]any {
		var b struct {
			Version  int              `json:"version"`
			Findings []map[string]any `json:"findings"`
		}
		raw, err := os.ReadFile(base)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &b); err != nil || b.Version != 2 {
			t.Fatalf("baseline version %d, %v", b.Version, err)
		}
		return b.Findings
	}
	before := len(entries())
	if before < 3 {
		t.Fatalf("%d entries", before)
	}
	// A new mistake and a stale entry (one from a file no longer there).
	moved := strings.Replace(string(data), `"team": "payments",`, `"team": "payments", "kubernetes.io/os-flavour": "x",`, 1)
	writeFiles(t, dir, map[string]string{"aks.json": moved})
	raw, _ := os.ReadFile(base)
	raw = []byte(strings.Replace(string(raw), `"findings": [`, `"findings": [
    {"fingerprint": "00000000000000000000000000000000", "ruleId": "PL014", "file": "gone.json", "message": "fixed long ago"},`, 1))
	if err := os.WriteFile(base, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := poollint(t, "scan", "--verbose", "--baseline", base, "--write-baseline", base, tmpl)
	if code != 0 {
		t.Errorf("--baseline --write-baseline: exit %d, want 0", code)
	}
	for _, want := range []string{"kubernetes.io/os-flavour", "hidden by the baseline", "1 baseline entry no longer matches", "baseline entry PL014 in gone.json no longer matches a finding"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if after := len(entries()); after != before+2 {
		t.Errorf("%d entries after merging, want %d (the old ones, the stale one and the new finding)", after, before+2)
	}
	if code, out, _ := poollint(t, "scan", "--baseline", base, tmpl); code != 0 || !strings.Contains(out, "0 errors") {
		t.Errorf("with the merged baseline: exit %d\n%s", code, out)
	}
}

// TestNoTextLineRepeats: over the fixtures and the shared corpus, the text
// report (notes included) never prints a line twice.
func TestNoTextLineRepeats(t *testing.T) {
	paths := []string{"../../fixtures"}
	if _, err := os.Stat("../../../shared/corpus"); err == nil {
		paths = append(paths, "../../../shared/corpus")
	}
	_, out, _ := poollint(t, append([]string{"scan", "--fail-on", "none", "--verbose"}, paths...)...)
	seen := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		if l != "" && seen[l] {
			t.Errorf("line repeats: %s", l)
		}
		seen[l] = true
	}
	if len(seen) < 100 {
		t.Errorf("only %d lines: %s", len(seen), out)
	}
}
