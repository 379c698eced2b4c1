package yaml

import (
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// Autoscaler annotations of the cluster autoscaler's Cluster API provider.
const (
	annotationMinSize = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"
	annotationMaxSize = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"
	labelClusterName  = "cluster.x-k8s.io/cluster-name"
)

// capiResolver turns a file's Cluster API documents into clusters and
// pools (see the comment at the top of capi.go).
type capiResolver struct {
	g   *grouper
	own *capiFile
	in  *parsers.Input
	// ownRefs are the references of the file's own documents.
	ownRefs []capiRef
	dir     *capiDir
	loaded  bool
	// names are the Cluster objects of the file: the name of their group.
	names []*capiDoc
	noted map[string]bool
	// classChecked are the worker classes whose ClusterClass checks ran.
	classChecked map[string]bool
	classLists   map[*node]*capiListIndex
}

// resolveCAPI builds the clusters and pools of the file's Cluster API
// documents.
func (g *grouper) resolveCAPI() {
	if len(g.capi.docs) == 0 {
		return
	}
	r := &capiResolver{g: g, own: &g.capi, in: g.in, noted: map[string]bool{}}
	for _, d := range g.capi.docs {
		r.ownRefs = append(r.ownRefs, refsOf(d)...)
	}
	for _, d := range g.capi.docs {
		if err := r.in.Context().Err(); err != nil {
			return
		}
		g.cons = kubectl
		switch d.info.role {
		case roleControlPlane:
			r.controlPlane(d)
		case roleCluster:
			r.names = append(r.names, d)
			if d.spec.get("topology") != nil {
				r.topology(d)
			}
		case roleInfraPool:
			r.infraPool(d)
		case roleMachinePool:
			r.machinePool(d)
		case roleMachineDeployment:
			r.machineDeployment(d)
		case roleClusterClass:
			r.clusterClass(d)
		case rolePoolTemplate:
			r.poolTemplate(d)
		}
	}
	for _, d := range r.names { // the Cluster object names its cluster
		key := g.groupKey(d.ns, d.name)
		if c := g.byKey[key]; c != nil {
			c.Name = g.str(d.meta.get("name"))
		}
	}
}

// directory is the index of the file's directory, read on first need.
func (r *capiResolver) directory() *capiDir {
	if !r.loaded {
		r.loaded = true
		r.dir = loadCapiDir(r.in)
	}
	return r.dir
}

// find returns the object a reference names: in the file, else in the one
// other file of the directory it reaches.
func (r *capiResolver) find(ref capiRef) *capiDoc {
	if d := r.own.byKey[ref.key()]; d != nil {
		return d
	}
	var found []*capiDoc
	for _, f := range r.directory().others(r.own.path) {
		if d := f.byKey[ref.key()]; d != nil && r.dir.reaches(r.own.path, f.path, ref.name) {
			found = append(found, d)
		}
	}
	if len(found) > 1 {
		if ref.at != nil && !r.noted[ref.key()] {
			r.noted[ref.key()] = true
			r.g.note(ref.at.pos, "%s %q is declared in %s and in %s: the reference is left unresolved", ref.kind, ref.name, found[0].file, found[1].file)
		}
		return nil
	}
	if len(found) == 1 {
		return found[0]
	}
	return nil
}

// referrers returns the references to d from documents of a role: those
// of the file, else those of the directory's other files that the file
// itself does not resolve.
func (r *capiResolver) referrers(d *capiDoc, role capiRole) []capiRef {
	var out []capiRef
	for _, ref := range r.ownRefs {
		if ref.from.info.role == role && ref.key() == d.key() {
			out = append(out, ref)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, f := range r.directory().others(r.own.path) {
		for _, ref := range f.out {
			if ref.from.info.role == role && ref.key() == d.key() && r.dir.reaches(f.path, r.own.path, d.name) {
				out = append(out, ref)
			}
		}
	}
	return out
}

// group returns the group of the cluster named name (at nameNode, for a
// partial group's name).
func (r *capiResolver) group(ns, name string, nameNode *node, provider nodepool.Provider, at nodepool.Pos) *nodepool.Cluster {
	c := r.g.cluster(r.g.groupKey(ns, name), provider, "cluster-api", at)
	r.setLink(c, ns, name)
	if !c.Name.Set && nameNode != nil && name != "" {
		c.Name = r.g.str(nameNode)
	}
	return c
}

// clusterLabel names the cluster of an object: its
// cluster.x-k8s.io/cluster-name label, else its owner reference to a
// Cluster (manifests exported from a management cluster).
func clusterLabel(d *capiDoc) *node {
	if l := d.meta.path("labels", labelClusterName); l.str() != "" {
		return l
	}
	if o := owner(d, "Cluster"); o != nil {
		return o.get("name")
	}
	return nil
}

// owner returns an object's owner reference to a Cluster API object of a
// kind, or nil.
func owner(d *capiDoc, kind string) *node {
	for _, o := range itemsOf(d.meta.get("ownerReferences")) {
		group, _, _ := strings.Cut(o.get("apiVersion").str(), "/")
		if o.get("kind").str() == kind && strings.HasSuffix(group, "cluster.x-k8s.io") && o.get("name").str() != "" {
			return o
		}
	}
	return nil
}

// controlPlane defines a cluster from its control plane: named after the
// Cluster whose controlPlaneRef names it, else its cluster-name label,
// else itself.
func (r *capiResolver) controlPlane(d *capiDoc) {
	g := r.g
	ns, nameNode := d.ns, d.meta.get("name")
	if l := clusterLabel(d); l != nil {
		nameNode = l
	}
	if refs := r.referrers(d, roleCluster); len(refs) > 0 {
		ns, nameNode = refs[0].from.ns, refs[0].from.meta.get("name")
	}
	c := g.define(g.groupKey(ns, nameNode.str()), d.info.platform, "cluster-api", d.n.pos)
	if d.info.platform != "" {
		c.Provider = d.info.platform
	}
	r.setLink(c, ns, nameNode.str())
	c.Name = g.str(nameNode)
	spec := d.spec
	switch d.kind {
	case "AzureManagedControlPlane":
		c.KubernetesVersion = g.str(spec.get("version"))
		c.LoadBalancerSKU = g.str(spec.get("loadBalancerSKU"))
		c.NetworkPlugin = g.str(spec.get("networkPlugin"))
		c.NetworkPluginMode = g.str(spec.get("networkPluginMode"))
	case "AzureASOManagedControlPlane":
		mc := embedded(spec, "ManagedCluster")
		if mc == nil {
			g.note(d.n.pos, "AzureASOManagedControlPlane %q has no containerservice.azure.com ManagedCluster in spec.resources, which CAPZ requires", d.name)
		}
		mcSpec := mc.get("spec")
		c.KubernetesVersion = g.str(firstNode(spec.get("version"), mcSpec.get("kubernetesVersion")))
		np := mcSpec.get("networkProfile")
		c.LoadBalancerSKU = g.str(np.get("loadBalancerSku"))
		c.NetworkPlugin = g.str(np.get("networkPlugin"))
		c.NetworkPluginMode = g.str(np.get("networkPluginMode"))
		if app := mcSpec.get("agentPoolProfiles"); app != nil && app.tag != "!!null" {
			g.note(app.pos, "agentPoolProfiles of the ManagedCluster of an AzureASOManagedControlPlane are not read: CAPZ rejects them and takes the pools from AzureASOManagedMachinePools")
		}
	case "AWSManagedControlPlane", "KubeadmControlPlane":
		c.KubernetesVersion = g.str(spec.get("version"))
	case "ROSAControlPlane":
		// spec.version is an OpenShift version, not a Kubernetes one.
	}
}

// embedded returns the first ASO resource of a kind in an object's
// spec.resources (CAPZ's ASO-based kinds).
func embedded(spec *node, kind string) *node {
	for _, res := range itemsOf(spec.get("resources")) {
		group, _, _ := strings.Cut(res.get("apiVersion").str(), "/")
		if group == "containerservice.azure.com" && res.get("kind").str() == kind {
			return res
		}
	}
	return nil
}

// itemsOf is a sequence's items, nil for anything else.
func itemsOf(n *node) []*node {
	if n == nil || n.kind != yamlv3.SequenceNode {
		return nil
	}
	return n.items
}

// present reports a node that is there and not null.
func present(n *node) bool { return n != nil && n.tag != "!!null" }

// infraPool reads an infrastructure machine pool, with the MachinePool
// that references it.
func (r *capiResolver) infraPool(d *capiDoc) {
	p := &nodepool.Pool{ID: d.kind + "/" + d.name, Pos: d.n.pos}
	r.readPool(p, d.kind, d.spec, d.meta)
	platform := d.info.platform
	ns, nameNode := d.ns, clusterLabel(d)
	var mp *capiDoc
	if refs := r.referrers(d, roleMachinePool); len(refs) > 0 {
		mp = refs[0].from
	} else if o := owner(d, "MachinePool"); o != nil {
		mp = r.find(capiRef{kind: "MachinePool", ns: d.ns, name: o.get("name").str(), at: o, from: d})
	}
	if mp != nil {
		if cn := mp.spec.get("clusterName"); cn.str() != "" {
			ns, nameNode = mp.ns, cn
		} else if nameNode == nil {
			ns, nameNode = mp.ns, clusterLabel(mp)
		}
		if bp := r.overlay(p, mp, platform == ""); platform == "" {
			platform = bp
		}
		capzFlexible(p, d.kind, d.spec, mp.n)
		capzASOMutators(p, d.kind, d.spec, mp.n)
	}
	c := r.group(ns, nameNode.str(), nameNode, platform, d.n.pos)
	c.Pools = append(c.Pools, p)
}

// machinePool reads a MachinePool whose infrastructure object is nowhere
// in reach (in the file or its directory): the pool it declares, with the
// provider's settings unknown. A MachinePool without an infrastructure
// reference (a patch) or of a provider poollint does not read declares
// nothing here.
func (r *capiResolver) machinePool(d *capiDoc) {
	ref, ok := refAt(d.spec.path("template", "spec", "infrastructureRef"), d.ns, d)
	if !ok {
		return
	}
	info, known := kindInfo(ref.kind)
	if !known || info.role != roleInfraPool || r.find(ref) != nil {
		return
	}
	for _, o := range r.own.docs {
		if o.info.role == roleInfraPool && o.ns == d.ns && owner(o, "MachinePool").get("name").str() == d.name {
			return // its infrastructure object, found through its owner reference, declares the pool
		}
	}
	p := &nodepool.Pool{ID: "MachinePool/" + d.name, Pos: d.n.pos}
	unknownInfra(p, ref.at.pos, notInReach(ref))
	platform := info.platform
	if bp := r.overlay(p, d, platform == ""); platform == "" {
		platform = bp
	}
	nameNode := d.spec.get("clusterName")
	if nameNode.str() == "" {
		nameNode = clusterLabel(d)
	}
	c := r.group(d.ns, nameNode.str(), nameNode, platform, d.n.pos)
	c.Pools = append(c.Pools, p)
}

// machineDeployment reads a MachineDeployment with its machine template
// and bootstrap template.
func (r *capiResolver) machineDeployment(d *capiDoc) {
	ref, ok := refAt(d.spec.path("template", "spec", "infrastructureRef"), d.ns, d)
	if !ok {
		return
	}
	info, known := kindInfo(ref.kind)
	if !known || info.role != roleMachineTemplate {
		return
	}
	p := &nodepool.Pool{ID: "MachineDeployment/" + d.name, Pos: d.n.pos, Name: r.g.str(d.meta.get("name"))}
	if t := r.find(ref); t != nil {
		r.readPool(p, t.kind, specOf(t.kind, t.n), nil)
	} else {
		unknownInfra(p, ref.at.pos, notInReach(ref))
	}
	platform := r.overlay(p, d, true)
	nameNode := d.spec.get("clusterName")
	if nameNode.str() == "" {
		nameNode = clusterLabel(d)
	}
	c := r.group(d.ns, nameNode.str(), nameNode, platform, d.n.pos)
	c.Pools = append(c.Pools, p)
}

// poolTemplate reads a machine pool template that no ClusterClass in
// reach uses: the pool it describes.
func (r *capiResolver) poolTemplate(d *capiDoc) {
	if len(r.referrers(d, roleClusterClass)) > 0 {
		return // the class's worker class, or its Cluster's topology, declares the pool
	}
	p := &nodepool.Pool{ID: d.kind + "/" + d.name, Pos: d.n.pos}
	r.readPool(p, d.kind, specOf(d.kind, d.n), templateMeta(d))
	nameNode := clusterLabel(d)
	c := r.group(d.ns, nameNode.str(), nameNode, d.info.platform, d.n.pos)
	c.Pools = append(c.Pools, p)
}

// specOf is the spec of an object, or of the object a template describes
// (spec.template.spec).
func specOf(kind string, root *node) *node {
	if strings.HasSuffix(kind, "Template") {
		return root.path("spec", "template", "spec")
	}
	return root.get("spec")
}

// unknownField is a field set to a value poollint cannot see, and why.
func unknownField[T any](at nodepool.Pos, why string) nodepool.Field[T] {
	return nodepool.Field[T]{Set: true, Pos: at, Origin: nodepool.OriginLiteral, Why: why}
}

// notInReach is why what the object ref names would say is unknown.
func notInReach(ref capiRef) string {
	return ref.kind + " " + ref.name + " is not in the scanned files"
}

// unknownInfra marks what a pool's infrastructure object would say as
// unknown: the object is not in reach.
func unknownInfra(p *nodepool.Pool, at nodepool.Pos, why string) {
	if !p.Name.Set {
		p.Name = unknownField[string](at, why)
	}
	p.Mode, p.VMSize, p.OSType, p.Priority = unknownField[string](at, why), unknownField[string](at, why), unknownField[string](at, why), unknownField[string](at, why)
	p.InstanceTypes = unknownField[[]string](at, why)
	p.Labels = unknownField[[]nodepool.Label](at, why)
	p.Taints = unknownField[[]nodepool.Taint](at, why)
}

// overlay applies what a MachinePool or MachineDeployment says of its
// machines: the count and version always; for self-managed machines also
// the failure domains, the autoscaler's bounds, the machine taints and the
// bootstrap's kubelet labels and taints. It returns the platform the
// bootstrap implies (EKS for EKSConfig).
func (r *capiResolver) overlay(p *nodepool.Pool, d *capiDoc, selfManaged bool) nodepool.Provider {
	g := r.g
	spec := d.spec
	tmpl := spec.path("template", "spec")
	capiChecks(p, d)
	if rep := spec.get("replicas"); rep != nil {
		p.Count = g.integer(rep)
	}
	if v := tmpl.get("version"); v != nil {
		p.OrchestratorVersion = g.str(v)
	}
	if !selfManaged {
		return ""
	}
	switch d.info.role {
	case roleMachinePool:
		if fd := spec.get("failureDomains"); present(fd) && !p.Zones.Set {
			p.Zones = g.strs(fd)
		}
	case roleMachineDeployment:
		if fd := tmpl.get("failureDomain"); present(fd) {
			p.Zones = g.one(fd)
		}
	}
	r.autoscalerBounds(p, d.meta.get("annotations"))
	p.Taints = mergeTaints(p.Taints, g.taints(tmpl.get("taints"), nil, "key", "value", "effect"))
	return r.bootstrap(p, tmpl.path("bootstrap", "configRef"), d, nil)
}

// autoscalerBounds reads the cluster autoscaler's min and max annotations
// as the pool's bounds, unless its infrastructure has bounds of its own
// (an Auto Scaling group's).
func (r *capiResolver) autoscalerBounds(p *nodepool.Pool, annotations *node) {
	minN, maxN := annotations.get(annotationMinSize), annotations.get(annotationMaxSize)
	if minN == nil && maxN == nil || p.MinCount.Set || p.MaxCount.Set {
		return
	}
	p.MinCount, p.MaxCount = r.annotationInt(minN), r.annotationInt(maxN)
	if minN != nil && maxN != nil {
		p.AutoScaling = nodepool.Known(true, minN.pos, nodepool.OriginLiteral)
	}
}

// annotationInt reads an integer written as an annotation (a string).
func (r *capiResolver) annotationInt(n *node) nodepool.Field[int64] {
	s := r.g.str(n)
	f := nodepool.Field[int64]{Set: s.Set, Pos: s.Pos, Origin: s.Origin}
	if !s.Known {
		return f
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s.Value), 10, 32)
	if err != nil {
		r.g.note(n.pos, "annotation %s: %q is not a whole number; the cluster autoscaler ignores the node group", n.fieldName(), s.Value)
		return f
	}
	f.Value, f.Known = v, true
	return f
}

// mergeTaints joins taints from two sources (machine taints and the
// kubelet's).
func mergeTaints(a, b nodepool.Field[[]nodepool.Taint]) nodepool.Field[[]nodepool.Taint] {
	switch {
	case !b.Set:
		return a
	case !a.Set:
		return b
	}
	out := a
	out.Known = a.Known && b.Known
	out.Value = append(append([]nodepool.Taint{}, a.Value...), b.Value...)
	return out
}

// bootstrap reads the labels and taints a bootstrap config gives the
// kubelet; root is the config as patched by a ClusterClass, or nil for
// the object as written. It returns the platform the config implies.
func (r *capiResolver) bootstrap(p *nodepool.Pool, refNode *node, from *capiDoc, patch func(*capiDoc) *node) nodepool.Provider {
	ref, ok := refAt(refNode, from.ns, from)
	if !ok {
		return ""
	}
	info, known := kindInfo(ref.kind)
	if !known || info.role != roleBootstrap {
		return ""
	}
	b := r.find(ref)
	if b == nil {
		p.Labels = unknownField[[]nodepool.Label](ref.at.pos, notInReach(ref))
		p.Taints = mergeTaints(p.Taints, unknownField[[]nodepool.Taint](ref.at.pos, notInReach(ref)))
		return info.platform
	}
	root := b.n
	if patch != nil {
		root = patch(b)
	}
	r.readBootstrap(p, b.kind, specOf(b.kind, root))
	return info.platform
}

// isUnknown reports a node whose value poollint cannot see.
func isUnknown(n *node) bool { return n != nil && n.unknown }
