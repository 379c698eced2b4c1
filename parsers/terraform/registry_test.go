package terraform

import (
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
)

func TestConstraintRange(t *testing.T) {
	for _, tc := range []struct {
		in     string
		lo, hi version
		ok     bool
	}{
		{"~> 20.0", version{20}, version{21}, true},
		{"~> 21.6", version{21, 6}, version{22}, true},
		{"~> 0.3", version{0, 3}, version{1}, true},
		{"~> 0.3.1", version{0, 3, 1}, version{0, 4}, true},
		{"20.31.0", version{20, 31}, version{20, 31, 1}, true},
		{"= 19.21.0", version{19, 21}, version{19, 21, 1}, true},
		{">= 19.0, < 20.0", version{19}, version{20}, true},
		{">= 19.0, <= 19.5.0", version{19}, version{19, 5, 1}, true},
		{"v20.8.4", version{20, 8, 4}, version{20, 8, 5}, true},
		{">= 19.0", version{}, version{}, false},
		{"~> 20", version{}, version{}, false},
		{"", version{}, version{}, false},
		{"latest", version{}, version{}, false},
		{">= 21.0, < 20.0", version{}, version{}, false},
	} {
		lo, hi, ok := constraintRange(tc.in)
		if ok != tc.ok || (ok && (lo != tc.lo || hi != tc.hi)) {
			t.Errorf("constraintRange(%q) = %v, %v, %v; want %v, %v, %v", tc.in, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}

const eksCall = `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "from-table"
  eks_managed_node_groups = {
    a = { instance_types = ["m6i.large"] }
  }
}
`

// TestInstalledModulePreferred: a module installed under .terraform/modules
// is read from its source, not from poollint's table of the module.
func TestInstalledModulePreferred(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": eksCall,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},` +
			`{"Key":"eks","Source":"registry.terraform.io/terraform-aws-modules/eks/aws","Version":"20.8.4","Dir":".terraform/modules/eks"}]}`,
		".terraform/modules/eks/main.tf": `variable "cluster_name" {}
variable "eks_managed_node_groups" {
  default = {}
}
resource "aws_eks_cluster" "this" {
  name = "installed-${var.cluster_name}"
}
resource "aws_eks_node_group" "this" {
  for_each        = var.eks_managed_node_groups
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "installed-${each.key}"
}
`})
	res := parseDir(t, dir, nil)
	ps := pools(res)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "installed-from-table" || ps["installed-a"] == nil {
		t.Fatalf("clusters %+v, want the installed source's", res.Clusters)
	}
}

// TestKnownModuleWithoutDownload: the same call without the installed
// module is read from the table: the cluster, and the group at the
// caller's line.
func TestKnownModuleWithoutDownload(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": eksCall})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "from-table" {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	p := pools(res)["a"]
	if p == nil || p.Pos.Line != 7 || !p.InstanceTypes.Known || p.InstanceTypes.Pos.Line != 7 || p.MinCount.Value != 1 || p.MaxCount.Value != 3 {
		t.Fatalf("pool %+v", p)
	}
	if len(p.CallSites) != 1 || p.CallSites[0].Line != 1 {
		t.Errorf("call sites %+v", p.CallSites)
	}
}

// TestKnownModuleUnknownVersion: a constraint outside the known majors, or
// none, is a note naming the module and the constraint, and no pool.
func TestKnownModuleUnknownVersion(t *testing.T) {
	for _, version := range []string{`  version = ">= 19.0"` + "\n", `  version = "~> 16.0"` + "\n", ""} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"main.tf": strings.Replace(eksCall, `  version = "~> 20.0"`+"\n", version, 1)})
		res := parseDir(t, dir, nil)
		if len(res.Clusters) != 0 {
			t.Errorf("%q: clusters %+v", version, res.Clusters)
		}
		if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelNote || !strings.Contains(res.Diags[0].Message, "terraform-aws-modules/eks/aws") ||
			!strings.Contains(res.Diags[0].Message, "1 node pool declared in it") {
			t.Errorf("%q: diagnostics %+v", version, res.Diags)
		}
	}
}

// TestKnownModuleUnknownGroups: node groups from an input unknown offline
// leave the cluster's pools unknown rather than inventing any.
func TestKnownModuleUnknownGroups(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "groups" {}
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name                    = "x"
  eks_managed_node_groups = var.groups
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 0 || !res.Clusters[0].PoolsUnknown {
		t.Fatalf("clusters %+v", res.Clusters)
	}
}

// TestInstalledNestedModules: modules.json keys name nested calls
// ("eks.ng"), with the instance keys of for_each left out; a registry
// module called inside an installed one is read from its own directory.
func TestInstalledNestedModules(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `module "eks" {
  for_each = toset(["blue"])
  source   = "example/eks/aws"
  name     = each.key
}
`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},` +
			`{"Key":"eks","Source":"registry.terraform.io/example/eks/aws","Version":"1.0.0","Dir":".terraform/modules/eks"},` +
			`{"Key":"eks.ng","Source":"registry.terraform.io/example/ng/aws","Version":"1.0.0","Dir":".terraform/modules/eks.ng/sub"}]}`,
		".terraform/modules/eks/main.tf": `variable "name" {}
