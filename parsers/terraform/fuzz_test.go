package terraform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// FuzzParse writes arbitrary bytes as a module's only .tf file and loads the
// directory: no panic, and every error names a file and a line.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"../../fixtures/terraform/aks-v3/main.tf", "../../fixtures/terraform/eks/main.tf", "../../fixtures/terraform/modules/modules/aks/main.tf"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\nresource \"azurerm_kubernetes_cluster\" \"x\" {\n  count = local.a\n}\n"))
	f.Add([]byte("resource \"aws_eks_node_group\" \"x\" {\n  for_each = toset([\"a\", \"b\"])\n  dynamic \"taint\" {\n    for_each = [1]\n    content {\n      key = each.key\n    }\n  }\n}\n"))
	f.Add([]byte("module \"m\" {\n  source = \"./\"\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "main.tf") // one directory per run: workers run in parallel
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res := Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: &parsers.Options{}})
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError && (d.Pos.File == "" || d.Pos.Line < 1) {
				t.Fatalf("error without a position: %+v", d)
			}
		}
	})
}

// FuzzPlan feeds arbitrary bytes to the plan JSON reader.
func FuzzPlan(f *testing.F) {
	data, err := os.ReadFile("../../fixtures/terraform/plan/plan.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"resources":[{"type":"aws_eks_node_group","mode":"managed","values":{"cluster_name":"a","taint":[{}]}}]}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := parsePlan(&parsers.Input{Path: "plan.json", Data: data})
		for _, d := range res.Diags {
			if d.Pos.File != "plan.json" {
				t.Fatalf("diagnostic without the file: %+v", d)
			}
		}
	})
}
