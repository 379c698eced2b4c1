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
