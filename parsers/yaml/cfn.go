package yaml

import (
	"fmt"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// cloudFormation maps AWS::EKS::Cluster and AWS::EKS::Nodegroup resources,
// and autoscaling groups tagged with an EKS cluster (cfn_asg.go).
// Ref resolves to a parameter's Default; a Ref to the cluster's logical ID
// ties a node group to it; other intrinsic functions are unknown.
func (g *grouper) cloudFormation(n *node) {
	params := n.get("Parameters")
	resources := n.get("Resources")
	if resources == nil || resources.kind != yamlv3.MappingNode {
		return
	}
	resolve := func(x *node) (any, nodepool.Origin, string, bool) {
		ref := refTarget(x)
		if ref == "" {
			return nil, "", "", false
		}
		if p := params.get(ref); p != nil {
			if d := p.get("Default"); d != nil {
				return plain(d, nil), nodepool.OriginParamDflt, ref, true
			}
		}
		return nil, "", "", false
	}
	clusters := map[string]*nodepool.Cluster{} // logical ID -> cluster
	for i, id := range resources.keys {
		r := resources.vals[i]
		if r.get("Type").str() != "AWS::EKS::Cluster" {
			continue
		}
		props := r.get("Properties")
		c := g.define("cfn:"+id, nodepool.AWS, "cloudformation", r.pos)
		c.Name = g.strWith(props.get("Name"), resolve)
		c.KubernetesVersion = g.strWith(props.get("Version"), resolve)
		if !c.Name.Set {
			c.Name = nodepool.Field[string]{} // CloudFormation generates one; messages use the logical ID
		}
		clusters[id] = c
	}
	for i, id := range resources.keys {
		r := resources.vals[i]
		if r.get("Type").str() != "AWS::EKS::Nodegroup" {
			continue
		}
		props := r.get("Properties")
		cn := props.get("ClusterName")
		var c *nodepool.Cluster
		if target := refTarget(cn); target != "" && clusters[target] != nil {
			c = clusters[target]
		} else if name := conv.Str(val(cn, resolve)); name.Known {
			c = g.cfnClusterNamed(clusters, name, r.pos)
		}
		if c == nil {
			c = g.cluster("cfn-nodegroup:"+id, nodepool.AWS, "cloudformation", r.pos)
		}
		c.Pools = append(c.Pools, g.cfnNodegroup(id, r, props, resources, resolve))
	}
	g.cfnAutoScalingGroups(resources, params, clusters, resolve) // self-managed node groups (cfn_asg.go)
}

// refTarget returns the logical name a Ref points at: !Ref X or {Ref: X}.
func refTarget(n *node) string {
	switch {
	case n == nil:
		return ""
	case n.tag == "!Ref" && n.kind == yamlv3.ScalarNode:
		return n.value
	case n.kind == yamlv3.MappingNode && len(n.keys) == 1 && n.keys[0] == "Ref":
		return n.vals[0].str()
	}
	return ""
}

func (g *grouper) cfnNodegroup(id string, r, props, resources *node, resolve resolver) *nodepool.Pool {
	v := func(keys ...string) *conv.Value { return val(props.path(keys...), resolve) }
	p := &nodepool.Pool{
		ID:                  "Nodegroup/" + id,
		Pos:                 r.pos,
		Name:                g.strWith(props.get("NodegroupName"), resolve),
		Labels:              g.labels(props.get("Labels"), resolve),
		InstanceTypes:       g.strsWith(props.get("InstanceTypes"), resolve),
		OSSKU:               g.strWith(props.get("AmiType"), resolve),
		OSDiskSizeGB:        conv.Int(v("DiskSize")),
		Count:               conv.Int(v("ScalingConfig", "DesiredSize")),
		MinCount:            conv.Int(v("ScalingConfig", "MinSize")),
		MaxCount:            conv.Int(v("ScalingConfig", "MaxSize")),
		Taints:              g.taints(props.get("Taints"), resolve, "Key", "Value", "Effect"),
		OrchestratorVersion: g.strWith(props.get("Version"), resolve),
	}
	if ct := g.strWith(props.get("CapacityType"), resolve); ct.Set {
		p.Priority = ct
		if ct.Known {
			switch ct.Value {
			case "SPOT":
				p.Priority.Value = nodepool.PrioritySpot
			case "ON_DEMAND":
				p.Priority.Value = nodepool.PriorityRegular
			}
		}
	}
	p.MaxUnavailable, p.UnavailableBoth = conv.MaxUnavailable(v("UpdateConfig", "MaxUnavailable"), v("UpdateConfig", "MaxUnavailablePercentage"))
	p.Schema, p.Settings = nodepool.SchemaCFNNodegroup, settings(props, resolve, false)
	if lt := props.get("LaunchTemplate"); lt != nil {
		g.nodegroupTemplate(p, lt, resources, resolve)
	}
	return p
}

// nodegroupTemplate reads the instance type of the AWS::EC2::LaunchTemplate
// a node group's LaunchTemplate names (Id or Name: !Ref X): the pool's
// LaunchTemplateInstanceType, and its instance types when it names none.
func (g *grouper) nodegroupTemplate(p *nodepool.Pool, lt, resources *node, resolve resolver) {
	ref := refTarget(lt.get("Id"))
	if ref == "" {
		ref = refTarget(lt.get("Name"))
	}
	res := resources.get(ref)
	if res.get("Type").str() != "AWS::EC2::LaunchTemplate" {
		why := "the launch template the node group names is not in the template"
		for _, k := range []string{"Id", "Name"} {
			if n := lt.get(k); ref == "" && n != nil && n.kind == yamlv3.ScalarNode && n.tag != "!Ref" && n.value != "" {
				why = fmt.Sprintf("launch template %q is not declared in the template", n.value)
				break
			}
		}
		p.LaunchTemplateInstanceType = nodepool.UnknownBecause[string](lt.pos, why)
		return
	}
	it := g.strWith(res.path("Properties", "LaunchTemplateData", "InstanceType"), resolve)
	p.LaunchTemplateInstanceType = it
	if it.Set && !p.InstanceTypes.Set {
		// The node group's instance type is the template's.
		p.InstanceTypes = nodepool.OneOf(it)
	}
}

// cfnReadTypes are the resource types the CloudFormation reading looks at.
var cfnReadTypes = map[string]bool{
	"AWS::EKS::Cluster": true, "AWS::EKS::Nodegroup": true, "AWS::AutoScaling::AutoScalingGroup": true,
	"AWS::EC2::LaunchTemplate": true, "AWS::AutoScaling::LaunchConfiguration": true,
}

// cfnInScope keeps the repeated keys the node layer found (repeated) in the
// parts of a template poollint reads: outside Resources (Parameters feed
// the values), and in the resources of the types above (or whose type
// cannot be told); none in a template with no such resource. A repeated Description in a security group rule beside
// them is not poollint's business, as a repeated key in a manifest of a
// kind poollint does not read is not: CloudFormation deploys such a
// template, the last value winning. What makes the whole template fail (an
// alias, a merge key) is kept wherever it is.
func cfnInScope(doc *node, diags []parsers.Diagnostic, repeated map[parsers.Diagnostic]bool) []parsers.Diagnostic {
	if doc == nil || doc.kind != yamlv3.MappingNode {
		return diags
	}
	ri := -1
	for i, k := range doc.keys {
		if k == "Resources" {
			ri = i
		}
	}
	if ri < 0 || doc.vals[ri].kind != yamlv3.MappingNode {
		return diags
	}
	start := doc.keyPos[ri]
	var end *nodepool.Pos // the next top-level key after Resources
	for _, p := range doc.keyPos {
		if p.Compare(start) > 0 && (end == nil || p.Compare(*end) < 0) {
			q := p
			end = &q
		}
	}
	res := doc.vals[ri]
	reads := false // a resource poollint reads: else nothing of the template is
	for _, r := range res.vals {
		typ := r.get("Type")
		reads = reads || typ == nil || typ.unknown || cfnReadTypes[typ.str()] || typ.str() == ""
	}
	inScope := func(at nodepool.Pos) bool {
		if !reads {
			return false
		}
		if at.Compare(start) < 0 || end != nil && at.Compare(*end) >= 0 {
			return true // outside Resources
		}
		// The resource whose key comes last at or before at.
		idx := -1
		for i, p := range res.keyPos {
			if p.Compare(at) <= 0 && (idx < 0 || p.Compare(res.keyPos[idx]) > 0) {
				idx = i
			}
		}
		if idx < 0 {
			return true // the Resources key itself
		}
		typ := res.vals[idx].get("Type")
		return typ == nil || typ.unknown || cfnReadTypes[typ.str()] || typ.str() == ""
	}
	var out []parsers.Diagnostic
	for _, d := range diags {
		if !repeated[d] || inScope(d.Pos) {
			out = append(out, d)
		}
	}
	return out
}

// cfnClusterNamed is the template's cluster of that name (the first by
// logical ID, should two share it), or a cluster of that name declared
// elsewhere.
func (g *grouper) cfnClusterNamed(clusters map[string]*nodepool.Cluster, name nodepool.Field[string], at nodepool.Pos) *nodepool.Cluster {
	var c *nodepool.Cluster
	first := ""
	for id, cl := range clusters {
		if cl.Name.Known && cl.Name.Value == name.Value && (c == nil || id < first) {
			c, first = cl, id
		}
	}
	if c == nil {
		c = g.cluster("cfn-cluster:"+name.Value, nodepool.AWS, "cloudformation", at)
		c.Name = name
	}
	return c
}
