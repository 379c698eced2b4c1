package poollint.rules.pl001_test

import data.poollint.rules.pl001

field(v) := {"value": v, "known": true, "set": true, "origin": "literal", "pos": {"file": "t.json", "line": 7, "col": 3}}

unknown := {"value": "", "known": false, "set": true, "origin": "expression", "pos": {"file": "t.json", "line": 7, "col": 3}}

cluster(lb, n) := {
	"provider": "azure",
	"id": "c",
	"name": field("prod"),
	"partial": false,
	"loadBalancerSku": lb,
	"pools": [{"id": sprintf("p%d", [i])} | some i in numbers.range(1, n)],
}

test_basic_with_two_pools_fires if {
	some f in pl001.deny with input as cluster(field("Basic"), 2)
	f.pos.line == 7
	contains(f.msg, "has 2 node pools")
}

test_lowercase_basic_fires if {
	count(pl001.deny) == 1 with input as cluster(field("basic"), 3)
}

test_basic_with_one_pool_passes if {
	count(pl001.deny) == 0 with input as cluster(field("Basic"), 1)
}

test_standard_passes if {
	count(pl001.deny) == 0 with input as cluster(field("Standard"), 5)
}

test_unknown_sku_never_fires if {
	count(pl001.deny) == 0 with input as cluster(unknown, 5)
}

test_partial_cluster_never_fires if {
	c := object.union(cluster(field("Basic"), 2), {"partial": true})
	count(pl001.deny) == 0 with input as c
}
