package yaml

import (
	"sort"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// machinePool is a Cluster API MachinePool: it gives the replica count and
// Kubernetes version of the infrastructure pool it references.
type machinePool struct {
	infraKey string // kind/namespace/name of the infrastructure pool
	cluster  string // group key of spec.clusterName
	replicas *node
	version  *node
}

// capiKey is the group of a Cluster API object: its cluster's name, from
// the cluster.x-k8s.io/cluster-name label or, for a MachinePool,
// spec.clusterName.
func capiKey(meta *node, clusterName string) string {
	return "capi:" + namespaced(meta, clusterName)
}

// clusterAPI maps Cluster API objects: AzureManagedControlPlane and
// AWSManagedControlPlane (the cluster), AzureManagedMachinePool and
// AWSManagedMachinePool (pools), and MachinePool (count and version).
func (g *grouper) clusterAPI(n *node, kind string) {
	meta, spec := n.get("metadata"), n.get("spec")
	name := meta.get("name").str()
	clusterName := meta.path("labels", "cluster.x-k8s.io/cluster-name").str()
	switch kind {
	case "AzureManagedControlPlane", "AWSManagedControlPlane":
		if clusterName == "" {
			clusterName = name
		}
		provider := nodepool.Azure
		if kind == "AWSManagedControlPlane" {
			provider = nodepool.AWS
		}
		key := capiKey(meta, clusterName)
		c := g.define(key, provider, "cluster-api", n.pos)
		c.LinkKey = key
		c.Name = conv.Str(literal(firstNode(meta.path("labels", "cluster.x-k8s.io/cluster-name"), meta.get("name"))))
		c.KubernetesVersion = conv.Str(literal(spec.get("version")))
		if provider == nodepool.Azure {
			c.LoadBalancerSKU = conv.Str(literal(spec.get("loadBalancerSKU")))
			c.NetworkPlugin = conv.Str(literal(spec.get("networkPlugin")))
			c.NetworkPluginMode = conv.Str(literal(spec.get("networkPluginMode")))
		}
	case "AzureManagedMachinePool":
		key := capiKey(meta, clusterName)
		c := g.cluster(key, nodepool.Azure, "cluster-api", n.pos)
		c.LinkKey = key
		p := &nodepool.Pool{
			ID:           "AzureManagedMachinePool/" + name,
			Pos:          n.pos,
			Name:         conv.Str(literal(firstNode(spec.get("name"), meta.get("name")))),
			Mode:         conv.Str(literal(spec.get("mode"))),
			VMSize:       conv.Str(literal(spec.get("sku"))),
			OSType:       conv.Str(literal(spec.get("osType"))),
			OSDiskType:   conv.Str(literal(spec.get("osDiskType"))),
			OSDiskSizeGB: conv.Int(literal(spec.get("osDiskSizeGB"))),
			Priority:     conv.Str(literal(spec.get("scaleSetPriority"))),
			SpotMaxPrice: conv.Float(literal(spec.get("spotMaxPrice"))),
			Labels:       conv.Labels(literal(spec.get("nodeLabels"))),
			Taints:       taintList(spec.get("taints"), nil, "key", "value", "effect"),
			Zones:        conv.Strings(literal(spec.get("availabilityZones"))),
			MaxPods:      conv.Int(literal(spec.get("maxPods"))),
			MinCount:     conv.Int(literal(spec.path("scaling", "minSize"))),
			MaxCount:     conv.Int(literal(spec.path("scaling", "maxSize"))),
		}
		if spec.get("scaling") != nil {
			p.AutoScaling = nodepool.Known(true, spec.get("scaling").pos, nodepool.OriginLiteral)
		}
		c.Pools = append(c.Pools, p)
		g.infra["AzureManagedMachinePool/"+namespaced(meta, name)] = p
	case "AWSManagedMachinePool":
		key := capiKey(meta, clusterName)
		c := g.cluster(key, nodepool.AWS, "cluster-api", n.pos)
		c.LinkKey = key
		p := &nodepool.Pool{
			ID:            "AWSManagedMachinePool/" + name,
			Pos:           n.pos,
			Name:          conv.Str(literal(firstNode(spec.get("eksNodegroupName"), meta.get("name")))),
			Labels:        conv.Labels(literal(spec.get("labels"))),
			Taints:        taintList(spec.get("taints"), nil, "key", "value", "effect"),
			OSSKU:         conv.Str(literal(spec.get("amiType"))),
			OSDiskSizeGB:  conv.Int(literal(spec.get("diskSize"))),
			MinCount:      conv.Int(literal(spec.path("scaling", "minSize"))),
			MaxCount:      conv.Int(literal(spec.path("scaling", "maxSize"))),
			InstanceTypes: conv.Strings(literal(spec.get("instanceTypes"))),
		}
		if it := spec.get("instanceType"); it != nil {
			one := literal(it)
			one.V = []any{one.V}
			p.InstanceTypes = conv.Strings(one)
		}
		if ct := conv.Str(literal(spec.get("capacityType"))); ct.Set {
			p.Priority = ct
			if ct.Known {
				p.Priority.Value = map[string]string{"spot": nodepool.PrioritySpot, "onDemand": nodepool.PriorityRegular}[ct.Value]
				if p.Priority.Value == "" {
					p.Priority.Value = ct.Value
				}
			}
		}
		if uc := spec.get("updateConfig"); uc != nil {
			p.MaxUnavailable, p.UnavailableBoth = conv.MaxUnavailable(literal(uc.get("maxUnavailable")), literal(uc.get("maxUnavailablePercentage")))
		}
		c.Pools = append(c.Pools, p)
		g.infra["AWSManagedMachinePool/"+namespaced(meta, name)] = p
	case "MachinePool":
		ref := spec.path("template", "spec", "infrastructureRef")
		mp := &machinePool{
			infraKey: ref.get("kind").str() + "/" + namespaced(meta, ref.get("name").str()),
			replicas: spec.get("replicas"),
			version:  spec.path("template", "spec", "version"),
		}
		if cn := spec.get("clusterName").str(); cn != "" {
			mp.cluster = capiKey(meta, cn)
		}
		g.machines = append(g.machines, mp)
	case "Cluster":
		// controlPlaneRef names the control plane; when that name is not the
		// cluster's, the control plane's group joins the cluster's.
		if cp := spec.path("controlPlaneRef", "name").str(); cp != "" && cp != name {
			g.aliases[capiKey(meta, cp)] = capiKey(meta, name)
		}
		g.names[capiKey(meta, name)] = conv.Str(literal(meta.get("name")))
	}
}

// applyMachinePools gives pools the count and version of the MachinePool
// that references them (in the same file).
func (g *grouper) applyMachinePools() {
	for _, m := range g.machines {
		p := g.infra[m.infraKey]
		if p == nil {
			continue
		}
		if m.cluster != "" {
			g.movePool(p, m.cluster)
		}
		if m.replicas != nil {
			p.Count = conv.Int(literal(m.replicas))
		}
		if m.version != nil {
			p.OrchestratorVersion = conv.Str(literal(m.version))
		}
	}
}

// movePool moves a pool into the group named key, when it is not there yet.
func (g *grouper) movePool(p *nodepool.Pool, key string) {
	for _, k := range g.order {
		c := g.byKey[k]
		if c == nil {
			continue // merged into another group by applyAliases
		}
		for i, q := range c.Pools {
			if q != p {
				continue
			}
			if k == key {
				return
			}
			c.Pools = append(c.Pools[:i], c.Pools[i+1:]...)
			dst := g.cluster(key, c.Provider, c.Format, c.Pos)
			dst.LinkKey = key
			dst.Pools = append(dst.Pools, p)
			return
		}
	}
}

// applyAliases merges each aliased group into the group it names.
func (g *grouper) applyAliases() {
	froms := make([]string, 0, len(g.aliases))
	for from := range g.aliases {
		froms = append(froms, from)
	}
	sort.Strings(froms) // map order would make the result vary between runs
	for _, from := range froms {
		to := g.aliases[from]
		src := g.byKey[from]
		if from == to {
			continue
		}
		if src == nil {
			continue
		}
		dst := g.cluster(to, src.Provider, src.Format, src.Pos)
		dst.LinkKey = to
		if !src.Partial {
			pools := append(dst.Pools, src.Pools...)
			*dst = *src
			dst.ID, dst.LinkKey, dst.Pools = to, to, pools
		} else {
			dst.Pools = append(dst.Pools, src.Pools...)
		}
		delete(g.byKey, from)
	}
	for key, name := range g.names { // the Cluster object names its cluster
		if c := g.byKey[key]; c != nil {
			c.Name = name
		}
	}
}
