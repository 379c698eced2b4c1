# METADATA
# title: Basic load balancer with more than one node pool
# description: |-
#   AKS supports several node pools only on clusters that use the Standard
#   load balancer. A cluster whose networkProfile.loadBalancerSku is Basic
#   (in any letter case) and that declares more than one pool, counting the
#   inline agentPoolProfiles and the managedClusters/agentPools child
#   resources, is rejected when the second pool is created.
#
#   The Basic load balancer was retired on 30 September 2025, so the fix is
#   the same whatever the pool count: set loadBalancerSku to "standard" (the
#   default when the property is left out). A load balancer SKU that cannot be
#   resolved offline never triggers this rule.
# custom:
#   id: PL001
#   subsumes: [PL020]
#   name: basic-lb-multiple-pools
#   severity: error
#   platforms: [AKS]
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
