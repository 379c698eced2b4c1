package yaml

import (
	"fmt"
	"strings"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// grouper collects the documents of one file and groups pools with their
// clusters: by Cluster API cluster name, ASO owner, or the file (Karpenter).
// Groups that span files carry a LinkKey, and the scan joins them.
type grouper struct {
	path  string
	in    *parsers.Input // for the Cluster API directory index
	order []string
	byKey map[string]*nodepool.Cluster
	capi  capiFile // the file's Cluster API documents, resolved at the end
	diags []parsers.Diagnostic
	cons  consumer // of the document being read
	// nodeClassRejections are the checks each EC2NodeClass of the file
	// fails, by name, for the NodePools that use it.
	nodeClassRejections map[string][]nodepool.Rejection
}

func newGrouper(in *parsers.Input) *grouper {
	return &grouper{path: in.Path, in: in, byKey: map[string]*nodepool.Cluster{}, capi: capiFile{path: in.Path}}
}

// cluster returns the group for key, creating a partial cluster.
func (g *grouper) cluster(key string, provider nodepool.Provider, format string, at nodepool.Pos) *nodepool.Cluster {
	c := g.byKey[key]
	if c == nil {
		c = &nodepool.Cluster{Provider: provider, Format: format, ID: key, Partial: true, Pos: at, Pools: []*nodepool.Pool{}}
		g.byKey[key] = c
		g.order = append(g.order, key)
	}
	if c.Provider == "" {
		c.Provider = provider
	}
	return c
}

// define marks a group's cluster as declared here.
func (g *grouper) define(key string, provider nodepool.Provider, format string, at nodepool.Pos) *nodepool.Cluster {
	c := g.cluster(key, provider, format, at)
	c.Partial = false
	c.Pos = at
	c.Format = format
	return c
}

func (g *grouper) clusters() []*nodepool.Cluster {
	g.resolveCAPI()
	g.attachNodeClassRejections()
	var out []*nodepool.Cluster
	done := map[string]bool{}
	for _, k := range g.order {
		c := g.byKey[k]
		if c == nil || (c.Partial && len(c.Pools) == 0) || done[k] {
			continue // emptied by a move, a group with nothing in it, or listed again after a merge
		}
		done[k] = true
		out = append(out, c)
	}
	return out
}

// document dispatches one YAML document by its kind, and reports whether
// it is one poollint reads. cons is the tool that decodes it.
func (g *grouper) document(n *node, index int, cons consumer) bool {
	g.cons = cons
	if n.get("AWSTemplateFormatVersion") != nil || n.get("Resources") != nil && n.get("apiVersion") == nil {
		g.cloudFormation(n)
		return true
	}
	apiVersion, kind := n.get("apiVersion").str(), n.get("kind").str()
	group := apiVersion
	if i := strings.Index(apiVersion, "/"); i >= 0 {
		group = apiVersion[:i]
	}
	switch {
	case group == "eksctl.io" && kind == "ClusterConfig":
		g.eksctl(n)
	case group == "karpenter.sh" && kind == "NodePool":
		g.karpenter(n)
	case group == "karpenter.sh" && kind == "Provisioner":
		g.provisioner(n, apiVersion)
		return false
	case group == "karpenter.k8s.aws" && kind == "EC2NodeClass":
		g.ec2NodeClass(n) // checked for its NodePools; not a pool itself
		return false
	case strings.HasSuffix(group, "cluster.x-k8s.io"):
		return g.clusterAPI(n, apiVersion, kind)
	case group == "containerservice.azure.com" && (kind == "ManagedCluster" || kind == "ManagedClustersAgentPool"):
		g.aso(n, kind)
	default:
		return false
	}
	return true
}

// provisioner notes a Karpenter Provisioner (karpenter.sh/v1alpha5), the
// API NodePool replaced in Karpenter v0.32 and v1.0 no longer serves: it
// declares a pool, but not in a form poollint (or today's Karpenter)
// reads, so it is said, never dropped silently.
func (g *grouper) provisioner(n *node, apiVersion string) {
	at := n.pos
	if k := n.get("kind"); k != nil {
		at = k.pos
	}
	name := n.path("metadata", "name").str()
	g.diags = append(g.diags, parsers.Notef(at, "Karpenter Provisioner %q (%s) is not read: it is the API Karpenter v0.32 replaced with NodePool and v1.0 no longer serves, so its pool is not checked (migrate it to a karpenter.sh/v1 NodePool)", name, apiVersion).WithUnread(finding.UnreadKarpenterProvisioner))
}

func (g *grouper) note(at nodepool.Pos, format string, args ...any) {
	g.diags = append(g.diags, parsers.Notef(at, format, args...))
}

// namespaced is namespace/name, "default" when no namespace is given.
func namespaced(meta *node, name string) string {
	ns := meta.get("namespace").str()
	if ns == "" {
		ns = "default"
	}
	return ns + "/" + name
}

func idFor(kind, name string, index int) string {
	if name == "" {
		return fmt.Sprintf("%s#%d", kind, index)
	}
	return kind + "/" + name
}
