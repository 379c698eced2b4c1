package yaml

import (
	"regexp"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// Self-managed EKS node groups in CloudFormation: an
// AWS::AutoScaling::AutoScalingGroup whose Tags name a cluster with the key
// kubernetes.io/cluster/<name> (owned or shared), the tag the cloud
// provider and the cluster autoscaler go by, as AWS's own
// amazon-eks-nodegroup.yaml and the EKS quick starts write it. An
// autoscaling group without that tag is not a node pool. The cluster name
// is read from the key: a literal, !Sub "kubernetes.io/cluster/${X}" or
// !Join with !Ref X, where X is a parameter (its Default) or the logical ID
// of an AWS::EKS::Cluster of the template (the pool is that cluster's).
// Sizes come from MinSize, MaxSize and DesiredCapacity; instance types from
// MixedInstancesPolicy overrides, else the AWS::EC2::LaunchTemplate or
// AWS::AutoScaling::LaunchConfiguration it names with !Ref; labels and
// taints from the kubelet flags of that template's user data, when every
// ${…} of it resolves, and unknown otherwise.

const cfnClusterTag = "kubernetes.io/cluster/"

// cfnSubVar matches a ${Name} or ${Name.Attr} of Fn::Sub (${!Literal} is
// an escaped "${Literal}").
var cfnSubVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// cfnAutoScalingGroups reads the template's autoscaling groups tagged with
// an EKS cluster.
func (g *grouper) cfnAutoScalingGroups(resources, params *node, clusters map[string]*nodepool.Cluster, resolve resolver) {
	for i, id := range resources.keys {
		r := resources.vals[i]
		if r.get("Type").str() != "AWS::AutoScaling::AutoScalingGroup" {
			continue
		}
		props := r.get("Properties")
		name, clusterID, ok := cfnASGCluster(props.get("Tags"), params, clusters)
		if !ok {
			continue
		}
		var c *nodepool.Cluster
		switch {
		case clusterID != "":
			c = clusters[clusterID]
		case name.Known:
			c = g.cfnClusterNamed(clusters, name, r.pos)
		default:
			c = g.cluster("cfn-asg:"+id, nodepool.AWS, "cloudformation", r.pos)
			c.Name = name
		}
		c.Pools = append(c.Pools, g.cfnASGPool(id, r, props, resources, params, resolve))
	}
}

// cfnASGCluster finds the cluster tag among an autoscaling group's Tags:
// the cluster's name, or the logical ID of the template's cluster it
// names; ok is false when no tag names one.
func cfnASGCluster(tags, params *node, clusters map[string]*nodepool.Cluster) (name nodepool.Field[string], clusterID string, ok bool) {
	if tags == nil || tags.kind != yamlv3.SequenceNode {
		return name, "", false
	}
	for _, t := range tags.items {
		text, ok := cfnText(t.get("Key"))
		if !ok || !strings.HasPrefix(text, cfnClusterTag) {
			continue
		}
		if v := t.get("Value"); v != nil && v.kind == yamlv3.ScalarNode && !isIntrinsicTag(v.tag) {
			if s := v.value; s != "owned" && s != "shared" {
				continue
			}
		}
		key := t.get("Key")
		rest := strings.TrimPrefix(text, cfnClusterTag)
		name = nodepool.Field[string]{Set: true, Pos: key.pos, Origin: nodepool.OriginLiteral}
		if m := cfnSubVar.FindStringSubmatchIndex(rest); m != nil && m[0] == 0 && m[1] == len(rest) {
			ref := rest[m[2]:m[3]]
			if clusters[ref] != nil {
				return clusters[ref].Name, ref, true
			}
		}
		if s, from, known := cfnSubstitute(rest, params, nil); known {
			name.Value, name.Known = s, true
			if from != "" {
				name.Origin, name.From = nodepool.OriginParamDflt, from
			}
		} else {
			name.Origin = nodepool.OriginExpression
			name.Why = "the cluster tag's key names a parameter or resource without a value in the template"
		}
		if name.Known && name.Value == "" {
			continue
		}
		return name, "", true
	}
	return name, "", false
}

// cfnText is a string as Fn::Sub writes it: a literal string; !Sub's
// template (either form, its variables map aside); !Join of literals and
// !Ref X, each Ref written ${X}. ok is false for anything else.
func cfnText(n *node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch {
	case n.kind == yamlv3.ScalarNode && n.tag == "!Sub":
		return n.value, true
	case n.kind == yamlv3.ScalarNode && n.tag == "!Ref":
		return "${" + n.value + "}", true
	case n.kind == yamlv3.ScalarNode && !isIntrinsicTag(n.tag) && !n.unknown && n.tag != "!!null":
		return strings.ReplaceAll(n.value, "${", "${!"), true // a literal: no variables
	case n.kind == yamlv3.SequenceNode && n.tag == "!Sub" && len(n.items) >= 1:
		return cfnSubTemplate(n.items[0])
	case n.kind == yamlv3.SequenceNode && n.tag == "!Join":
		return cfnJoin(n)
	case isLongIntrinsic(n):
		arg := n.vals[0]
		switch n.keys[0] {
		case "Ref":
			if arg.kind == yamlv3.ScalarNode && !isIntrinsicTag(arg.tag) {
				return "${" + arg.value + "}", true
			}
		case "Fn::Sub":
			if arg.kind == yamlv3.SequenceNode && len(arg.items) >= 1 {
				return cfnSubTemplate(arg.items[0])
			}
			return cfnSubTemplate(arg)
		case "Fn::Join":
			return cfnJoin(arg)
		}
	}
	return "", false
}

func cfnSubTemplate(n *node) (string, bool) {
	if n.kind != yamlv3.ScalarNode || isIntrinsicTag(n.tag) || n.unknown {
		return "", false
	}
	return n.value, true
}

// cfnJoin reads [delimiter, [parts…]] whose parts are literals or Refs.
func cfnJoin(n *node) (string, bool) {
	if n.kind != yamlv3.SequenceNode || len(n.items) != 2 || n.items[1].kind != yamlv3.SequenceNode {
		return "", false
	}
	delim, ok := cfnSubTemplate(n.items[0])
	if !ok {
		return "", false
	}
	parts := make([]string, 0, len(n.items[1].items))
	for _, p := range n.items[1].items {
		if ref := refTarget(p); ref != "" {
			parts = append(parts, "${"+ref+"}")
			continue
		}
		s, ok := cfnSubTemplate(p)
		if !ok {
			return "", false
		}
		parts = append(parts, strings.ReplaceAll(s, "${", "${!"))
	}
	return strings.Join(parts, delim), true
}

// cfnSubstitute replaces each ${X} of a Sub template by parameter X's
// Default; known is false when one has none. With resources, a pseudo
// parameter (${AWS::Region}) or a resource's ID or attribute stays as
// written, an opaque word (a script's values that cannot be kubelet
// flags); without, it makes the result unknown too. from names the
// parameters used.
func cfnSubstitute(s string, params, resources *node) (out, from string, known bool) {
	known = true
	var used []string
	out = cfnSubVar.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		if resources != nil {
			logical, _, _ := strings.Cut(name, ".")
			if strings.HasPrefix(name, "AWS::") || resources.get(logical) != nil {
				return m
			}
		}
		d := params.get(name).get("Default")
		if d == nil || d.kind != yamlv3.ScalarNode || isIntrinsicTag(d.tag) || d.unknown {
			known = false
			return m
		}
		used = append(used, name)
		return d.value
	})
	out = strings.ReplaceAll(out, "${!", "${")
	return out, strings.Join(used, ", "), known
}

