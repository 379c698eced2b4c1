package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// suppressTF is a Terraform cluster with a Basic load balancer and two
// pools (PL001 and PL020 on line 12) whose comments are the cases.
const suppressTF = `resource "azurerm_kubernetes_cluster" "this" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks"
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 2 # poollint:ignore PL999 no such rule
  }
  network_profile { # poollint:ignore PL001 PL020 spaces
    load_balancer_sku = "basic" # poollint:ignore PL001,basic-lb-retired accepted until the migration
  }
  # poollint:ignore
  # poollint:ignore:PL001
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user" # poollint:ignore PL014 nothing to silence here
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this.id
  vm_size               = "Standard_D4s_v5"
  node_count            = 1
}
`

// TestInlineSuppressionWarnings: one matcher applies the comments the
// parser recorded; a bare or malformed comment, an unknown rule, rule IDs
// separated by spaces and a suppression nothing used each get a note at
// the comment.
func TestInlineSuppressionWarnings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.tf")
	writeFile(t, file, suppressTF)
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	file = DisplayPath(file)
	n := 0
	for _, f := range res.Findings {
		if f.Pos.Line == 12 && (f.RuleID == "PL001" || f.RuleID == "PL020") {
			n++
			if f.Suppression == nil || f.Suppression.Reason != "accepted until the migration" {
				t.Errorf("%s not suppressed: %+v", f.RuleID, f.Suppression)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d findings on line 12, want PL001 and PL020: %+v", n, res.Findings)
	}
	want := []string{
		file + ":9:22: note: poollint:ignore names rule \"PL999\", which does not exist (poollint rules lists them)",
		file + ":11:23: note: poollint:ignore PL001 PL020: separate rule IDs with commas (poollint:ignore PL001,PL020); PL020 is read as the reason",
		file + ":11:23: note: unused poollint:ignore PL001: no PL001 finding on line 11",
		file + ":14:5: note: bare poollint:ignore: name the rules it silences (poollint:ignore PL001[,PL002] reason, or all)",
		file + ":15:5: note: malformed poollint:ignore: write poollint:ignore RULE[,RULE] reason, with a space after poollint:ignore",
		file + ":19:36: note: unused poollint:ignore PL014: no PL014 finding on line 19",
	}
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.Pos.String()+": "+string(d.Level)+": "+d.Message)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestInlineSuppressionFromModel: the comments come from the bytes the
// parsers read, recorded in the model; the files are not read again after
// the rules (removing them before the rules run changes nothing), and a
// disabled rule's suppression is not called unused.
func TestInlineSuppressionFromModel(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.tf")
	writeFile(t, file, suppressTF)
	engine := newEngine(t)
	res := Load(context.Background(), Options{Paths: []string{dir}})
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if len(res.Clusters) != 1 || len(res.Clusters[0].Ignores) != 6 {
		t.Fatalf("clusters %d, comments recorded: %+v", len(res.Clusters), res.Clusters)
	}
	fs, errs := engine.Check(context.Background(), res.Clusters[0])
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	suppress(fs, res.Clusters[0])
	silenced := 0
	for _, f := range fs {
		if f.Suppression != nil {
			silenced++
		}
	}
	if silenced != 2 {
		t.Errorf("%d findings suppressed, want 2", silenced)
	}
}

// TestBicepSuppression: a // poollint:ignore comment in a .bicep file
// silences the finding reported at its line, in the template and in a
// module it calls.
func TestBicepSuppression(t *testing.T) {
	dir := t.TempDir()
	copyFiles(t, dir, "../fixtures/bicep/constructs/main.bicep", "../fixtures/bicep/constructs/pool.bicep")
	edit := func(name, old, new string) {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s lacks %q", name, old)
		}
		writeFile(t, p, strings.Replace(string(data), old, new, 1))
	}
	edit("main.bicep", "count: 1 // want PL006", "// poollint:ignore PL006,PL004 one node for now\n    count: 1 // want PL006")
	edit("pool.bicep", "minCount: minCount // want PL007", "minCount: minCount // poollint:ignore autoscaler-bounds set by the pipeline")
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	got := map[string]string{}
	for _, f := range res.Findings {
		if f.Suppression != nil {
			got[f.RuleID] = f.Suppression.Reason
		}
	}
	if got["PL006"] != "one node for now" || !strings.HasPrefix(got["PL007"], "set by the pipeline") || len(got) != 2 {
		t.Errorf("suppressed: %v", got)
	}
	for _, d := range res.Diags {
		if strings.Contains(d.Message, "poollint:ignore") && !strings.Contains(d.Message, "unused poollint:ignore PL004") {
			t.Errorf("%s: %s", d.Pos, d.Message)
		}
	}
}
