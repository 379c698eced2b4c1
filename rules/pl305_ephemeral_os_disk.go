package rules

import (
	"github.com/poollint/poollint/catalog"
	"github.com/poollint/poollint/nodepool"
)

// PL305 recommends Ephemeral OS disks.
var PL305 = register(&Rule{
	ID:        "PL305",
	Name:      "managed-os-disk",
	Summary:   "AKS pool on a Managed OS disk rather than an Ephemeral one",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `Ephemeral OS disks live on the VM's local storage: faster to read and write,
quicker to reimage, and free. PSRule for Azure Azure.AKS.EphemeralOSDisk
recommends them. The rule warns on an explicit osDiskType Managed, and on an
unset one that ends up Managed: azurerm's own default (its resources send
os_disk_type Managed when it is left out: azurerm v2 to v4,
internal/services/containers, Default OSDiskTypeManaged), or AKS's own
fallback to Managed: the embedded VM table says the VM size cannot hold an
ephemeral OS disk, or the OS disk (osDiskSizeGB, 128 GiB when unset) is
larger than the cache (or temporary) disk it would live on. Checkov
CKV_AZURE_226 checks the same. An unknown VM size or disk size is not
judged.`,
	Fix: `Use an Ephemeral OS disk: set osDiskType "Ephemeral" (ARM, Bicep, ASO, Cluster
API Azure) or os_disk_type = "Ephemeral" (Terraform), with a VM size whose cache
or temporary disk holds osDiskSizeGB (os_disk_size_gb), or lower the OS disk
size to fit. The OS disk type of an existing pool cannot change in place: create
a new pool.`,
	Links: []Link{linkVMEphemeralOS, linkAzurermNodePool, linkARMAgentPools},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			if !aksPool(c, pool) {
				continue
			}
			d := pool.OSDiskType
			switch {
			case is(d, "Managed") && d.Origin == nodepool.OriginDefault:
				p.Report(at(d, pool), pool, "", "%s leaves os_disk_type unset, and azurerm then asks for a Managed OS disk; set os_disk_type Ephemeral (Checkov CKV_AZURE_226, PSRule Azure.AKS.EphemeralOSDisk)", poolRef(c, pool))
			case is(d, "Managed"):
				p.Report(at(d, pool), pool, "", "%s uses a Managed OS disk; prefer osDiskType Ephemeral (PSRule Azure.AKS.EphemeralOSDisk)", poolRef(c, pool))
			case !d.Set && pool.VMSize.Known:
				vm, ok := catalog.AzureVM(pool.VMSize.Value)
				if !ok || vm.EphemeralOS == nil {
					continue
				}
				if !*vm.EphemeralOS {
					p.Report(at(pool.VMSize, pool), pool, "", "%s gets a Managed OS disk: %s cannot hold an ephemeral one; choose a size that can (PSRule Azure.AKS.EphemeralOSDisk)", poolRef(c, pool), vm.Name)
					continue
				}
				size := pool.OSDiskSizeGB
				want := int64(defaultOSDiskGB)
				switch {
				case size.Known && size.Value > 0:
					want = size.Value
				case size.Set && !size.Known:
					continue
				}
				if capacity, where := placement(vm); where != "" && float64(want) > capacity {
					p.Report(at(pool.VMSize, pool), pool, "", "%s gets a Managed OS disk: its %d GiB OS disk does not fit the %.0f GiB %s of %s; set osDiskType Ephemeral with osDiskSizeGB at most %.0f (PSRule Azure.AKS.EphemeralOSDisk)", poolRef(c, pool), want, capacity, where, vm.Name, capacity)
				}
			}
		}
	},
})
