package terraform

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestLocalGraph: what each local refers to, a reference naming no local
// (local[var.k]) standing for all the others, and the cycles.
func TestLocalGraph(t *testing.T) {
	for _, c := range []struct {
		name, src string
		deps      map[string]string // local -> what it refers to
		cycles    []string
	}{
		{"independent", `a = 1
b = var.x`, map[string]string{"a": "", "b": ""}, nil},
		{"a chain written backwards", `c = local.b + 1
b = local.a + 1
a = 1`, map[string]string{"a": "", "b": "a", "c": "b"}, nil},
		{"a diamond", `d = "${local.b}${local.c}"
b = local.a
c = upper(local.a)
a = "x"`, map[string]string{"a": "", "b": "a", "c": "a", "d": "b c"}, nil},
		{"a cycle and what refers to it", `x = local.y
y = [local.x, local.z]
z = 1
w = local.x`, map[string]string{"w": "x", "x": "y", "y": "x z", "z": ""}, []string{"x y"}},
		{"a local referring to itself", `s = local.s
t = 1`, map[string]string{"s": "s", "t": ""}, []string{"s"}},
		{"an index with a string key", `a = local["b"]
b = 1`, map[string]string{"a": "b", "b": ""}, nil},
		{"a reference naming no local", `a = local[var.k]
b = 1
c = 2`, map[string]string{"a": "b c", "b": "", "c": ""}, nil},
		{"an undeclared local", `a = local.nope`, map[string]string{"a": ""}, nil},
		{"for expressions", `a = [for k, v in local.b : v if k != local.c]
b = {}
c = "x"`, map[string]string{"a": "b c", "b": "", "c": ""}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, diags := hclsyntax.ParseConfig([]byte(c.src), "locals.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			attrs, _ := f.Body.JustAttributes()
			g := newLocalGraph(attrs)
			deps := map[string]string{}
			for name, d := range g.deps {
				deps[name] = strings.Join(d, " ")
			}
			if !reflect.DeepEqual(deps, c.deps) {
				t.Errorf("deps %q, want %q", deps, c.deps)
			}
			var cycles []string
			for name, cycle := range g.cycles {
				if cycle[0] == name {
					cycles = append(cycles, strings.Join(cycle, " "))
				}
			}
			sort.Strings(cycles)
			if !reflect.DeepEqual(cycles, c.cycles) {
				t.Errorf("cycles %q, want %q", cycles, c.cycles)
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

// TestLocalsOnDemand: a local nothing reads is not evaluated, so one
// beyond the evaluation budget costs nothing and reports nothing, while
// the same local read by a pool is refused with its reason.
func TestLocalsOnDemand(t *testing.T) {
	for _, read := range []bool{false, true} {
		dir := t.TempDir()
		size := `"Standard_D4s_v5"`
		if read {
			size = `local.huge[0]`
		}
		writeFiles(t, dir, map[string]string{
			"main.tf": `
locals {
  huge = [for i in range(1000) : [for j in range(1000) : "${i}-${j}"]]
}
resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  default_node_pool {
    name    = "system"
    vm_size = ` + size + `
  }
}
`,
		})
		res := parseDir(t, dir, nil)
		if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
			t.Fatalf("read %v: got %d clusters, want 1 with one pool", read, len(res.Clusters))
		}
		p := res.Clusters[0].Pools[0]
		var budget []string
		for _, d := range res.Diags {
			if strings.Contains(d.Message, "budget") {
				budget = append(budget, d.Message)
			}
		}
		switch {
		case !read && (len(budget) > 0 || p.VMSize.Value != "Standard_D4s_v5"):
			t.Errorf("unread local: vm_size %q, budget diagnostics %q", p.VMSize.Value, budget)
		case read && (len(budget) == 0 || p.VMSize.Known || !strings.Contains(p.VMSize.Explain(), "poollint's limits")):
			t.Errorf("local read by vm_size: known %v, why %q, budget diagnostics %q", p.VMSize.Known, p.VMSize.Explain(), budget)
		}
	}
}