// cfnASGPool maps one autoscaling group.
func (g *grouper) cfnASGPool(id string, r, props, resources, params *node, resolve resolver) *nodepool.Pool {
	v := func(keys ...string) *conv.Value { return val(props.path(keys...), resolve) }
	p := &nodepool.Pool{
		ID:       "AutoScalingGroup/" + id,
		Pos:      r.pos,
		Name:     g.strWith(props.get("AutoScalingGroupName"), resolve),
		Count:    conv.Int(v("DesiredCapacity")),
		MinCount: conv.Int(v("MinSize")),
		MaxCount: conv.Int(v("MaxSize")),
	}
	unknownAt := func(at nodepool.Pos, why string) {
		p.Labels = nodepool.UnknownBecause[[]nodepool.Label](at, why)
		p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](at, why)
	}
	var spec *node // the launch template or configuration named
	typesFromMI := false
	if mip := props.get("MixedInstancesPolicy"); mip != nil {
		lt := mip.get("LaunchTemplate")
		spec = lt.get("LaunchTemplateSpecification")
		if ov := lt.get("Overrides"); ov != nil {
			typesFromMI = true
			f := nodepool.Field[[]string]{Value: []string{}, Known: true, Set: true, Pos: ov.pos, Origin: nodepool.OriginLiteral}
			if ov.kind != yamlv3.SequenceNode || isLongIntrinsic(ov) {
				f.Known, f.Value, f.Origin = false, nil, nodepool.OriginExpression
			} else {
				for _, o := range ov.items {
					it := conv.Str(val(o.get("InstanceType"), resolve))
					switch {
					case o.kind != yamlv3.MappingNode || isLongIntrinsic(o) || o.get("InstanceRequirements") != nil:
						f.Known = false
					case it.Known:
						f.Value = append(f.Value, it.Value)
					case it.Set:
						f.Known = false
					}
				}
				if !f.Known {
					f.Value, f.Origin = nil, nodepool.OriginExpression
				}
			}
			if !f.Known {
				f.SetWhy("the instance type overrides cannot be resolved in the template (a condition, parameter or attribute-based choice)", ov.pos)
			}
			p.InstanceTypes = f
		}
		if d := mip.get("InstancesDistribution"); d != nil {
			base, pct := conv.Int(val(d.get("OnDemandBaseCapacity"), resolve)), conv.Int(val(d.get("OnDemandPercentageAboveBaseCapacity"), resolve))
			switch {
			case (base.Set && !base.Known) || (pct.Set && !pct.Known):
				p.Priority = nodepool.UnknownBecause[string](d.pos, "the On-Demand share cannot be resolved in the template")
			case pct.Set && pct.Value == 0 && base.Value == 0:
				p.Priority = nodepool.Field[string]{Value: nodepool.PrioritySpot, Known: true, Set: true, Pos: pct.Pos, Origin: pct.Origin, From: pct.From}
			case pct.Set && pct.Value == 100:
				p.Priority = nodepool.Field[string]{Value: nodepool.PriorityRegular, Known: true, Set: true, Pos: pct.Pos, Origin: pct.Origin, From: pct.From}
			case pct.Set:
				p.Priority = nodepool.UnknownBecause[string](d.pos, "part On-Demand, part Spot: one priority cannot describe the mix")
			}
		}
	} else if lt := props.get("LaunchTemplate"); lt != nil {
		spec = lt
	}
	var tmpl *node // the template's data, or the launch configuration's properties
	at := r.pos
	switch {
	case spec != nil:
		at = spec.pos
		ref := refTarget(spec.get("LaunchTemplateId"))
		if ref == "" {
			ref = refTarget(spec.get("LaunchTemplateName"))
		}
		if lt := resources.get(ref); lt.get("Type").str() == "AWS::EC2::LaunchTemplate" {
			tmpl = lt.path("Properties", "LaunchTemplateData")
		}
	case props.get("LaunchConfigurationName") != nil:
		lc := props.get("LaunchConfigurationName")
		at = lc.pos
		if res := resources.get(refTarget(lc)); res.get("Type").str() == "AWS::AutoScaling::LaunchConfiguration" {
			tmpl = res.get("Properties")
		}
	}
	if tmpl == nil {
		const why = "the launch template or configuration the group names is not in the template"
		if !typesFromMI {
			p.InstanceTypes = nodepool.UnknownBecause[[]string](at, why)
		}
		unknownAt(at, why)
		return p
	}
	if !typesFromMI {
		if it := g.strWith(tmpl.get("InstanceType"), resolve); it.Set {
			p.InstanceTypes = nodepool.OneOf(it)
			if !it.Known && p.InstanceTypes.Why == "" {
				p.InstanceTypes.Why = "the instance type cannot be resolved in the template"
			}
		} else if req := tmpl.get("InstanceRequirements"); req != nil {
			p.InstanceTypes = nodepool.UnknownBecause[[]string](req.pos, "instance types are chosen by attributes (InstanceRequirements) when instances launch")
		}
	}
	if !p.Priority.Set {
		if mt := g.strWith(tmpl.path("InstanceMarketOptions", "MarketType"), resolve); mt.Set {
			p.Priority = mt
			if mt.Known && strings.EqualFold(mt.Value, "spot") {
				p.Priority.Value = nodepool.PrioritySpot
			}
		} else if sp := g.strWith(tmpl.get("SpotPrice"), resolve); sp.Set {
			p.Priority = nodepool.Field[string]{Value: nodepool.PrioritySpot, Known: sp.Known, Set: true, Pos: sp.Pos, Origin: sp.Origin, From: sp.From}
		}
	}
	ud := tmpl.get("UserData")
	if ud == nil {
		return p // no bootstrap script: nothing sets labels or taints
	}
	script, ok := cfnUserData(ud)
	if !ok {
		unknownAt(ud.pos, "the user data is not a script poollint reads (Fn::Base64 of a string or Fn::Sub)")
		return p
	}
	script, from, known := cfnSubstitute(script, params, resources)
	if !known {
		unknownAt(ud.pos, "the user data refers to values without one in the template")
		return p
	}
	origin := nodepool.OriginLiteral
	if from != "" {
		origin = nodepool.OriginParamDflt
	}
	cfnKubeletFlags(p, script, ud.pos, origin, from)
	return p
}

