# METADATA
# title: Spot node pool in System mode
# description: |-
#   AKS runs critical system pods (CoreDNS, metrics-server, konnectivity) on
#   System pools and rejects Spot priority on them: Spot nodes can be evicted
#   at any moment, which would take the cluster's system pods with them. Make
#   the pool a User pool (mode "User") or give it Regular priority, and keep
#   at least one Regular System pool.
# custom:
#   id: PL004
#   subsumes: [PL003]
#   name: spot-system-pool
#   severity: error
#   platforms: [AKS]
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
