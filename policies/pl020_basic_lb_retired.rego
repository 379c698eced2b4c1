# METADATA
# title: Basic load balancer (retired)
# description: |-
#   The Basic load balancer SKU for AKS was retired on 30 September 2025:
#   clusters that still use it are unsupported and cannot be created anew.
#   Use loadBalancerSku "standard" (the default when it is left out). With
#   several node pools the Basic SKU is also an error, reported by PL001.
# custom:
#   id: PL020
#   name: basic-lb-retired
#   severity: warning
#   platforms: [AKS]
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
