package yaml

import (
	"strings"
	"unicode"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// literal reads a node as a plain value with no intrinsic resolution.
func literal(n *node) *conv.Value { return val(n, nil) }

// taintList reads [{key, value, effect}] with the given key spellings.
func taintList(n *node, r resolver, key, value, effect string) nodepool.Field[[]nodepool.Taint] {
	if n == nil {
		return nodepool.Field[[]nodepool.Taint]{}
	}
	f := nodepool.Field[[]nodepool.Taint]{Set: true, Pos: n.pos, Origin: nodepool.OriginLiteral}
	if n.kind != yamlv3.SequenceNode {
		return f
	}
	f.Known, f.Value = true, []nodepool.Taint{}
	for _, t := range n.items {
		k, v, e := conv.Str(val(t.get(key), r)), conv.Str(val(t.get(value), r)), conv.Str(val(t.get(effect), r))
		if !k.Known || !e.Known || (v.Set && !v.Known) {
			f.Known = false
			continue
		}
		f.Value = append(f.Value, nodepool.Taint{Key: k.Value, Value: v.Value, Effect: e.Value, Pos: t.pos})
	}
	return f
}

// eksctl maps a ClusterConfig: managedNodeGroups and nodeGroups.
func (g *grouper) eksctl(n *node) {
	meta := n.get("metadata")
	name := meta.get("name").str()
	c := g.define("eksctl:"+name, nodepool.AWS, "eksctl", n.pos)
	c.Name = conv.Str(literal(meta.get("name")))
	c.KubernetesVersion = conv.Str(literal(meta.get("version")))
	for _, list := range []string{"managedNodeGroups", "nodeGroups"} {
		groups := n.get(list)
		if groups == nil {
			continue
		}
		for i, ng := range groups.items {
			c.Pools = append(c.Pools, eksctlGroup(ng, list, i))
		}
	}
}

func eksctlGroup(ng *node, list string, i int) *nodepool.Pool {
	name := ng.get("name").str()
	p := &nodepool.Pool{
		ID:            idFor(list, name, i),
		Pos:           ng.pos,
		Name:          conv.Str(literal(ng.get("name"))),
		Labels:        conv.Labels(literal(ng.get("labels"))),
		Count:         conv.Int(literal(ng.get("desiredCapacity"))),
		MinCount:      conv.Int(literal(ng.get("minSize"))),
		MaxCount:      conv.Int(literal(ng.get("maxSize"))),
		OSDiskSizeGB:  conv.Int(literal(ng.get("volumeSize"))),
		MaxPods:       conv.Int(literal(ng.get("maxPodsPerNode"))),
		Zones:         conv.Strings(literal(ng.get("availabilityZones"))),
		OSSKU:         conv.Str(literal(ng.get("amiFamily"))),
		InstanceTypes: conv.Strings(literal(ng.get("instanceTypes"))),
	}
	if it := ng.get("instanceType"); it != nil {
		one := literal(it)
		one.V = []any{one.V}
		p.InstanceTypes = conv.Strings(one)
	}
	if spot := conv.Bool(literal(ng.get("spot"))); spot.Set {
		p.Priority = nodepool.Field[string]{Value: nodepool.PriorityRegular, Known: spot.Known, Set: true, Pos: spot.Pos, Origin: spot.Origin}
		if spot.Value {
			p.Priority.Value = nodepool.PrioritySpot
		}
	}
	if dist := ng.get("instancesDistribution"); dist != nil { // unmanaged groups
		p.InstanceTypes = conv.Strings(literal(dist.get("instanceTypes")))
		od := conv.Int(literal(dist.get("onDemandPercentageAboveBaseCapacity")))
		if od.Known {
			p.Priority = nodepool.Field[string]{Value: nodepool.PriorityMixed, Known: true, Set: true, Pos: od.Pos}
			switch od.Value {
			case 0:
				p.Priority.Value = nodepool.PrioritySpot
			case 100:
				p.Priority.Value = nodepool.PriorityRegular
			}
		}
	}
	if uc := ng.get("updateConfig"); uc != nil {
		p.MaxUnavailable, p.UnavailableBoth = conv.MaxUnavailable(literal(uc.get("maxUnavailable")), literal(uc.get("maxUnavailablePercentage")))
	}
	switch t := ng.get("taints"); {
	case t == nil:
	case t.kind == yamlv3.MappingNode: // map form: key: "value:Effect"
		p.Taints = nodepool.Field[[]nodepool.Taint]{Known: true, Set: true, Pos: t.pos, Origin: nodepool.OriginLiteral, Value: []nodepool.Taint{}}
		for i, k := range t.keys {
			tp := nodepool.ParseTaint(k+"="+t.vals[i].str(), t.keyPos[i])
			p.Taints.Value = append(p.Taints.Value, tp)
		}
	default:
		p.Taints = taintList(t, nil, "key", "value", "effect")
	}
	return p
}

// karpenter maps a NodePool (karpenter.sh v1 and v1beta1). The cluster it
// runs in is not named in the manifest: the NodePools of a file form one
// partial cluster.
func (g *grouper) karpenter(n *node) {
	meta, spec := n.get("metadata"), n.get("spec")
	tmpl := spec.path("template", "spec")
	ref := tmpl.get("nodeClassRef")
	provider := nodepool.Provider("")
	switch group, kind := ref.get("group").str(), ref.get("kind").str(); {
	case strings.Contains(group, "azure") || kind == "AKSNodeClass":
		provider = nodepool.Azure
	case strings.Contains(group, "aws") || strings.Contains(group, "amazonaws") || kind == "EC2NodeClass" || kind == "NodeClass":
		provider = nodepool.AWS
	}
	// The NodePools of a file for one cloud form a group; its ID stands for
	// the cluster's name in messages.
	group := "karpenter"
	if provider != "" {
		group += "-" + string(provider)
	}
	c := g.cluster(group, provider, "karpenter", n.pos)
	name := meta.get("name").str()
	p := &nodepool.Pool{
		ID:     "NodePool/" + name,
		Pos:    n.pos,
		Name:   conv.Str(literal(meta.get("name"))),
		Labels: conv.Labels(literal(spec.path("template", "metadata", "labels"))),
		Taints: taintList(tmpl.get("taints"), nil, "key", "value", "effect"),
	}
	k := &nodepool.Karpenter{
		StartupTaints:       taintList(tmpl.get("startupTaints"), nil, "key", "value", "effect"),
		Weight:              conv.Int(literal(spec.get("weight"))),
		ConsolidationPolicy: conv.Str(literal(spec.path("disruption", "consolidationPolicy"))),
		ConsolidateAfter:    conv.Str(literal(spec.path("disruption", "consolidateAfter"))),
		ExpireAfter:         conv.Str(literal(firstNode(tmpl.get("expireAfter"), spec.path("disruption", "expireAfter")))),
		NodeClassRef:        conv.Str(literal(ref.get("name"))),
	}
	if ref != nil {
		k.NodeClassKind = conv.Str(literal(ref.get("kind")))
	}
	if lim := spec.get("limits"); lim != nil {
		k.Limits = conv.Labels(literal(lim))
	}
	if budgets := spec.path("disruption", "budgets"); budgets != nil {
		k.Budgets.Set, k.Budgets.Known, k.Budgets.Pos = true, budgets.kind == yamlv3.SequenceNode, budgets.pos
		for _, b := range budgets.items {
			k.Budgets.Value = append(k.Budgets.Value, nodepool.Budget{
				Nodes: b.get("nodes").str(), Schedule: b.get("schedule").str(), Duration: b.get("duration").str(),
				Reasons: conv.Strings(literal(b.get("reasons"))).Value, Pos: b.pos,
			})
		}
	}
	if reqs := tmpl.get("requirements"); reqs != nil {
		for _, r := range reqs.items {
			req := nodepool.Requirement{Key: r.get("key").str(), Operator: r.get("operator").str(), Pos: r.pos,
				Values: conv.Strings(literal(r.get("values"))).Value}
			k.Requirements = append(k.Requirements, req)
			values := conv.Strings(literal(r.get("values")))
			switch req.Key {
			case "karpenter.sh/capacity-type":
				p.Priority = capacityPriority(req, values)
			case "node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type":
				if req.Operator == "In" {
					p.InstanceTypes = values
				}
			case "kubernetes.io/os":
				if req.Operator == "In" && values.Known && len(values.Value) == 1 {
					p.OSType = osName(values.Value[0], r.pos)
				}
			}
		}
	}
	p.Karpenter = k
	c.Pools = append(c.Pools, p)
}

// osName reads a kubernetes.io/os value ("linux") as the model's OS type
// ("Linux"); an empty value is set but unknown.
func osName(v string, at nodepool.Pos) nodepool.Field[string] {
	r, size := utf8.DecodeRuneInString(v)
	if v == "" || r == utf8.RuneError {
		return nodepool.Field[string]{Set: true, Pos: at, Origin: nodepool.OriginLiteral}
	}
	return nodepool.Known(string(unicode.ToUpper(r))+v[size:], at, nodepool.OriginLiteral)
}

// capacityPriority reads karpenter.sh/capacity-type: spot only, on-demand
// only, or both (Mixed).
func capacityPriority(req nodepool.Requirement, values nodepool.Field[[]string]) nodepool.Field[string] {
	f := nodepool.Field[string]{Set: true, Pos: req.Pos, Origin: nodepool.OriginLiteral}
	if req.Operator != "In" || !values.Known {
		return f
	}
	spot, onDemand := false, false
	for _, v := range values.Value {
		switch v {
		case "spot":
			spot = true
		case "on-demand", "reserved":
			onDemand = true
		}
	}
	f.Known = true
	switch {
	case spot && onDemand:
		f.Value = nodepool.PriorityMixed
	case spot:
		f.Value = nodepool.PrioritySpot
	default:
		f.Value = nodepool.PriorityRegular
	}
	return f
}

func firstNode(ns ...*node) *node {
	for _, n := range ns {
		if n != nil {
			return n
		}
	}
	return nil
}

// azurePool reads the ARM-style camelCase agent pool properties that ASO
// (and ARM) use.
func azurePool(props *node, id string, name *node, at nodepool.Pos) *nodepool.Pool {
	p := &nodepool.Pool{
		ID:                  id,
		Pos:                 at,
		Name:                conv.Str(literal(name)),
		Mode:                conv.Str(literal(props.get("mode"))),
		VMSize:              conv.Str(literal(props.get("vmSize"))),
		OSType:              conv.Str(literal(props.get("osType"))),
		OSSKU:               conv.Str(literal(props.get("osSKU"))),
		Count:               conv.Int(literal(props.get("count"))),
		MinCount:            conv.Int(literal(props.get("minCount"))),
		MaxCount:            conv.Int(literal(props.get("maxCount"))),
		AutoScaling:         conv.Bool(literal(props.get("enableAutoScaling"))),
		Priority:            conv.Str(literal(props.get("scaleSetPriority"))),
		EvictionPolicy:      conv.Str(literal(props.get("scaleSetEvictionPolicy"))),
		SpotMaxPrice:        conv.Float(literal(props.get("spotMaxPrice"))),
		OSDiskType:          conv.Str(literal(props.get("osDiskType"))),
		OSDiskSizeGB:        conv.Int(literal(props.get("osDiskSizeGB"))),
		Labels:              conv.Labels(literal(props.get("nodeLabels"))),
		Taints:              conv.TaintStrings(literal(props.get("nodeTaints"))),
		Zones:               conv.Strings(literal(props.get("availabilityZones"))),
		MaxPods:             conv.Int(literal(props.get("maxPods"))),
		OrchestratorVersion: conv.Str(literal(props.get("orchestratorVersion"))),
		VMSetType:           conv.Str(literal(props.get("type"))),
		VnetSubnetID:        conv.Str(literal(firstNode(props.path("vnetSubnetReference", "armId"), props.get("vnetSubnetID")))),
		PodSubnetID:         conv.Str(literal(firstNode(props.path("podSubnetReference", "armId"), props.get("podSubnetID")))),
	}
	if up := props.get("upgradeSettings"); up != nil {
		p.MaxSurge = conv.Str(literal(up.get("maxSurge")))
		p.MaxUnavailable = conv.Str(literal(up.get("maxUnavailable")))
	}
	return p
}

// aso maps Azure Service Operator v2 resources; agent pools join their
// ManagedCluster through spec.owner.name, also across files.
func (g *grouper) aso(n *node, kind string) {
	meta, spec := n.get("metadata"), n.get("spec")
	name := meta.get("name").str()
	switch kind {
	case "ManagedCluster":
		key := "aso:" + namespaced(meta, name)
		c := g.define(key, nodepool.Azure, "aso", n.pos)
		c.LinkKey = key
		c.Name = conv.Str(literal(firstNode(spec.get("azureName"), meta.get("name"))))
		c.KubernetesVersion = conv.Str(literal(spec.get("kubernetesVersion")))
		np := spec.get("networkProfile")
		c.LoadBalancerSKU = conv.Str(literal(np.get("loadBalancerSku")))
		c.NetworkPlugin = conv.Str(literal(np.get("networkPlugin")))
		c.NetworkPluginMode = conv.Str(literal(np.get("networkPluginMode")))
		if profiles := spec.get("agentPoolProfiles"); profiles != nil {
			for i, pp := range profiles.items {
				p := azurePool(pp, idFor("ManagedCluster/"+name+"/agentPoolProfiles", pp.get("name").str(), i), pp.get("name"), pp.pos)
				p.Default = i == 0
				c.Pools = append(c.Pools, p)
			}
		}
	case "ManagedClustersAgentPool":
		owner := spec.path("owner", "name").str()
		key := "aso:" + namespaced(meta, owner)
		c := g.cluster(key, nodepool.Azure, "aso", n.pos)
		c.LinkKey = key
		if c.Partial && owner != "" {
			c.Name = nodepool.Known(owner, spec.path("owner", "name").pos, nodepool.OriginLiteral)
		}
		p := azurePool(spec, "ManagedClustersAgentPool/"+name, firstNode(spec.get("azureName"), meta.get("name")), n.pos)
		c.Pools = append(c.Pools, p)
	}
}
