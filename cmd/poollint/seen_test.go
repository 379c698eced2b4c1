package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStdin: `scan -` reads standard input as the file --stdin-filename
// names, which decides its format and names it in every report.
func TestStdin(t *testing.T) {
	data, err := os.ReadFile("../../fixtures/yaml/karpenter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer func(old any) { stdin = old.(interface{ Read([]byte) (int, error) }) }(stdin)
	feed := func() { stdin = strings.NewReader(string(data)) }

	feed()
	code, out, errOut := poollint(t, "scan", "-", "--stdin-filename", "charts/pools/rendered.yaml")
	if code != 1 || !strings.Contains(out, "charts/pools/rendered.yaml:13:9: error: node label \"karpenter.sh/nodepool\"") || strings.Contains(out, "poollint-stdin-") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	feed()
	code, out, _ = poollint(t, "scan", "--format", "sarif", "-")
	if code != 1 || !strings.Contains(out, `"uri": "stdin.yaml"`) || strings.Contains(out, "poollint-stdin-") {
		t.Errorf("default name: exit %d\n%s", code, out)
	}
	// The name decides the format: .txt is none.
	feed()
	code, out, _ = poollint(t, "scan", "-v", "--stdin-filename", "pools.txt", "-")
	if code != 0 || !strings.Contains(out, "pools.txt: note: named on the command line, but not scanned: not a file type poollint reads") {
		t.Errorf("pools.txt: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{
		{"scan", "-", "--stdin-filename", "../outside.yaml"},
		{"scan", "-", "--stdin-filename", "/etc/x.yaml"},
		{"scan", "-", "."},
	} {
		feed()
		if code, _, errOut := poollint(t, bad...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d %s", bad, code, errOut)
		}
	}
	// model - reads standard input too, every position named so.
	feed()
	code, out, errOut = poollint(t, "model", "--stdin-filename", "k/pools.yaml", "-")
	if code != 0 || !strings.Contains(out, `"file": "k/pools.yaml"`) || strings.Contains(out, "poollint-stdin-") {
		t.Errorf("model -: exit %d\n%s%s", code, out, errOut)
	}
	// Larger than --max-file-size: refused, not cut.
	feed()
	if code, _, errOut := poollint(t, "scan", "--max-file-size", "100", "-"); code != 2 || !strings.Contains(errOut, "standard input is larger than 100 bytes") {
		t.Errorf("large stdin: exit %d %s", code, errOut)
	}
}

// TestSeen: the text summary ends with what was checked and what was not
// read, grouped; a path named on the command line that yields no pool gets
// a note (shown with --verbose; SARIF and JSON keep it), and the counts
// agree with the progress line's (files looked at).
func TestSeen(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	headline, err := os.ReadFile("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	write("aks.json", string(headline))
	write("package.json", `{"name": "x"}`)
	write("values.yaml", "a: 1\n")
	write("notes.md", "hello\n")
	write("bin.yaml", "a\x00b")
	write("empty/x.tf", "variable \"x\" {}\n")
	write("vendor/aks.json", string(headline))
	write(".poollint.yaml", "exclude: [vendor]\n")
	write("unknown.tf", "variable \"sku\" {}\nresource \"azurerm_kubernetes_cluster\" \"a\" {\n  name = \"a\"\n  default_node_pool {\n    name = \"system\"\n    vm_size = var.sku\n  }\n}\n")
	t.Chdir(dir)

	code, out, errOut := poollint(t, "scan", ".", "notes.md", "package.json", "empty", "vendor/aks.json")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	// Looked at: aks.json, package.json, values.yaml, bin.yaml, empty/x.tf,
	// unknown.tf, .poollint.yaml, notes.md (named) = 8; read: aks.json,
	// x.tf, unknown.tf; vendor is excluded.
	for _, want := range []string{
		"seen: checked 2 clusters with 3 node pools in 3 of 8 files looked at",
		"5 files not read: 4 of no format poollint reads (other JSON or YAML), 1 binary",
		"1 pool with unknown values, which the rules that need them skip (poollint model --format text shows why): 1 in vmSize",
		"4 paths named on the command line yield no node pool (--verbose names them)",
	} {
		if !strings.Contains(last, want) {
			t.Errorf("summary lacks %q:\n%s", want, last)
		}
	}
	if strings.Contains(out, "note:") {
		t.Errorf("notes shown without --verbose:\n%s", out)
	}
	_, out, _ = poollint(t, "scan", "-v", ".", "notes.md", "package.json", "empty", "vendor/aks.json")
	for _, want := range []string{
		"notes.md: note: named on the command line, but not scanned: not a file type poollint reads",
		"package.json: note: named on the command line, but no node pool was found in it",
		"empty: note: named on the command line, but no node pool was found under it",
		"vendor/aks.json: note: named on the command line, but not scanned: the configuration's exclude matches it",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--verbose lacks %q:\n%s", want, out)
		}
	}
	// JSON and SARIF keep the notes without --verbose; SARIF's
	// notifications carry the summary.
	_, out, _ = poollint(t, "scan", "--format", "json", ".", "notes.md")
	var doc struct {
		Diagnostics []struct{ Level, Message string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range doc.Diagnostics {
		found = found || d.Level == "note" && strings.Contains(d.Message, "not a file type poollint reads")
	}
	if !found {
		t.Errorf("JSON dropped the notes: %+v", doc.Diagnostics)
	}
	_, out, _ = poollint(t, "scan", "--format", "sarif", ".", "notes.md")
	var log struct {
		Runs []struct {
			Invocations []struct {
				ToolExecutionNotifications []struct {
					Level   string
					Message struct{ Text string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, n := range log.Runs[0].Invocations[0].ToolExecutionNotifications {
		texts = append(texts, n.Level+": "+n.Message.Text)
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		"note: poollint checked 2 clusters with 3 node pools in 3 of 8 files looked at",
		"note: poollint 5 files not read: 4 of no format poollint reads (other JSON or YAML), 1 binary",
		"note: named on the command line, but not scanned: not a file type poollint reads",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("SARIF notifications lack %q:\n%s", want, all)
		}
	}
}

// TestSeenPartsNotRead: parts of files read that may declare pools but
// were not read — a module with node-group inputs that is not installed, a
// chart that does not render — are counted by kind in the summary; a
// module without such inputs (a VPC) is not.
func TestSeenPartsNotRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("tf/main.tf", `module "eks" {
  source = "github.com/example/eks-blueprints?ref=v4.32.1"
  managed_node_groups = {
    mg = { instance_types = ["m5.large"] }
  }
}
module "vpc" {
  source = "github.com/example/vpc?ref=v1"
  cidr   = "10.0.0.0/16"
}
module "caf" {
  source = "git::https://github.com/example/caf"
  compute = {
    aks_clusters = {}
  }
}
`)
	write("bicep/main.bicep", `module diag './diagnostics.bicep' = {
  name: 'diag'
  params: {
    workspaceName: 'logs'
  }
}
module pools './pools.bicep' = {
  name: 'pools'
  params: {
    agentPoolCount: 3
  }
}
module vm 'br/public:avm/res/compute/virtual-machine:0.10.1' = {
  name: 'jumpbox'
  params: {
    vmSize: 'Standard_D2s_v5'
  }
}
`)
	write("chart/Chart.yaml", "apiVersion: v2\nname: pools\nversion: 0.1.0\n")
	write("chart/values.yaml", "zones: []\n")
	write("chart/templates/pool.yaml", "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      requirements:\n      - key: topology.kubernetes.io/zone\n        operator: In\n        values: {{- toYaml .Values.zones | nindent 8 }}\n")
	t.Chdir(dir)
	code, out, errOut := poollint(t, "scan", ".")
	if code != 0 {
		t.Fatalf("exit %d (a chart needing values is no input error)\n%s%s", code, out, errOut)
	}
	want := "not read inside files, so pools they may declare are not checked (--verbose names them): 1 Bicep module(s) not read, 1 Helm chart(s) not rendered, 2 Terraform module call(s) with node-pool inputs not installed (terraform init, or --download-modules)"
	if !strings.Contains(out, want) {
		t.Errorf("summary lacks %q:\n%s", want, out)
	}
	_, out, _ = poollint(t, "scan", "-v", ".")
	for _, want := range []string{
		`tf/main.tf:1:1: note: skipped module "eks"`,
		"; node pools declared in it are not checked",
		"chart/templates/pool.yaml:11:1: note: chart pools: templates/pool.yaml renders invalid YAML",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--verbose lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "skipped module") != 3 || strings.Count(out, "what it deploys is unknown") != 3 {
		t.Errorf("want every module noted:\n%s", out)
	}
}
