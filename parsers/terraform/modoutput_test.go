package terraform

import "testing"

// A node pool module given the cluster's id through another local module's
// output (kubernetes_cluster_id = module.aks.id, whose output "id" is
// azurerm_kubernetes_cluster.this.id) belongs to that cluster, instance by
// instance; an output that names no cluster leaves the pool's cluster
// declared elsewhere.
func TestLinkThroughLocalModuleOutput(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `module "dev" {
  source = "./aks"
  name   = "dev"
}
module "prod" {
  for_each = toset(["prod"])
  source   = "./aks"
  name     = each.key
}
module "pool_dev" {
  source                = "./pool"
  kubernetes_cluster_id = module.dev.id
}
module "pool_prod" {
  source                = "./pool"
  kubernetes_cluster_id = module.prod["prod"].id
}
module "other" {
  source                = "./pool"
  kubernetes_cluster_id = module.dev.not_a_cluster
}
`,
		"aks/main.tf": `variable "name" {}
resource "azurerm_kubernetes_cluster" "this" {
  name = var.name
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
output "id" {
  value = azurerm_kubernetes_cluster.this.id
}
output "not_a_cluster" {
  value = "x"
}
`,
		"pool/main.tf": `variable "kubernetes_cluster_id" {}
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  name                  = "user"
  kubernetes_cluster_id = var.kubernetes_cluster_id
  vm_size               = "Standard_D4s_v5"
}
`})
	res := parseDir(t, dir, nil)
	pools := map[string]int{}
	var partial int
	for _, c := range res.Clusters {
		if c.Partial {
			partial++
			continue
		}
		pools[c.Name.Value] = len(c.Pools)
	}
	if pools["dev"] != 2 || pools["prod"] != 2 || partial != 1 || len(res.Clusters) != 3 {
		for _, c := range res.Clusters {
			t.Logf("cluster %s partial=%v pools=%d", c.ID, c.Partial, len(c.Pools))
		}
		t.Fatalf("pools per cluster %v, %d partial; want 2 in dev, 2 in prod and module.other's pool apart", pools, partial)
	}
}

// A node pool whose kubernetes_cluster_id is the cluster's resource ID
// written out (aztfexport's output) belongs to the cluster of that name.
func TestLinkByLiteralClusterID(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "azurerm_kubernetes_cluster" "c" {
  name = "aks-demo"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "linux" {
  name                  = "linux"
  kubernetes_cluster_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-demo"
  vm_size               = "Standard_D4s_v5"
}
resource "azurerm_kubernetes_cluster_node_pool" "elsewhere" {
  name                  = "other"
  kubernetes_cluster_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-other"
  vm_size               = "Standard_D4s_v5"
}
resource "azurerm_kubernetes_cluster_node_pool" "not_an_id" {
  name                  = "odd"
  kubernetes_cluster_id = "aks-demo"
  vm_size               = "Standard_D4s_v5"
}
`})
	res := parseDir(t, dir, nil)
	byName := map[string]int{}
	partial := 0
	for _, c := range res.Clusters {
		if c.Partial {
			partial++
		}
		byName[c.Name.Value] += len(c.Pools)
	}
	if len(res.Clusters) != 3 || byName["aks-demo"] != 2 || byName["aks-other"] != 1 || partial != 2 {
		for _, c := range res.Clusters {
			t.Logf("cluster %s %q partial=%v pools=%d", c.ID, c.Name.Value, c.Partial, len(c.Pools))
		}
		t.Fatalf("pools by cluster name %v, %d partial; want linux in aks-demo, the others apart", byName, partial)
	}
}

// A reference indexed by an expression (azurerm_kubernetes_cluster.aks[
// each.value.cluster].id, module.aks[each.key].id) names, in each instance,
// the cluster of that key: pools of two clusters are not grouped together
// under one cluster declared elsewhere.
func TestLinkByComputedIndex(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `locals {
  clusters = { dev = "Standard_D4s_v5", prod = "Standard_D8s_v5" }
  pools    = { "dev-a" = { cluster = "dev" }, "prod-a" = { cluster = "prod" } }
}
resource "azurerm_kubernetes_cluster" "aks" {
  for_each = local.clusters
  name     = each.key
  default_node_pool {
    name    = "system"
    vm_size = each.value
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "np" {
  for_each              = local.pools
  name                  = "user"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks[each.value.cluster].id
  vm_size               = "Standard_D4s_v5"
}
module "extra" {
  for_each   = local.clusters
  source     = "./pool"
  cluster_id = azurerm_kubernetes_cluster.aks[each.key].id
}
module "wrapped" {
  for_each = toset(["w1"])
  source   = "./aks"
  name     = each.key
}
module "wrapped_pool" {
  for_each   = toset(["w1"])
  source     = "./pool"
  cluster_id = module.wrapped[each.key].id
}
resource "azurerm_kubernetes_cluster_node_pool" "unknown_key" {
  name                  = "lost"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks[var.which].id
  vm_size               = "Standard_D4s_v5"
}
variable "which" {}
`,
		"pool/main.tf": `variable "cluster_id" {}
resource "azurerm_kubernetes_cluster_node_pool" "np" {
  name                  = "extra"
  kubernetes_cluster_id = var.cluster_id
  vm_size               = "Standard_D4s_v5"
}
`,
		"aks/main.tf": `variable "name" {}
resource "azurerm_kubernetes_cluster" "this" {
  name = var.name
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
output "id" {
  value = azurerm_kubernetes_cluster.this.id
}
`})
	res := parseDir(t, dir, nil)
	byName := map[string]int{}
	partial := 0
	for _, c := range res.Clusters {
		if c.Partial {
			partial++
			continue
		}
		byName[c.Name.Value] = len(c.Pools)
	}
	if byName["dev"] != 3 || byName["prod"] != 3 || byName["w1"] != 2 || partial != 1 {
		for _, c := range res.Clusters {
			t.Logf("cluster %s partial=%v pools=%d", c.ID, c.Partial, len(c.Pools))
		}
		t.Fatalf("pools by cluster %v, %d partial; want 3 in dev and prod, 2 in w1, the unknown key's pool apart", byName, partial)
	}
}
