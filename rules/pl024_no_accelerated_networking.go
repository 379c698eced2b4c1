package rules

import "github.com/poollint/poollint/catalog"

// PL024 notes VM sizes without accelerated networking.
var PL024 = register(&Rule{
	ID:        "PL024",
	Name:      "no-accelerated-networking",
	Summary:   "VM size without accelerated networking",
	Severity:  Note,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Doc: `AKS enables accelerated networking on sizes that support it; a size without
it has higher network latency and jitter, which matters for system pools and
chatty workloads. The facts come from the embedded catalogue; sizes whose
support is not known are not reported.`,
	Fix: `Pick a VM size with accelerated networking for the pool (vmSize in ARM, Bicep
and ASO, vm_size in Terraform, sku in Cluster API Azure), for example a current
Dsv5 or Dasv5 size. The VM size of an existing pool cannot change in place:
create a new pool and move the workloads.`,
	Links: []Link{linkAKSQuotas, linkAKSCreatePools, linkARMAgentPools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if !pool.VMSize.Known {
				continue
			}
			if vm, ok := catalog.AzureVM(pool.VMSize.Value); ok && vm.AcceleratedNetwork != nil && !*vm.AcceleratedNetwork {
				p.Report(at(pool.VMSize, pool), pool, "", "%s uses %s, which does not support accelerated networking", poolRef(c, pool), vm.Name)
			}
		}
	},
})
