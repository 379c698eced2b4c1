package yaml

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// Cluster API. A pool is declared by exactly one object, so that a file
// read alone and the same file read with its directory count the same
// pools:
//
//   - an infrastructure machine pool (AzureManagedMachinePool,
//     AWSManagedMachinePool, AzureMachinePool, AWSMachinePool,
//     ROSAMachinePool, AzureASOManagedMachinePool), with the count,
//     version, zones and bootstrap of the MachinePool that references it;
//   - a MachinePool whose infrastructure object is nowhere in reach (its
//     provider settings are then unknown);
//   - a MachineDeployment, with its machine template (AWSMachineTemplate,
//     AzureMachineTemplate) and bootstrap template (KubeadmConfigTemplate,
//     EKSConfigTemplate, NodeadmConfigTemplate) for labels and taints;
//   - an entry of a Cluster's topology (spec.topology.workers), with its
//     ClusterClass worker class, the class's templates and the variables
//     the class patches into them;
//   - a worker class of a ClusterClass no Cluster in reach uses, when its
//     infrastructure template is in reach;
//   - a machine pool template (AzureManagedMachinePoolTemplate…) no
//     ClusterClass in reach uses.
//
// "In reach" is the same file first, then the other YAML files of its
// directory (see capiDir). Pools group into clusters by cluster name (the
// Cluster, spec.clusterName, the cluster.x-k8s.io/cluster-name label, or
// the Cluster whose controlPlaneRef names a control plane).
//
// Managed platforms only (AKS, EKS) get a provider: a pool of a
// self-managed (kubeadm) cluster or of ROSA is read with provider "", so
// that no AKS or EKS rule judges it by the managed service's limits.

// capiRole is what a Cluster API kind is to poollint.
type capiRole int

const (
	roleCluster         capiRole = iota + 1
	roleControlPlane             // the cluster's control plane
	roleInfraPool                // an infrastructure machine pool: one pool
	rolePoolTemplate             // a machine pool template for ClusterClasses
	roleMachineTemplate          // a machine template (MachineDeployments)
	roleBootstrap                // a bootstrap config or config template
	roleMachinePool
	roleMachineDeployment
	roleClusterClass
)

// capiKind is one kind poollint reads, in one API group.
type capiKind struct {
	group    string
	versions []string
	role     capiRole
	// platform is the managed service the kind belongs to, "" for a
	// self-managed or OpenShift one.
	platform nodepool.Provider
}

const (
	groupCore      = "cluster.x-k8s.io"
	groupInfra     = "infrastructure.cluster.x-k8s.io"
	groupCP        = "controlplane.cluster.x-k8s.io"
	groupBootstrap = "bootstrap.cluster.x-k8s.io"
)

var (
	capiVersions = []string{"v1alpha3", "v1alpha4", "v1beta1", "v1beta2"} // Cluster API, CAPA
	capzVersions = []string{"v1alpha3", "v1alpha4", "v1beta1"}            // CAPZ
	asoVersions  = []string{"v1alpha1", "v1beta1"}                        // CAPZ's ASO kinds
	v1beta1      = []string{"v1beta1"}
	v1beta2      = []string{"v1beta2"}
)

