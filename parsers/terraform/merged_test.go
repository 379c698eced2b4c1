package terraform

import "testing"

// TestRegistryGroupsInMerge: node groups given as merge() of objects
// written in place, some under a conditional (aws-samples/aws-do-eks:
// merge({ sys = … }, var.type == "managed" ? { gpu = … } : {})), point at
// their own lines, not all at the merge call's. A group whose key another
// argument may also set (a variable) keeps the call's position.
func TestRegistryGroupsInMerge(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "type" {
  default = "managed"
}
variable "more" {
  default = { extra = { instance_types = ["c5.large"] } }
}
locals {
  sys = {
    instance_types = ["m5.large"]
  }
}
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "c"
  eks_managed_node_groups = merge({
    sys = local.sys
  }, var.type == "managed" ? {
    gpu = {
      instance_types = ["g5.xlarge"]
    }
  } : {})
}
module "eks2" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "d"
  eks_managed_node_groups = merge(var.more, {
    web = { instance_types = ["m5.large"] }
  })
}
`})
	res := parseDir(t, dir, nil)
	if errs := errorsOf(res, dir); len(errs) > 0 {
		t.Fatalf("errors %q", errs)
	}
	lines := map[string]int{}
	typeLines := map[string]int{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			lines[p.Name.Value] = p.Pos.Line
			typeLines[p.Name.Value] = p.InstanceTypes.Pos.Line
		}
	}
	want := map[string][2]int{
		"sys":   {18, 9},  // the item; its types in the local
		"gpu":   {20, 21}, // the conditional's branch
		"extra": {30, 30}, // from a variable: the merge call
		"web":   {30, 30}, // another argument is a variable: not told
	}
	for name, w := range want {
		if lines[name] != w[0] || typeLines[name] != w[1] {
			t.Errorf("%s at line %d, types at %d; want %d, %d", name, lines[name], typeLines[name], w[0], w[1])
		}
	}
}
