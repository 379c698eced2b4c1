package rules

import "github.com/poollint/poollint/nodepool"

// PL301 recommends three nodes in System pools.
var PL301 = register(&Rule{
	ID:        "PL301",
	Name:      "system-pool-min-nodes",
	Summary:   "System pool with fewer than three nodes",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `A System pool runs CoreDNS, metrics-server and the other cluster add-ons; with
fewer than three nodes one node's upgrade or failure takes much of the
cluster's plumbing with it. PSRule for Azure Azure.AKS.MinNodeCount and the
AKS system pool guidance recommend at least three. The pool's size is its
minCount when it autoscales, its count otherwise; an unknown size is not
judged.`,
	Fix: `Run the System pool with three nodes or more:

- ARM, Bicep and ASO: count of 3 or more, or minCount of 3 or more with
  enableAutoScaling;
- Terraform azurerm: node_count, or min_count with auto_scaling_enabled, of 3
  or more in default_node_pool or the System node pool;
- Cluster API Azure: spec.scaling.minSize, or the MachinePool's replicas.`,
	Links: []Link{linkAKSSystemPools, linkAKSScalePools, linkAzurermCluster},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			if !aksPool(c, pool) || !is(pool.Mode, nodepool.ModeSystem) {
				continue
			}
			if n, ok := minNodes(pool); ok && n.Value < 3 {
				p.Report(at(n, pool), pool, "", "%s is a System pool of %s node(s); run at least 3 (PSRule Azure.AKS.MinNodeCount)", poolRef(c, pool), Describe(n))
			}
		}
	},
})
