package terraform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// writeFiles writes files (name -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// parseDir parses the Terraform directory dir as the scan does. The
// deadline is only a safety net: every test here is bounded by budgets, not
// by time.
func parseDir(t *testing.T, dir string, opts *parsers.Options) parsers.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if opts == nil {
		opts = &parsers.Options{}
	}
	return Parser{}.Parse(&parsers.Input{Path: filepath.Join(dir, "main.tf"), Options: opts, Ctx: ctx})
}

// errorsOf lists the error diagnostics as "file:line:col message", the file
// relative to dir.
func errorsOf(res parsers.Result, dir string) []string {
	var out []string
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError {
			file := strings.TrimPrefix(filepath.ToSlash(d.Pos.File), filepath.ToSlash(dir)+"/")
			out = append(out, fmt.Sprintf("%s:%d:%d %s", file, d.Pos.Line, d.Pos.Col, d.Message))
		}
	}
	return out
}

// hasError reports an error diagnostic at file:line whose message holds want.
func hasError(errs []string, at, want string) bool {
	for _, e := range errs {
		if strings.HasPrefix(e, at+":") && strings.Contains(e, want) {
			return true
		}
	}
	return false
}

// pools returns the pools of every cluster by name.
func pools(res parsers.Result) map[string]*nodepool.Pool {
	out := map[string]*nodepool.Pool{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			out[p.Name.Value] = p
		}
	}
	return out
}

const poolTemplate = `resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D2s_v3"
    os_sku  = local.bad
  }
}
`

// TestExpensiveExpressions: expressions of a few hundred bytes that ran out
// of memory or for hours are refused, each with an error at the part
// refused; the value is unknown and the rest of the pool is read.
func TestExpensiveExpressions(t *testing.T) {
	for _, tc := range []struct {
		name, locals, want string
		line               int
	}{
		{"setproduct for", `  bad = [for p in setproduct(range(1000), range(1000), range(1000)) : p]`, "setproduct(): the product of 1000 × 1000 × 1000 elements", 2},
		{"setproduct", `  bad = length(setproduct(range(1000), range(1000)))`, "setproduct(): the product of 1000 × 1000 elements", 2},
		{"nested for", `  bad = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a * b * c]]]`, "costs more than poollint's budget", 2},
		{"nested for over a local", "  big = range(1000)\n  bad = [for a in local.big : [for b in local.big : [for c in local.big : a]]]", "costs more than poollint's budget", 3},
		{"flatten of a product", `  bad = flatten([for a in range(1000) : [for b in range(1000) : [a, b]]])`, "costs more than poollint's budget", 2},
		{"formatlist", `  bad = join("", formatlist("%0999999d", range(1000)))`, "formatlist() would produce", 2},
		{"format width", `  bad = format("%999999999d", 1)`, "format() would produce", 2},
		{"format precision", `  bad = format("%.999999999f", 1)`, "format() would produce", 2},
		{"strrev of a join", `  bad = strrev(join("", [for a in range(1000) : join("", [for b in range(1000) : "xxxxxxxxxx"])]))`, "poollint's", 2},
		{"replace everywhere", "  s   = join(\"\", [for a in range(1000) : \"aaaaaaaaaa\"])\n  bad = replace(local.s, \"\", local.s)", "replace() would produce", 3},
		{"indent", `  bad = indent(999999999, "a\nb")`, "indent() would produce", 2},
		{"doubling template", `  bad = [for a in range(1000) : "${join("", [for b in range(1000) : "abcdefghijklmnop"])}${a}"]`, "poollint's", 2},
		{"huge number literal", `  bad = "${1e600000000}"`, "beyond 1e±1233", 2},
		{"huge number product", `  bad = "${1e1000 * 1e1000 * 1e1000 * 1e1000 * 1e1000}"`, "beyond 1e±1233", 2},
		{"huge number text", `  bad = tonumber("1e999999999")`, "beyond 1e±1233", 2},
		{"deep jsondecode", `  bad = jsondecode(join("", [for i in range(1000) : "["]))`, "nested deeper than 256", 2},
		{"regex", "  s   = join(\"\", [for a in range(1000) : \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"])\n  bad = regexall(\"(a{100}){10}\", local.s)", "matching a pattern", 3},
		{"distinct", `  bad = distinct(flatten([for a in range(100) : [for b in range(100) : a * 100 + b]]))`, "converting 10000 elements", 2},
		{"try does not hide a refusal", `  bad = try(setproduct(range(1000), range(1000), range(1000)), "fallback")`, "setproduct()", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": "locals {\n" + tc.locals + "\n}\n" + poolTemplate})
			res := parseDir(t, dir, nil)
			errs := errorsOf(res, dir)
			if !hasError(errs, fmt.Sprintf("main.tf:%d", tc.line), tc.want) {
				t.Errorf("errors %q, want one at line %d with %q", errs, tc.line, tc.want)
			}
			p := pools(res)["system"]
			if p == nil || !p.VMSize.Known || p.VMSize.Value != "Standard_D2s_v3" {
				t.Fatalf("the pool is not read: %+v", res.Clusters)
			}
			if p.OSSKU.Known {
				t.Errorf("os_sku = %q, want unknown", p.OSSKU.Value)
			}
		})
	}
}

