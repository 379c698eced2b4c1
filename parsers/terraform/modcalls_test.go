package terraform

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestModuleOutputs: an expression reads a local module's outputs as the
// called module evaluates them — one instance, count, for_each, a module
// called before its block (from a local and a resource above it) — and the
// module's own pools are built once. An output of a module poollint does
// not follow (a directory that is not there) or of the call being made
// stays unknown, saying so.
func TestModuleOutputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `
locals {
  sizes = module.sizing.sizes
}
resource "azurerm_kubernetes_cluster" "aks" {
  name = "aks"
  default_node_pool {
    name    = "system"
    vm_size = local.sizes["system"]
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "counted" {
  name                  = "counted"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = module.counted[1].sizes["user"]
}
resource "azurerm_kubernetes_cluster_node_pool" "keyed" {
  name                  = "keyed"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = module.keyed["b"].sizes["user"]
}
resource "azurerm_kubernetes_cluster_node_pool" "missing" {
  name                  = "missing"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = module.missing.size
}
resource "azurerm_kubernetes_cluster_node_pool" "self" {
  name                  = "self"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = module.self.echo
}
module "sizing" {
  source = "./sizing"
  user   = "Standard_D8s_v5"
}
module "counted" {
  count  = 2
  source = "./sizing"
  user   = "Standard_D${count.index + 2}s_v5"
}
module "keyed" {
  for_each = toset(["a", "b"])
  source   = "./sizing"
  user     = "Standard_E4${each.key}s_v5"
}
module "missing" {
  source = "./missing"
}
module "self" {
  source = "./sizing"
  user   = module.self.sizes["user"]
}
`,
		"sizing/main.tf": `
variable "user" {}
output "sizes" {
  value = {
    system = "Standard_D4s_v5"
    user   = var.user
  }
}
output "echo" {
  value = var.user
}
resource "azurerm_kubernetes_cluster_node_pool" "inner" {
  name                  = "inner"
  kubernetes_cluster_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/other"
  vm_size               = var.user
}
`,
	})
	res := parseDir(t, dir, nil)
	sizes := map[string]string{}
	why := map[string]string{}
	inner := 0
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			if p.Name.Value == "inner" {
				inner++
				continue
			}
			sizes[p.Name.Value] = p.VMSize.Value
			if !p.VMSize.Known {
				why[p.Name.Value] = strings.ReplaceAll(p.VMSize.Explain(), filepath.ToSlash(dir)+"/", "")
			}
		}
	}
	for name, want := range map[string]string{"system": "Standard_D4s_v5", "counted": "Standard_D3s_v5", "keyed": "Standard_E4bs_v5"} {
		if sizes[name] != want {
			t.Errorf("%s: vm_size %q (why %q), want %q", name, sizes[name], why[name], want)
		}
	}
	for name, want := range map[string]string{
		"missing": "module.missing.size is a module output, which poollint does not follow",
		"self":    `module.self.sizes["user"] is a module output, which poollint does not follow`,
	} {
		if !strings.HasPrefix(why[name], want) {
			t.Errorf("%s: why %q, want %q", name, why[name], want)
		}
	}
	// sizing, counted ×2, keyed ×2 and self: one inner pool each.
	if inner != 6 {
		t.Errorf("%d inner pools, want 6 (each module instance built once)", inner)
	}
}
