# METADATA
# title: Basic load balancer (retired)
# description: |-
#   The Basic load balancer SKU for AKS was retired on 30 September 2025:
#   clusters that still use it are unsupported and cannot be created anew. With
#   several node pools the Basic SKU is also an error, reported by PL001.
# custom:
#   id: PL020
#   name: basic-lb-retired
#   severity: warning
#   platforms: [AKS]
#   fix: |-
#     Use the Standard load balancer:
#
#     - ARM and Bicep: properties.networkProfile.loadBalancerSku "standard", or leave
#       it out (the default);
#     - Terraform azurerm: network_profile.load_balancer_sku = "standard" (the
#       default).
#
#     A Basic cluster cannot switch SKU in place: create a new cluster with the
#     Standard load balancer and move the workloads.
#   links:
#     - title: "Use a public Standard Load Balancer in AKS"
#       url: "https://learn.microsoft.com/azure/aks/load-balancer-standard"
#     - title: "Azure Load Balancer SKUs"
#       url: "https://learn.microsoft.com/azure/load-balancer/skus"
#     - title: "Terraform azurerm_kubernetes_cluster (default_node_pool)"
#       url: "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster"
package poollint.rules.pl020

import data.poollint.lib

deny contains finding if {
	input.provider == "azure"
	lib.is(input.loadBalancerSku, "basic")
	finding := {
		"msg": sprintf("cluster %q uses the Basic load balancer%s, retired on 30 September 2025; use the Standard load balancer", [lib.cluster_name, lib.source(input.loadBalancerSku)]),
		"pos": input.loadBalancerSku.pos,
	}
}
