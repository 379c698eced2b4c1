package rules

import (
	"strings"

	"github.com/poollint/poollint/catalog"
)

// PL032 reports System pools on VM sizes too small for system pods.
var PL032 = register(&Rule{
	ID:        "PL032",
	Name:      "system-pool-vm-size",
	Summary:   "System node pool on a VM size too small for system pods",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `AKS rejects System pools on sizes with fewer than 2 vCPUs or less than 4 GiB
of memory. The documentation also recommends at least 4 vCPUs, and calls
B-series (burstable) sizes unsupported for System pools: CPU credits run out
under steady load and system pods starve. Those two cases are warnings, since
such clusters deploy. Sizes not in the embedded catalogue are not judged.`,
	Fix: `Give the System pool a VM size with at least 2 vCPUs and 4 GiB of memory, 4
vCPUs or more recommended, and no B-series size (vmSize in ARM, Bicep and ASO,
vm_size in Terraform default_node_pool, sku in Cluster API Azure), for example
Standard_D4ds_v5. The size of an existing pool cannot change in place: add a new
System pool, then remove the old one.`,
	Links: []Link{linkAKSSystemPools, linkAKSQuotas, linkAzurermCluster},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if !is(pool.Mode, "System") || !pool.VMSize.Known {
				continue
			}
			vm, ok := catalog.AzureVM(pool.VMSize.Value)
			if !ok || vm.VCPUs == nil || vm.MemoryGiB == nil {
				continue
			}
			ref, pos := poolRef(c, pool), at(pool.VMSize, pool)
			switch {
			case *vm.VCPUs < 2 || *vm.MemoryGiB < 4:
				p.Report(pos, pool, "", "%s is a System pool on %s (%g vCPU, %g GiB); System pools need at least 2 vCPUs and 4 GiB", ref, vm.Name, *vm.VCPUs, *vm.MemoryGiB)
			case strings.HasPrefix(strings.ToLower(vm.Name), "standard_b"):
				p.ReportSeverity(Warning, pos, pool, "", "%s is a System pool on the burstable %s; B-series sizes are not supported for System pools", ref, vm.Name)
			case *vm.VCPUs < 4:
				p.ReportSeverity(Warning, pos, pool, "", "%s is a System pool on %s with %g vCPUs; at least 4 are recommended", ref, vm.Name, *vm.VCPUs)
			}
		}
	},
})