// TestExpressionsWithinBudget: what real configurations do stays evaluated.
func TestExpressionsWithinBudget(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `locals {
  zones = ["1", "2", "3"]
  pools = { for i in range(200) : "pool${i}" => { zones = local.zones, size = i % 2 == 0 ? "a" : "b" } }
  pairs = setproduct(keys(local.pools), local.zones)
  flat  = flatten([for k, v in local.pools : [for z in v.zones : "${k}-${z}"]])
  names = [for i in range(1000) : "subnet-${i}"]
  lists = join(",", [length(formatlist("%s-x", local.names)), length(toset(local.names)), sort(local.names)[1], jsondecode(jsonencode(local.pools))["pool7"].size])
  bad   = format("%s-%d-%s-%s", upper("std"), length(local.flat) + length(local.pairs), join(",", distinct([for k, v in local.pools : v.size])), local.lists)
}
` + poolTemplate})
	res := parseDir(t, dir, nil)
	if errs := errorsOf(res, dir); len(errs) != 0 {
		t.Fatalf("errors %q", errs)
	}
	if p := pools(res)["system"]; p == nil || p.OSSKU.Value != "STD-1200-a,b-1000,1000,subnet-1,b" {
		t.Errorf("os_sku %+v", p.OSSKU)
	}
}

// TestDynamicBlockBudget: a dynamic block over a product of ranges is
// refused, or bounded, and its blocks are unknown; the node group is read.
func TestDynamicBlockBudget(t *testing.T) {
	for _, tc := range []struct{ forEach, want string }{
		{"setproduct(range(1000), range(1000))", "setproduct(): the product of 1000 × 1000 elements"},
		{"setproduct(range(40), range(40))", "dynamic block over 1600 items is above poollint's limit of 1000"},
	} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"main.tf": `resource "aws_eks_node_group" "g" {
  cluster_name    = "eks"
  node_group_name = "spot"
  dynamic "taint" {
    for_each = ` + tc.forEach + `
    content {
      key    = "k${taint.value[0]}"
      value  = "v"
      effect = "NO_SCHEDULE"
    }
  }
}
`})
		res := parseDir(t, dir, nil)
		if errs := errorsOf(res, dir); !hasError(errs, "main.tf:5", tc.want) {
			t.Errorf("%s: errors %q, want %q", tc.forEach, errs, tc.want)
		}
		p := pools(res)["spot"]
		if p == nil || p.Taints.Known {
			t.Errorf("%s: pool %+v, want it read with its taints unknown", tc.forEach, p)
		}
	}
}

