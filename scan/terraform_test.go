package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// summary is what must not depend on how a cluster was written: rule,
// cluster and pool of every finding.
func summary(t *testing.T, path string) []string {
	t.Helper()
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{path}})
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			t.Fatalf("%s: %s", d.Pos, d.Message)
		}
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s/%s", f.RuleID, f.Cluster, f.Pool))
	}
	sort.Strings(out)
	return out
}

// TestTerraformSpellingsAgree: azurerm v3 and v4 spellings of one cluster,
// and its plan JSON, give the same findings.
func TestTerraformSpellingsAgree(t *testing.T) {
	v3 := summary(t, "../fixtures/terraform/aks-v3")
	v4 := summary(t, "../fixtures/terraform/aks-v4")
	plan := summary(t, "../fixtures/terraform/plan/plan.json")
	want := []string{"PL001 tf-prod/", "PL002 tf-prod/system", "PL004 tf-prod/batch", "PL004 tf-prod/etl", "PL006 tf-prod/batch", "PL006 tf-prod/etl", "PL020 tf-prod/"}
	if !reflect.DeepEqual(v3, want) {
		t.Errorf("v3 findings %q, want %q", v3, want)
	}
	if !reflect.DeepEqual(v4, v3) {
		t.Errorf("v4 findings %q differ from v3 %q", v4, v3)
	}
	if !reflect.DeepEqual(plan, v3) {
		t.Errorf("plan findings %q differ from v3 %q", plan, v3)
	}
}

// TestModuleCallSite: a finding inside a module carries the module call.
func TestModuleCallSite(t *testing.T) {
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{"../fixtures/terraform/modules"}})
	if len(res.Findings) != 2 || res.Findings[0].RuleID != "PL001" || res.Findings[1].RuleID != "PL020" {
		t.Fatalf("findings: %+v", res.Findings)
	}
	f := res.Findings[0]
	if f.Pos.File != "../fixtures/terraform/modules/modules/aks/main.tf" || len(f.Related) != 1 ||
		f.Related[0].File != "../fixtures/terraform/modules/main.tf" || f.Related[0].Line != 3 {
		t.Errorf("finding %+v", f)
	}
	if len(res.Clusters) != 2 {
		t.Errorf("%d clusters, want the two module instances only (the standalone module evaluation is dropped)", len(res.Clusters))
	}
}

func TestInvalidHCL(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/main.tf", "resource \"azurerm_kubernetes_cluster\" \"x\" {\n  name = \"a\"\n  default_node_pool {\n    name = \n  }\n}\n")
	writeFile(t, dir+"/ok.tf", "variable \"a\" {\n  default = 1\n}\n")
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	var errs []string
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			errs = append(errs, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Message))
		}
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "4:12 invalid HCL: ") {
		t.Errorf("diagnostics %q", errs)
	}
}

func TestTerraformVarFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/main.tf", `variable "sku" {
  default = "standard"
}
variable "prio" {
  default = "Regular"
}
resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name = "a"
  }
  network_profile {
    load_balancer_sku = var.sku
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "b" {
  name                  = "b"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.c.id
  mode                  = "System"
  priority              = var.prio
}
`)
	writeFile(t, dir+"/prod.tfvars", "sku = \"basic\"\n")
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}, VarFiles: []string{dir + "/prod.tfvars"}, Vars: []string{"prio=Spot"}})
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+": "+f.Message)
	}
	sort.Strings(got)
	want := []string{
		`PL001: cluster "c" uses the Basic load balancer (from var.sku in prod.tfvars) but has 2 node pools; several node pools need the Standard load balancer`,
		`PL004: pool "b" of cluster "c" has Spot priority (from -var prio) in System mode; AKS does not allow Spot System pools`,
		`PL020: cluster "c" uses the Basic load balancer (from var.sku in prod.tfvars), retired on 30 September 2025; use the Standard load balancer`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFiles(t *testing.T, dst string, files ...string) {
	t.Helper()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dst+"/"+filepath.Base(f), string(data))
	}
}

// TestPlanPointsAtConfig: a plan scanned with its configuration reports at
// the .tf lines, once.
func TestPlanPointsAtConfig(t *testing.T) {
	dir := t.TempDir()
	copyFiles(t, dir, "../fixtures/terraform/aks-v4/main.tf", "../fixtures/terraform/aks-v4/terraform.tfvars", "../fixtures/terraform/plan/plan.json")
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s %s", filepath.Base(f.Pos.File), f.Pos.Line, f.RuleID, f.Pool))
	}
	want := []string{"main.tf:38 PL002 system", "main.tf:43 PL001 ", "main.tf:43 PL020 ", "main.tf:57 PL004 batch", "main.tf:57 PL004 etl", "main.tf:60 PL006 batch", "main.tf:60 PL006 etl"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// TestInstalledModule: a registry module is read from where `terraform
// init` put it.
func TestInstalledModule(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/main.tf", "module \"aks\" {\n  source = \"Azure/aks/azurerm\"\n  version = \"9.0.0\"\n  name = \"registry\"\n}\n")
	mod := dir + "/.terraform/modules/aks"
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFiles(t, mod, "../fixtures/terraform/modules/modules/aks/main.tf")
	writeFile(t, dir+"/.terraform/modules/modules.json", `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"aks","Source":"registry.terraform.io/Azure/aks/azurerm","Version":"9.0.0","Dir":".terraform/modules/aks"}]}`)
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "registry" || len(res.Clusters[0].CallSites) != 1 {
		t.Fatalf("clusters %+v diags %+v", res.Clusters, res.Diags)
	}
	// Without modules.json Azure/aks/azurerm 9.x is read from what
	// poollint knows of it (registry_aks.go): the module's default name.
	if err := os.Remove(dir + "/.terraform/modules/modules.json"); err != nil {
		t.Fatal(err)
	}
	res = Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "aks" || len(res.Clusters[0].Pools) != 1 {
		t.Errorf("clusters %+v, diags %+v", res.Clusters, res.Diags)
	}
	// A registry module poollint does not know is skipped with a note.
	writeFile(t, dir+"/main.tf", "module \"aks\" {\n  source = \"example/aks/azurerm\"\n  version = \"9.0.0\"\n  name = \"registry\"\n}\n")
	res = Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	if len(res.Clusters) != 0 || len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "terraform init") {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
}
