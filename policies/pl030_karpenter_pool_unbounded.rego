# METADATA
# title: Karpenter NodePool without limits
# description: |-
#   A NodePool without spec.limits lets Karpenter launch capacity without any
#   bound: a scheduling bug, a runaway Deployment or a crash-looping batch job
#   can create nodes until the account's quota stops it, and pay for them.
#
#   A note, not a warning: most of Karpenter's own examples leave limits out
#   (18 of 20 upstream examples), and a NodePool without limits is valid and
#   often deliberate (the account quota bounds it). Raise it with
#   rules.severity in .poollint.yaml where a bound is your policy.
# custom:
#   id: PL030
#   name: karpenter-pool-unbounded
#   severity: note
#   precision: medium
#   platforms: [Karpenter]
#   fix: |-
#     Bound the NodePool: set spec.limits with cpu, memory or nodes (for example
#     cpu: "1000" and memory: 1000Gi) sized to the most the pool should ever run.
#     Where an unbounded NodePool is deliberate, keep it and silence the note on
#     that line with a poollint:ignore PL030 comment, or turn it off with
#     rules.disable.
#   links:
#     - title: "Karpenter: NodePools"
#       url: "https://karpenter.sh/docs/concepts/nodepools/"
#     - title: "Karpenter: disruption"
#       url: "https://karpenter.sh/docs/concepts/disruption/"
package poollint.rules.pl030

import data.poollint.lib

deny contains finding if {
	some pool in input.pools
	pool.karpenter
	not pool.karpenter.limits.set
	finding := {
		"msg": sprintf("NodePool %q has no limits; Karpenter may launch capacity without bound", [lib.pool_name(pool)]),
		"pos": pool.pos,
		"pool": pool.id,
	}
}
