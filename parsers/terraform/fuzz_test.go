package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// FuzzParse writes arbitrary bytes as a module's only .tf file and loads the
// directory: no panic, and every error names a file and a line.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"../../fixtures/terraform/aks-v3/main.tf", "../../fixtures/terraform/eks/main.tf", "../../fixtures/terraform/modules/modules/aks/main.tf",
		"../../fixtures/terraform/registry-eks/main.tf", "../../fixtures/terraform/registry-aks/main.tf", "../../fixtures/terraform/registry-cloudposse/main.tf",
		"../../fixtures/terraform/azapi/main.tf", "../../fixtures/terraform/self-managed/main.tf"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\nresource \"azurerm_kubernetes_cluster\" \"x\" {\n  count = local.a\n}\n"))
	f.Add([]byte("resource \"aws_eks_node_group\" \"x\" {\n  for_each = toset([\"a\", \"b\"])\n  dynamic \"taint\" {\n    for_each = [1]\n    content {\n      key = each.key\n    }\n  }\n}\n"))
	f.Add([]byte("module \"m\" {\n  source = \"./\"\n}\n"))
	// A module calling itself and reading its own outputs, as values.
	f.Add([]byte("module \"m\" {\n  count  = 2\n  source = \"./\"\n  x      = module.m[0].y\n}\noutput \"y\" {\n  value = [module.m[1].y, local.z]\n}\nlocals {\n  z = module.m\n}\n"))
	// Locals read on demand: through an index naming none, a cycle reached
	// from a pool; a node group's launch template through try().
	f.Add([]byte("locals {\n  a = local[var.k]\n  b = local.c\n  c = [local.b, local.a]\n}\nresource \"aws_eks_node_group\" \"x\" {\n  instance_types = local.c\n  launch_template {\n    id = try(aws_launch_template.t[0].id, null)\n  }\n}\nresource \"aws_launch_template\" \"t\" {\n  count = 1\n  instance_type = local.a\n}\n"))
	// The shapes of issue 12, refused within the budgets.
	f.Add([]byte("locals {\n  a = [for p in setproduct(range(1000), range(1000), range(1000)) : p]\n}\n"))
	f.Add([]byte("locals {\n  a = [for a in range(1000) : [for b in range(1000) : [for c in range(9) : a * b]]]\n}\n"))
	f.Add([]byte("locals {\n  a = \"${1e600000000}\"\n  b = format(\"%999999999d\", 1)\n  c = replace(\"abc\", \"\", \"abc\")\n}\n"))
	f.Add([]byte("locals {\n  a0 = range(100)\n  a1 = concat(local.a0, local.a0)\n  a2 = concat(local.a1, local.a1)\n  a3 = \"${local.a2[0]}${local.a2[1]}\"\n}\n"))
	f.Add([]byte("resource \"aws_eks_node_group\" \"x\" {\n  dynamic \"taint\" {\n    for_each = setproduct(range(1000), range(1000))\n    content {\n      key = taint.value[0]\n    }\n  }\n}\n"))
	f.Add([]byte("locals {\n  a = " + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300) + "\n  b = \"%{if true}${\"x\"}%{endif}\"\n  c = <<EOT\n${local.a}\nEOT\n}\n"))
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
	f.Add([]byte(planAzapiASG))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := parsePlan(&parsers.Input{Path: "plan.json", Data: data})
		for _, d := range res.Diags {
			if d.Pos.File != "plan.json" {
				t.Fatalf("diagnostic without the file: %+v", d)
			}
		}
	})
}

// FuzzVarFiles writes arbitrary bytes as a variables file (native or JSON)
// or a JSON syntax configuration file beside a fixed module, chosen by the
// first byte, and loads the directory: no panic, no crash of the parsers
// on nesting, and every error names a file and a line.
func FuzzVarFiles(f *testing.F) {
	f.Add([]byte("0size = \"Standard_D2s_v3\"\ntags = { a = [1, 2, { b = true }] }\n"))
	f.Add([]byte("1{\"size\": \"Standard_D2s_v3\", \"tags\": {\"a\": [1, 2, {\"b\": true}]}}"))
	f.Add([]byte("2{\"locals\": {\"x\": \"${var.size}-${[for i in range(3) : i][0]}\"}, \"resource\": {\"aws_eks_node_group\": {\"g\": {\"node_group_name\": \"${local.x}\"}}}}"))
	f.Add([]byte("0size = " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\n"))
	f.Add([]byte("1{\"size\": " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "}"))
	f.Add([]byte("2{\"locals\": {\"x\": \"${" + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300) + "}\"}}"))
	names := []string{"terraform.tfvars", "x.auto.tfvars.json", "extra.tf.json"}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		dir := t.TempDir()
		main := "variable \"size\" {}\nvariable \"tags\" {\n  default = {}\n}\n" +
			"resource \"azurerm_kubernetes_cluster\" \"c\" {\n  name = \"c\"\n  default_node_pool {\n    name    = \"p\"\n    vm_size = var.size\n  }\n}\n"
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, names[int(data[0])%len(names)]), data[1:], 0o644); err != nil {
			t.Fatal(err)
		}
		res := Parser{}.Parse(&parsers.Input{Path: filepath.Join(dir, "main.tf"), Options: &parsers.Options{}})
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError && (d.Pos.File == "" || d.Pos.Line < 1) {
				t.Fatalf("error without a position: %+v", d)
			}
		}
	})
}