// TestChainedLocals: 1000 locals each doubling the one before (strings,
// lists with concat, objects sharing their halves) are bounded: the locals
// too large or too costly are refused with an error, and the resources are
// still read.
func TestChainedLocals(t *testing.T) {
	for _, tc := range []struct{ first, next string }{
		{`join("", [for i in range(1000) : "abcdefghij"])`, `"${local.a%d}${local.a%d}"`},
		{`range(1000)`, `concat(local.a%d, local.a%d)`},
		{`{ x = 1 }`, `{ l = local.a%d, r = local.a%d }`},
	} {
		var b strings.Builder
		b.WriteString("locals {\n  a0 = " + tc.first + "\n")
		for i := 1; i <= 1000; i++ {
			fmt.Fprintf(&b, "  a%d = "+tc.next+"\n", i, i-1, i-1)
		}
		b.WriteString("  bad = local.a1000\n}\n")
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"main.tf": b.String() + poolTemplate})
		res := parseDir(t, dir, nil)
		errs := errorsOf(res, dir)
		if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), "budget") && !strings.Contains(strings.Join(errs, "\n"), "limit") {
			t.Errorf("%s: errors %q, want the locals refused", tc.next, errs)
		}
		p := pools(res)["system"]
		if p == nil || !p.VMSize.Known || p.OSSKU.Known {
			t.Errorf("%s: pool %+v, want vm_size read and os_sku unknown; errors %q", tc.next, p, errs)
		}
	}
}

// TestEvaluationCutShort: a scan whose time is up stops evaluating, with
// an error saying so.
func TestEvaluationCutShort(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": "locals {\n  bad = \"x\"\n}\n" + poolTemplate})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Parser{}.Parse(&parsers.Input{Path: filepath.Join(dir, "main.tf"), Options: &parsers.Options{}, Ctx: ctx})
	errs := errorsOf(res, dir)
	if len(errs) != 1 || !strings.Contains(errs[0], "evaluation cut short: context canceled") {
		t.Errorf("errors %q", errs)
	}
	if p := pools(res)["system"]; p != nil && p.VMSize.Known {
		t.Errorf("pool evaluated after the scan was cut short: %+v", p)
	}
}

// TestDeepNesting: files of 100,000 nested brackets (which overflowed the
// stack of the HCL parsers, fatally) are refused before parsing with the
// position where the limit was crossed; the other files of the directory
// are read.
func TestDeepNesting(t *testing.T) {
	const n = 100000
	open, close := strings.Repeat("(", n), strings.Repeat(")", n)
	brackets := strings.Repeat("[", n) + strings.Repeat("]", n)
	cluster := `resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name    = "system"
    vm_size = var.size
  }
}
variable "size" {
  default = "Standard_D2s_v3"
}
`
	for _, tc := range []struct {
		name, file, content, at, want string
	}{
		{"tf parentheses", "bad.tf", "locals {\n  a = " + open + "1" + close + "\n}\n", "bad.tf:2:", "nested deeper than 256"},
		{"tf braces", "bad.tf", strings.Repeat("a {\n", n), "bad.tf:257:", "nested deeper than 256"},
		{"tf template", "bad.tf", "locals {\n  a = \"" + strings.Repeat("${\"", n) + "\"\n}\n", "bad.tf:2:", "nested deeper than 256"},
		{"tf directives", "bad.tf", "locals {\n  a = \"" + strings.Repeat("%{if true}", n) + "\"\n}\n", "bad.tf:2:", "nested deeper than 256"},
		{"tf conditionals", "bad.tf", "locals {\n  a = " + strings.Repeat("true ? 1 : ", n) + "1\n}\n", "bad.tf:2:", "conditional expressions"},
		{"tf unary", "bad.tf", "locals {\n  a = " + strings.Repeat("!", n) + "true\n}\n", "bad.tf:2:", "unary operators"},
		{"tf splats", "bad.tf", "locals {\n  a = x" + strings.Repeat("[*]", n) + "\n}\n", "bad.tf:2:", "nested deeper than 256"},
		{"tf binary chain", "bad.tf", "locals {\n  a = 1" + strings.Repeat(" + 1", n) + "\n}\n", "bad.tf:2:", "nested deeper than 512"},
		{"tf long number", "bad.tf", "locals {\n  a = " + strings.Repeat("7", n) + "\n}\n", "bad.tf:2:", "longer than 1000 digits"},
		{"tf.json", "bad.tf.json", `{"locals": {"a": ` + brackets + `}}`, "bad.tf.json:1:", "nested deeper than 256"},
		{"tf.json template", "bad.tf.json", `{"locals": {"a": "${` + open + "1" + close + `}"}}`, "bad.tf.json:1:", "nested deeper than 256"},
		{"tf.json escaped template", "bad.tf.json", `{"locals": {"a": "\u0024{` + strings.Repeat(`\u0028`, n) + `}"}}`, "bad.tf.json:1:", "nested deeper than 256"},
		{"tfvars", "terraform.tfvars", "size = " + open + "1" + close + "\n", "terraform.tfvars:1:", "nested deeper than 256"},
		{"tfvars.json", "x.auto.tfvars.json", `{"size": ` + brackets + `}`, "x.auto.tfvars.json:1:", "nested deeper than 256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": cluster, tc.file: tc.content})
			res := parseDir(t, dir, &parsers.Options{Vars: []string{"other=" + open}})
			errs := errorsOf(res, dir)
			if len(errs) != 1 || !strings.HasPrefix(errs[0], tc.at) || !strings.Contains(errs[0], tc.want) || !strings.Contains(errs[0], "not read") {
				t.Errorf("errors %q, want one at %s with %q", errs, tc.at, tc.want)
			}
			if p := pools(res)["system"]; p == nil || p.VMSize.Value != "Standard_D2s_v3" {
				t.Errorf("main.tf not read: %+v", res.Clusters)
			}
		})
	}
}

