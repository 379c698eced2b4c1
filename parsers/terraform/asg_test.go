package terraform

import (
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestASGNotAPool: an autoscaling group is a node pool only when a
// kubernetes.io/cluster tag (owned or shared) names its cluster.
func TestASGNotAPool(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "aws_autoscaling_group" "plain" {
  name     = "plain"
  min_size = 5
  max_size = 1
  tag {
    key                 = "Name"
    value               = "kubernetes.io/cluster/prod"
    propagate_at_launch = true
  }
}
resource "aws_autoscaling_group" "no" {
  name     = "no"
  min_size = 5
  max_size = 1
  tag {
    key                 = "kubernetes.io/cluster/prod"
    value               = "no"
    propagate_at_launch = true
  }
}
variable "c" {}
resource "aws_autoscaling_group" "templated_no" {
  name     = "templated"
  min_size = 5
  max_size = 1
  tag {
    key                 = "kubernetes.io/cluster/${var.c}"
    value               = "no"
    propagate_at_launch = true
  }
  dynamic "tag" {
    for_each = { "kubernetes.io/cluster/${var.c}" = "nope" }
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
resource "aws_autoscaling_group" "other_prefix" {
  name     = "other"
  min_size = 5
  max_size = 1
  tags = [{ key = "k8s.io/cluster-autoscaler/prod", value = "owned", propagate_at_launch = true }]
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 0 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
}

// TestASGPools: tags as blocks, dynamic blocks and the list form; sizes,
// instance types from the launch template, the launch configuration or
// mixed_instances_policy overrides; Spot; and a name prefix.
func TestASGPools(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "aws_eks_cluster" "main" {
  name = "prod"
}
locals {
  tags = { "kubernetes.io/cluster/prod" = "owned", Team = "data" }
}
resource "aws_launch_template" "lt" {
  count         = 1
  instance_type = "c6i.xlarge"
  instance_market_options {
    market_type = "spot"
  }
}
resource "aws_launch_configuration" "lc" {
  instance_type = "t3.large"
  spot_price    = "0.05"
}
resource "aws_autoscaling_group" "dyn" {
  name_prefix      = "dyn-"
  min_size         = 1
  max_size         = 3
  desired_capacity = 2
  launch_template {
    id = aws_launch_template.lt.id
  }
  dynamic "tag" {
    for_each = local.tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
resource "aws_autoscaling_group" "list" {
  name                 = "list"
  max_size             = 2
  min_size             = 0
  launch_configuration = aws_launch_configuration.lc.name
  tags = [{ key = "kubernetes.io/cluster/prod", value = "shared", propagate_at_launch = true }]
}
resource "aws_autoscaling_group" "mixed" {
  name     = "mixed"
  max_size = 2
  min_size = 0
  mixed_instances_policy {
    instances_distribution {
      on_demand_percentage_above_base_capacity = 50
    }
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.lt[0].id
      }
      override {
        instance_type = "m5.large"
      }
    }
  }
  tag {
    key                 = "kubernetes.io/cluster/${aws_eks_cluster.main.name}"
    value               = "owned"
    propagate_at_launch = true
  }
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || res.Clusters[0].Partial || len(res.Clusters[0].Pools) != 3 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	ps := pools(res)
	dyn, list, mixed := ps["dyn-"], ps["list"], ps["mixed"]
	if dyn == nil || dyn.Count.Value != 2 || dyn.MinCount.Value != 1 || dyn.MaxCount.Value != 3 || dyn.Priority.Value != nodepool.PrioritySpot ||
		!dyn.InstanceTypes.Known || len(dyn.InstanceTypes.Value) != 1 || dyn.InstanceTypes.Value[0] != "c6i.xlarge" || dyn.InstanceTypes.Pos.Line != 9 {
		t.Errorf("dyn %+v", dyn)
	}
	if list == nil || list.Priority.Value != nodepool.PrioritySpot || len(list.InstanceTypes.Value) != 1 || list.InstanceTypes.Value[0] != "t3.large" {
		t.Errorf("list %+v", list)
	}
	if mixed == nil || len(mixed.InstanceTypes.Value) != 1 || mixed.InstanceTypes.Value[0] != "m5.large" || mixed.Priority.Known || !mixed.Priority.Set {
		t.Errorf("mixed %+v", mixed)
	}
	if res.Clusters[0].Provider != nodepool.AWS {
		t.Errorf("provider %v", res.Clusters[0].Provider)
	}
}

// TestASGUnknown: what cannot be read offline stays unknown: a cluster
// name from an unset variable (a partial cluster of unknown name), a
// launch template named but not declared here, user data from a function
// poollint does not evaluate, an override of unknown type.
func TestASGUnknown(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "cluster" {}
variable "lt_id" {}
variable "type" {}
resource "aws_launch_template" "lt" {
  instance_type = "m6i.large"
  user_data     = base64encode(templatefile("boot.sh", {}))
}
resource "aws_autoscaling_group" "elsewhere" {
  name     = "elsewhere"
  min_size = 1
  max_size = 2
  launch_template {
    id = var.lt_id
  }
  tag {
    key                 = "kubernetes.io/cluster/${var.cluster}"
    value               = "owned"
    propagate_at_launch = true
  }
}
resource "aws_autoscaling_group" "template" {
  name     = "template"
  min_size = 1
  max_size = 2
  launch_template {
    id = aws_launch_template.lt.id
  }
  tag {
    key                 = "kubernetes.io/cluster/${var.cluster}"
    value               = "owned"
    propagate_at_launch = true
  }
}
resource "aws_launch_template" "attrs" {
  instance_requirements {
    vcpu_count {
      min = 2
    }
    memory_mib {
      min = 4096
    }
  }
}
resource "aws_autoscaling_group" "attrs" {
  name     = "attrs"
  min_size = 1
  max_size = 2
  launch_template {
    id = aws_launch_template.attrs.id
  }
  tag {
    key                 = "kubernetes.io/cluster/${var.cluster}"
    value               = "owned"
    propagate_at_launch = true
  }
}
resource "aws_autoscaling_group" "override" {
  name     = "override"
  min_size = 1
  max_size = 2
  mixed_instances_policy {
    launch_template {
      override {
        instance_type = var.type
      }
    }
  }
  tag {
    key                 = "kubernetes.io/cluster/${var.cluster}"
    value               = "owned"
    propagate_at_launch = true
  }
}
`})
	res := parseDir(t, dir, nil)
	ps := pools(res)
	if len(res.Clusters) != 1 || !res.Clusters[0].Partial || res.Clusters[0].Name.Known || len(ps) != 4 {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	e := ps["elsewhere"]
	if e.InstanceTypes.Known || !e.InstanceTypes.Set || e.Labels.Known || !e.Labels.Set || e.Taints.Known || !e.Taints.Set {
		t.Errorf("elsewhere %+v", e)
	}
	tm := ps["template"]
	if !tm.InstanceTypes.Known || tm.Labels.Known || !tm.Labels.Set || tm.Taints.Known || !tm.Taints.Set {
		t.Errorf("template %+v", tm)
	}
	if o := ps["override"]; o.InstanceTypes.Known || !o.InstanceTypes.Set {
		t.Errorf("override %+v", o)
	}
	if a := ps["attrs"]; a.InstanceTypes.Known || !a.InstanceTypes.Set {
		t.Errorf("attrs %+v", a)
	}
}

// TestASGInModule: a module's autoscaling group tagged with the cluster
// name its caller passes (terraform-aws-modules' self-managed-node-group)
// belongs to the caller's cluster, even though the name is an attribute
// known only after apply.
func TestASGInModule(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "aws_eks_cluster" "main" {
  name = "prod-${random_id.x.hex}"
}
module "workers" {
  source       = "./workers"
  cluster_name = aws_eks_cluster.main.name
}
`, "workers/main.tf": `variable "cluster_name" {}
resource "aws_autoscaling_group" "this" {
  name     = "workers"
  min_size = 1
  max_size = 3
  dynamic "tag" {
    for_each = merge({ "kubernetes.io/cluster/${var.cluster_name}" = "owned" }, {})
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
`})
	res := parseDir(t, dir, nil)
	if len(res.Clusters) != 1 || res.Clusters[0].Partial || len(res.Clusters[0].Pools) != 1 || res.Clusters[0].Pools[0].Name.Value != "workers" {
		t.Fatalf("clusters %+v", res.Clusters)
	}
	if cs := res.Clusters[0].Pools[0].CallSites; len(cs) != 1 || cs[0].Line != 4 {
		t.Errorf("call sites %+v", cs)
	}
}

// TestASGTemplatedTag: a cluster tag key built of more than the name
// ("kubernetes.io/cluster/${local.env}-eks") names the cluster by its value,
// unknown when that is.
func TestASGTemplatedTag(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `variable "team" {}
locals {
  env = "prod"
}
resource "aws_eks_cluster" "main" {
  name = "prod-eks"
}
resource "aws_autoscaling_group" "known" {
  name     = "known"
  min_size = 1
  max_size = 2
  tag {
    key                 = "kubernetes.io/cluster/${local.env}-eks"
    value               = "owned"
    propagate_at_launch = true
  }
}
resource "aws_autoscaling_group" "unknown" {
  name     = "unknown"
  min_size = 1
  max_size = 2
  tag {
    key                 = "kubernetes.io/cluster/${var.team}-${local.env}"
    value               = "owned"
    propagate_at_launch = true
  }
}
`})
	res := parseDir(t, dir, nil)
	got := map[string]string{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			got[p.Name.Value] = c.ID
			if p.Name.Value == "unknown" && (!c.Partial || c.Name.Known) {
				t.Errorf("cluster of unknown %+v", c)
			}
		}
	}
	if got["known"] != "aws_eks_cluster.main" || got["unknown"] == "" || got["unknown"] == "aws_eks_cluster.main" {
		t.Errorf("pools by cluster %v", got)
	}
}

