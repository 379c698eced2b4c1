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
	replicas *nodepool.Field[int64]
	version  *nodepool.Field[string]
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
		c.Name = g.str(firstNode(meta.path("labels", "cluster.x-k8s.io/cluster-name"), meta.get("name")))
		c.KubernetesVersion = g.str(spec.get("version"))
		if provider == nodepool.Azure {
			c.LoadBalancerSKU = g.str(spec.get("loadBalancerSKU"))
			c.NetworkPlugin = g.str(spec.get("networkPlugin"))
			c.NetworkPluginMode = g.str(spec.get("networkPluginMode"))
		}
	case "AzureManagedMachinePool":
		key := capiKey(meta, clusterName)
		c := g.cluster(key, nodepool.Azure, "cluster-api", n.pos)
		c.LinkKey = key
		p := &nodepool.Pool{
			ID:           "AzureManagedMachinePool/" + name,
			Pos:          n.pos,
			Name:         g.str(firstNode(spec.get("name"), meta.get("name"))),
			Mode:         g.str(spec.get("mode")),
			VMSize:       g.str(spec.get("sku")),
			OSType:       g.str(spec.get("osType")),
			OSDiskType:   g.str(spec.get("osDiskType")),
			OSDiskSizeGB: g.integer(spec.get("osDiskSizeGB")),
			Priority:     g.str(spec.get("scaleSetPriority")),
			SpotMaxPrice: conv.Float(literal(spec.get("spotMaxPrice"))), // a resource.Quantity: number or string
			Labels:       g.labels(spec.get("nodeLabels"), nil),
			Taints:       g.taints(spec.get("taints"), nil, "key", "value", "effect"),
			Zones:        g.strs(spec.get("availabilityZones")),
			MaxPods:      g.integer(spec.get("maxPods")),
			MinCount:     g.integer(spec.path("scaling", "minSize")),
			MaxCount:     g.integer(spec.path("scaling", "maxSize")),
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
			Name:          g.str(firstNode(spec.get("eksNodegroupName"), meta.get("name"))),
			Labels:        g.labels(spec.get("labels"), nil),
			Taints:        g.taints(spec.get("taints"), nil, "key", "value", "effect"),
			OSSKU:         g.str(spec.get("amiType")),
			OSDiskSizeGB:  g.integer(spec.get("diskSize")),
			MinCount:      g.integer(spec.path("scaling", "minSize")),
			MaxCount:      g.integer(spec.path("scaling", "maxSize")),
			InstanceTypes: g.strs(spec.get("instanceTypes")),
		}
		if it := spec.get("instanceType"); it != nil {
			p.InstanceTypes = g.one(it)
		}
		if ct := g.str(spec.get("capacityType")); ct.Set {
			p.Priority = ct
			if ct.Known {
				p.Priority.Value = map[string]string{"spot": nodepool.PrioritySpot, "onDemand": nodepool.PriorityRegular}[ct.Value]
				if p.Priority.Value == "" {
					p.Priority.Value = ct.Value
				}
			}
		}
		p.MaxUnavailable, p.UnavailableBoth = g.updateConfig(spec.get("updateConfig"))
		c.Pools = append(c.Pools, p)
		g.infra["AWSManagedMachinePool/"+namespaced(meta, name)] = p
	case "MachinePool":
		ref := spec.path("template", "spec", "infrastructureRef")
		mp := &machinePool{infraKey: ref.get("kind").str() + "/" + namespaced(meta, ref.get("name").str())}
		if r := spec.get("replicas"); r != nil {
			f := g.integer(r)
			mp.replicas = &f
		}
		if v := spec.path("template", "spec", "version"); v != nil {
			f := g.str(v)
			mp.version = &f
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
		g.names[capiKey(meta, name)] = g.str(meta.get("name"))
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
			p.Count = *m.replicas
		}
		if m.version != nil {
			p.OrchestratorVersion = *m.version
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
