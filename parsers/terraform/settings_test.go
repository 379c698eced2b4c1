package terraform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestSettings: azurerm and aws node pools keep the arguments the ported
// checks read, nested blocks by path, repeated blocks indexed.
func TestSettings(t *testing.T) {
	dir := t.TempDir()
	src := `variable "ev" { type = string }
resource "azurerm_kubernetes_cluster_node_pool" "p" {
  name                  = "user1"
  kubernetes_cluster_id = "x"
  eviction_policy       = var.ev
  kubelet_disk_type     = "Disk"
  upgrade_settings {
    max_surge = "10%"
  }
  linux_os_config {
    sysctl_config {
      vm_swappiness = 200
    }
  }
}
resource "aws_eks_node_group" "g" {
  cluster_name  = "c"
  node_role_arn = "r"
  subnet_ids    = []
  taint {
    key    = "a"
    effect = "NoSchedule"
  }
  taint {
    key    = "b"
    effect = "NO_SCHEDULE"
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := parseDir(t, dir, nil)
	var az, aws *nodepool.Pool
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			switch p.Schema {
			case nodepool.SchemaAzurerm:
				az = p
			case nodepool.SchemaAWSNodeGroup:
				aws = p
			}
		}
	}
	if az == nil || aws == nil {
		t.Fatalf("pools missing: %v", res.Diags)
	}
	if f := az.Settings.Get("kubelet_disk_type"); !f.Known || f.Value != "Disk" || f.Pos.Line != 6 {
		t.Errorf("kubelet_disk_type: %+v", f)
	}
	if f := az.Settings.Get("eviction_policy"); !f.Set || f.Known {
		t.Errorf("eviction_policy should be unknown: %+v", f)
	}
	if f := az.Settings.Get("linux_os_config.sysctl_config.vm_swappiness"); !f.Known || f.Value != int64(200) {
		t.Errorf("swappiness: %+v", f)
	}
	if !az.Settings.Has("upgrade_settings") || az.Settings.Has("scale_down_mode") {
		t.Errorf("block presence wrong")
	}
	if f := aws.Settings.Get("taint[1].effect"); !f.Known || f.Value != "NO_SCHEDULE" {
		t.Errorf("taint[1].effect: %+v", f)
	}
	if f := aws.Settings.Get("subnet_ids"); !f.Known || len(f.Value.([]any)) != 0 {
		t.Errorf("subnet_ids: %+v", f)
	}
}
