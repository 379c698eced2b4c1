package rules

// PL019 reports AvailabilitySet clusters with several pools or autoscaling.
var PL019 = register(&Rule{
	ID:        "PL019",
	Name:      "availability-set-pools",
	Summary:   "AvailabilitySet pool on a cluster with several pools, or with autoscaling",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `Several node pools and the cluster autoscaler need Virtual Machine Scale Sets
(type VirtualMachineScaleSets, the default). A cluster whose pools use
type AvailabilitySet can have only one pool and cannot autoscale it.`,
	Fix: `Use scale sets: set type to "VirtualMachineScaleSets" (ARM, Bicep, ASO; the
default when left out) or remove type = "AvailabilitySet" from the Terraform
default_node_pool. The VM set type of an existing cluster cannot change: create
a new cluster (or keep a single pool without the autoscaler).`,
	Links: []Link{linkAKSCreatePools, linkAKSAutoscaler, linkARMAgentPools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if !is(pool.VMSetType, "AvailabilitySet") {
				continue
			}
			ref := poolRef(c, pool)
			if len(c.Pools) > 1 {
				p.Report(at(pool.VMSetType, pool), pool, "pools", "%s uses an AvailabilitySet, but the cluster has %d pools; several pools need VirtualMachineScaleSets", ref, len(c.Pools))
			}
			if pool.AutoScaling.Known && pool.AutoScaling.Value {
				p.Report(at(pool.AutoScaling, pool), pool, "autoscaling", "%s uses an AvailabilitySet with the cluster autoscaler on; autoscaling needs VirtualMachineScaleSets", ref)
			}
		}
	},
})