// capiKinds are the Cluster API kinds read, by kind: the group and
// versions each is served in.
var capiKinds = map[string][]capiKind{
	"Cluster":           {{groupCore, capiVersions, roleCluster, ""}},
	"MachinePool":       {{groupCore, capiVersions, roleMachinePool, ""}, {"exp.cluster.x-k8s.io", []string{"v1alpha3"}, roleMachinePool, ""}},
	"MachineDeployment": {{groupCore, capiVersions, roleMachineDeployment, ""}},
	"ClusterClass":      {{groupCore, []string{"v1alpha4", "v1beta1", "v1beta2"}, roleClusterClass, ""}},

	"KubeadmControlPlane": {{groupCP, capiVersions, roleControlPlane, ""}},
	// CAPA's EKS control plane; its first API (v1alpha3) was served in the
	// infrastructure group.
	"AWSManagedControlPlane":      {{groupCP, capiVersions, roleControlPlane, nodepool.AWS}, {groupInfra, []string{"v1alpha3"}, roleControlPlane, nodepool.AWS}},
	"ROSAControlPlane":            {{groupCP, v1beta2, roleControlPlane, ""}},
	"AzureManagedControlPlane":    {{groupInfra, capzVersions, roleControlPlane, nodepool.Azure}},
	"AzureASOManagedControlPlane": {{groupInfra, asoVersions, roleControlPlane, nodepool.Azure}},

	"AzureManagedMachinePool":    {{groupInfra, capzVersions, roleInfraPool, nodepool.Azure}},
	"AzureASOManagedMachinePool": {{groupInfra, asoVersions, roleInfraPool, nodepool.Azure}},
	"AzureMachinePool":           {{groupInfra, capzVersions, roleInfraPool, ""}},
	"AWSManagedMachinePool":      {{groupInfra, capiVersions, roleInfraPool, nodepool.AWS}},
	"AWSMachinePool":             {{groupInfra, capiVersions, roleInfraPool, ""}},
	"ROSAMachinePool":            {{groupInfra, v1beta2, roleInfraPool, ""}},

	"AzureManagedMachinePoolTemplate":    {{groupInfra, v1beta1, rolePoolTemplate, nodepool.Azure}},
	"AzureASOManagedMachinePoolTemplate": {{groupInfra, asoVersions, rolePoolTemplate, nodepool.Azure}},
	"AWSManagedMachinePoolTemplate":      {{groupInfra, v1beta2, rolePoolTemplate, nodepool.AWS}},
	"AWSMachinePoolTemplate":             {{groupInfra, v1beta2, rolePoolTemplate, ""}},

	"AzureMachineTemplate": {{groupInfra, capzVersions, roleMachineTemplate, ""}},
	"AWSMachineTemplate":   {{groupInfra, capiVersions, roleMachineTemplate, ""}},

	"KubeadmConfig":         {{groupBootstrap, capiVersions, roleBootstrap, ""}},
	"KubeadmConfigTemplate": {{groupBootstrap, capiVersions, roleBootstrap, ""}},
	"EKSConfig":             {{groupBootstrap, capiVersions, roleBootstrap, nodepool.AWS}},
	"EKSConfigTemplate":     {{groupBootstrap, capiVersions, roleBootstrap, nodepool.AWS}},
	"NodeadmConfig":         {{groupBootstrap, v1beta2, roleBootstrap, nodepool.AWS}},
	"NodeadmConfigTemplate": {{groupBootstrap, v1beta2, roleBootstrap, nodepool.AWS}},
}

// kindInfo returns what poollint knows of a kind named in a reference,
// whatever its group (a reference may omit it).
func kindInfo(kind string) (capiKind, bool) {
	ks := capiKinds[kind]
	if len(ks) == 0 {
		return capiKind{}, false
	}
	return ks[0], true
}

// capiDoc is one Cluster API document poollint reads.
type capiDoc struct {
	kind       string
	info       capiKind
	apiVersion string
	ns, name   string // namespace ("default" when unset) and name as written
	n          *node
	meta, spec *node
	file       string // the path its positions name
}

func (d *capiDoc) key() string { return refKey(d.kind, d.ns, d.name) }

func refKey(kind, ns, name string) string { return kind + "/" + ns + "/" + name }

// newCapiDoc reads a document of a kind in capiKinds, or returns a note
// when its version is not one poollint knows (nil, note) or nil when the
// group is not the kind's.
func newCapiDoc(n *node, file, apiVersion, kind string) (*capiDoc, bool) {
	group, version, _ := strings.Cut(apiVersion, "/")
	for _, k := range capiKinds[kind] {
		if k.group != group {
			continue
		}
		if !slices.Contains(k.versions, version) {
			return nil, true
		}
		meta := n.get("metadata")
		ns := meta.get("namespace").str()
		if ns == "" {
			ns = "default"
		}
		return &capiDoc{kind: kind, info: k, apiVersion: apiVersion, ns: ns, name: meta.get("name").str(), n: n, meta: meta, spec: n.get("spec"), file: file}, false
	}
	return nil, false
}

// clusterAPI keeps a Cluster API document for resolve, and reports whether
// poollint reads it. A kind poollint reads in a version it does not know
// gets a note naming both, and is not read.
func (g *grouper) clusterAPI(n *node, apiVersion, kind string) bool {
	d, unknownVersion := newCapiDoc(n, g.path, apiVersion, kind)
	if unknownVersion {
		at := n.pos
		if v := n.get("apiVersion"); v != nil {
			at = v.pos
		}
		g.note(at, "%s in API version %s is not read: poollint knows %s only in %s", kind, apiVersion, kind, knownVersions(kind))
		return false
	}
	if d == nil {
		return false
	}
	g.capi.add(d)
	return true
}

