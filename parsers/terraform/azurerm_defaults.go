package terraform

import "github.com/poollint/poollint/nodepool"

// azurermDefaults fills the settings the azurerm provider sends itself when
// a pool leaves them out (its schema defaults), where AKS alone would choose
// otherwise: os_disk_type is Managed (azurerm v2.x to v4.x,
// internal/services/containers: Default OSDiskTypeManaged), while AKS, given
// no osDiskType, picks Ephemeral when the OS disk fits the VM's local disk.
// Only the provider's own resources have these defaults: a module that calls
// azapi, or passes its own default, is modelled by its registry table.
func azurermDefaults(p *nodepool.Pool) {
	if !p.OSDiskType.Set && !p.OSDiskType.Known {
		p.OSDiskType = nodepool.Field[string]{Value: "Managed", Known: true, Pos: p.Pos, Origin: nodepool.OriginDefault}
	}
}
