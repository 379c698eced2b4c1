package yaml

import (
	"github.com/poollint/poollint/parsers/internal/aks"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// literal reads a node as a plain value with no intrinsic resolution.
func literal(n *node) *conv.Value { return val(n, nil) }

// eksctl maps a ClusterConfig: managedNodeGroups and nodeGroups.
func (g *grouper) eksctl(n *node) {
	meta := n.get("metadata")
	name := meta.get("name").str()
	c := g.define("eksctl:"+name, nodepool.AWS, "eksctl", n.pos)
	c.Name = g.str(meta.get("name"))
	c.KubernetesVersion = g.str(meta.get("version"))
	byPath := map[string]*nodepool.Pool{}
	for _, list := range []string{"managedNodeGroups", "nodeGroups"} {
		groups := n.get(list)
		if groups == nil {
			continue
		}
		for i, ng := range groups.items {
			p := g.eksctlGroup(ng, list, i)
			eksctlChecks(p, ng, list, i, n)
			c.Pools = append(c.Pools, p)
			byPath[list+"["+strconv.Itoa(i)+"]"] = p
		}
	}
	eksctlCluster(n, byPath)
	eksctlTop(c, n)
	// eksctl's scheme registers eksctl.io/v1alpha5 alone: a file of any
	// other version is refused when loaded (no kind "ClusterConfig" is
	// registered for it), whatever it holds.
	if av := n.get("apiVersion"); len(c.Pools) > 0 {
		if s, ok := vstr(av); ok && s != "eksctl.io/v1alpha5" && !hasPlaceholder(s) {
			newVcheck(c.Pools[0], nodepool.ValidatorEksctl, "").reject(av, "apiVersion", "apiVersion %q is not one eksctl reads: its only version is eksctl.io/v1alpha5", s)
		}
	}
}

func (g *grouper) eksctlGroup(ng *node, list string, i int) *nodepool.Pool {
	name := ng.get("name").str()
	p := &nodepool.Pool{
		ID:            idFor(list, name, i),
		Pos:           ng.pos,
		Name:          g.str(ng.get("name")),
		Labels:        g.labels(ng.get("labels"), nil),
		Count:         g.integer(ng.get("desiredCapacity")),
		MinCount:      g.integer(ng.get("minSize")),
		MaxCount:      g.integer(ng.get("maxSize")),
		OSDiskSizeGB:  g.integer(ng.get("volumeSize")),
		MaxPods:       g.integer(ng.get("maxPodsPerNode")),
		Zones:         g.strs(ng.get("availabilityZones")),
		OSSKU:         g.str(ng.get("amiFamily")),
		InstanceTypes: g.strs(ng.get("instanceTypes")),
	}
	if it := ng.get("instanceType"); it != nil {
		p.InstanceTypes = g.one(it)
	}
	if spot := g.boolean(ng.get("spot")); spot.Set {
		p.Priority = nodepool.Field[string]{Value: nodepool.PriorityRegular, Known: spot.Known, Set: true, Pos: spot.Pos, Origin: spot.Origin, Why: spot.Why, WhyPos: spot.WhyPos}
		if spot.Value {
			p.Priority.Value = nodepool.PrioritySpot
		}
	}
	if dist := ng.get("instancesDistribution"); dist != nil { // unmanaged groups
		p.InstanceTypes = g.strs(dist.get("instanceTypes"))
		od := g.integer(dist.get("onDemandPercentageAboveBaseCapacity"))
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
	p.MaxUnavailable, p.UnavailableBoth = g.updateConfig(ng.get("updateConfig"))
	switch t := ng.get("taints"); {
	case t == nil:
	case t.kind == yamlv3.MappingNode: // map form: key: "value:Effect"
		p.Taints = nodepool.Field[[]nodepool.Taint]{Known: true, Set: true, Pos: t.pos, Origin: nodepool.OriginLiteral, Value: []nodepool.Taint{}}
		for i, k := range t.keys {
			if t.keyText[i] != k {
				g.errorf(t.keyPos[i], "taint key %s is %q to %s (YAML 1.1); quote it if you mean %q", t.keyText[i], k, g.cons, t.keyText[i])
			}
			v := g.str(t.vals[i])
			if v.Set && !v.Known {
				if p.Taints.Known {
					p.Taints.SetWhy(v.Why, v.WhyPos)
				}
				p.Taints.Known = false
				continue
			}
			p.Taints.Value = append(p.Taints.Value, nodepool.ParseTaint(k+"="+v.Value, t.keyPos[i]))
		}
	default:
		p.Taints = g.taints(t, nil, "key", "value", "effect")
	}
	return p
}

// updateConfig reads an EKS update config (eksctl, Cluster API AWS):
// maxUnavailable or maxUnavailablePercentage, exactly one. One with
// neither (updateConfig: {}) is rejected by both; it reads as a known
// empty setting at the update config, which the rules report.
func (g *grouper) updateConfig(uc *node) (nodepool.Field[string], nodepool.Field[bool]) {
	if uc == nil || uc.kind != yamlv3.MappingNode {
		return nodepool.Field[string]{}, nodepool.Field[bool]{}
	}
	count, percent := g.intValue(uc.get("maxUnavailable")), g.intValue(uc.get("maxUnavailablePercentage"))
	f, both := conv.MaxUnavailable(count, percent)
	if !f.Set && !uc.unknown {
		f = nodepool.Known("", uc.pos, nodepool.OriginLiteral)
	}
	return f, both
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
		Name:   g.str(meta.get("name")),
		Labels: g.labels(spec.path("template", "metadata", "labels"), nil),
		Taints: g.taints(tmpl.get("taints"), nil, "key", "value", "effect"),
	}
	k := &nodepool.Karpenter{
		StartupTaints:       g.taints(tmpl.get("startupTaints"), nil, "key", "value", "effect"),
		Weight:              g.integer(spec.get("weight")),
		Replicas:            g.integer(spec.get("replicas")),
		ConsolidationPolicy: g.str(spec.path("disruption", "consolidationPolicy")),
		ConsolidateAfter:    g.str(spec.path("disruption", "consolidateAfter")),
		ExpireAfter:         g.str(firstNode(tmpl.get("expireAfter"), spec.path("disruption", "expireAfter"))),
		NodeClassRef:        g.str(ref.get("name")),
	}
	if ref != nil {
		k.NodeClassKind = g.str(ref.get("kind"))
	}
	if lim := spec.get("limits"); lim != nil {
		k.Limits = conv.Labels(literal(lim))
	}
	if budgets := spec.path("disruption", "budgets"); budgets != nil {
		k.Budgets.Set, k.Budgets.Known, k.Budgets.Pos = true, budgets.kind == yamlv3.SequenceNode, budgets.pos
		for _, b := range budgets.items {
			g.mismatch(b.get("nodes"), "nodes") // "10%" or "0": a string
			reasons := g.strs(b.get("reasons"))
			k.Budgets.Value = append(k.Budgets.Value, nodepool.Budget{
				Nodes: b.get("nodes").str(), Schedule: b.get("schedule").str(), Duration: b.get("duration").str(),
				Reasons: reasons.Value, Pos: b.pos,
			})
			// A budget with a value known only at apply (${NODES}) makes
			// the list unknown: its raw text is no budget to judge.
			for _, f := range []nodepool.Field[string]{g.str(b.get("nodes")), g.str(b.get("schedule")), g.str(b.get("duration"))} {
				if f.Set && !f.Known && k.Budgets.Known {
					k.Budgets.Known = false
					k.Budgets.SetWhy(f.Why, f.Pos)
				}
			}
			if reasons.Set && !reasons.Known && k.Budgets.Known {
				k.Budgets.Known = false
				k.Budgets.SetWhy(reasons.Why, reasons.Pos)
			}
		}
	}
	if reqs := tmpl.get("requirements"); reqs != nil {
		for _, r := range reqs.items {
			values := g.strs(r.get("values"))
			req := nodepool.Requirement{Key: r.get("key").str(), Operator: r.get("operator").str(), Pos: r.pos, Values: values.Value}
			k.Requirements = append(k.Requirements, req)
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
	karpenterChecks(p, n)
	c.Pools = append(c.Pools, p)
}

// osName reads a kubernetes.io/os value ("linux") as the model's OS type
// ("Linux"); an empty value is set but unknown.
func osName(v string, at nodepool.Pos) nodepool.Field[string] {
	r, size := utf8.DecodeRuneInString(v)
	if v == "" || r == utf8.RuneError {
		return nodepool.Field[string]{Set: true, Pos: at, Origin: nodepool.OriginLiteral, Why: "the value is empty"}
	}
	return nodepool.Known(string(unicode.ToUpper(r))+v[size:], at, nodepool.OriginLiteral)
}

// capacityPriority reads karpenter.sh/capacity-type: spot only, on-demand
// only, or both (Mixed).
func capacityPriority(req nodepool.Requirement, values nodepool.Field[[]string]) nodepool.Field[string] {
	f := nodepool.Field[string]{Set: true, Pos: req.Pos, Origin: nodepool.OriginLiteral}
	if req.Operator != "In" {
		f.SetWhy("the requirement's operator is "+req.Operator+", not In", nodepool.Pos{})
		return f
	}
	if !values.Known {
		f.SetWhy(values.Why, values.WhyPos)
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
func (g *grouper) azurePool(props *node, id string, name *node, at nodepool.Pos) *nodepool.Pool {
	p := &nodepool.Pool{ID: id, Pos: at, Name: g.str(name)}
	aks.Pool[*node](yamlReader{g}, props, p)
	p.Schema, p.Settings = nodepool.SchemaAKS, settings(props, nil, true)
	return p
}

// taintStrings reads AKS-style "key=value:Effect" taint strings.
func (g *grouper) taintStrings(n *node) nodepool.Field[[]nodepool.Taint] {
	list := g.strs(n)
	f := nodepool.Field[[]nodepool.Taint]{Known: list.Known, Set: list.Set, Pos: list.Pos, Origin: list.Origin, From: list.From, Why: list.Why, WhyPos: list.WhyPos}
	if list.Value != nil {
		f.Value = []nodepool.Taint{}
	}
	for _, s := range list.Value {
		if s != "" { // an empty taint string is ignored by AKS
			f.Value = append(f.Value, nodepool.ParseTaint(s, n.pos))
		}
	}
	return f
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
		c.Name = g.str(firstNode(spec.get("azureName"), meta.get("name")))
		c.KubernetesVersion = g.str(spec.get("kubernetesVersion"))
		np := spec.get("networkProfile")
		c.LoadBalancerSKU = g.str(np.get("loadBalancerSku"))
		c.NetworkPlugin = g.str(np.get("networkPlugin"))
		c.NetworkPluginMode = g.str(np.get("networkPluginMode"))
		if profiles := spec.get("agentPoolProfiles"); profiles != nil {
			for i, pp := range profiles.items {
				p := g.azurePool(pp, idFor("ManagedCluster/"+name+"/agentPoolProfiles", pp.get("name").str(), i), pp.get("name"), pp.pos)
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
		p := g.azurePool(spec, "ManagedClustersAgentPool/"+name, firstNode(spec.get("azureName"), meta.get("name")), n.pos)
		c.Pools = append(c.Pools, p)
	}
}

// yamlReader reads YAML nodes for the AKS property table.
type yamlReader struct{ g *grouper }

func (yamlReader) Get(n *node, key string) *node                     { return n.get(key) }
func (r yamlReader) Str(n *node) nodepool.Field[string]              { return r.g.str(n) }
func (r yamlReader) Int(n *node) nodepool.Field[int64]               { return r.g.integer(n) }
func (yamlReader) Float(n *node) nodepool.Field[float64]             { return conv.Float(literal(n)) }
func (r yamlReader) Bool(n *node) nodepool.Field[bool]               { return r.g.boolean(n) }
func (r yamlReader) Strings(n *node) nodepool.Field[[]string]        { return r.g.strs(n) }
func (r yamlReader) Labels(n *node) nodepool.Field[[]nodepool.Label] { return r.g.labels(n, nil) }
func (r yamlReader) Taints(n *node) nodepool.Field[[]nodepool.Taint] { return r.g.taintStrings(n) }
