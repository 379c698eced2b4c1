package rules

// PL006 reports System pools that can have no nodes, or only one.
var PL006 = register(&Rule{
	ID:        "PL006",
	Name:      "system-pool-empty",
	Summary:   "System node pool with zero nodes, or fewer than recommended",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Params: []Param{{Name: "min-system-nodes", Default: int64(2),
		Doc: "node count below which a System pool gets a warning (the AKS docs ask for two)"}},
	Doc: `A System pool must always have at least one node: AKS rejects count 0 and,
with the cluster autoscaler, minCount 0 on System pools. Below the
min-system-nodes parameter (default 2, as the AKS documentation recommends)
the rule warns instead: a single system node is a single point of failure for
CoreDNS and the other system pods during upgrades and node failures.`,
	Fix: `Give the System pool at least one node, two or more for production:

- ARM, Bicep and ASO: count (and minCount with enableAutoScaling) of 1 or
  more, 2 or 3 recommended;
- Terraform azurerm: node_count (and min_count with auto_scaling_enabled) of
  1 or more;
- Cluster API Azure: replicas of the MachinePool and spec.scaling.minSize.

To run a pool with zero nodes, make it a User pool.`,
	Links: []Link{linkAKSSystemPools, linkAKSScalePools, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		want := p.IntParam("min-system-nodes")
		for _, pool := range p.Pools() {
			if !is(pool.Mode, "System") {
				continue
			}
			autoscaled := pool.AutoScaling.Known && pool.AutoScaling.Value
			n := pool.Count
			what := "count"
			if autoscaled {
				n, what = pool.MinCount, "minCount"
			}
			if !n.Known {
				continue
			}
			switch {
			case n.Value <= 0:
				p.Report(at(n, pool), pool, "", "%s is a System pool with %s %s; System pools need at least one node", poolRef(c, pool), what, Describe(n))
			case n.Value < want:
				p.ReportSeverity(Warning, at(n, pool), pool, "", "%s is a System pool with %s %s; at least %d nodes are recommended so system pods survive a node loss", poolRef(c, pool), what, Describe(n), want)
			}
		}
	},
})
