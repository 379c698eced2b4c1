package rules

import "github.com/poollint/poollint/catalog"

// PL305 recommends Ephemeral OS disks.
var PL305 = register(&Rule{
	ID:        "PL305",
	Name:      "managed-os-disk",
	Summary:   "AKS pool on a Managed OS disk rather than an Ephemeral one",
	Severity:  Warning,
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `Ephemeral OS disks live on the VM's local storage: faster to read and write,
quicker to reimage, and free. PSRule for Azure Azure.AKS.EphemeralOSDisk
recommends them. The rule warns on an explicit osDiskType Managed, and on an
unset one when the embedded VM table says the VM size cannot hold an
ephemeral OS disk (AKS then falls back to Managed); an unknown VM size is not
judged.`,
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			if !aksPool(c, pool) {
				continue
			}
			d := pool.OSDiskType
			switch {
			case is(d, "Managed"):
				p.Report(at(d, pool), pool, "", "%s uses a Managed OS disk; prefer osDiskType Ephemeral (PSRule Azure.AKS.EphemeralOSDisk)", poolRef(c, pool))
			case !d.Set && pool.VMSize.Known:
				if vm, ok := catalog.AzureVM(pool.VMSize.Value); ok && vm.EphemeralOS != nil && !*vm.EphemeralOS {
					p.Report(at(pool.VMSize, pool), pool, "", "%s gets a Managed OS disk: %s cannot hold an ephemeral one; choose a size that can (PSRule Azure.AKS.EphemeralOSDisk)", poolRef(c, pool), vm.Name)
				}
			}
		}
	},
})
