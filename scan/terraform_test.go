package scan

import (
	"context"
	"fmt"
	"os"
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
	want := []string{"PL001 tf-prod/", "PL002 tf-prod/system", "PL004 tf-prod/batch", "PL004 tf-prod/etl"}
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
	if len(res.Findings) != 1 {
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
