package scan

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestUnlinkedModulePoolsKept: node groups inside a module whose cluster is
// not declared in the configuration are kept, as pools of a cluster
// declared elsewhere, one per module instance. They were dropped: the
// unlinked cluster carried no call site, so the scan took it for the
// module's standalone reading.
func TestUnlinkedModulePoolsKept(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), `module "ng" {
  for_each     = toset(["blue", "green"])
  source       = "./modules/ng"
  cluster_name = "prod"
  name         = each.key
}
`)
	if err := os.MkdirAll(filepath.Join(dir, "modules/ng"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "modules/ng/main.tf"), `variable "cluster_name" {}
variable "name" {}
resource "aws_eks_node_group" "this" {
  cluster_name    = var.cluster_name
  node_group_name = var.name
  node_role_arn   = "arn"
  subnet_ids      = ["a"]
  instance_types  = ["m5.large"]
  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 3
  }
}
`)
	res := Load(context.Background(), Options{Paths: []string{dir}})
	var names []string
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			if len(p.CallSites) == 0 {
				t.Errorf("pool %s read without its module call", p.ID)
			}
			names = append(names, c.Name.Value+"/"+p.Name.Value)
		}
	}
	sort.Strings(names)
	if len(names) != 2 || names[0] != "prod/blue" || names[1] != "prod/green" {
		t.Errorf("pools %q, want prod/blue and prod/green", names)
	}
}
