package scan

import (
	"context"
	"fmt"
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

// TestPlanOfRegistryModule: a plan of a terraform-aws-modules/eks call,
// scanned with its configuration (the module not installed), reports once,
// at the caller's argument.
func TestPlanOfRegistryModule(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), `module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "p"
  eks_managed_node_groups = {
    a = {
      min_size = 4
      max_size = 2
    }
  }
}
`)
	writeFile(t, filepath.Join(dir, "plan.json"), `{"format_version": "1.2", "planned_values": {"root_module": {"child_modules": [{
  "address": "module.eks",
  "resources": [{"address": "module.eks.aws_eks_cluster.this[0]", "mode": "managed", "type": "aws_eks_cluster", "name": "this", "index": 0,
    "values": {"name": "p", "version": "1.30"}}],
  "child_modules": [{"address": "module.eks.module.eks_managed_node_group[\"a\"]", "resources": [{
    "address": "module.eks.module.eks_managed_node_group[\"a\"].aws_eks_node_group.this[0]", "mode": "managed", "type": "aws_eks_node_group", "name": "this", "index": 0,
    "values": {"cluster_name": "p", "node_group_name_prefix": "a-", "subnet_ids": ["subnet-1"], "scaling_config": [{"min_size": 4, "max_size": 2, "desired_size": 1}]}}]}]
}]}}}
`)
	res := Run(context.Background(), newEngine(t), Options{Paths: []string{dir}})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(f.Pos.File), f.Pos.Line, f.RuleID))
	}
	if len(got) != 1 || got[0] != "main.tf:7 PL007" {
		t.Errorf("findings %q, want main.tf:7 PL007 once", got)
	}
}
