package rules

// PL303 recommends the cluster autoscaler on AKS pools.
var PL303 = register(&Rule{
	ID:        "PL303",
	Name:      "pool-autoscaling-disabled",
	Summary:   "AKS pool without the cluster autoscaler",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `A pool with a fixed node count neither grows for pending pods nor shrinks when
idle. PSRule for Azure Azure.AKS.AutoScaling recommends enabling the cluster
autoscaler. In Terraform an unset auto_scaling_enabled is false. An unknown
setting is not judged.`,
	Fix: `Turn on the cluster autoscaler with bounds:

- ARM, Bicep and ASO: enableAutoScaling true with minCount and maxCount;
- Terraform azurerm: auto_scaling_enabled = true (enable_auto_scaling in v3)
  with min_count and max_count;
- Cluster API Azure: spec.scaling with minSize and maxSize.`,
	Links: []Link{linkAKSAutoscaler, linkAzurermNodePool, linkCAPZManagedCluster},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			if !aksPool(c, pool) {
				continue
			}
			a := pool.AutoScaling
			if !a.Set || (a.Known && !a.Value) {
				p.Report(at(a, pool), pool, "", "%s does not autoscale; enable the cluster autoscaler with minCount and maxCount (PSRule Azure.AKS.AutoScaling)", poolRef(c, pool))
			}
		}
	},
})