// TestDeepVarOption: a -var value nested too deep stays the text given.
func TestDeepVarOption(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": "variable \"bad\" {}\nlocals {}\n" + strings.Replace(poolTemplate, "local.bad", "var.bad", 1)})
	deep := strings.Repeat("[", 100000)
	res := parseDir(t, dir, &parsers.Options{Vars: []string{"bad=" + deep}})
	if p := pools(res)["system"]; p == nil || p.OSSKU.Value != deep {
		t.Errorf("pool %+v", p)
	}
}

// TestDeepPlan: plan JSON nested too deep is an error with a position.
func TestDeepPlan(t *testing.T) {
	data := []byte(`{"format_version":"1.2","planned_values":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`)
	res := parsePlan(&parsers.Input{Path: "plan.json", Data: data})
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelError || res.Diags[0].Pos.Line != 1 || res.Diags[0].Pos.Col < 40 {
		t.Errorf("diagnostics %+v", res.Diags)
	}
}

// TestWideBodies: a resource with 30,000 attributes (JSON syntax) or
// blocks (native syntax) and many instances is read in time linear in its
// size: what a body holds is looked up once, not once per instance.
func TestWideBodies(t *testing.T) {
	var js strings.Builder
	js.WriteString(`{"resource": {"azurerm_kubernetes_cluster_node_pool": {"p": {"count": 1000, "name": "pool", "vm_size": "Standard_D2s_v3"`)
	for i := range 30000 {
		fmt.Fprintf(&js, `, "a%d": 1`, i)
	}
	js.WriteString("}}}}\n")
	native := "resource \"azurerm_kubernetes_cluster_node_pool\" \"q\" {\n  count = 1000\n  name = \"other\"\n" +
		strings.Repeat("  x {}\n", 30000) + "}\n"
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf.json": js.String(), "main.tf": native})
	res := parseDir(t, dir, nil)
	if errs := errorsOf(res, dir); len(errs) != 0 {
		t.Fatalf("errors %q", errs)
	}
	n := 0
	for _, c := range res.Clusters {
		n += len(c.Pools)
	}
	if n != 2000 {
		t.Errorf("%d pools, want 2000", n)
	}
}
