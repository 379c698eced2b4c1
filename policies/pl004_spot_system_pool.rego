# METADATA
# title: Spot node pool in System mode
# description: |-
#   AKS runs critical system pods (CoreDNS, metrics-server, konnectivity) on
#   System pools and rejects Spot priority on them: Spot nodes can be evicted
#   at any moment, which would take the cluster's system pods with them.
# custom:
#   id: PL004
#   subsumes: [PL003]
#   name: spot-system-pool
#   severity: error
#   platforms: [AKS]
#   fix: |-
#     Keep Spot capacity out of System pools:
#
#     - ARM, Bicep and ASO: set mode to "User" on the Spot pool, or set
#       scaleSetPriority to "Regular" (the default) on the System pool;
#     - Terraform azurerm: set mode = "User" on the azurerm_kubernetes_cluster_node_pool
#       with priority = "Spot", or drop priority there;
#     - Cluster API Azure: spec.mode User or spec.scaleSetPriority Regular on the
#       AzureManagedMachinePool.
#
#     Keep at least one Regular System pool.
#   links:
#     - title: "Add an Azure Spot node pool to an AKS cluster"
#       url: "https://learn.microsoft.com/azure/aks/spot-node-pool"
#     - title: "Manage system node pools in AKS"
#       url: "https://learn.microsoft.com/azure/aks/use-system-pools"
#     - title: "Terraform azurerm_kubernetes_cluster_node_pool"
#       url: "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster_node_pool"
package poollint.rules.pl004

import data.poollint.lib

deny contains finding if {
	input.provider == "azure"
	some pool in input.pools
	lib.is(pool.mode, "System")
	lib.is(pool.priority, "Spot")
	finding := {
		"msg": sprintf(
			"pool %q of cluster %q has Spot priority%s in System mode%s; AKS does not allow Spot System pools",
			[lib.pool_name(pool), lib.cluster_name, lib.source(pool.priority), lib.source(pool.mode)],
		),
		"pos": pool.priority.pos,
		"pool": pool.id,
	}
}