resource "aws_eks_cluster" "this" {
  name = var.name
}
module "ng" {
  source       = "example/ng/aws//sub"
  cluster_name = aws_eks_cluster.this.name
}
`,
		".terraform/modules/eks.ng/sub/main.tf": `variable "cluster_name" {}
resource "aws_eks_node_group" "this" {
  cluster_name    = var.cluster_name
  node_group_name = "nested"
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "blue" || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v, diags %+v", res.Clusters, res.Diags)
	}
	p := res.Clusters[0].Pools[0]
	if p.ID != `module.eks["blue"].module.ng.aws_eks_node_group.this` || len(p.CallSites) != 2 {
		t.Errorf("pool %s, call sites %+v", p.ID, p.CallSites)
	}
}

// TestEKSv17: node_groups over node_groups_defaults over the module's
// worker defaults, k8s_labels merged; worker_groups get a note.
func TestEKSv17(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "17.24.0"
  cluster_name    = "old"
  cluster_version = "1.21"

  node_groups_defaults = {
    min_capacity = 2
    k8s_labels   = { tier = "base" }
  }
  node_groups = {
    a = {
      max_capacity = 5
      k8s_labels   = { team = "x" }
    }
  }
  worker_groups = [{ instance_type = "m5.large" }]
}
`})
	res := parseDir(t, dir, nil)
	p := pools(res)["a"]
	if p == nil {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	if p.MinCount.Value != 2 || p.MinCount.Pos.Line != 8 || p.MaxCount.Value != 5 || p.Count.Value != 1 {
		t.Errorf("min %+v max %+v desired %+v", p.MinCount, p.MaxCount, p.Count)
	}
	if len(p.Labels.Value) != 2 {
		t.Errorf("labels %+v, want tier and team", p.Labels)
	}
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "worker_groups") || res.Diags[0].Pos.Line != 17 {
		t.Errorf("diagnostics %+v", res.Diags)
	}
}

// TestKnownModuleUnknownInstances: a module call whose for_each is unknown
// stands for clusters whose pools are unknown.
func TestKnownModuleUnknownInstances(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "envs" {}
module "aks" {
  for_each            = var.envs
  source              = "Azure/aks/azurerm"
  version             = "~> 9.0"
  resource_group_name = "rg"
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || !res.Clusters[0].PoolsUnknown {
		t.Fatalf("clusters %+v", res.Clusters)
	}
}

// TestKnownModuleManyGroups: a map of node groups past the instance limit
// is refused with an error at the argument, like a for_each.
func TestKnownModuleManyGroups(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
  name    = "x"
  eks_managed_node_groups = { for p in setproduct(range(100), range(20)) : "g${p[0]}-${p[1]}" => {} }
}
`})
	res := parseDir(t, dir, nil)
	errs := errorsOf(res, dir)
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "main.tf:5:") || !strings.Contains(errs[0], "above poollint's limit") {
		t.Errorf("errors %q", errs)
	}
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 0 {
		t.Errorf("clusters %+v", res.Clusters)
	}
}

// TestAVMAzapiDefaultPool: the AVM module's 0.4 and later make a default
// pool "systempool" of 3 nodes when the caller gives none.
func TestAVMAzapiDefaultPool(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `module "aks" {
  source  = "Azure/avm-res-containerservice-managedcluster/azurerm"
  version = "0.5.7"
  name    = "x"
}
`})
	res := parseDir(t, dir, nil)
	p := pools(res)["systempool"]
	if p == nil || !p.Default || p.Count.Value != 3 || p.Count.Pos.Line != 1 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
}

// TestKnownModuleNestedInputs: inputs nested in a pool's object
// (update_config.max_unavailable, upgrade_settings.max_surge,
// vnet_subnet.id) are read; the v19+ default update_config applies only
// when neither the group nor the defaults give one.
func TestKnownModuleNestedInputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "x"
  eks_managed_node_groups = {
    a = {
      update_config = { max_unavailable = 2 }
    }
    b = {}
  }
}
module "aks" {
  source              = "Azure/aks/azurerm"
  version             = "~> 11.0"
  resource_group_name = "rg"
  node_pools = {
    c = {
      name             = "c"
      vm_size          = "Standard_D4s_v5"
      upgrade_settings = { max_surge = "50%" }
      vnet_subnet      = { id = "subnet-id" }
    }
  }
}
`})
	res := parseDir(t, dir, nil)
	ps := pools(res)
	if a := ps["a"]; a == nil || a.MaxUnavailable.Value != "2" || a.MaxUnavailable.Pos.Line != 7 {
		t.Errorf("a: max unavailable %+v", a)
	}
	if b := ps["b"]; b == nil || b.MaxUnavailable.Value != "33%" {
		t.Errorf("b: max unavailable %+v, want the module's 33%%", b)
	}
	if c := ps["c"]; c == nil || c.MaxSurge.Value != "50%" || c.VnetSubnetID.Value != "subnet-id" || c.MaxSurge.Pos.Line != 20 {
		t.Errorf("c: %+v", c)
	}
}
