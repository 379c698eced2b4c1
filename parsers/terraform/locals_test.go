package terraform

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestLocalBatches: locals come in batches after the locals they refer to,
// a cycle (or a local referring to itself) in a batch of its own, and a
// reference that names no local depends on them all.
func TestLocalBatches(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // each batch: its names, "~" before a cyclic one
	}{
		{"independent", `a = 1
b = var.x`, []string{"a b"}},
		{"a chain written backwards", `c = local.b + 1
b = local.a + 1
a = 1`, []string{"a", "b", "c"}},
		{"a diamond", `d = "${local.b}${local.c}"
b = local.a
c = upper(local.a)
a = "x"
e = 2`, []string{"a e", "b c", "d"}},
		{"a cycle after what it refers to", `x = local.y
y = [local.x, local.z]
z = 1
w = local.x`, []string{"z", "~x y", "w"}},
		{"a local referring to itself", `s = local.s
t = 1`, []string{"t", "~s"}},
		{"an index with a string key", `a = local["b"]
b = 1`, []string{"b", "a"}},
		{"a reference naming no local", `a = local[var.k]
b = 1`, []string{"b", "a"}},
		{"an undeclared local", `a = local.nope`, []string{"a"}},
		{"for expressions and nested blocks of references", `a = [for k, v in local.b : v if k != local.c]
b = {}
c = "x"`, []string{"b c", "a"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, diags := hclsyntax.ParseConfig([]byte(c.src), "locals.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			attrs, _ := f.Body.JustAttributes()
			var got []string
			for _, b := range localBatches(attrs) {
				s := strings.Join(b.names, " ")
				if b.cyclic {
					s = "~" + s
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestLocalsInDependencyOrder: a chain of locals deeper than the fixpoint's
// rounds resolves (each local is evaluated once, after what it refers to),
// and the locals of a cycle are unknown, saying so.
func TestLocalsInDependencyOrder(t *testing.T) {
	dir := t.TempDir()
	var chain strings.Builder
	const depth = 3 * maxLocalRounds
	for i := depth; i > 0; i-- { // written last to first
		fmt.Fprintf(&chain, "  l%d = local.l%d\n", i, i-1)
	}
	writeFiles(t, dir, map[string]string{
		"main.tf": `
locals {
` + chain.String() + `  l0 = "Standard_D4s_v5"
  ping = local.pong
  pong = local.ping
}
resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  default_node_pool {
    name    = "system"
    vm_size = local.l` + fmt.Sprint(depth) + `
    os_sku  = local.ping
  }
}
`,
	})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("got %d clusters, want 1 with one pool", len(res.Clusters))
	}
	p := res.Clusters[0].Pools[0]
	if !p.VMSize.Known || p.VMSize.Value != "Standard_D4s_v5" {
		t.Errorf("vm_size through %d locals: known %v, value %q, why %q", depth, p.VMSize.Known, p.VMSize.Value, p.VMSize.Explain())
	}
	why := strings.ReplaceAll(p.OSSKU.Explain(), filepath.ToSlash(dir)+"/", "")
	if p.OSSKU.Known || !strings.HasPrefix(why, "local.ping, local.pong refer to each other in a cycle, which Terraform refuses") {
		t.Errorf("os_sku through a cycle: known %v, why %q", p.OSSKU.Known, why)
	}
}
