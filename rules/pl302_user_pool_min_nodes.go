package rules

import "github.com/poollint/poollint/nodepool"

// PL302 recommends three nodes in regular User pools.
var PL302 = register(&Rule{
	ID:        "PL302",
	Name:      "user-pool-min-nodes",
	Summary:   "Regular User pool with fewer than three nodes",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `A User pool with fewer than three nodes loses a third or more of its capacity
to each upgrade or node failure, and cannot spread replicas over three zones.
PSRule for Azure Azure.AKS.MinUserPoolNodes recommends at least three nodes
in each User pool. Spot pools are left alone (they are meant to scale to
zero), as is an unknown size. The size is minCount when the pool autoscales,
count otherwise.`,
	Fix: `Run each Regular User pool with three nodes or more: count or minCount (ARM,
Bicep, ASO), node_count or min_count (Terraform azurerm), spec.scaling.minSize
or replicas (Cluster API Azure). A pool meant to scale to zero can be a Spot pool
or can leave this preset rule off (rules.disable).`,
	Links: []Link{linkAKSScalePools, linkAKSAutoscaler, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			if !aksPool(c, pool) || !is(pool.Mode, nodepool.ModeUser) || !is(pool.Priority, nodepool.PriorityRegular) {
				continue
			}
			if n, ok := minNodes(pool); ok && n.Value < 3 {
				p.Report(at(n, pool), pool, "", "%s is a User pool of %s node(s); run at least 3 (PSRule Azure.AKS.MinUserPoolNodes)", poolRef(c, pool), Describe(n))
			}
		}
	},
})
