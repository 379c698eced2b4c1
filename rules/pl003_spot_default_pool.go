package rules

import "strings"

// PL003 reports a Spot first/default pool.
var PL003 = register(&Rule{
	ID:        "PL003",
	Name:      "spot-default-pool",
	Summary:   "The cluster's first (default) node pool has Spot priority",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `The first pool of an AKS cluster (agentPoolProfiles[0] in ARM and Bicep,
default_node_pool in Terraform) is created with the cluster and must be a
System pool; AKS rejects Spot priority on it ("Spot node pools require user
node pools" and a Spot pool cannot be the cluster's default pool). Spot nodes
can be evicted at any time, which would leave the cluster without nodes for
its system pods.

A priority that cannot be resolved offline is not checked.`,
	Fix: `Give the first pool Regular priority and put Spot capacity in a separate User
pool:

- ARM and Bicep: remove scaleSetPriority from agentPoolProfiles[0] (Regular is
  the default) or set it to "Regular"; add a managedClusters/agentPools
  resource with mode "User" and scaleSetPriority "Spot";
- Terraform azurerm: default_node_pool has no priority argument; declare the
  Spot pool as an azurerm_kubernetes_cluster_node_pool with priority = "Spot"
  and mode = "User".`,
	Links: []Link{linkAKSSpot, linkAKSSystemPools, linkAzurermNodePool},
	Check: func(p *Pass) {
		for _, pool := range p.Pools() {
			if !pool.Default || !pool.Priority.Known || !strings.EqualFold(pool.Priority.Value, "Spot") {
				continue
			}
			p.Report(pool.Priority.Pos, pool, "",
				"pool %q is the first pool of cluster %q and has priority %s; the default pool must have Regular priority",
				pool.DisplayName(), p.Cluster.DisplayName(), Describe(pool.Priority))
		}
	},
})
