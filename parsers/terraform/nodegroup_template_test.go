package terraform

import (
	"reflect"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

// TestNodeGroupLaunchTemplate: an EKS managed node group's launch template
// is followed to the aws_launch_template of the configuration (through a
// local, a known condition and try()): its instance_type is the pool's
// LaunchTemplateInstanceType, and the pool's instance types when the node
// group names none. A template the configuration does not declare leaves
// it unknown, saying why.
func TestNodeGroupLaunchTemplate(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": `
variable "custom" {
  default = true
}
resource "aws_launch_template" "lt" {
  instance_type = "c6i.xlarge"
}
resource "aws_launch_template" "bare" {
  name_prefix = "bare-"
}
locals {
  lt_id = var.custom ? try(aws_launch_template.lt.id, null) : var.other
}
resource "aws_eks_node_group" "via_local" {
  cluster_name = "eks"
  launch_template {
    id      = local.lt_id
    version = 1
  }
}
resource "aws_eks_node_group" "own_types" {
  cluster_name   = "eks"
  instance_types = ["m6i.large"]
  launch_template {
    name    = aws_launch_template.bare.name
    version = 1
  }
}
resource "aws_eks_node_group" "written" {
  cluster_name = "eks"
  launch_template {
    id      = "lt-0abc"
    version = 1
  }
}
resource "aws_eks_node_group" "elsewhere" {
  cluster_name = "eks"
  launch_template {
    id      = data.aws_launch_template.shared.id
    version = 1
  }
}
`})
	res := parseDir(t, dir, nil)
	pools := map[string]*nodepool.Pool{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			pools[p.ID] = p
		}
	}
	for _, c := range []struct {
		id        string
		ltType    string // "" unset, "?" unknown
		why       string
		instTypes []string
	}{
		{"aws_eks_node_group.via_local", "c6i.xlarge", "", []string{"c6i.xlarge"}},
		{"aws_eks_node_group.own_types", "", "", []string{"m6i.large"}},
		{"aws_eks_node_group.written", "?", `launch template "lt-0abc" is not declared in the configuration read`, nil},
		{"aws_eks_node_group.elsewhere", "?", "the launch template's id or name does not refer to an aws_launch_template poollint can follow", nil},
	} {
		p := pools[c.id]
		if p == nil {
			t.Errorf("%s: no pool", c.id)
			continue
		}
		f := p.LaunchTemplateInstanceType
		switch {
		case c.ltType == "?" && (f.Known || f.Why != c.why):
			t.Errorf("%s: launch template instance type known %v %q, why %q; want unknown, %q", c.id, f.Known, f.Value, f.Why, c.why)
		case c.ltType == "" && (f.Set && f.Known && f.Value != ""):
			t.Errorf("%s: launch template instance type %q, want none", c.id, f.Value)
		case c.ltType != "?" && c.ltType != "" && (!f.Known || f.Value != c.ltType):
			t.Errorf("%s: launch template instance type known %v %q, want %q", c.id, f.Known, f.Value, c.ltType)
		}
		if !reflect.DeepEqual(p.InstanceTypes.Value, c.instTypes) {
			t.Errorf("%s: instance types %q, want %q", c.id, p.InstanceTypes.Value, c.instTypes)
		}
	}
}
