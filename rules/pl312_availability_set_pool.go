package rules

// PL312 recommends scale sets over availability sets.
var PL312 = register(&Rule{
	ID:        "PL312",
	Name:      "availability-set-pool",
	Summary:   "AKS pool on an availability set rather than a scale set",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `A pool of type AvailabilitySet cannot autoscale, use availability zones, be
one of several pools or run Windows nodes, and AKS is retiring availability
set pools. Checkov CKV_AZURE_169 and PSRule for Azure Azure.AKS.PoolScaleSet
recommend VirtualMachineScaleSets. (With several pools AKS refuses it
outright: PL019.)`,
	Fix: `Use scale sets: type "VirtualMachineScaleSets" (ARM, Bicep, ASO; the default),
or remove type = "AvailabilitySet" from the Terraform default_node_pool. The VM
set type cannot change on an existing pool or cluster: create the cluster anew
with scale-set pools and move the workloads.`,
	Links: []Link{linkAKSCreatePools, linkARMAgentPools, linkAzurermCluster},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			t := pool.VMSetType
			if aksPool(c, pool) && is(t, "AvailabilitySet") {
				p.Report(at(t, pool), pool, "", "%s uses an availability set; use VirtualMachineScaleSets (Checkov CKV_AZURE_169)", poolRef(c, pool))
			}
		}
	},
})
