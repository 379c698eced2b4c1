package rules

// PL304 recommends availability zones for AKS pools.
var PL304 = register(&Rule{
	ID:        "PL304",
	Name:      "pool-without-zones",
	Summary:   "AKS pool not spread over availability zones",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `A pool without availabilityZones (zones in Terraform) places all its nodes in
one datacenter: a zone outage takes the pool down. PSRule for Azure
Azure.AKS.AvailabilityZone recommends spreading pools over the zones of
regions that have them. poollint does not know the cluster's region, so it
warns in regions without zones too.`,
	Fix: `Spread the pool over the region's zones: availabilityZones ["1", "2", "3"] in
ARM, Bicep and ASO, zones = ["1", "2", "3"] in Terraform azurerm,
availabilityZones in Cluster API Azure. Zones cannot be added to an existing
pool: create a new zonal pool and move the workloads. In a region without
zones, turn the rule off (rules.disable).`,
	Links: []Link{linkAKSZones, linkARMAgentPools, linkAzurermNodePool},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			if !aksPool(c, pool) {
				continue
			}
			z := pool.Zones
			if !z.Set || (z.Known && len(z.Value) == 0) {
				p.Report(at(z, pool), pool, "", "%s is not spread over availability zones; set availabilityZones (zones) in regions that have them (PSRule Azure.AKS.AvailabilityZone)", poolRef(c, pool))
			}
		}
	},
})
