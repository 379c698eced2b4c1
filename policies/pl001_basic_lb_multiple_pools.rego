# METADATA
# title: Basic load balancer with more than one node pool
# description: |-
#   AKS supports several node pools only on clusters that use the Standard
#   load balancer. A cluster whose networkProfile.loadBalancerSku is Basic
#   (in any letter case) and that declares more than one pool, counting the
#   inline agentPoolProfiles and the managedClusters/agentPools child
#   resources, is rejected when the second pool is created.
#
#   The Basic load balancer was retired on 30 September 2025. A load balancer
#   SKU that cannot be resolved offline never triggers this rule.
# custom:
#   id: PL001
#   subsumes: [PL020]
#   name: basic-lb-multiple-pools
#   severity: error
#   platforms: [AKS]
#   fix: |-
#     Use the Standard load balancer (the Basic SKU is retired, whatever the pool
#     count):
#
#     - ARM and Bicep: set properties.networkProfile.loadBalancerSku to "standard",
#       or leave it out (standard is the default);
#     - Terraform azurerm: set network_profile.load_balancer_sku = "standard" (the
#       default) in azurerm_kubernetes_cluster.
#
#     The SKU cannot be changed on an existing Basic cluster: create a new cluster
#     with the Standard load balancer and move the workloads to it.
#   links:
#     - title: "Use a public Standard Load Balancer in AKS"
#       url: "https://learn.microsoft.com/azure/aks/load-balancer-standard"
#     - title: "Create node pools for a cluster in AKS"
#       url: "https://learn.microsoft.com/azure/aks/create-node-pools"
#     - title: "Azure Load Balancer SKUs"
#       url: "https://learn.microsoft.com/azure/load-balancer/skus"
package poollint.rules.pl001

import data.poollint.lib

deny contains finding if {
	input.provider == "azure"
	not input.partial
	lib.is(input.loadBalancerSku, "basic")
	count(input.pools) > 1
	finding := {
		"msg": sprintf(
			"cluster %q uses the Basic load balancer%s but has %d node pools; several node pools need the Standard load balancer",
			[lib.cluster_name, lib.source(input.loadBalancerSku), count(input.pools)],
		),
		"pos": input.loadBalancerSku.pos,
	}
}
