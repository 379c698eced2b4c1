package rules

// PL015 reports System pools that are not Linux.
var PL015 = register(&Rule{
	ID:        "PL015",
	Name:      "system-pool-not-linux",
	Summary:   "System node pool that is not Linux",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `AKS System pools run Linux system pods and must have osType Linux; a Windows
pool can only be a User pool. Make the pool a User pool, and keep a Linux
System pool.`,
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if is(pool.Mode, "System") && pool.OSType.Known && !is(pool.OSType, "Linux") {
				p.Report(at(pool.OSType, pool), pool, "", "%s is a System pool with osType %s; System pools must be Linux", poolRef(c, pool), Describe(pool.OSType))
			}
		}
	},
})
