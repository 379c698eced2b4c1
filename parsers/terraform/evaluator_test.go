package terraform

import (
	"testing"
)

// TestReferencesInExpandedResources: var. and local. inside a resource
// with count or for_each evaluate like anywhere else (they were shadowed
// by unknowns when the instance context added count or each).
func TestReferencesInExpandedResources(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "size" {
  default = "Standard_D4s_v5"
}
locals {
  zones = ["1", "2"]
  pools = { a = 2, b = 3 }
}
resource "azurerm_kubernetes_cluster" "c" {
  count = 1
  name  = "c${count.index}"
  default_node_pool {
    name    = "system"
    vm_size = var.size
    zones   = local.zones
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "p" {
  for_each              = local.pools
  name                  = each.key
  kubernetes_cluster_id = azurerm_kubernetes_cluster.c[0].id
  vm_size               = var.size
  node_count            = each.value
  zones                 = local.zones
}
`})
	res := parseDir(t, dir, nil)
	ps := pools(res)
	for _, name := range []string{"system", "a", "b"} {
		p := ps[name]
		if p == nil {
			t.Fatalf("pool %s missing: %+v", name, res.Clusters)
		}
		if !p.VMSize.Known || p.VMSize.Value != "Standard_D4s_v5" {
			t.Errorf("%s: vm_size %+v, want var.size", name, p.VMSize)
		}
		if !p.Zones.Known || len(p.Zones.Value) != 2 {
			t.Errorf("%s: zones %+v, want local.zones", name, p.Zones)
		}
	}
	if p := ps["b"]; p != nil && (!p.Count.Known || p.Count.Value != 3) {
		t.Errorf("b: node_count %+v, want 3", p.Count)
	}
}

// TestLengthOfObjectsAndStrings: Terraform's length() takes an object or
// map (even {}) and a string (its characters), not only lists.
func TestLengthOfObjectsAndStrings(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want int64
	}{
		{`length({})`, 0},
		{`length({ a = 1, b = "x" })`, 2},
		{`length(var.obj)`, 3},
		{`length(tomap({ a = 1 }))`, 1},
		{`length("text")`, 4},
		{`length("é🙂")`, 2},
		{`length([1, 2])`, 2},
		{`length(local.empty) > 0 ? 5 : 1`, 1},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": `variable "obj" {
  default = { a = 1, b = [2], c = { d = 3 } }
}
locals {
  empty = {}
}
resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = ` + tc.expr + `
  }
}
`})
			res := parseDir(t, dir, nil)
			if errs := errorsOf(res, dir); len(errs) > 0 {
				t.Fatalf("errors %q", errs)
			}
			p := pools(res)["system"]
			if p == nil || !p.Count.Known || p.Count.Value != tc.want {
				t.Fatalf("node_count = %+v, want %d", p, tc.want)
			}
		})
	}
}
