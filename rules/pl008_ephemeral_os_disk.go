package rules

import (
	"fmt"

	"github.com/poollint/poollint/catalog"
	"github.com/poollint/poollint/nodepool"
)

// defaultOSDiskGB is the OS disk size AKS uses when none is given.
const defaultOSDiskGB = 128

// PL008 reports Ephemeral OS disks that do not fit the VM size.
var PL008 = register(&Rule{
	ID:        "PL008",
	Name:      "ephemeral-os-disk-too-large",
	Summary:   "Ephemeral OS disk larger than the VM size can hold, or not supported by it",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `An Ephemeral OS disk lives on the VM's cache disk (or, for sizes without a
cache, its temporary or NVMe disk). AKS rejects an explicit Ephemeral OS disk
on a size that does not support ephemeral OS disks, or whose placement disk is
smaller than osDiskSizeGB: for example Standard_E2bds_v5 with its 75 GiB
temporary disk rejects 100 GiB and accepts 60. When osDiskSizeGB is not set,
AKS sizes the disk to the temporary disk if that holds at least 128 GiB (not
reported); otherwise 128 GB is assumed, the AKS default for most sizes.

The VM facts come from the embedded catalogue; a size that is not in it, or
whose disk sizes are not known, is not judged.`,
	Fix: `Make the OS disk fit where the ephemeral disk lives, or stop asking for one:

- pick a VM size (vmSize / vm_size) whose cache or temporary disk holds the OS
  disk;
- or lower osDiskSizeGB (os_disk_size_gb in Terraform) to the size's cache or
  temporary disk, or below;
- or set osDiskType (os_disk_type) to "Managed".

The VM size and OS disk of an existing pool cannot change in place: create a
new pool.`,
	Links: []Link{linkVMEphemeralOS, linkARMAgentPools, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if !is(pool.OSDiskType, "Ephemeral") || !pool.VMSize.Known {
				continue
			}
			vm, ok := catalog.AzureVM(pool.VMSize.Value)
			if !ok {
				continue
			}
			ref := poolRef(c, pool)
			if vm.EphemeralOS != nil && !*vm.EphemeralOS {
				p.Report(at(pool.OSDiskType, pool), pool, "unsupported", "%s uses an Ephemeral OS disk, but %s does not support ephemeral OS disks", ref, vm.Name)
				continue
			}
			capacity, where := placement(vm)
			if capacity <= 0 {
				continue
			}
			size := pool.OSDiskSizeGB
			sizeText := Describe(size)
			if !size.Set && vm.TempGiB != nil && *vm.TempGiB >= defaultOSDiskGB {
				// Without a size, AKS sizes an ephemeral OS disk to the
				// temporary disk when that holds at least 128 GiB (pools
				// created from March 2025 on): it fits by construction.
				continue
			}
			if !size.Set {
				size = nodepool.Known[int64](defaultOSDiskGB, pool.Pos, nodepool.OriginDefault)
				sizeText = fmt.Sprintf("%d GB (the default)", defaultOSDiskGB)
			}
			if !size.Known {
				continue
			}
			if float64(size.Value) > capacity {
				p.Report(at(size, pool), pool, "too-large", "%s has an Ephemeral OS disk of %s, but the %s of %s holds only %.0f GiB",
					ref, sizeText, where, vm.Name, capacity)
			}
		}
	},
})

// placement is where AKS puts an ephemeral OS disk: the cache disk when the
// size has one, else the temporary disk, else the NVMe disk.
func placement(vm *catalog.VMSize) (float64, string) {
	switch {
	case vm.CacheGiB != nil && *vm.CacheGiB > 0:
		return *vm.CacheGiB, "cache disk"
	case vm.TempGiB != nil && *vm.TempGiB > 0:
		return *vm.TempGiB, "temporary disk"
	case vm.NvmeGiB != nil && *vm.NvmeGiB > 0:
		return *vm.NvmeGiB, "NVMe disk"
	}
	return 0, ""
}
