package poollint.rules.pl004_test

import data.poollint.rules.pl004

field(v) := {"value": v, "known": true, "set": true, "origin": "literal", "pos": {"file": "t.json", "line": 9, "col": 5}}

unknown := {"value": "", "known": false, "set": true, "origin": "expression", "pos": {"file": "t.json", "line": 9, "col": 5}}

cluster(mode, priority) := {
	"provider": "azure",
	"id": "c",
	"name": field("prod"),
	"pools": [{"id": "p1", "name": field("sys"), "mode": mode, "priority": priority}],
}

test_spot_system_fires if {
	some f in pl004.deny with input as cluster(field("System"), field("Spot"))
	f.pool == "p1"
	f.pos.line == 9
}

test_spot_user_passes if {
	count(pl004.deny) == 0 with input as cluster(field("User"), field("Spot"))
}

test_regular_system_passes if {
	count(pl004.deny) == 0 with input as cluster(field("System"), field("Regular"))
}

test_unknown_mode_never_fires if {
	count(pl004.deny) == 0 with input as cluster(unknown, field("Spot"))
}

test_unknown_priority_never_fires if {
	count(pl004.deny) == 0 with input as cluster(field("System"), unknown)
}

test_other_provider_never_fires if {
	c := object.union(cluster(field("System"), field("Spot")), {"provider": "aws"})
	count(pl004.deny) == 0 with input as c
}
