package terraform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestWhy: each way a Terraform value becomes unknown gives the field its
// reason, carried through locals, functions and module inputs (the first
// cause in source order wins).
func TestWhy(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `
variable "size" {}
variable "zone" {
  default = "1"
}
data "azurerm_subnet" "nodes" {
  name = "nodes"
}
resource "azurerm_subnet" "pods" {
  name = "pods"
}
locals {
  os = lower(var.size)
}
resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  default_node_pool {
    name           = "system"
    vm_size        = local.os
    vnet_subnet_id = data.azurerm_subnet.nodes.id
    pod_subnet_id  = azurerm_subnet.pods.id
    max_pods       = cidrhost("10.0.0.0/8", 3)
    os_sku         = "${var.zone}-${module.net.sku}"
    node_count     = nope(
      var.size)
    zones          = [var.zone, module.net.zone]
    os_disk_type   = var.undeclared
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  for_each              = data.azurerm_subnet.nodes.pools
  name                  = each.key
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = "Standard_D4s_v5"
  max_count             = each.value.max
  dynamic "upgrade_settings" {
    for_each = var.size
    content {
      max_surge = "10%"
    }
  }
}
`,
	})
	res := parseDir(t, dir, nil)
	var pools []*nodepool.Pool
	for _, c := range res.Clusters {
		pools = append(pools, c.Pools...)
	}
	if len(pools) != 2 {
		t.Fatalf("got %d pools, want 2", len(pools))
	}
	sys, user := pools[0], pools[1]
	rel := func(s string) string { return strings.ReplaceAll(s, filepath.ToSlash(dir)+"/", "") }
	for _, c := range []struct {
		name string
		got  nodepool.Field[string]
		want string
	}{
		{"vm_size through a local and a function", sys.VMSize, "var.size has no default and no value is given (line 2)"},
		{"a data source", sys.VnetSubnetID, "data.azurerm_subnet.nodes.id is a data source, known only after apply"},
		{"a resource attribute", sys.PodSubnetID, "azurerm_subnet.pods.id is a resource attribute, known only after apply"},
		{"a module output in a template", sys.OSSKU, "module.net.sku is a module output, which poollint does not follow"},
		{"an undeclared variable", sys.OSDiskType, "var.undeclared is not defined"},
		{"for_each over a data source", user.Name, "data.azurerm_subnet.nodes.pools is a data source, known only after apply (line 31)"},
		{"dynamic block over an unknown", user.MaxSurge, "var.size has no default and no value is given (line 2)"},
	} {
		if c.got.Known || rel(c.got.Explain()) != c.want {
			t.Errorf("%s: known %v, why %q; want %q", c.name, c.got.Known, rel(c.got.Explain()), c.want)
		}
	}
	for _, c := range []struct {
		name string
		got  nodepool.Field[int64]
		want string
	}{
		{"a function poollint does not evaluate", sys.MaxPods, "poollint does not evaluate cidrhost()"},
		{"an unknown function's unknown argument", sys.Count, "var.size has no default and no value is given (line 2)"},
		{"each.value over an unknown for_each", user.MaxCount, "data.azurerm_subnet.nodes.pools is a data source, known only after apply (line 31)"},
	} {
		if c.got.Known || rel(c.got.Explain()) != c.want {
			t.Errorf("%s: known %v, why %q; want %q", c.name, c.got.Known, rel(c.got.Explain()), c.want)
		}
	}
	c := res.Clusters[0]
	if !c.PoolsUnknown || c.PoolsWhy != "data.azurerm_subnet.nodes.pools is a data source, known only after apply" || c.PoolsWhyPos.Line != 31 {
		t.Errorf("pools: unknown %v, why %q at %v", c.PoolsUnknown, c.PoolsWhy, c.PoolsWhyPos)
	}
	if sys.Zones.Known || sys.Zones.Explain() != "module.net.zone is a module output, which poollint does not follow" {
		t.Errorf("zones: known %v, why %q", sys.Zones.Known, sys.Zones.Explain())
	}
}

// TestWhyThroughExpressions: the reason survives for expressions (HCL's
// drops the marks of a collection of unknown type), try(), element(),
// indexing and set functions, through locals.
func TestWhyThroughExpressions(t *testing.T) {
	const want = "data.x.y.value is a data source, known only after apply"
	for expr, wantWhy := range map[string]string{
		`[for sku in data.x.y.value : sku if sku.t == "v"]`: want,
		`{for sku in data.x.y.value : sku.name => sku}`:     want,
		`local.fv[0].loc[0].zones`:                          want + " (line 3)",
		`try(local.fv[0].r[0].zones, [])`:                   want + " (line 3)",
		`setsubtract(local.zones, local.restricted)`:        want + " (line 3)",
		`local.dz`:               want + " (line 3)",
		`data.x.y.value[*].zone`: want,
		// element() drops the reasons of its unknown argument.
		`element(tolist(azurerm_virtual_network.vnet.subnet), 0).zones`: "azurerm_virtual_network.vnet.subnet is a resource attribute, known only after apply",
	} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"main.tf": `
locals {
  fv = [for sku in data.x.y.value : sku if sku.t == "v"]
  zones = local.fv[0].loc[0].zones
  restricted = try(local.fv[0].r[0].zones, [])
  dz = setsubtract(local.zones, local.restricted)
}
resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  default_node_pool {
    name  = "system"
    zones = ` + expr + `
  }
}
`})
		res := parseDir(t, dir, nil)
		if z := res.Clusters[0].Pools[0].Zones; z.Known || z.Explain() != wantWhy {
			t.Errorf("%s: known %v, why %q; want %q", expr, z.Known, z.Explain(), wantWhy)
		}
	}
}
