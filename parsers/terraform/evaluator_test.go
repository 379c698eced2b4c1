package terraform

import (
	"testing"
)

// TestReferencesInExpandedResources: var. and local. inside a resource
// with count or for_each evaluate like anywhere else (they were shadowed
// by unknowns when the instance context added count or each).
func TestReferencesInExpandedResources(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "size" {
  default = "Standard_D4s_v5"
}
locals {
  zones = ["1", "2"]
  pools = { a = 2, b = 3 }
}
resource "azurerm_kubernetes_cluster" "c" {
  count = 1
  name  = "c${count.index}"
  default_node_pool {
    name    = "system"
    vm_size = var.size
    zones   = local.zones
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "p" {
  for_each              = local.pools
  name                  = each.key
  kubernetes_cluster_id = azurerm_kubernetes_cluster.c[0].id
  vm_size               = var.size
  node_count            = each.value
  zones                 = local.zones
}
`})
	res := parseDir(t, dir, nil)
	ps := pools(res)
	for _, name := range []string{"system", "a", "b"} {
		p := ps[name]
		if p == nil {
			t.Fatalf("pool %s missing: %+v", name, res.Clusters)
		}
		if !p.VMSize.Known || p.VMSize.Value != "Standard_D4s_v5" {
			t.Errorf("%s: vm_size %+v, want var.size", name, p.VMSize)
		}
		if !p.Zones.Known || len(p.Zones.Value) != 2 {
			t.Errorf("%s: zones %+v, want local.zones", name, p.Zones)
		}
	}
	if p := ps["b"]; p != nil && (!p.Count.Known || p.Count.Value != 3) {
		t.Errorf("b: node_count %+v, want 3", p.Count)
	}
}

// TestLengthOfObjectsAndStrings: Terraform's length() takes an object or
// map (even {}) and a string (its characters), not only lists.
func TestLengthOfObjectsAndStrings(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want int64
	}{
		{`length({})`, 0},
		{`length({ a = 1, b = "x" })`, 2},
		{`length(var.obj)`, 3},
		{`length(tomap({ a = 1 }))`, 1},
		{`length("text")`, 4},
		{`length("é🙂")`, 2},
		{`length([1, 2])`, 2},
		{`length(local.empty) > 0 ? 5 : 1`, 1},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": `variable "obj" {
  default = { a = 1, b = [2], c = { d = 3 } }
}
locals {
  empty = {}
}
resource "azurerm_kubernetes_cluster" "c" {
  name = "c"
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = ` + tc.expr + `
  }
}
`})
			res := parseDir(t, dir, nil)
			if errs := errorsOf(res, dir); len(errs) > 0 {
				t.Fatalf("errors %q", errs)
			}
			p := pools(res)["system"]
			if p == nil || !p.Count.Known || p.Count.Value != tc.want {
				t.Fatalf("node_count = %+v, want %d", p, tc.want)
			}
		})
	}
}

// TestVariableTypeDefaults: a variable's type constraint applies to its
// value as Terraform applies it: optional() attributes get their defaults
// (or null), and values convert to the declared type. Registry modules
// (terraform-aws-modules/eks) read each.value.create and the like, which
// were missing attributes, so every node group was unknown.
func TestVariableTypeDefaults(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `module "ng" {
  source = "./mod"
  groups = {
    a = { size = "m5.xlarge" }
    b = {}
    c = { create = false }
  }
  desired = "3"
}
`,
		"mod/main.tf": `variable "groups" {
  type = map(object({
    create = optional(bool, true)
    size   = optional(string, "m5.large")
    labels = optional(map(string))
  }))
}
variable "desired" {
  type = number
}
resource "aws_eks_node_group" "this" {
  for_each        = { for k, v in var.groups : k => v if v.create }
  cluster_name    = "prod"
  node_group_name = each.key
  instance_types  = [each.value.size]
  labels          = each.value.labels
  scaling_config {
    desired_size = var.desired + 0
    min_size     = 1
    max_size     = 5
  }
}
`})
	res := parseDir(t, dir, nil)
	if errs := errorsOf(res, dir); len(errs) > 0 {
		t.Fatalf("errors %q", errs)
	}
	ps := pools(res)
	if len(ps) != 2 || ps["a"] == nil || ps["b"] == nil {
		t.Fatalf("pools %v, want a and b", ps)
	}
	if got := ps["a"].InstanceTypes; !got.Known || got.Value[0] != "m5.xlarge" {
		t.Errorf("a: instance types %+v", got)
	}
	if got := ps["b"].InstanceTypes; !got.Known || got.Value[0] != "m5.large" {
		t.Errorf("b: instance types %+v, want the optional default", got)
	}
	if got := ps["b"].Count; !got.Known || got.Value != 3 {
		t.Errorf("b: desired %+v, want 3", got)
	}
}

// TestNotNullableVariable: null passed to a variable declared nullable =
// false stands for its default, as in Terraform.
func TestNotNullableVariable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `module "ng" {
  source = "./mod"
  create = null
  size   = null
}
`,
		"mod/main.tf": `variable "create" {
  type     = bool
  default  = true
  nullable = false
}
variable "size" {
  type    = string
  default = "m5.large"
}
resource "aws_eks_node_group" "this" {
  count           = var.create ? 1 : 0
  cluster_name    = "prod"
  node_group_name = "ng"
  instance_types  = var.size == null ? ["nullable"] : [var.size]
}
`})
	res := parseDir(t, dir, nil)
	p := pools(res)["ng"]
	if p == nil || p.ID != "module.ng.aws_eks_node_group.this[0]" {
		t.Fatalf("pools %+v, want one instance of count 1", res.Clusters)
	}
	if got := p.InstanceTypes; !got.Known || got.Value[0] != "nullable" {
		t.Errorf("instance types %+v: a nullable variable keeps null", got)
	}
}

// TestLinkThroughTimeSleep: terraform-aws-modules/eks hands its node
// groups the cluster's name through time_sleep.this[0].triggers; the node
// groups belong to the module's cluster, not to one declared elsewhere.
func TestLinkThroughTimeSleep(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.tf": `resource "aws_eks_cluster" "this" {
  count   = 1
  name    = "prod"
  version = "1.31"
}
resource "time_sleep" "this" {
  count = 1
  triggers = {
    name    = aws_eks_cluster.this[0].id
    "other" = "x"
  }
}
module "ng" {
  source       = "./ng"
  cluster_name = time_sleep.this[0].triggers["name"]
}
`,
		"ng/main.tf": `variable "cluster_name" {}
resource "aws_eks_node_group" "this" {
  cluster_name    = var.cluster_name
  node_group_name = "ng"
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || res.Clusters[0].Partial || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v, want the node group in aws_eks_cluster.this[0]", res.Clusters)
	}
}
