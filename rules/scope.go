package rules

import (
	"slices"

	"github.com/poollint/poollint/nodepool"
)

// The platforms a rule may declare (Rule.Platforms): the engine runs a rule
// only on clusters and pools of its platforms.
const (
	// PlatformAKS is an AKS agent pool (an Azure cluster's pool that is not
	// a Karpenter NodePool).
	PlatformAKS = "AKS"
	// PlatformEKS is an EKS managed or self-managed node group (an AWS
	// cluster's pool that is not a Karpenter NodePool).
	PlatformEKS = "EKS"
	// PlatformKarpenter is a Karpenter NodePool, on any cloud.
	PlatformKarpenter = "Karpenter"
	// PlatformKubernetes is any other pool: one whose cloud is not known
	// (a self-managed Cluster API machine pool, for example).
	PlatformKubernetes = "Kubernetes"
)

// Platforms lists the platforms a rule may declare.
var Platforms = []string{PlatformAKS, PlatformEKS, PlatformKarpenter, PlatformKubernetes}

// PoolPlatform is the platform of one pool of c.
func PoolPlatform(c *nodepool.Cluster, p *nodepool.Pool) string {
	switch {
	case p.Karpenter != nil:
		return PlatformKarpenter
	case c.Provider == nodepool.Azure:
		return PlatformAKS
	case c.Provider == nodepool.AWS:
		return PlatformEKS
	}
	return PlatformKubernetes
}

// clusterPlatform is the platform a cluster's provider runs (AKS, EKS), or
// "" when its cloud is not known.
func clusterPlatform(c *nodepool.Cluster) string {
	switch c.Provider {
	case nodepool.Azure:
		return PlatformAKS
	case nodepool.AWS:
		return PlatformEKS
	}
	return ""
}

// AppliesTo reports whether the rule runs on cluster c: its format is among
// the rule's Formats (when it names some), and the cluster's provider or
// one of its pools is on one of the rule's Platforms (when it names some).
func (r *Rule) AppliesTo(c *nodepool.Cluster) bool {
	if len(r.Formats) > 0 && !slices.Contains(r.Formats, c.Format) {
		return false
	}
	if len(r.Platforms) == 0 {
		return true
	}
	if p := clusterPlatform(c); p != "" && slices.Contains(r.Platforms, p) {
		return true
	}
	for _, pool := range c.Pools {
		if r.onPlatform(c, pool) {
			return true
		}
	}
	return false
}

func (r *Rule) onPlatform(c *nodepool.Cluster, p *nodepool.Pool) bool {
	return len(r.Platforms) == 0 || slices.Contains(r.Platforms, PoolPlatform(c, p))
}

// Pools are the pools of the cluster on the rule's platforms, in order.
func (p *Pass) Pools() []*nodepool.Pool {
	out := make([]*nodepool.Pool, 0, len(p.Cluster.Pools))
	for _, pool := range p.Cluster.Pools {
		if p.Rule.onPlatform(p.Cluster, pool) {
			out = append(out, pool)
		}
	}
	return out
}