func knownVersions(kind string) string {
	var out []string
	for _, k := range capiKinds[kind] {
		for _, v := range k.versions {
			out = append(out, k.group+"/"+v)
		}
	}
	return strings.Join(out, ", ")
}

// capiFile is the Cluster API documents of one file.
type capiFile struct {
	path  string
	docs  []*capiDoc
	byKey map[string]*capiDoc
	// out are the file's references that the file itself does not
	// resolve, for the other files of its directory.
	out []capiRef
}

func (f *capiFile) add(d *capiDoc) {
	if f.byKey == nil {
		f.byKey = map[string]*capiDoc{}
	}
	f.docs = append(f.docs, d)
	f.byKey[d.key()] = d // kubectl applies the last of two same objects over the first
}

// finish computes the references the file leaves to its directory.
func (f *capiFile) finish() {
	f.out = nil
	for _, d := range f.docs {
		for _, r := range refsOf(d) {
			if f.byKey[r.key()] == nil {
				f.out = append(f.out, r)
			}
		}
	}
}

// capiRef is a reference from one Cluster API object to another.
type capiRef struct {
	kind, ns, name string
	at             *node // the reference, for positions
	from           *capiDoc
	// class is the worker class of a ClusterClass template reference.
	class string
}

func (r capiRef) key() string { return refKey(r.kind, r.ns, r.name) }

// refAt reads an object reference (kind, name and, in the older APIs, an
// optional namespace) of an object in namespace ns.
func refAt(n *node, ns string, from *capiDoc) (capiRef, bool) {
	kind, name := n.get("kind").str(), n.get("name").str()
	if kind == "" || name == "" {
		return capiRef{}, false
	}
	if v := n.get("namespace").str(); v != "" {
		ns = v
	}
	return capiRef{kind: kind, ns: ns, name: name, at: n, from: from}, true
}

// refsOf lists the references of a document that link pools: a machine
// pool's or deployment's infrastructure and bootstrap, a ClusterClass's
// worker templates, a Cluster's control plane and class.
func refsOf(d *capiDoc) []capiRef {
	var out []capiRef
	add := func(n *node, class string) {
		if r, ok := refAt(n, d.ns, d); ok {
			r.class = class
			out = append(out, r)
		}
	}
	switch d.info.role {
	case roleMachinePool, roleMachineDeployment:
		tmpl := d.spec.path("template", "spec")
		add(tmpl.get("infrastructureRef"), "")
		add(tmpl.path("bootstrap", "configRef"), "")
	case roleClusterClass:
		for _, w := range workerClasses(d) {
			add(w.infraRef, w.class)
			add(w.bootstrapRef, w.class)
		}
	case roleCluster:
		add(d.spec.get("controlPlaneRef"), "")
		if name, ns, at := topologyClass(d); name != "" {
			out = append(out, capiRef{kind: "ClusterClass", ns: ns, name: name, at: at, from: d})
		}
	}
	return out
}

// groupKey is the group of a Cluster API cluster in its file. A name that
// is a placeholder (${CLUSTER_NAME}, substituted by clusterctl) or missing
// names no particular cluster: its group is the file's own, and its
// identity says which file.
func (g *grouper) groupKey(ns, name string) string {
	if name == "" || hasPlaceholder(name) {
		shown := name
		if shown == "" {
			shown = "(unnamed)"
		}
		return "capi:" + ns + "/" + shown + "@" + filepath.Base(g.path)
	}
	return "capi:" + ns + "/" + name
}

// linkKey is what joins a cluster's groups across the files of a
// directory: its name, or for a placeholder name the kustomization that
// lists the file (files composed into one manifest); "" for none.
func (r *capiResolver) linkKey(ns, name string) string {
	switch {
	case name == "":
		return ""
	case !hasPlaceholder(name):
		return "capi:" + ns + "/" + name
	}
	if dir := r.directory(); dir != nil {
		if ids := dir.kustomized[filepath.Clean(r.own.path)]; len(ids) > 0 {
			return "capi:" + ns + "/" + name + "@kustomization:" + strconv.Itoa(ids[0])
		}
	}
	return ""
}

// setLink gives a group its link key, when it has one.
func (r *capiResolver) setLink(c *nodepool.Cluster, ns, name string) {
	if k := r.linkKey(ns, name); k != "" {
		c.LinkKey = k
	}
}
