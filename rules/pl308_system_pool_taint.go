package rules

import "github.com/poollint/poollint/nodepool"

// PL308 recommends the CriticalAddonsOnly taint on System pools.
var PL308 = register(&Rule{
	ID:        "PL308",
	Name:      "system-pool-untainted",
	Summary:   "System pool without the CriticalAddonsOnly taint",
	Severity:  Warning,
	Precision: "medium",
	Platforms: []string{"AKS"},
	Preset:    presetRecommended,
	Doc: `Without the CriticalAddonsOnly=true:NoSchedule taint, application pods land
on System pools and compete with CoreDNS and the other add-ons. The AKS
guidance on system node pools ("Manage system node pools", Microsoft Learn)
recommends tainting System pools so that only critical add-ons run there. A
taint list that is not fully known is not judged. A cluster whose only pool
is the System pool needs a User pool for its applications first.`,
	Fix: `Taint the System pool so only critical add-ons run there, and run applications
on User pools:

- ARM, Bicep and ASO: add "CriticalAddonsOnly=true:NoSchedule" to nodeTaints of
  the System pool;
- Terraform azurerm: only_critical_addons_enabled = true on default_node_pool;
- Cluster API Azure: a taint with key CriticalAddonsOnly, value true and effect
  NoSchedule in spec.taints.`,
	Links: []Link{linkAKSSystemPools, linkAKSTaints, linkAzurermCluster},
	Check: func(p *Pass) {
		c := p.Cluster
		for _, pool := range c.Pools {
			if !aksPool(c, pool) || !is(pool.Mode, nodepool.ModeSystem) {
				continue
			}
			t := pool.Taints
			if t.Set && !t.Known {
				continue
			}
			tainted := false
			for _, x := range t.Value {
				if x.Key == "CriticalAddonsOnly" {
					tainted = true
				}
			}
			if !tainted {
				p.Report(at(t, pool), pool, "", "%s is a System pool without the CriticalAddonsOnly=true:NoSchedule taint; application pods can land on it (AKS system node pool guidance)", poolRef(c, pool))
			}
		}
	},
})
