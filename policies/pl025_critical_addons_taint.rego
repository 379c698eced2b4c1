# METADATA
# title: CriticalAddonsOnly taint on a User pool
# description: |-
#   CriticalAddonsOnly=true:NoSchedule is the taint that keeps application
#   pods off System pools. On a User pool it keeps almost every workload away
#   (only pods tolerating it, usually system add-ons, can run there), and AKS
#   Deployment Safeguards reject it as "reserved for the system pool only".
# custom:
#   id: PL025
#   name: critical-addons-taint
#   severity: warning
#   platforms: [AKS]
#   fix: |-
#     Move the taint to a System pool or drop it:
#
#     - ARM, Bicep and ASO: remove CriticalAddonsOnly=true:NoSchedule from nodeTaints
#       of the User pool, and put it on a pool with mode "System";
#     - Terraform azurerm: remove it from node_taints of the
#       azurerm_kubernetes_cluster_node_pool; on the default pool use
#       only_critical_addons_enabled = true instead.
#   links:
#     - title: "Manage system node pools in AKS"
#       url: "https://learn.microsoft.com/azure/aks/use-system-pools"
#     - title: "Use node taints in an AKS cluster"
#       url: "https://learn.microsoft.com/azure/aks/use-node-taints"
#     - title: "Terraform azurerm_kubernetes_cluster (default_node_pool)"
#       url: "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster"
package poollint.rules.pl025

import data.poollint.lib

deny contains finding if {
	input.provider == "azure"
	some pool in input.pools
	not pool.karpenter
	lib.is(pool.mode, "User")
	some taint in pool.taints.value
	taint.key == "CriticalAddonsOnly"
	finding := {
		"msg": sprintf("pool %q of cluster %q is a User pool with the CriticalAddonsOnly taint, which is meant for System pools", [lib.pool_name(pool), lib.cluster_name]),
		"pos": taint.pos,
		"pool": pool.id,
	}
}