// cfnUserData is the script of Fn::Base64 over a literal or a Sub.
func cfnUserData(n *node) (string, bool) {
	switch {
	case n.kind == yamlv3.ScalarNode && n.tag == "!Base64":
		return strings.ReplaceAll(n.value, "${", "${!"), true
	case n.kind == yamlv3.SequenceNode && n.tag == "!Base64" && len(n.items) == 1:
		return cfnText(n.items[0])
	case n.kind == yamlv3.MappingNode && n.tag == "!Base64":
		return cfnText(n)
	case isLongIntrinsic(n) && n.keys[0] == "Fn::Base64":
		return cfnText(n.vals[0])
	}
	return "", false
}

// cfnKubeletFlags reads --node-labels and --register-with-taints from a
// bootstrap script all of whose variables resolved. A flag given twice
// with different values (one per branch of the script), or labels and
// taints spelled another way, are unknown.
func cfnKubeletFlags(p *nodepool.Pool, s string, at nodepool.Pos, origin nodepool.Origin, from string) {
	flag := func(name string) (string, int) {
		first, found := "", 0
		for rest := s; ; {
			i := strings.Index(rest, name)
			if i < 0 {
				return first, found
			}
			rest = rest[i+len(name):]
			v := rest
			if end := strings.IndexAny(v, " \t\r\n'\"`]"); end >= 0 {
				v = v[:end]
			}
			if found == 0 {
				first = v
			} else if v != first {
				return "", 2
			}
			found = 1
		}
	}
	switch labels, n := flag("--node-labels="); {
	case n == 1:
		p.Labels = nodepool.Field[[]nodepool.Label]{Value: []nodepool.Label{}, Known: true, Set: true, Pos: at, Origin: origin, From: from}
		for _, kv := range strings.Split(labels, ",") {
			if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
				p.Labels.Value = append(p.Labels.Value, nodepool.Label{Key: k, Value: v, ValueKnown: true, Pos: at})
			}
		}
	case n == 2:
		p.Labels = nodepool.UnknownBecause[[]nodepool.Label](at, "--node-labels= is given twice with different values")
	case strings.Contains(s, "node-labels"):
		p.Labels = nodepool.UnknownBecause[[]nodepool.Label](at, "the user data sets node labels in a form poollint does not read (only --node-labels=)")
	}
	switch taints, n := flag("--register-with-taints="); {
	case n == 1:
		p.Taints = nodepool.Field[[]nodepool.Taint]{Value: []nodepool.Taint{}, Known: true, Set: true, Pos: at, Origin: origin, From: from}
		for _, t := range strings.Split(taints, ",") {
			if t != "" {
				p.Taints.Value = append(p.Taints.Value, nodepool.ParseTaint(t, at))
			}
		}
	case n == 2:
		p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](at, "--register-with-taints= is given twice with different values")
	case strings.Contains(s, "node-taints") || strings.Contains(s, "register-with-taints") || strings.Contains(s, "registerWithTaints"):
		p.Taints = nodepool.UnknownBecause[[]nodepool.Taint](at, "the user data sets node taints in a form poollint does not read (only --register-with-taints=)")
	}
}
