# METADATA
# title: CriticalAddonsOnly taint on a User pool
# description: |-
#   CriticalAddonsOnly=true:NoSchedule is the taint that keeps application
#   pods off System pools. On a User pool it keeps almost every workload away
#   (only pods tolerating it, usually system add-ons, can run there), and AKS
#   Deployment Safeguards reject it as "reserved for the system pool only".
#   Put the taint on a System pool, or remove it.
# custom:
#   id: PL025
#   name: critical-addons-taint
#   severity: warning
#   platforms: [AKS]
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
