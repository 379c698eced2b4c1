package terraform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestAzurermDefaults: an azurerm pool that leaves os_disk_type out gets
// the provider's default, Managed, marked as a default; a written or an
// unknown value stays as it is.
func TestAzurermDefaults(t *testing.T) {
	dir := t.TempDir()
	src := `variable "disk" { type = string }
resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_E4ads_v5"
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "unset" {
  name                  = "unset"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.c.id
}
resource "azurerm_kubernetes_cluster_node_pool" "ephemeral" {
  name                  = "ephemeral"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.c.id
  os_disk_type          = "Ephemeral"
}
resource "azurerm_kubernetes_cluster_node_pool" "unknown" {
  name                  = "unknown"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.c.id
  os_disk_type          = var.disk
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := parseDir(t, dir, nil)
	got := map[string]nodepool.Field[string]{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			got[p.Name.Value] = p.OSDiskType
		}
	}
	for name, want := range map[string]nodepool.Field[string]{
		"system":    {Value: "Managed", Known: true, Origin: nodepool.OriginDefault},
		"unset":     {Value: "Managed", Known: true, Origin: nodepool.OriginDefault},
		"ephemeral": {Value: "Ephemeral", Known: true, Set: true, Origin: nodepool.OriginLiteral},
		"unknown":   {Known: false, Set: true},
	} {
		f, ok := got[name]
		if !ok {
			t.Errorf("pool %s missing: %v", name, res.Diags)
			continue
		}
		if f.Value != want.Value || f.Known != want.Known || f.Set != want.Set || (want.Origin != "" && f.Origin != want.Origin) {
			t.Errorf("%s: os_disk_type %+v, want %+v", name, f, want)
		}
	}
}
