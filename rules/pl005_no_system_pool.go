package rules

// PL005 reports an AKS cluster without a System pool.
var PL005 = register(&Rule{
	ID:        "PL005",
	Name:      "no-system-pool",
	Summary:   "AKS cluster without a System node pool",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `Every AKS cluster needs at least one node pool in System mode at all times:
the system pods (CoreDNS, metrics-server, konnectivity) run there, and AKS
refuses to create or keep a cluster without one. The rule counts inline pools
and child agentPools resources of the cluster alike.

It fires only when the mode of every pool is known and none is System; a pool
whose mode cannot be resolved, a pool list that is partly unknown, or a
cluster defined elsewhere (only some of its pools are visible) is not judged.`,
	Fix: `Set the mode of at least one pool, preferably the first, to System:

- ARM, Bicep and ASO: mode "System" in agentPoolProfiles[0] or on an
  agentPools resource (the mode is required in templates);
- Terraform azurerm: default_node_pool is always System; a node pool resource
  takes mode = "System";
- Cluster API Azure: spec.mode System on an AzureManagedMachinePool.

The System pool needs Linux and at least one node.`,
	Links: []Link{linkAKSSystemPools, linkARMAgentPools, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		if c.Partial || c.PoolsUnknown || len(c.Pools) == 0 {
			return
		}
		for _, pool := range c.Pools {
			if pool.Karpenter != nil || !pool.Mode.Known || is(pool.Mode, "System") {
				return
			}
		}
		p.Report(c.Pos, nil, "", "cluster %q has no System node pool; AKS needs at least one pool with mode System", c.DisplayName())
	},
})
