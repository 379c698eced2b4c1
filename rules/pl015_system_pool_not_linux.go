package rules

// PL015 reports System pools that are not Linux.
var PL015 = register(&Rule{
	ID:        "PL015",
	Name:      "system-pool-not-linux",
	Summary:   "System node pool that is not Linux",
	Severity:  Error,
	Platforms: []string{"AKS"},
	Doc: `AKS System pools run Linux system pods and must have osType Linux; a Windows
pool can only be a User pool.`,
	Fix: `Make the Windows pool a User pool and keep a Linux System pool:

- ARM, Bicep and ASO: mode "User" on the pool with osType "Windows", and
  mode "System" with osType "Linux" (the default) on another;
- Terraform azurerm: os_type = "Windows" only on an
  azurerm_kubernetes_cluster_node_pool with mode = "User"; default_node_pool
  is the Linux System pool.`,
	Links: []Link{linkAKSSystemPools, linkAKSCreatePools, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range p.Pools() {
			if is(pool.Mode, "System") && pool.OSType.Known && !is(pool.OSType, "Linux") {
				p.Report(at(pool.OSType, pool), pool, "", "%s is a System pool with osType %s; System pools must be Linux", poolRef(c, pool), Describe(pool.OSType))
			}
		}
	},
})