// TestASGBootstrapForms: labels and taints in user data in a form the
// flags do not spell (Bottlerocket TOML, nodeadm's kubelet config) are
// unknown, not absent; a script without them has none.
func TestASGBootstrapForms(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `resource "aws_launch_template" "br" {
  instance_type = "m6i.large"
  user_data = base64encode(<<-EOT
    [settings.kubernetes.node-labels]
    "team" = "data"
    [settings.kubernetes.node-taints]
    "dedicated" = "data:NoSchedule"
  EOT
  )
}
resource "aws_launch_template" "plain" {
  instance_type = "m6i.large"
  user_data     = base64encode("#!/bin/bash\n/etc/eks/bootstrap.sh prod\n")
}
resource "aws_autoscaling_group" "br" {
  name     = "br"
  min_size = 1
  max_size = 2
  launch_template {
    id = aws_launch_template.br.id
  }
  tags = [{ key = "kubernetes.io/cluster/prod", value = "owned", propagate_at_launch = true }]
}
resource "aws_autoscaling_group" "plain" {
  name     = "plain"
  min_size = 1
  max_size = 2
  launch_template {
    id = aws_launch_template.plain.id
  }
  tags = [{ key = "kubernetes.io/cluster/prod", value = "owned", propagate_at_launch = true }]
}
`})
	ps := pools(parseDir(t, dir, nil))
	if br := ps["br"]; br == nil || br.Labels.Known || !br.Labels.Set || br.Taints.Known || !br.Taints.Set {
		t.Errorf("br %+v", br)
	}
	if plain := ps["plain"]; plain == nil || plain.Labels.Set || plain.Taints.Set {
		t.Errorf("plain %+v", plain)
	}
}
